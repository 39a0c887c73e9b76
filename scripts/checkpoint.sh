#!/usr/bin/env bash
# Installs amoa-workflow if needed, then runs the acceptance checkpoint of the bundled sample
# (release 1.1.0 unless another is given) on the embedded default: SQLite + Prefect's local server.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
source scripts/install.sh
.venv/bin/python scripts/sample_keys.py   # the sample's approvers sign with their own keys: made once
.venv/bin/amoa checkpoint --release "${1:-1.1.0}"
