"""pytest plugin loaded in the scenario-run subprocess (``-p amoa_workflow.scenario_plugin``).

It does two things pytest-bdd does not do well for acceptance (see the design notes):

* collects ``.feature`` files directly, one collector per file, so analysts need no Python
  test module and a file that does not parse is one collection error, not a lost campaign;
* records one JSON line per scenario or outline row, with each step's status, in the file
  given by ``--amoa-results``. Metadata travels in ``user_properties`` so it survives xdist.

Statuses are decided here from what really happened: an undefined step is ``undefined``
(never ``passed``), a skipped scenario is recorded, a setup failure is ``error``.
"""

from __future__ import annotations

import json
import re
import time
import traceback
import types
from pathlib import Path
from typing import Any

import pytest
from pytest_bdd import exceptions as bdd_exceptions
from pytest_bdd.parser import Feature, Scenario, ScenarioTemplate, Step
from pytest_bdd.scenario import scenario_wrapper_template_registry

META = "amoa_scenario"
STEPS = "amoa_steps"
_steps_key = pytest.StashKey[list[dict[str, Any]]]()
_started_key = pytest.StashKey[float]()
_LINE_IN_MESSAGE = re.compile(r"\.feature:(\d+)|line(?: number)?[: ]\s*(\d+)|\((\d+):\d+\)", re.IGNORECASE)


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.getgroup("amoa").addoption(
        "--amoa-results",
        dest="amoa_results",
        default=None,
        help="JSON-lines file receiving one record per scenario",
    )


def pytest_configure(config: pytest.Config) -> None:
    target = config.getoption("amoa_results")
    if target and not hasattr(config, "workerinput"):
        config.pluginmanager.register(ResultsRecorder(Path(target)), "amoa-results-recorder")


def pytest_collect_file(file_path: Path, parent: pytest.Collector) -> pytest.Collector | None:
    if file_path.suffix == ".feature":
        return FeatureFile.from_parent(parent, path=file_path)
    return None


class FeatureFile(pytest.Module):
    """A ``.feature`` file collected as if a test module had called ``scenarios()`` on it."""

    def _getobj(self) -> types.ModuleType:
        module = types.ModuleType(f"amoa_feature_{abs(hash(str(self.path)))}")
        module.__file__ = str(self.path)
        code = compile("from pytest_bdd import scenarios\nscenarios(__file__)\n", str(self.path), "exec")
        try:
            exec(code, module.__dict__)
        except bdd_exceptions.NoScenariosFound:
            pass
        except bdd_exceptions.GherkinParseError as exc:
            raise self.CollectError(f"{self.path}:{exc.line}: {type(exc).__name__}: {exc.message}") from None
        except Exception as exc:  # any other problem with a user's file is one collection error
            text = str(exc).strip()
            message = text.splitlines()[0] if text else type(exc).__name__
            line = _LINE_IN_MESSAGE.search(text)
            where = f"{self.path}:{next(g for g in line.groups() if g)}" if line else str(self.path)
            raise self.CollectError(f"{where}: {type(exc).__name__}: {message}") from None
        return module


def pytest_collection_modifyitems(session: pytest.Session, items: list[pytest.Item]) -> None:
    root = session.config.rootpath
    for item in items:
        template = scenario_wrapper_template_registry.get(getattr(item, "obj", None))  # type: ignore[arg-type]
        if template is not None:
            item.user_properties.append((META, _metadata(item, template, root)))


def _metadata(item: pytest.Item, template: ScenarioTemplate, root: Path) -> dict[str, Any]:
    feature = template.feature
    callspec = getattr(item, "callspec", None)
    example: dict[str, str] = callspec.params.get("_pytest_bdd_example", {}) if callspec else {}
    tags = set(feature.tags) | set(template.tags)
    if template.rule is not None:
        tags |= set(template.rule.tags)
    for examples in template.examples:
        if example and example in examples.as_contexts():
            tags |= set(examples.tags)
    path = Path(feature.filename)
    relative = path.relative_to(root) if path.is_relative_to(root) else path
    suffix = f"[{callspec.id}]" if callspec else ""
    return {
        "key": f"{relative.as_posix()}::{template.name}{suffix}",
        "feature_path": relative.as_posix(),
        "feature_name": feature.name,
        "rule": template.rule.name if template.rule else None,
        "scenario": template.name,
        "line": template.line_number,
        "tags": sorted(tags),
        "example": list(example.items()),
    }


@pytest.hookimpl
def pytest_bdd_before_step(request: pytest.FixtureRequest, step: Step) -> None:
    request.node.stash[_started_key] = time.perf_counter()


def _record_step(
    request: pytest.FixtureRequest, step: Step, status: str, error: BaseException | None
) -> None:
    started = request.node.stash.get(_started_key, time.perf_counter())
    steps = request.node.stash.setdefault(_steps_key, [])
    steps.append(
        {
            "keyword": step.keyword,
            "text": step.name,
            "line": step.line_number,
            "status": status,
            "duration": round(time.perf_counter() - started, 6) if status != "undefined" else 0.0,
            "error": _short(error) if error else None,
            "traceback": "".join(traceback.format_exception(error)) if error else None,
        }
    )


@pytest.hookimpl
def pytest_bdd_after_step(request: pytest.FixtureRequest, step: Step) -> None:
    _record_step(request, step, "passed", None)


@pytest.hookimpl
def pytest_bdd_step_error(request: pytest.FixtureRequest, step: Step, exception: BaseException) -> None:
    skipped = isinstance(exception, pytest.skip.Exception)
    _record_step(request, step, "skipped" if skipped else "failed", None if skipped else exception)


@pytest.hookimpl
def pytest_bdd_step_func_lookup_error(
    request: pytest.FixtureRequest, step: Step, exception: BaseException
) -> None:
    request.node.stash[_started_key] = time.perf_counter()
    _record_step(request, step, "undefined", exception)


@pytest.hookimpl
def pytest_bdd_after_scenario(request: pytest.FixtureRequest, feature: Feature, scenario: Scenario) -> None:
    steps = request.node.stash.get(_steps_key, [])
    for step in scenario.steps[len(steps) :]:
        steps.append(
            {"keyword": step.keyword, "text": step.name, "line": step.line_number, "status": "skipped",
             "duration": 0.0, "error": None, "traceback": None}
        )  # fmt: skip
    for position, step_record in enumerate(steps):
        step_record["position"] = position
    request.node.user_properties.append((STEPS, steps))


class ResultsRecorder:
    """Merges the setup / call / teardown reports of each scenario into one record.

    Registered only on the controller (not on xdist workers), which sees every report.
    """

    def __init__(self, target: Path) -> None:
        self.target = target
        self.pending: dict[str, dict[str, Any]] = {}

    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        properties = dict(report.user_properties)
        meta = properties.get(META)
        if not isinstance(meta, dict):
            return
        record = self.pending.setdefault(
            report.nodeid, {**meta, "status": "passed", "duration": 0.0, "message": None, "steps": []}
        )
        record["duration"] = round(record["duration"] + report.duration, 6)
        if STEPS in properties:
            record["steps"] = properties[STEPS]
        _apply_phase(record, report)
        if report.when == "teardown":
            self._write(self.pending.pop(report.nodeid))

    def pytest_collectreport(self, report: pytest.CollectReport) -> None:
        if not report.failed or not report.nodeid.endswith(".feature"):
            return
        message = str(report.longrepr).strip()
        line = _LINE_IN_MESSAGE.search(message)
        self._write(
            {
                "key": f"{report.nodeid}::",
                "feature_path": report.nodeid,
                "feature_name": "",
                "rule": None,
                "scenario": "",
                "line": int(next(g for g in line.groups() if g)) if line else 0,
                "tags": [],
                "example": [],
                "status": "error",
                "duration": 0.0,
                "message": message.splitlines()[-1] if message else "collection error",
                "steps": [],
            }
        )

    def _write(self, record: dict[str, Any]) -> None:
        with self.target.open("a", encoding="utf-8") as stream:
            stream.write(json.dumps(record, ensure_ascii=False) + "\n")


def _apply_phase(record: dict[str, Any], report: pytest.TestReport) -> None:
    steps = record.get("steps", [])
    if report.skipped and record["status"] == "passed":
        record["status"] = "skipped"
        record["message"] = _crash_message(report)
    elif report.failed and report.when != "call":
        record["status"] = "error"
        record["message"] = f"{report.when}: {_crash_message(report)}"
    elif report.failed:
        undefined = [s for s in steps if s["status"] == "undefined"]
        record["status"] = "undefined" if undefined else "failed"
        record["message"] = undefined[0]["error"] if undefined else _crash_message(report)


def _short(error: BaseException) -> str:
    text = str(error).strip()
    first = text.splitlines()[0] if text else ""
    return f"{type(error).__name__}: {first}" if first else type(error).__name__


def _crash_message(report: pytest.TestReport) -> str:
    crash = getattr(report.longrepr, "reprcrash", None)
    if crash is not None:
        return str(crash.message).strip()
    if isinstance(report.longrepr, tuple):
        return str(report.longrepr[2])
    return str(report.longrepr or "").strip().splitlines()[-1:][0] if report.longrepr else ""
