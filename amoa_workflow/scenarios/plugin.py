"""pytest plugin loaded in the scenario-run subprocess (``-p amoa_workflow.scenarios.plugin``).

It does what pytest-bdd does not do well for acceptance (see the design notes):

* collects ``.feature`` files directly, one collector per file, so analysts need no Python
  test module and a file that does not parse is one error result naming ``file:line``;
* keeps only the selected scenarios (``--amoa-selection``: requirements, tag expression,
  paths, keys) and lists them, with their declared steps, in ``--amoa-manifest`` as soon as
  collection ends (progress, and the scenarios a stopped run never reached);
* records each step's status, duration and error, and one JSON line per scenario or outline row
  in ``--amoa-results`` (:mod:`amoa_workflow.scenarios.recorder`). Metadata travels in
  ``user_properties`` so it survives xdist;
* stops a scenario past ``--amoa-scenario-timeout`` seconds (:mod:`amoa_workflow.scenarios.timeout`);
* finds step definitions through an index (:mod:`amoa_workflow.scenarios.step_index`);
* records manual scenarios (``--amoa-manual-tags``) ``pending`` without executing them
  (:mod:`amoa_workflow.scenarios.manual_items`).

Statuses are decided here from what really happened: an undefined step is ``undefined``
(never ``passed``), a skipped scenario is recorded with its steps skipped, a setup failure, a
system under test that cannot be reached or a scenario out of time is ``error``.
"""

from __future__ import annotations

import gc
import json
import time
import traceback
import types
from pathlib import Path
from typing import Any

import pytest
from pytest_bdd import exceptions as bdd_exceptions
from pytest_bdd.parser import Feature, Scenario, ScenarioTemplate, Step
from pytest_bdd.scenario import scenario_wrapper_template_registry

from amoa_workflow.domain.scenario_keys import scenario_key
from amoa_workflow.domain.selection import Selection
from amoa_workflow.i18n import translator
from amoa_workflow.scenarios import step_index
from amoa_workflow.scenarios.manual_items import ManualScenarios
from amoa_workflow.scenarios.recorder import (
    DECLARED,
    EMPTY,
    LINE_IN_MESSAGE,
    META,
    STEPS,
    ResultsRecorder,
    environmental,
    short,
)
from amoa_workflow.scenarios.records import argument
from amoa_workflow.scenarios.shard_spec import ShardSpec
from amoa_workflow.scenarios.step_keywords import as_written
from amoa_workflow.scenarios.timeout import FIRED, ScenarioTimeout, ScenarioTimer, usable

_steps_key = pytest.StashKey[list[dict[str, Any]]]()
_started_key = pytest.StashKey[float]()
_current_key = pytest.StashKey[Step]()
_shard_key = pytest.StashKey["ShardSpec"]()
_refused_key = pytest.StashKey[bool]()


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("amoa")
    group.addoption("--amoa-results", default=None, help="JSON-lines file receiving one record per scenario")
    group.addoption("--amoa-manifest", default=None, help="JSON file listing the selected scenarios")
    group.addoption("--amoa-selection", default=None, help="JSON file: which scenarios to run")
    group.addoption("--amoa-shard", default=None, help='JSON file: {"only": [files] | null, "skip": [files]}')
    group.addoption("--amoa-scenario-timeout", type=float, default=0.0, help="seconds per scenario (0: none)")
    group.addoption("--amoa-lang", default="en", help="language of our own messages (fr | en)")
    group.addoption("--amoa-no-step-index", action="store_true", help="use pytest-bdd's linear step lookup")
    group.addoption("--amoa-manual-tags", default="", help="comma-separated tags of manual scenarios")


def pytest_configure(config: pytest.Config) -> None:
    t = translator(config.getoption("amoa_lang"))
    target = config.getoption("amoa_results")
    if target and not hasattr(config, "workerinput"):
        config.pluginmanager.register(ResultsRecorder(Path(target), t), "amoa-results-recorder")
    seconds = config.getoption("amoa_scenario_timeout")
    if seconds and seconds > 0 and usable():
        message = t("run.scenario_timeout", seconds=f"{seconds:g}")
        config.pluginmanager.register(ScenarioTimer(seconds, message), "amoa-scenario-timer")
    if not config.getoption("amoa_no_step_index"):
        step_index.install()
    manual_tags = tuple(filter(None, config.getoption("amoa_manual_tags").split(",")))
    if manual_tags:
        config.pluginmanager.register(ManualScenarios(manual_tags), "amoa-manual-scenarios")


def _shard_spec(config: pytest.Config) -> ShardSpec:
    if _shard_key not in config.stash:
        source = config.getoption("amoa_shard")
        config.stash[_shard_key] = ShardSpec.read(Path(source) if source else None)
    return config.stash[_shard_key]


def _relative(path: Path, root: Path) -> str:
    return path.relative_to(root).as_posix() if path.is_relative_to(root) else path.as_posix()


def readable_id(test_id: str) -> str:
    """An outline row's id as written in its Examples: pytest escapes what is not ASCII
    (« [\\xe0 cheval] »); the key, the console and the PV show « [à cheval] »."""
    try:
        return test_id.encode("ascii").decode("unicode_escape")
    except (UnicodeError, ValueError):  # already unescaped, or not an escape of pytest's
        return test_id


def pytest_ignore_collect(collection_path: Path, config: pytest.Config) -> bool | None:
    """Leave the feature files of the other shards to them (pytest's own rules still apply)."""
    if collection_path.suffix != ".feature" or not config.getoption("amoa_shard"):
        return None
    owned = _shard_spec(config).owns(_relative(collection_path, config.rootpath))
    return None if owned else True


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
        except bdd_exceptions.GherkinParseError as exc:  # pytest-bdd's English, a class name: ours instead
            t = translator(self.config.getoption("amoa_lang"))
            refused = t("run.gherkin_refused", content=str(exc.line_content).strip()[:80])
            raise self.CollectError(f"{self.path}:{exc.line}: {refused}") from None
        except Exception as exc:  # any other problem with a user's file is one collection error
            text = str(exc).strip()
            message = text.splitlines()[0] if text else type(exc).__name__
            line = LINE_IN_MESSAGE.search(text)
            where = f"{self.path}:{next(g for g in line.groups() if g)}" if line else str(self.path)
            raise self.CollectError(f"{where}: {message}") from None
        return module


def pytest_collection_modifyitems(
    session: pytest.Session, config: pytest.Config, items: list[pytest.Item]
) -> None:
    """Keep each selected scenario once: a project's own ``scenarios()`` / ``@scenario`` binding
    (its step definitions, fixtures and hooks) wins over our collection of the same feature file."""
    root = session.config.rootpath
    source = config.getoption("amoa_selection")
    selection = Selection.from_json(json.loads(Path(source).read_text(encoding="utf-8"))) if source else None
    spec = _shard_spec(config)
    scenarios: dict[str, list[tuple[pytest.Item, dict[str, Any], list[Any]]]] = {}
    empty: set[int] = set()  # the items of scenarios with no step of their own (a Background is not one)
    kept: list[pytest.Item] = []
    dropped: list[pytest.Item] = []
    for item in items:
        template = scenario_wrapper_template_registry.get(getattr(item, "obj", None))  # type: ignore[arg-type]
        if template is None:  # a plain test of a module collected for its bindings: not a scenario
            dropped.append(item)
            continue
        meta, declared = _metadata(item, template, root)
        # A binding of a file run elsewhere, or not ours; a feature file too: pytest collects the files
        # named on its command line (a selection by path) without asking pytest_ignore_collect.
        if not spec.owns(meta["feature_path"]):
            dropped.append(item)
            continue
        if not spec.runs(meta["feature_path"], meta["scenario"]):  # a part of a split file run elsewhere
            dropped.append(item)
            continue
        if selection is not None and not selection.matches(meta["key"], meta["tags"]):
            dropped.append(item)
            continue
        scenarios.setdefault(meta["key"], []).append((item, meta, declared))
        kept.append(item)
        if len(template.steps) == len(template.all_background_steps):
            empty.add(id(item))
    for key, found in scenarios.items():
        bound = [entry for entry in found if not isinstance(entry[0].parent, FeatureFile)]
        dropped += [entry[0] for entry in found if bound and isinstance(entry[0].parent, FeatureFile)]
        if len(bound) > 1:
            t = translator(config.getoption("amoa_lang"))
            config.stash[_refused_key] = True  # no manifest: the run is refused, not partly run
            raise pytest.UsageError(
                t("run.bound_twice", scenario=key, first=bound[0][0].nodeid, second=bound[1][0].nodeid)
            )
        for item, meta, declared in bound or found:
            item.user_properties.extend([(META, {**meta, "source": item.nodeid}), (DECLARED, declared)])
            if id(item) in empty:
                item.user_properties.append((EMPTY, True))
    if dropped:
        gone = set(map(id, dropped))
        config.hook.pytest_deselected(items=dropped)
        items[:] = [item for item in kept if id(item) not in gone]


def pytest_collection_finish(session: pytest.Session) -> None:
    """List the selected scenarios once (on the only process, or on the first xdist worker)."""
    config = session.config
    # What collection built (modules, items, parsed features) lives until the end: the cyclic
    # collector no longer walks it, at each collection during the run and pytest's at its end
    # (~0.3 s of CPU at 1,000 scenarios). What the scenarios build is collected as before.
    gc.freeze()
    target = config.getoption("amoa_manifest")
    worker = getattr(config, "workerinput", {}).get("workerid")
    if (
        not target
        or config.stash.get(_refused_key, False)
        or (worker is None and config.pluginmanager.hasplugin("dsession"))
        or worker not in (None, "gw0")
    ):
        return
    entries = []
    for item in session.items:
        properties: dict[str, Any] = dict(item.user_properties)
        if isinstance(properties.get(META), dict):
            entries.append({**properties[META], "declared_steps": properties.get(DECLARED, [])})
    temporary = Path(f"{target}.tmp")
    temporary.write_text(json.dumps(entries, ensure_ascii=False), encoding="utf-8")
    temporary.replace(target)


@pytest.hookimpl(trylast=True)
def pytest_sessionfinish(session: pytest.Session) -> None:
    """The scenarios have run and been recorded: what is left lives until the process ends, so
    pytest's collections at its end (looking for errors raised in ``__del__``) and the one at exit
    no longer walk it (~0.2 s of CPU at 1,000 scenarios)."""
    gc.freeze()


def _metadata(item: pytest.Item, template: ScenarioTemplate, root: Path) -> tuple[dict[str, Any], list[Any]]:
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
    row = readable_id(callspec.id) if callspec else ""
    declared = [
        {
            "keyword": as_written(step.keyword, feature.filename, step.line_number),
            "text": step.name,
            "line": step.line_number,
            **_argument(step),
        }
        for step in (template.render(example).steps if example else template.steps)
    ]
    meta = {
        "key": scenario_key(relative.as_posix(), template.name, row),
        "feature_path": relative.as_posix(),
        "feature_name": feature.name,
        "rule": template.rule.name if template.rule else None,
        "scenario": template.name,
        "line": template.line_number,
        "tags": sorted(tags),
        "example": list(example.items()),
    }
    return meta, declared


def _argument(step: Step) -> dict[str, Any]:
    return argument(step.datatable.raw() if step.datatable else None, step.docstring)


@pytest.hookimpl
def pytest_bdd_before_step(request: pytest.FixtureRequest, step: Step) -> None:
    request.node.stash[_started_key] = time.perf_counter()
    request.node.stash[_current_key] = step


def _record_step(
    request: pytest.FixtureRequest, step: Step, status: str, error: BaseException | None, text: str = ""
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
            "error": text or (short(error) if error else None),
            "traceback": "".join(traceback.format_exception(error)) if error else None,
            **_argument(step),
        }
    )


@pytest.hookimpl
def pytest_bdd_after_step(request: pytest.FixtureRequest, step: Step) -> None:
    _record_step(request, step, "passed", None)


@pytest.hookimpl
def pytest_bdd_step_error(request: pytest.FixtureRequest, step: Step, exception: BaseException) -> None:
    if isinstance(exception, pytest.skip.Exception):
        _record_step(request, step, "skipped", None)
    else:
        _record_step(request, step, "error" if environmental(exception) else "failed", exception)


@pytest.hookimpl
def pytest_bdd_step_func_lookup_error(
    request: pytest.FixtureRequest, step: Step, exception: BaseException
) -> None:
    request.node.stash[_started_key] = time.perf_counter()
    t = translator(request.config.getoption("amoa_lang"))
    text = t("run.undefined_step", keyword=step.keyword.strip(), text=step.name, line=step.line_number)
    _record_step(request, step, "undefined", exception, text)


@pytest.hookimpl
def pytest_bdd_after_scenario(request: pytest.FixtureRequest, feature: Feature, scenario: Scenario) -> None:
    steps = request.node.stash.get(_steps_key, [])
    current = request.node.stash.get(_current_key, None)
    if FIRED in request.node.stash and current is not None and len(steps) < len(scenario.steps):
        # Out of time in a step: pytest-bdd reports only ``Exception``s, this one is ours to record.
        _record_step(request, current, "error", ScenarioTimeout(request.node.stash[FIRED]))
        steps = request.node.stash[_steps_key]
    for step in scenario.steps[len(steps) :]:
        steps.append(
            {"keyword": step.keyword, "text": step.name, "line": step.line_number, "status": "skipped",
             "duration": 0.0, "error": None, "traceback": None, **_argument(step)}
        )  # fmt: skip
    for position, step_record in enumerate(steps):
        step_record["position"] = position
        step_record["keyword"] = as_written(step_record["keyword"], feature.filename, step_record["line"])
    request.node.user_properties.append((STEPS, steps))
