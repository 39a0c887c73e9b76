"""Fixtures shared by every test folder: the bundled sample as a throwaway project, databases,
Prefect homes."""

from __future__ import annotations

import contextlib
import fcntl
import os
import shutil
import sqlite3
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from amoa_workflow.bootstrap import Application, bootstrap
from amoa_workflow.cli.local_server import wait_until_answering
from amoa_workflow.settings.project import load_settings
from tests.processes import stop
from tests.receivers import HttpReceiver, free_port

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


@pytest.fixture(scope="session")
def migrated_prefect_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A Prefect home whose database a Prefect server has migrated and filled with Prefect's block
    types, made once for the whole run (under xdist, by the first worker to ask while the others
    wait on a lock in the folder their temporary folders share), then never written to: tests copy
    it (:func:`own_prefect_home`). A server started on a copy skips the migration: 3.6 s of CPU
    against 7.5 s on a fresh home (it registers the block types again, their memo naming the
    database's path, 0.4 s of it)."""
    base = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        base = base.parent  # this run's, shared by its workers (not the user's, shared by runs)
    home = base / "prefect-home-migrated"
    with (base / "prefect-home-migrated.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not home.is_dir():
            building = base / "prefect-home-migrating"
            shutil.rmtree(building, ignore_errors=True)
            _migrate(building)
            building.rename(home)  # whole or absent: a worker failing midway leaves no half-made home
    return home


@pytest.fixture
def own_prefect_home(migrated_prefect_home: Path, tmp_path: Path) -> Path:
    """This test's own Prefect home: a copy of the migrated one, its database its own."""
    home = tmp_path / "prefect-home"
    shutil.copytree(migrated_prefect_home, home)
    return home


def _migrate(home: Path) -> None:
    """Start a Prefect server (no services) on ``home`` until it answers, then stop it, its
    database's write-ahead log folded into the file."""
    environment = {k: v for k, v in os.environ.items() if not k.startswith(("PREFECT_", "AMOA_"))}
    environment |= {"PREFECT_HOME": str(home), "PREFECT_SERVER_ANALYTICS_ENABLED": "false"}
    port = free_port()
    command = [str(Path(sys.executable).with_name("prefect")), "server", "start", "--no-services", "--no-ui",
               "--host", "127.0.0.1", "--port", str(port)]  # fmt: skip
    home.mkdir(parents=True)
    with (home.parent / "prefect-home-migrating.log").open("wb") as log:
        server = subprocess.Popen(command, env=environment, stdout=log, stderr=subprocess.STDOUT,
                                  start_new_session=True)  # fmt: skip
    try:
        wait_until_answering(f"http://127.0.0.1:{port}/api", server, within=120)
    except RuntimeError as error:
        pytest.fail(f"{error}\n" + (home.parent / "prefect-home-migrating.log").read_text()[-3000:])
    finally:
        stop(server, grace=30)
    with contextlib.closing(sqlite3.connect(home / "prefect.db")) as database:
        database.execute("PRAGMA wal_checkpoint(TRUNCATE)")


@pytest.fixture
def down_url() -> str:
    """The API URL of a Prefect server that is down: a free port on loopback, nothing listening."""
    return f"http://127.0.0.1:{free_port()}/api"
