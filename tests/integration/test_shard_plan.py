"""Shards balanced by measured duration, in real pytest-bdd subprocesses: a file heavier than a
shard is split by scenario, every scenario still runs exactly once, with its Background, and the
results are what a serial run records. Each part of a split file sets up its module-scoped
fixtures once (so once per part, not once per file)."""

from __future__ import annotations

import dataclasses
import json
import shutil
from pathlib import Path

import pytest

from amoa_workflow.domain.shards import Part
from amoa_workflow.scenarios.runner import PytestBddRunner, ScenarioRun, Shard

DATA = Path(__file__).parents[1] / "data" / "split_shards"
BIG, SMALL = "features/gros.feature", "features/petit.feature"
MEASURED = {
    (BIG, "lent à écrire"): 10.0,
    (BIG, "rapide"): 10.0,
    (BIG, "déjà vu"): 10.0,
    (BIG, "montant vérifié"): 10.0,  # its two rows, summed
    (BIG, "à cheval"): 10.0,
    (SMALL, "small"): 10.0,
}
TAIL = ("montant vérifié", "à cheval")


@pytest.fixture
def runner(tmp_path: Path) -> PytestBddRunner:
    project = tmp_path / "project"
    shutil.copytree(DATA, project / "features")
    return PytestBddRunner(
        project, project / "features", project / "runs", r"EXG-\d{3}", timeout=120, durations=lambda: MEASURED
    )


def run_counting_setups(
    runner: PytestBddRunner, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, name: str, shards: int
) -> tuple[ScenarioRun, int]:
    setups = tmp_path / f"setups-{name}"
    setups.mkdir()
    monkeypatch.setenv("AMOA_TEST_SETUPS", str(setups))
    run = runner.run("1.1.0", f"recette-1.1.0/{name}", shards=shards)
    return run, len(list(setups.iterdir()))


def comparable(run: ScenarioRun) -> list[object]:
    return [
        dataclasses.replace(
            r, duration=0.0, steps=tuple(dataclasses.replace(s, duration=0.0) for s in r.steps)
        )
        for r in run.results
    ]


def shard_keys(run: ScenarioRun, index: int) -> list[str]:
    lines = (run.folder / f"shard-{index}" / "results.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(line)["key"] for line in lines]


def test_a_file_heavier_than_a_shard_is_planned_in_two_parts(runner: PytestBddRunner) -> None:
    plan = runner.plan(shards=2)

    assert plan.shards == (
        Shard(1, skip=(SMALL,), scenarios=(Part(BIG, TAIL, others=True),)),
        Shard(2, only=(BIG, SMALL), scenarios=(Part(BIG, TAIL),)),
    )


def test_without_history_the_plan_weighs_scenarios_not_bytes(runner: PytestBddRunner) -> None:
    unmeasured = dataclasses.replace(runner, durations=None)

    plan = unmeasured.plan(shards=2)  # 5 scenarios against 1: the big file is split too

    assert [shard.scenarios != () for shard in plan.shards] == [True, True]


def test_the_split_run_records_exactly_what_a_serial_run_records(
    runner: PytestBddRunner, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    serial, serial_setups = run_counting_setups(runner, monkeypatch, tmp_path, "serial", 1)
    split, split_setups = run_counting_setups(runner, monkeypatch, tmp_path, "split", 2)

    assert comparable(split) == comparable(serial)
    assert {r.status.value for r in split.results} == {"passed"}  # the Background ran before each one
    first, second = shard_keys(split, 1), shard_keys(split, 2)
    assert sorted(first) == [f"{BIG}::déjà vu", f"{BIG}::lent à écrire", f"{BIG}::rapide"]
    assert sorted(second) == [
        f"{BIG}::montant vérifié[4]", f"{BIG}::montant vérifié[5]", f"{BIG}::à cheval", f"{SMALL}::small",
    ]  # fmt: skip
    assert (serial_setups, split_setups) == (2, 3)  # module fixtures: once per part of the split file


def test_a_scenario_added_after_planning_runs_once_in_the_first_part(runner: PytestBddRunner) -> None:
    plan = runner.plan(shards=2)
    feature = runner.project_dir / BIG
    feature.write_text(
        feature.read_text(encoding="utf-8") + "\n  Scénario: ajouté depuis\n    Quand j'ajoute 8\n"
        "    Alors le contexte a servi une fois\n",
        encoding="utf-8",
    )

    shard_runs = [
        runner.run_shard("1.1.0", "recette-1.1.0/added", plan, shard.index) for shard in plan.shards
    ]
    merged = runner.merge("recette-1.1.0/added", plan, shard_runs)

    assert [r.key for r in shard_runs[0].results].count(f"{BIG}::ajouté depuis") == 1
    assert f"{BIG}::ajouté depuis" not in [r.key for r in shard_runs[1].results]
    assert len(merged.results) == 8
