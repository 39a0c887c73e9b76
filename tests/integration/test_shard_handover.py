"""Shards hand their results over through the project database (SQLite, and PostgreSQL in CI).

Each shard of the sample runs in a project copy of its own (two hosts, no shared ``data/``); the
merge, read back from the database, is what a serial run records; a shard run again replaces its
first attempt's rows; an attempt replaced meanwhile writes nothing more; a copy at another revision
is refused with one line.
"""

from __future__ import annotations

import shutil
import threading
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from amoa_workflow.bootstrap import Application, bootstrap
from amoa_workflow.checkpoint.services import utc_now
from amoa_workflow.domain.selection import Selection
from amoa_workflow.errors import DatabaseWriteFailed, DuplicateScenario, ProjectRevisionRefused
from amoa_workflow.scenarios.handover import (
    merged_from_handover,
    plan_from_json,
    plan_to_json,
    run_handed_over,
)
from amoa_workflow.scenarios.revision import project_revision
from amoa_workflow.scenarios.shard_process import alive
from amoa_workflow.settings.project import load_settings
from amoa_workflow.store.shard_handover import FINISHED, REFUSED, REPLACED, RUNNING, ShardHandover
from amoa_workflow.store.tables import shard_results

RUN = "recette-1.1.0/run-test"


def host_copy(sample_project: Path, name: str, database_url: str) -> Application:
    """The project as another host holds it: a copy with a data folder of its own, the same database."""
    copy = sample_project.parent / name / "projet"
    shutil.copytree(sample_project, copy, ignore=shutil.ignore_patterns("data"))
    return bootstrap(load_settings(copy, environ={"AMOA_DATABASE_URL": database_url}))


def revision(app: Application) -> str:
    s = app.settings
    return project_revision(s.project_dir, s.features_dir, s.data_dir)


def rows(app: Application) -> list[tuple[int, int, str]]:
    r = shard_results.c
    with app.engine.connect() as connection:
        return [tuple(row) for row in connection.execute(select(r.shard, r.attempt, r.scenario_key))]  # type: ignore[misc]


def test_two_hosts_hand_their_shards_over_and_the_merge_is_what_a_serial_run_records(
    sample_app: Application, sample_project: Path, database_url: str
) -> None:
    serial = sample_app.runner.run("1.1.0", "serial")
    plan = sample_app.runner.plan(Selection(), shards=2)
    assert len(plan.shards) == 2
    sent = plan_from_json(plan_to_json(plan))  # as the checkpoint sends it to each shard's flow run
    assert sent == plan
    planned = revision(sample_app)
    hosts = [host_copy(sample_project, f"host-{n}", database_url) for n in (1, 2)]
    handover = ShardHandover(sample_app.engine)

    outcomes = [
        run_handed_over(app.runner, ShardHandover(app.engine), app.settings.data_dir, "1.1.0", RUN, sent,
                        shard.index, planned, f"host-{n}", utc_now)
        for n, (app, shard) in enumerate(zip(hosts, plan.shards, strict=True), start=1)
    ]  # fmt: skip

    assert [(o.index, o.attempt, o.current) for o in outcomes] == [(1, 1, True), (2, 1, True)]
    assert len({app.settings.data_dir for app in hosts} | {sample_app.settings.data_dir}) == 3
    merged = merged_from_handover(sample_app.runner, handover, RUN, plan)
    assert [r.key for r in merged.results] == [r.key for r in serial.results]
    assert [(r.status, r.requirement_codes, len(r.steps)) for r in merged.results] == [
        (r.status, r.requirement_codes, len(r.steps)) for r in serial.results
    ]
    assert {a.host for a in handover.attempts(RUN)} == {"host-1", "host-2"}
    assert all(a.exit_code in (0, 1) and a.log is not None for a in handover.attempts(RUN))

    # Shard 1 runs again (its worker died after handing part of it over): its rows are replaced.
    before = len(rows(sample_app))
    again = run_handed_over(
        hosts[1].runner, ShardHandover(hosts[1].engine), hosts[1].settings.data_dir, "1.1.0", RUN, sent, 1,
        planned, "host-2", utc_now,
    )  # fmt: skip
    assert (again.attempt, again.current) == (2, True)
    stored = rows(sample_app)
    assert len(stored) == before
    assert len({(shard, key) for shard, _, key in stored}) == len(stored)
    assert {attempt for shard, attempt, _ in stored if shard == 1} == {2}
    assert [(a.shard, a.attempt, a.status) for a in handover.attempts(RUN)] == [
        (1, 1, REPLACED), (1, 2, FINISHED), (2, 1, FINISHED)
    ]  # fmt: skip
    assert [r.key for r in merged_from_handover(sample_app.runner, handover, RUN, plan).results] == [
        r.key for r in serial.results
    ]
    for app in hosts:
        app.engine.dispose()


def test_an_attempt_replaced_while_it_ran_writes_nothing_more(sample_app: Application) -> None:
    handover = ShardHandover(sample_app.engine)
    record = {"key": "features/a.feature::x", "status": "passed"}
    first = handover.open(RUN, 1, "host-1", "abc", utc_now())
    assert handover.add(RUN, 1, first, [record], utc_now())
    second = handover.open(RUN, 1, "host-2", "abc", utc_now())

    assert (first, second) == (1, 2)
    assert rows(sample_app) == []  # the first attempt's rows went with it
    assert not handover.add(RUN, 1, first, [record], utc_now())  # its worker came back to life: too late
    assert not handover.close(RUN, 1, first, 0, "", utc_now())
    assert handover.add(RUN, 1, second, [record], utc_now())
    assert handover.close(RUN, 1, second, 0, "log", utc_now())
    assert rows(sample_app) == [(1, 2, "features/a.feature::x")]
    [done] = handover.finished(RUN).values()
    assert (done.attempt.attempt, done.records) == (2, (record,))


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_a_copy_at_another_revision_is_refused_with_one_line(
    sample_app: Application, sample_project: Path, database_url: str, lang: str
) -> None:
    plan = sample_app.runner.plan(Selection(), shards=2)
    other = host_copy(sample_project, "stale", database_url)
    feature = other.settings.features_dir / "paie.feature"
    feature.write_text(feature.read_text(encoding="utf-8") + "\n", encoding="utf-8")

    with pytest.raises(ProjectRevisionRefused) as refused:
        run_handed_over(
            other.runner, ShardHandover(other.engine), other.settings.data_dir, "1.1.0", RUN, plan, 2,
            revision(sample_app), "stale-host", utc_now,
        )  # fmt: skip

    line = refused.value.render(lang)
    assert "\n" not in line and revision(sample_app) in line and revision(other) in line
    assert "stale-host" in line and ("refusé" in line if lang == "fr" else "refused" in line)
    with sample_app.engine.connect() as connection:  # refused before running anything
        assert connection.execute(select(func.count()).select_from(shard_results)).scalar_one() == 0
    [attempt] = ShardHandover(sample_app.engine).attempts(RUN)  # for the checkpoint to give up at once
    assert (attempt.shard, attempt.attempt, attempt.host, attempt.status) == (2, 1, "stale-host", REFUSED)
    other.engine.dispose()


def test_the_revision_is_the_same_for_two_copies_and_ignores_the_data_folder(
    sample_app: Application, sample_project: Path, database_url: str
) -> None:
    copy = host_copy(sample_project, "copy", database_url)
    (copy.settings.data_dir / "runs").mkdir(parents=True, exist_ok=True)
    (copy.settings.data_dir / "runs" / "x.jsonl").write_text("{}", encoding="utf-8")
    assert revision(copy) == revision(sample_app) != "-"
    (copy.settings.features_dir / "conftest.py").write_text("# changed\n", encoding="utf-8")
    assert revision(copy) != revision(sample_app)
    shutil.rmtree(copy.settings.features_dir)
    assert revision(copy) == "-"
    copy.engine.dispose()


def test_feature_files_selected_by_path_are_split_between_shards_not_run_by_each(
    sample_app: Application,
) -> None:
    """Files named on pytest's command line are collected whatever pytest_ignore_collect says: a
    partial checkpoint (``paths``) in two shards ran every selected file in both."""
    selection = Selection(paths=("features/paie.feature", "features/portail_salarie.feature"))
    serial = sample_app.runner.run("1.1.0", "by-path-serial", selection)

    sharded = sample_app.runner.run("1.1.0", "by-path-sharded", selection, shards=2)

    assert [r.key for r in sharded.results] == [r.key for r in serial.results]
    assert {r.feature_path for r in serial.results} == set(selection.paths)


class _BeatRefusedOnce(ShardHandover):
    """The project database, refusing the first heartbeat of a shard (a lock held too long, say)."""

    beats = 0

    def add(
        self, run_key: str, shard: int, attempt: int, records: Sequence[dict[str, Any]], now: datetime
    ) -> bool:
        self.beats += 1
        if self.beats == 1:
            raise DatabaseWriteFailed(url="amoa.db", why_en="locked", why_fr="verrouillée")
        return super().add(run_key, shard, attempt, records, now)


def test_a_heartbeat_the_database_refuses_is_a_warning_and_the_next_one_catches_up(
    sample_app: Application,
) -> None:
    """A database error on a heartbeat raised out of the wait on pytest: the shard's pytest process
    was left running, and Prefect's retry started a second one."""
    plan = sample_app.runner.plan(Selection(), shards=2)
    handover = _BeatRefusedOnce(sample_app.engine)
    warned: list[str] = []

    outcome = run_handed_over(
        sample_app.runner, handover, sample_app.settings.data_dir, "1.1.0", RUN, plan, 1,
        revision(sample_app), "host-1", utc_now, lambda error: warned.append(error.render("en")),
    )  # fmt: skip

    assert alive() == []  # no pytest process outlives the shard
    assert handover.beats >= 2 and warned == ["database amoa.db: locked"]
    assert outcome.current and outcome.scenarios > 0
    [done] = handover.finished(RUN).values()
    assert len(done.records) == outcome.scenarios == len({r["key"] for r in done.records})


def test_a_scenario_reported_twice_in_one_hand_over_is_kept_once_or_named_when_they_differ(
    sample_app: Application,
) -> None:
    """A key repeated within one batch broke the hand-over with the database's unique violation."""
    handover = ShardHandover(sample_app.engine)
    record = {"key": "features/a.feature::x", "status": "passed"}
    attempt = handover.open(RUN, 1, "host-1", "abc", utc_now())

    assert handover.add(RUN, 1, attempt, [record, dict(record)], utc_now())
    assert rows(sample_app) == [(1, 1, "features/a.feature::x")]

    other = {"key": "features/a.feature::y", "status": "passed"}
    with pytest.raises(DuplicateScenario) as twice:
        handover.add(RUN, 1, attempt, [other, other | {"status": "failed"}], utc_now())
    line = twice.value.render("fr")
    assert "features/a.feature::y" in line and "passed" in line and "failed" in line
    assert rows(sample_app) == [(1, 1, "features/a.feature::x")]  # nothing of that batch was written


def test_two_attempts_of_one_shard_opened_at_once_are_numbered_1_and_2(sample_app: Application) -> None:
    """The checkpoint's second try and a late first one can open at the same moment on two hosts:
    the lock makes them take turns, never two attempts with one number."""
    for round_ in range(5):
        run_key = f"{RUN}-{round_}"
        start = threading.Barrier(2)
        opened: list[int] = []

        def open_attempt(
            host: str, run_key: str = run_key, start: threading.Barrier = start, opened: list[int] = opened
        ) -> None:
            handover = ShardHandover(sample_app.engine)
            start.wait()
            opened.append(handover.open(run_key, 1, host, "abc", utc_now()))

        threads = [threading.Thread(target=open_attempt, args=(f"host-{n}",)) for n in (1, 2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)

        assert sorted(opened) == [1, 2]
        statuses = [(a.attempt, a.status) for a in ShardHandover(sample_app.engine).attempts(run_key)]
        assert statuses == [(1, REPLACED), (2, RUNNING)]
