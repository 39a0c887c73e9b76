"""Commands that only read start light: they do not import what only running, serving or notifying needs.

Each read-only command runs in a subprocess, as a user runs it, on a project with a recorded
campaign; the modules loaded when it exits are listed. Prefect (1.5 s to import), pytest and
pytest-bdd, apprise, the web stack, Alembic, the readers of input files (jsonschema, YAML,
spreadsheets, Gherkin) must not be among them; Jinja2 (and Gherkin's dialects, for the
Cucumber JSON export) only for the command that renders the PV.
Their speed is measured in benchmarks/, not here.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from amoa_workflow.bootstrap import bootstrap
from amoa_workflow.checkpoint import services
from amoa_workflow.domain.model import ScenarioResult, Status
from amoa_workflow.settings.project import load_settings

HEAVY = ("prefect", "_pytest", "pytest_bdd", "xdist", "apprise", "fastapi", "starlette", "uvicorn", "httpx",
         "alembic", "jsonschema", "yaml", "openpyxl", "gherkin")  # fmt: skip

LISTING = """
import json, sys
listing, sys.argv = sys.argv[1], ["amoa", *sys.argv[2:]]
from amoa_workflow.cli import main
try:
    main()
finally:
    with open(listing, "w") as file:
        json.dump(sorted({name.split(".")[0] for name in sys.modules}), file)
"""


def loaded(project: Path, database_url: str, *args: str) -> set[str]:
    """The top-level modules loaded by ``amoa *args`` run in ``project``."""
    listing = project / "modules.json"
    environment = {
        key: value for key, value in os.environ.items() if not key.startswith(("AMOA_", "PREFECT_"))
    }
    environment.update({"AMOA_DATABASE_URL": database_url, "AMOA_LANG": "fr", "COLUMNS": "160"})
    done = subprocess.run(
        [sys.executable, "-c", LISTING, str(listing), *args],
        cwd=project, env=environment, capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr
    return set(json.loads(listing.read_text()))


@pytest.fixture
def recorded(sample_project: Path, tmp_path: Path) -> str:
    """The sample project with release 1.1.0 ingested and a campaign recorded (without running it)."""
    url = f"sqlite:///{tmp_path / 'amoa.db'}"
    application = bootstrap(load_settings(sample_project, environ={"AMOA_DATABASE_URL": url}))
    settings = application.settings
    services.ingest(application.uow(), application.sources, "1.1.0")
    requirement = application.sources.requirements()[0].code
    result = ScenarioResult("paie.feature::net", "features/paie.feature", "Paie", "net", 3, Status.FAILED,
                            (requirement,), (requirement,))  # fmt: skip
    key = services.campaign_key(settings.checkpoint, "1.1.0")
    services.record_campaign(application.uow(), settings.project_name, settings.checkpoint, "1.1.0", key,
                             [result], "/runs/1")  # fmt: skip
    application.engine.dispose()
    return url


@pytest.mark.parametrize(
    ("command", "renders"),
    [
        (["gates", "--release", "1.1.0"], False),
        (["gaps", "--release", "1.1.0"], False),
        (["audit", "verify"], False),
        (["report", "--release", "1.1.0"], True),
    ],
)
def test_read_only_commands_load_neither_prefect_nor_pytest_nor_the_readers(
    sample_project: Path, recorded: str, command: list[str], renders: bool
) -> None:
    modules = loaded(sample_project, recorded, *command)
    assert "sqlalchemy" in modules  # it did read the database
    # the report's Cucumber JSON export names each step's keyword in its language: gherkin's dialects
    assert sorted(modules.intersection(HEAVY) - ({"gherkin"} if renders else set())) == []
    assert ("jinja2" in modules) is renders


def test_help_loads_not_even_the_database_driver(sample_project: Path, recorded: str) -> None:
    modules = loaded(sample_project, recorded, "--help")
    assert sorted(modules.intersection((*HEAVY, "sqlalchemy", "jinja2", "cryptography"))) == []


def test_reading_markdown_release_notes_does_not_import_the_structured_notes_schema(
    sample_project: Path,
) -> None:
    """``amoa run`` reads the notes on every run: jsonschema (a tenth of a second to import) is for
    structured (YAML/JSON) notes only."""
    script = (
        "import sys\n"
        "from pathlib import Path\n"
        "from amoa_workflow.bootstrap import bootstrap\n"
        "from amoa_workflow.settings.project import load_settings\n"
        "app = bootstrap(load_settings(Path(sys.argv[1]), environ={'AMOA_DATABASE_URL': 'sqlite://'}))\n"
        "release, _ = app.sources.release('1.1.0')\n"
        "print(len(release.items), 'jsonschema' in sys.modules)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script, str(sample_project)],
        capture_output=True, text=True, timeout=120, check=True,
    )  # fmt: skip
    items, imported = done.stdout.split()
    assert int(items) > 0
    assert imported == "False"


def test_a_checkpoint_on_a_running_prefect_server_does_not_load_the_server_itself(tmp_path: Path) -> None:
    """With ``PREFECT_API_URL`` set, the checkpoint talks to that server: Prefect's own server (its
    API, about a second of CPU to import) is not loaded, and no local one is started."""
    script = (
        "import sys\n"
        "from amoa_workflow.cli.checkpoint import _local_server_unless_one_is_set, prefect_defaults\n"
        "from amoa_workflow.cli import local_server\n"
        "started = []\n"
        "local_server.start = lambda: started.append(1)\n"
        "prefect_defaults()\n"
        "_local_server_unless_one_is_set()\n"
        "print('prefect.server.api.server' in sys.modules, len(started))\n"
    )
    environment = {key: value for key, value in os.environ.items() if not key.startswith("PREFECT_")}
    environment.update({"PREFECT_API_URL": "http://127.0.0.1:9/api", "PREFECT_HOME": str(tmp_path)})
    done = subprocess.run(
        [sys.executable, "-c", script],
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    assert done.stdout.split()[-2:] == ["False", "0"]


@pytest.mark.prefect
def test_a_checkpoint_without_a_server_starts_one_apart_without_loading_it(own_prefect_home: Path) -> None:
    """Without ``PREFECT_API_URL``, the checkpoint starts Prefect's server in a process of its own,
    as Prefect would, but without importing the server's code in ours; Prefect talks to it, our
    own code still sees no server set (no release event, no waiting run looked for)."""
    script = (
        "import os, sys\n"
        "from amoa_workflow.cli.checkpoint import _local_server_unless_one_is_set, prefect_defaults\n"
        "prefect_defaults()\n"
        "import flows.checkpoint  # as the command does: Prefect, and its logging, set up\n"
        "_local_server_unless_one_is_set()\n"
        "from prefect.client.orchestration import get_client\n"
        "from prefect.settings import PREFECT_API_URL, PREFECT_UI_URL\n"
        "with get_client(sync_client=True) as client:\n"
        "    answer = client.api_healthcheck()\n"
        "print(answer is None, 'prefect.server.api.server' in sys.modules, 'PREFECT_API_URL' in os.environ,\n"
        "      PREFECT_API_URL.value().startswith('http://127.0.0.1:'), repr(PREFECT_UI_URL.value()))\n"
    )
    environment = {key: value for key, value in os.environ.items() if not key.startswith("PREFECT_")}
    environment.update({"PREFECT_HOME": str(own_prefect_home), "PREFECT_SERVER_ANALYTICS_ENABLED": "false"})
    done = subprocess.run(
        [sys.executable, "-c", script],
        env=environment,
        capture_output=True,
        text=True,
        timeout=240,
        check=True,
    )
    assert done.stdout.split()[-5:] == ["True", "False", "False", "True", "''"], done.stdout + done.stderr
    assert "Starting temporary server on http://127.0.0.1:" in done.stderr + done.stdout
    assert "Stopping temporary server" in done.stderr + done.stdout  # at exit, the server stopped
