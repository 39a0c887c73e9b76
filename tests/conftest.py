"""Fixtures shared by every test folder: the bundled sample as a throwaway project, databases."""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from amoa_workflow.bootstrap import Application, bootstrap
from amoa_workflow.settings.project import load_settings
from tests.receivers import HttpReceiver

REPO = Path(__file__).resolve().parents[1]
POSTGRES_VARIABLE = "AMOA_TEST_POSTGRES_URL"


@pytest.fixture
def sample_project(tmp_path: Path) -> Path:
    """A copy of the bundled sample (config, features, requirements, notes) in a fresh folder."""
    project = tmp_path / "projet"
    for folder in ("config", "features", "requirements", "release_notes"):
        shutil.copytree(REPO / folder, project / folder, ignore=shutil.ignore_patterns("__pycache__"))
    return project


def _postgres_schema_url(base: str) -> Iterator[str]:
    """A PostgreSQL URL on a schema of its own, dropped afterwards: tests never see each other."""
    schema = f"amoa_test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(base)
    with admin.begin() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    url = make_url(base).update_query_dict({"options": f"-csearch_path={schema}"})
    try:
        yield url.render_as_string(hide_password=False)
    finally:
        with admin.begin() as connection:
            connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


def _backends() -> list[object]:
    backends: list[object] = ["sqlite"]
    if os.environ.get(POSTGRES_VARIABLE) or os.environ.get("CI"):
        backends.append(pytest.param("postgresql", marks=pytest.mark.postgres))
    return backends


@pytest.fixture
def sample_app(sample_project: Path, database_url: str) -> Iterator[Application]:
    """The sample project's real adapters on the test's database (SQLite, and PostgreSQL in CI)."""
    application = bootstrap(load_settings(sample_project, environ={"AMOA_DATABASE_URL": database_url}))
    yield application
    application.engine.dispose()


@pytest.fixture(params=_backends())
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """SQLite always; PostgreSQL too when AMOA_TEST_POSTGRES_URL is set (and always in CI)."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'amoa.db'}"
        return
    base = os.environ.get(POSTGRES_VARIABLE)
    if not base:
        pytest.fail(f"CI must test PostgreSQL: set {POSTGRES_VARIABLE}")
    yield from _postgres_schema_url(base)


@pytest.fixture
def mailbox() -> Iterator[HttpReceiver]:
    """A real HTTP receiver on loopback: where notifications sent by apprise arrive."""
    receiver = HttpReceiver().start()
    yield receiver
    receiver.stop()
