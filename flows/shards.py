"""Shards as flow runs of their own, taken by any worker of the pool, on any host.

On a Prefect server, a checkpoint deployed with a shard deployment (``amoa deploy`` writes one,
``acceptance-shard/acceptance-shard``) sends each shard to the work pool with ``run_deployment``: one
flow run per shard, a child of the checkpoint's run, which any worker takes. Each shard runs with
its worker's own copy of the project (``AMOA_PROJECT_DIR`` on that host, or the working directory
its pull step made), refuses when that copy is not the revision the checkpoint planned with, and
hands its results over through the project database (:mod:`amoa_workflow.scenarios.handover`).

A shard whose code raised (its flow run failed) or whose worker died (its flow run crashed, or
silent past ``lost_after`` seconds) is sent to the pool once more by the checkpoint, any worker
taking it; one a worker refused (another revision of the project) is given up at once
(:mod:`amoa_workflow.domain.shard_watch`). Each new attempt replaces what the one before had
handed over.
"""

from __future__ import annotations

import contextlib
import os
import socket
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from functools import partial
from pathlib import Path
from typing import Any, cast
from uuid import UUID

from prefect import State, flow, get_run_logger
from prefect.client.orchestration import SyncPrefectClient, get_client
from prefect.client.schemas.objects import FlowRun
from prefect.deployments import run_deployment
from prefect.exceptions import TerminationSignal
from prefect.runtime import flow_run
from prefect.states import Cancelled, Cancelling, Crashed

from amoa_workflow.bootstrap import Application
from amoa_workflow.checkpoint.services import utc_now
from amoa_workflow.domain.shard_watch import (
    START_WITHIN,
    WAITING,
    Seen,
    ShardAttempt,
    Verdict,
    ended,
    last_news,
    noticed,
    refused,
    verdict,
)
from amoa_workflow.errors import Interrupted, RunnerError, signal_of
from amoa_workflow.i18n import translator
from amoa_workflow.scenarios.handover import plan_from_json, plan_to_json, run_handed_over
from amoa_workflow.scenarios.runner import RunPlan
from amoa_workflow.scenarios.shard_process import stop_all
from amoa_workflow.store.shard_handover import ShardHandover
from flows.mistakes import project_run

SHARD_DEPLOYMENT = "acceptance-shard/acceptance-shard"
PROJECT_VARIABLE = "AMOA_PROJECT_DIR"
LOST_AFTER = 60.0  # seconds without news from a running shard before it is taken for dead
POLL = 0.25  # seconds between two reads of the hand-over (the project database) while shards run
ASK_SERVER_EVERY = 1.0  # seconds between two reads of a running shard's flow run (the Prefect API)


@flow(name="acceptance-shard", retries=0)  # the checkpoint sends a failed shard again, not the server
def acceptance_shard(
    release: str, run_key: str, plan: dict[str, Any], index: int, revision: str, project_dir: str = ""
) -> dict[str, Any] | State[Any]:
    """Run shard ``index`` of a checkpoint's plan with this worker's copy of the project.

    A copy it must refuse (another revision) ends it Failed with one line and an attempt ``refused``
    in the database: the checkpoint gives up at once. Anything else that stops it (no project here,
    the database, pytest that cannot start) ends it Failed too, and the checkpoint sends it to the
    pool once more, the new attempt replacing what this one handed over."""
    folder = Path(project_dir or os.environ.get(PROJECT_VARIABLE) or ".")
    shard = partial(shard_run, release, run_key, plan, index, revision, folder)
    return project_run(folder, shard)  # no project there, a copy refused: one line, no traceback


def shard_run(
    release: str,
    run_key: str,
    plan: dict[str, Any],
    index: int,
    revision: str,
    folder: Path,
    app: Application,
) -> dict[str, Any] | State[Any]:
    t, host = translator(app.settings.lang), socket.gethostname()
    logger = get_run_logger()

    def say(key: str, **params: object) -> None:
        logger.info(t(key, shard=index, run=run_key, host=host, **params))

    say("flow.shard_started", attempt=flow_run.run_count, project=folder)
    try:
        outcome = run_handed_over(
            app.runner, app.shard_handover(), app.settings.data_dir, release, run_key,
            plan_from_json(plan), index, revision, host, utc_now,
            lambda error: logger.warning(
                t("flow.shard_beat_missed", shard=index, run=run_key, error=error.render(app.settings.lang))
            ),
        )  # fmt: skip
    except (KeyboardInterrupt, TerminationSignal) as stop:  # cancelled: its pytest process goes too
        stop_all(signal_of(stop))
        return Cancelled(message=Interrupted(signal_of(stop)).render(app.settings.lang))
    finally:
        app.engine.dispose()
    say("flow.shard_done", scenarios=outcome.scenarios, attempt=outcome.attempt)
    return {"shard": outcome.index, "attempt": outcome.attempt, "host": host, "scenarios": outcome.scenarios}


@dataclass
class _Sent:
    flow_run_id: UUID
    tries: int
    after: int  # the shard's last attempt in the database when this try was sent: news come after it
    at: datetime  # when it was sent (the checkpoint's clock)
    seen: Seen = field(default_factory=Seen)  # its latest news, and when the checkpoint saw it
    state: State[Any] | None = None  # its flow run's state, as last read from the server
    asked: float = -ASK_SERVER_EVERY  # when (time.monotonic()) it was read


def run_on_pool(
    app: Application,
    release: str,
    run_key: str,
    plan: RunPlan,
    revision: str,
    deployment: str = SHARD_DEPLOYMENT,
    lost_after: float = LOST_AFTER,
    poll: float = POLL,
    start_within: float = START_WITHIN,
) -> None:
    """Send every shard of ``plan`` to the work pool and wait until each has handed its results over.

    It reads the hand-over every ``poll`` seconds (the project database) and a shard's flow run from
    the Prefect API once every :data:`ASK_SERVER_EVERY` seconds, or at once when the database says
    that shard's attempt ended: a finished shard is merged within ``poll`` seconds of its end.

    Stopped (cancelled, interrupted) or giving up (a shard lost twice, or that no worker took within
    ``start_within`` seconds), it cancels the shards still running."""
    parameters = {"release": release, "run_key": run_key, "plan": plan_to_json(plan), "revision": revision}
    pool = _Pool(app, app.shard_handover(), deployment, parameters, run_key, lost_after, start_within)
    for shard in plan.shards:
        pool.send(shard.index, 1, [])
    with get_client(sync_client=True) as client:
        try:
            pool.watch(client, poll)
        except BaseException:
            for index in pool.pending:
                with contextlib.suppress(Exception):
                    client.set_flow_run_state(pool.sent[index].flow_run_id, Cancelling(), force=True)
            raise


@dataclass
class _Pool:
    app: Application
    handover: ShardHandover
    deployment: str
    parameters: dict[str, Any]
    run_key: str
    lost_after: float
    start_within: float
    sent: dict[int, _Sent] = field(default_factory=dict)
    pending: set[int] = field(default_factory=set)

    def send(self, index: int, tries: int, attempts: list[ShardAttempt]) -> None:
        child = run_deployment(
            self.deployment, parameters=self.parameters | {"index": index}, timeout=0, as_subflow=True,
            flow_run_name=f"{self.run_key} · shard {index} · {tries}",
            idempotency_key=f"{self.run_key}:{index}:{tries}",
        )  # fmt: skip
        last = max((a.attempt for a in attempts if a.shard == index), default=0)
        self.sent[index] = _Sent(cast(FlowRun, child).id, tries, last, utc_now())
        self.pending.add(index)

    def watch(self, client: SyncPrefectClient, poll: float) -> None:
        """Until every shard has completed: run again, once, a shard whose worker died; else give up."""
        t, logger = translator(self.app.settings.lang), get_run_logger()
        while self.pending:
            time.sleep(poll)
            attempts = self.handover.attempts(self.run_key)
            for index in sorted(self.pending):
                sent = self.sent[index]
                if ended(attempts, index, sent.after) or time.monotonic() - sent.asked >= ASK_SERVER_EVERY:
                    sent.state, sent.asked = client.read_flow_run(sent.flow_run_id).state, time.monotonic()
                state = sent.state
                kind = state.type.value if state is not None else "PENDING"
                started = state.timestamp if state is not None else None
                now = utc_now()
                sent.seen = noticed(sent.seen, last_news(kind, started, attempts, index, sent.after), now)
                decided = verdict(
                    kind, sent.seen.at, now, self.lost_after, sent.tries, sent_at=sent.at,
                    start_within=self.start_within, refusal=refused(attempts, index, sent.after),
                )  # fmt: skip
                why = self._why(t, kind, state, sent)
                if decided is Verdict.DONE:
                    self.pending.discard(index)
                elif decided is Verdict.RERUN:
                    if kind == "RUNNING":  # its worker is gone: say so, for the UI and for any late writer
                        client.set_flow_run_state(sent.flow_run_id, Crashed(message=why), force=True)
                    logger.warning(
                        t("flow.shard_lost", shard=index, run=self.run_key, why=why, tries=sent.tries + 1)
                    )
                    self.send(index, sent.tries + 1, attempts)
                elif decided is Verdict.GIVE_UP:
                    detail = t("flow.shard_gave_up", shard=index, run=self.run_key, tries=sent.tries, why=why)
                    raise RunnerError(features=str(self.app.settings.features_dir), detail=detail)

    def _why(self, t: Callable[..., str], kind: str, state: State[Any] | None, sent: _Sent) -> str:
        """Why a shard is given up or sent again, in the project's language."""
        if kind == "RUNNING" and sent.seen.at is not None:
            return t("flow.shard_silent", since=f"{sent.seen.at:%H:%M:%S}", lost_after=f"{self.lost_after:g}")
        if kind in WAITING:
            return t("flow.shard_not_taken", start_within=f"{self.start_within:g}")
        return (state.message if state is not None else "") or kind
