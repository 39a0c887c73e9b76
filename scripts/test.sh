#!/usr/bin/env bash
# Installs amoa-workflow if needed, checks types and style, then runs the whole test suite
# (unit, integration, end-to-end). Storage tests also run on PostgreSQL when
# AMOA_TEST_POSTGRES_URL is set (CI sets it). Extra arguments go to pytest.
# The tests run on one pytest-xdist worker per core (AMOA_TEST_WORKERS=0 runs them in this process):
# each test has its own folder, SQLite file, PostgreSQL schema, ports and Prefect home.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
source scripts/install.sh
echo "ruff …";  .venv/bin/ruff check .
echo "mypy …";  .venv/bin/mypy
.venv/bin/python -m pytest -n "${AMOA_TEST_WORKERS:-auto}" --durations=15 "$@"
