"""A mistake in a flow run is logged as its one line, in the project's language; a bug keeps its
traceback. The filter on plain log records, and a flow run's entry point, without a Prefect server."""

from __future__ import annotations

import io
import logging
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from amoa_workflow.bootstrap import Application
from amoa_workflow.errors import FileMissing, NoScenarioFound
from flows.mistakes import RUN_LOGGERS, OneLineMistakes, project_run, say_mistakes_in

REPO = Path(__file__).resolve().parents[2]


def logged(error: BaseException, lang: str = "fr") -> str:
    """What a logger with the filter writes for Prefect's ``logger.error(..., exc_info=True)``."""
    logger = logging.getLogger(f"test.mistakes.{lang}.{type(error).__name__}")
    logger.propagate = False
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(logging.Formatter("%(levelname)s - %(message)s"))
    logger.addHandler(handler)
    logger.addFilter(OneLineMistakes(lang))
    try:
        raise error
    except BaseException as raised:
        logger.error(f"Task run failed with exception: {raised!r}", exc_info=True)
    finally:
        logger.removeHandler(handler)
    return stream.getvalue()


def test_a_users_mistake_is_logged_as_its_line_in_the_projects_language() -> None:
    folder = Path("/srv/recette/features")

    french, english = logged(NoScenarioFound(folder), "fr"), logged(NoScenarioFound(folder), "en")

    assert french == f"ERROR - aucun scénario trouvé dans {folder}\n"
    assert english == f"ERROR - no scenario found in {folder}\n"


def test_a_bug_keeps_its_traceback() -> None:
    said = logged(KeyError("release"))

    assert said.startswith("ERROR - Task run failed with exception: KeyError('release')\nTraceback")
    assert "raise error" in said and said.rstrip().endswith("KeyError: 'release'")


@pytest.fixture
def run_loggers() -> Iterator[tuple[str, ...]]:
    names = ("test.mistakes.task_runs", "test.mistakes.flow_runs")
    yield names
    for name in names:
        logger = logging.getLogger(name)
        for kept in list(logger.filters):
            logger.removeFilter(kept)


def test_the_filter_is_put_once_on_each_run_logger_the_latest_language_winning(
    run_loggers: tuple[str, ...],
) -> None:
    say_mistakes_in("en", run_loggers)
    say_mistakes_in("fr", run_loggers)

    for name in run_loggers:
        [kept] = logging.getLogger(name).filters
        assert isinstance(kept, OneLineMistakes) and kept.lang == "fr"


def test_importing_the_flows_filters_nothing() -> None:
    """The filter is put by a flow run's entry point, never on importing the flows."""
    probe = (
        "import logging, flows.checkpoint, flows.gates, flows.reminders, flows.shards\n"
        "print([f for n in ('prefect.task_runs', 'prefect.flow_runs') for f in logging.getLogger(n).filters])"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True, cwd=REPO)

    assert done.stdout.strip() == "[]"


@pytest.fixture
def flow_run_entry(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """A project in French; Prefect's run loggers as they were, afterwards."""
    monkeypatch.setenv("AMOA_LANG", "fr")
    yield
    for name in RUN_LOGGERS:
        logger = logging.getLogger(name)
        for put in [f for f in logger.filters if isinstance(f, OneLineMistakes)]:
            logger.removeFilter(put)


@pytest.mark.usefixtures("flow_run_entry")
def test_a_mistake_in_a_flows_steps_ends_the_run_failed_with_its_line(sample_project: Path) -> None:
    def steps(app: Application) -> str:
        raise NoScenarioFound(app.settings.features_dir)

    state = project_run(sample_project, steps)

    assert not isinstance(state, str) and state.is_failed()
    assert state.message == f"aucun scénario trouvé dans {sample_project / 'features'}"
    with pytest.raises(NoScenarioFound):  # amoa checkpoint's exit code 2 comes from it
        state.result()


@pytest.mark.usefixtures("flow_run_entry")
def test_no_project_ends_the_run_failed_with_the_line_naming_its_configuration(tmp_path: Path) -> None:
    state = project_run(tmp_path / "absent", lambda app: "ran")

    assert not isinstance(state, str) and state.is_failed()
    assert str(tmp_path / "absent" / "config" / "amoa.toml") in (state.message or "")
    with pytest.raises(FileMissing):
        state.result()


@pytest.mark.usefixtures("flow_run_entry")
def test_a_bug_in_a_flows_steps_goes_on_up(sample_project: Path) -> None:
    def steps(app: Application) -> str:
        raise KeyError("release")

    with pytest.raises(KeyError):
        project_run(sample_project, steps)


def test_every_flow_starts_at_the_entry_point_that_says_mistakes_in_one_line() -> None:
    import importlib
    import inspect
    import pkgutil

    from prefect import Flow

    import flows

    found = {
        value.name: value
        for module in pkgutil.iter_modules(flows.__path__)
        for value in vars(importlib.import_module(f"flows.{module.name}")).values()
        if isinstance(value, Flow)
    }
    assert set(found) >= {"acceptance-checkpoint", "acceptance-shard", "approval-gate", "approval-reminders"}
    for name, flow in found.items():
        assert "project_run(" in inspect.getsource(flow.fn), name
