"""The runner records what really happened to every scenario, in real pytest-bdd subprocesses:
serial, split into shards, or on xdist workers, the results are the same."""

from __future__ import annotations

import dataclasses
import json
import re
import shutil
import stat
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from amoa_workflow.bootstrap import bootstrap
from amoa_workflow.domain.model import ScenarioResult, Status
from amoa_workflow.domain.selection import Selection
from amoa_workflow.errors import FileMissing, PathOutsideFeatures, RunnerError
from amoa_workflow.scenarios.runner import PytestBddRunner, ScenarioRun
from amoa_workflow.settings.project import load_settings

DATA = Path(__file__).parents[1] / "data"
SCENARIO_TIMEOUT = 1.0


def project_with(tmp_path_factory: pytest.TempPathFactory, data: str) -> PytestBddRunner:
    project = tmp_path_factory.mktemp("project")
    shutil.copytree(DATA / data, project / "features")
    return PytestBddRunner(
        project, project / "features", project / "runs", r"EXG-\d{3}", timeout=120,
        scenario_timeout=SCENARIO_TIMEOUT,
    )  # fmt: skip


PROGRESS: list[tuple[int, int]] = []


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, ScenarioRun]:
    """The status feature set run three ways at once: one process, two shards, two xdist workers."""
    runner = project_with(tmp_path_factory, "statuses")
    ways: dict[str, dict[str, object]] = {
        "serial": {"progress": lambda done, total: PROGRESS.append((done, total))},
        "shards": {"shards": 2},
        "xdist": {"workers": 2},
    }
    with ThreadPoolExecutor(len(ways)) as pool:
        futures = {way: pool.submit(runner.run, "1.1.0", f"recette-1.1.0/{way}", **options)
                   for way, options in ways.items()}  # fmt: skip
        return {way: future.result() for way, future in futures.items()}


def test_the_run_folders_holding_the_evidence_are_readable_by_their_owner_only(
    runs: dict[str, ScenarioRun],
) -> None:
    folder = runs["serial"].folder
    runs_dir = folder.parents[1]  # <runs>/<campaign>/<run>

    assert stat.S_IMODE(runs_dir.stat().st_mode) == 0o700
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700


@pytest.fixture(scope="module")
def serial(runs: dict[str, ScenarioRun]) -> dict[str, ScenarioResult]:
    return {r.key.removeprefix("features/"): r for r in runs["serial"].results}


@pytest.mark.parametrize(
    ("key", "status"),
    [
        ("english.feature::passes", Status.PASSED),
        ("english.feature::fails", Status.FAILED),
        ("english.feature::undefined first step", Status.UNDEFINED),
        ("english.feature::undefined later step", Status.UNDEFINED),
        ("english.feature::skipped", Status.SKIPPED),
        ("english.feature::outline[ok]", Status.PASSED),
        ("english.feature::outline[ko]", Status.FAILED),
        ("francais.feature::réussi en français", Status.PASSED),
        ("francais.feature::montant vérifié[1-ok]", Status.PASSED),
        ("francais.feature::montant vérifié[2-ko]", Status.FAILED),
        ("francais.feature::montant vérifié[3-ok]", Status.PASSED),
        ("environment.feature::the system under test is down", Status.ERROR),
        ("environment.feature::the system under test never answers", Status.ERROR),
        ("environment.feature::not ready yet", Status.SKIPPED),
        ("broken.feature::", Status.ERROR),
    ],
)
def test_each_scenario_gets_the_status_that_really_happened(
    serial: dict[str, ScenarioResult], key: str, status: Status
) -> None:
    assert serial[key].status is status


def test_nothing_else_is_recorded(serial: dict[str, ScenarioResult]) -> None:
    assert len(serial) == 15


def comparable(run: ScenarioRun) -> list[ScenarioResult]:
    """Results without what legitimately differs between two runs: how long things took."""
    return [
        dataclasses.replace(
            r, duration=0.0, steps=tuple(dataclasses.replace(s, duration=0.0) for s in r.steps)
        )
        for r in run.results
    ]


@pytest.mark.parametrize("way", ["shards", "xdist"])
def test_sharded_and_parallel_runs_record_exactly_what_a_serial_run_records(
    runs: dict[str, ScenarioRun], way: str
) -> None:
    assert comparable(runs[way]) == comparable(runs["serial"])


def test_progress_is_reported_while_the_scenarios_run(runs: dict[str, ScenarioRun]) -> None:
    done = [reported for reported, _ in PROGRESS]

    assert done == sorted(done)  # never goes back
    assert PROGRESS[-1] == (15, 15)
    assert any(0 < reported < 15 for reported in done)  # seen midway (the hung scenario takes a second)


def test_the_shards_really_split_the_feature_files(runs: dict[str, ScenarioRun]) -> None:
    folder = runs["shards"].folder
    lines = [(folder / f"shard-{i}" / "results.jsonl").read_text().splitlines() for i in (1, 2)]
    per_shard = [{json.loads(line)["feature_path"] for line in shard} for shard in lines]

    assert per_shard[0] and per_shard[1]
    assert not per_shard[0] & per_shard[1]


def test_steps_carry_their_own_status_and_the_error(serial: dict[str, ScenarioResult]) -> None:
    later = serial["english.feature::undefined later step"]

    assert [(s.text, s.status) for s in later.steps] == [
        ("a thing", Status.PASSED),
        ("I do something undefined", Status.UNDEFINED),
        ("the value is ok", Status.SKIPPED),
    ]
    failed = serial["english.feature::fails"]
    assert failed.steps[1].error is not None and "expected ok, got ko" in failed.steps[1].error
    assert failed.steps[1].traceback is not None and failed.steps[1].traceback.startswith("Traceback")
    assert "conftest.py" in failed.steps[1].traceback
    assert "expected ok, got ko" in (failed.message or "")


def test_an_undefined_first_step_is_recorded_with_the_steps_it_never_reached(
    serial: dict[str, ScenarioResult],
) -> None:
    first = serial["english.feature::undefined first step"]

    assert [s.status for s in first.steps] == [Status.UNDEFINED, Status.SKIPPED]
    assert "nothing defined here" in (first.message or "")


def test_a_skipped_scenario_lists_its_steps_as_skipped(serial: dict[str, ScenarioResult]) -> None:
    assert [(s.text, s.status) for s in serial["english.feature::skipped"].steps] == [
        ("a thing", Status.SKIPPED)
    ]
    not_ready = serial["environment.feature::not ready yet"]
    assert [s.status for s in not_ready.steps] == [Status.PASSED, Status.SKIPPED, Status.SKIPPED]
    assert "not delivered yet" in (not_ready.message or "")


def test_tags_are_merged_and_requirements_taken_from_them(serial: dict[str, ScenarioResult]) -> None:
    row = serial["english.feature::outline[ko]"]

    assert set(row.tags) == {"feature-tag", "EXG-005", "row-tag"}
    assert row.requirement_codes == ("EXG-005",)
    assert row.example == (("value", "ko"),)


def test_outline_rows_keep_their_rule_their_examples_tags_and_the_background(
    serial: dict[str, ScenarioResult],
) -> None:
    first, third = (
        serial["francais.feature::montant vérifié[1-ok]"],
        serial["francais.feature::montant vérifié[3-ok]"],
    )

    assert first.rule == third.rule == "les montants sont vérifiés"
    assert set(first.tags) == {"paie", "EXG-007", "EXG-008", "lot-1"}  # feature + rule + scenario + examples
    assert set(third.tags) == {"paie", "EXG-007", "EXG-008"}  # the second Examples block has no tag
    assert first.requirement_codes == ("EXG-007", "EXG-008")
    assert first.example == (("n", "1"), ("valeur", "ok"))
    assert [(s.keyword, s.text) for s in third.steps] == [
        ("Étant donné", "une chose"), ("Quand", "j'ajoute 3"), ("Alors", "la valeur est ok"),
    ]  # fmt: skip


def test_a_system_under_test_that_is_down_is_an_error_that_says_so(serial: dict[str, ScenarioResult]) -> None:
    down = serial["environment.feature::the system under test is down"]

    assert down.message is not None and down.message.startswith("system under test unreachable:")
    assert "ConnectionRefusedError" in down.message
    assert [s.status for s in down.steps] == [Status.PASSED, Status.ERROR, Status.SKIPPED]


def test_a_scenario_past_its_time_limit_is_stopped_and_the_run_goes_on(
    serial: dict[str, ScenarioResult],
) -> None:
    hung = serial["environment.feature::the system under test never answers"]

    assert hung.message == f"timed out after {SCENARIO_TIMEOUT:g} s (scenario_timeout)"
    assert hung.duration < 30  # it did not wait for its 600 s sleep
    assert serial["environment.feature::not ready yet"].status is Status.SKIPPED  # the next one still ran


def test_a_file_that_does_not_parse_is_an_error_naming_file_and_line(
    serial: dict[str, ScenarioResult],
) -> None:
    broken = serial["broken.feature::"]

    assert re.search(r"broken\.feature:4", broken.message or ""), broken.message
    assert "Gherkin syntax refused by pytest-bdd" in (broken.message or "")
    assert "Error" not in (broken.message or "")  # no class name (ScenarioError, TokenError)


def test_the_run_folder_keeps_pytest_output_and_the_merged_results(runs: dict[str, ScenarioRun]) -> None:
    folder = runs["shards"].folder

    for shard in ("shard-1", "shard-2"):
        assert (folder / shard / "pytest.log").read_text(encoding="utf-8").strip()
    merged = [json.loads(line)["key"] for line in (folder / "results.jsonl").read_text().splitlines()]
    assert merged == [r.key for r in runs["shards"].results]


@pytest.fixture(scope="module")
def selected(tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[str]]:
    runner = project_with(tmp_path_factory, "statuses")
    selections = {
        "requirement": Selection(requirements=frozenset({"EXG-003", "EXG-006"})),
        "tags": Selection(tags="@feature-tag and not (@EXG-003 or @skip)"),
        "path": Selection(paths=("features/francais.feature",)),
        "keys": Selection(
            keys=frozenset({"features/english.feature::outline[ko]", "features/broken.feature::"})
        ),
        "rows": Selection(tags="@lot-1"),
    }
    with ThreadPoolExecutor(2) as pool:
        futures = {
            name: pool.submit(runner.run, "1.1.0", f"select/{name}", s) for name, s in selections.items()
        }
        return {
            name: [r.key.removeprefix("features/") for r in f.result().results] for name, f in futures.items()
        }


def test_a_selection_by_requirement_runs_the_scenarios_tagged_with_it(selected: dict[str, list[str]]) -> None:
    assert set(selected["requirement"]) == {
        "english.feature::undefined first step", "english.feature::undefined later step",
        "francais.feature::réussi en français",
        "broken.feature::",  # a file that does not parse cannot be filtered: it is always reported
    }  # fmt: skip


def test_a_selection_by_tag_expression_follows_the_expression(selected: dict[str, list[str]]) -> None:
    assert set(selected["tags"]) == {
        "english.feature::passes", "english.feature::fails", "english.feature::outline[ok]",
        "english.feature::outline[ko]", "broken.feature::",
    }  # fmt: skip


def test_a_selection_by_path_runs_that_file_only(selected: dict[str, list[str]]) -> None:
    assert {key.split("::")[0] for key in selected["path"]} == {"francais.feature"}
    assert len(selected["path"]) == 4


def test_a_selection_by_key_runs_those_scenarios_and_collects_only_their_files(
    selected: dict[str, list[str]],
) -> None:
    assert selected["keys"] == ["broken.feature::", "english.feature::outline[ko]"]


def test_examples_tags_select_single_outline_rows(selected: dict[str, list[str]]) -> None:
    assert [k for k in selected["rows"] if k != "broken.feature::"] == [
        "francais.feature::montant vérifié[1-ok]", "francais.feature::montant vérifié[2-ko]",
    ]  # fmt: skip


def test_a_selected_path_outside_the_features_is_named(tmp_path_factory: pytest.TempPathFactory) -> None:
    runner = project_with(tmp_path_factory, "statuses")

    with pytest.raises(PathOutsideFeatures, match="elsewhere"):
        runner.plan(Selection(paths=("elsewhere",)))


def test_a_missing_features_folder_is_named(tmp_path: Path) -> None:
    runner = PytestBddRunner(tmp_path, tmp_path / "features", tmp_path / "runs", r"EXG-\d+", timeout=60)

    with pytest.raises(FileMissing, match="features"):
        runner.run("1.0.0", "x")


def test_steps_resolve_the_same_with_and_without_our_step_index(
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    runner = project_with(tmp_path_factory, "lookup")
    pytest_bdd_alone = dataclasses.replace(runner, step_index=False)

    with ThreadPoolExecutor(2) as pool:
        indexed = pool.submit(runner.run, "1.0.0", "indexed")
        linear = pool.submit(pytest_bdd_alone.run, "1.0.0", "linear")
    indexed_run, linear_run = indexed.result(), linear.result()

    statuses = {r.key: r.status for r in indexed_run.results}
    assert statuses == {r.key: r.status for r in linear_run.results}
    assert statuses.pop("features/lookup.feature::a phrase nobody defined") is Status.UNDEFINED
    assert set(statuses.values()) == {Status.PASSED}, indexed_run.results
    assert len(statuses) == 6


SLOW = """import time
from pytest_bdd import given
@given('a quick thing')
def quick():
    pass
@given('a slow thing')
def slow():
    time.sleep(60)
"""


def test_a_run_past_its_time_limit_records_what_ran_and_names_what_did_not(tmp_path: Path) -> None:
    features = tmp_path / "features"
    features.mkdir()
    (features / "conftest.py").write_text(SLOW)
    (features / "slow.feature").write_text(
        "Feature: slow\n  Scenario: a quick one\n    Given a quick thing\n"
        "  Scenario: a slow one\n    Given a slow thing\n  Scenario: after it\n    Given a quick thing\n"
    )
    # Long enough for pytest to start and collect on a loaded machine (3 s was not, at load 7), far
    # shorter than the slow step's 60 s.
    runner = PytestBddRunner(tmp_path, features, tmp_path / "runs", r"EXG-\d+", timeout=20)

    run = runner.run("1.0.0", "slow")

    statuses = {r.scenario: (r.status, r.message) for r in run.results}
    not_finished = "not run: the run went past 20 s (run_timeout)"
    assert statuses == {
        "a quick one": (Status.PASSED, None),
        "a slow one": (Status.ERROR, not_finished),
        "after it": (Status.ERROR, not_finished),
    }
    after = next(r for r in run.results if r.scenario == "after it")
    assert [(s.text, s.status) for s in after.steps] == [
        ("a quick thing", Status.SKIPPED)
    ]  # declared, never run


def test_a_run_that_never_gets_to_its_scenarios_is_an_error_not_a_hang(tmp_path: Path) -> None:
    features = tmp_path / "features"
    features.mkdir()
    (features / "conftest.py").write_text("import time\ntime.sleep(60)\n")
    (features / "any.feature").write_text("Feature: any\n  Scenario: any\n    Given anything\n")
    runner = PytestBddRunner(tmp_path, features, tmp_path / "runs", r"EXG-\d+", timeout=2)

    with pytest.raises(RunnerError, match="no result after 2 s"):
        runner.run("1.0.0", "hung")


def test_an_outline_row_with_accents_is_keyed_and_selected_as_written(tmp_path: Path) -> None:
    """pytest escapes what is not ASCII in ids: the key read « Absence <type>[\\xe0 cheval] »."""
    features = tmp_path / "features"
    features.mkdir()
    (features / "conftest.py").write_text(
        "from pytest_bdd import given, parsers\n"
        "@given(parsers.parse('une absence \"{kind}\"'))\ndef absence(kind):\n    pass\n"
    )
    (features / "conges.feature").write_text(
        "# language: fr\nFonctionnalité: Congés\n  Plan du Scénario: Absence <type>\n"
        '    Soit une absence "<type>"\n\n    Exemples:\n      | type |\n      | à cheval |\n'
        "      | journée entière |\n      | back\\\\slash |\n",
        encoding="utf-8",
    )
    runner = PytestBddRunner(tmp_path, features, tmp_path / "runs", r"EXG-\d+", timeout=120)

    everything = runner.run("1.0.0", "all")
    row = "features/conges.feature::Absence <type>[à cheval]"
    one = runner.run("1.0.0", "one", Selection(keys=frozenset({row})))

    assert sorted(r.key for r in everything.results) == [
        "features/conges.feature::Absence <type>[back\\slash]",
        "features/conges.feature::Absence <type>[journée entière]",
        "features/conges.feature::Absence <type>[à cheval]",
    ]
    assert [(r.key.split("[")[1], r.status) for r in one.results] == [("à cheval]", Status.PASSED)]


def test_the_scenario_processes_reuse_their_bytecode_and_leave_none_in_the_project(
    runs: dict[str, ScenarioRun],
) -> None:
    """Each run is a new pytest process: compiling our plugin and the project's step modules every
    time costs a few tenths of a second; their bytecode goes to the runs' own cache folder, never
    beside the analysts' files."""
    project = runs["serial"].folder.parents[2]
    cache = project / "runs" / ".bytecode"
    compiled = {path.name.split(".")[0] for path in cache.rglob("*.pyc")}
    assert {"plugin", "recorder", "conftest"} <= compiled
    assert not list((project / "features").rglob("__pycache__"))


def test_a_project_bootstrapped_keeps_the_scenario_bytecode_in_the_users_cache(
    sample_project: Path, tmp_path: Path
) -> None:
    """Compiled pytest, pytest-bdd and ours (about 15 MB) are kept once per user, not per project."""
    cache = tmp_path / "cache"
    environ = {"HOME": str(tmp_path), "XDG_CACHE_HOME": str(cache), "AMOA_DATABASE_URL": "sqlite://"}
    app = bootstrap(load_settings(sample_project, environ=environ))

    run = app.runner.run("1.1.0", "recette-1.1.0/cached", Selection(paths=("features/paie.feature",)))

    assert run.results
    compiled = {path.name.split(".")[0] for path in (cache / "amoa-workflow" / "bytecode").rglob("*.pyc")}
    assert {"plugin", "recorder", "conftest", "parser"} <= compiled  # ours, the project's, pytest-bdd's
    assert not (app.settings.runs_dir / ".bytecode").exists()
    assert not list(sample_project.rglob("__pycache__"))
