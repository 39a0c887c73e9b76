"""The flow runs waiting at an approval gate on a Prefect server: found and woken.

Whatever changes a gate (``amoa approve``, the web page, a Prefect form answered in another flow
run, an expiry) — a decision that closes it, or one that leaves it open (the first of two
approvals, an approval with reservations still awaiting another approver) — the flow run paused
or suspended at that gate is woken through the Prefect API, with no run input: woken, it reads the
gate from our database, the one truth about it, and goes on, or logs the decision and waits again
if the gate is still pending (nothing is run again: the campaign is recorded). Waking carries no
authority: a run woken for nothing only reads the database and waits again.

A flow run waits at gate ``vabf`` of release ``1.1.0`` when it is paused with a pause key
``vabf-r<round>-<n>`` and its ``release`` parameter is ``1.1.0`` (see :mod:`flows.decisions`). A
checkpoint waiting for its manual part waits the same way at :data:`MANUAL_PART` (``manual-r1-<n>``),
woken by each tester's recording and at the part's deadline (see :mod:`flows.manual`).
Without ``PREFECT_API_URL`` there is no server to ask: nothing is waiting, nothing is done. A wake
missed that way (or one that reached the server while the run was on its way to pausing again) is
made up by :func:`wake_left_waiting`, which the reminders run: every run still paused at a gate
already closed is woken.

A Prefect server that cannot be asked is one warning line in the project's language, naming it
and saying what wakes the run instead; the decision, the reminders go on.

May import: domain, errors, i18n, prefect_api.
"""

from __future__ import annotations

import logging
import os
import re
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from amoa_workflow.domain.gates import MANUAL_PART as MANUAL_PART  # where the manual part waits
from amoa_workflow.domain.notifications import Event, EventKind
from amoa_workflow.errors import PrefectServerUnavailable
from amoa_workflow.i18n import translator
from amoa_workflow.prefect_api import unanswered

WAITING_FLOWS = ("acceptance-checkpoint", "approval-gate")
WAKING_EVENTS = frozenset({EventKind.DECISION_RECORDED, EventKind.GATE_CLOSED})
logger = logging.getLogger(__name__)
R = TypeVar("R")


def pause_key(gate: str, round_: int, number: int) -> str:
    """The pause key of the ``number``-th wait at ``gate`` in ``round_``: lowercase, digits, dashes."""
    return f"{gate}-r{round_}-{number}"


def waits_at(gate: str, key: str | None) -> bool:
    return key is not None and re.fullmatch(rf"{re.escape(gate)}-r\d+-\d+", key) is not None


def gate_of(key: str | None) -> str | None:
    """The gate a pause key waits at (``vabf`` of ``vabf-r1-2``); None for a key not ours."""
    found = re.fullmatch(r"([a-z0-9][a-z0-9-]*)-r\d+-\d+", key or "")
    return found.group(1) if found else None


@dataclass(frozen=True)
class WaitingRun:
    id: str
    name: str
    suspended: bool  # its process exited: a worker runs it again from the top


def gates_changed(events: Sequence[Event]) -> list[tuple[str, str]]:
    """(release, gate) of each gate the events change (a decision recorded, the gate closed), once each."""
    found: list[tuple[str, str]] = []
    for event in events:
        if event.kind in WAKING_EVENTS:
            pair = (str(event.facts.get("release", "")), str(event.facts.get("gate", "")))
            if all(pair) and pair not in found:
                found.append(pair)
    return found


class PrefectWaker:
    """Wakes the flow runs waiting at a gate, through the Prefect API of ``PREFECT_API_URL``."""

    def __init__(self, environ: Mapping[str, str] | None = None, lang: str = "en") -> None:
        self.environ = os.environ if environ is None else environ
        self.lang = lang  # of the warning lines

    @property
    def enabled(self) -> bool:
        return bool(self.environ.get("PREFECT_API_URL"))

    def waiting(self, release: str, gate: str) -> list[WaitingRun]:
        return [run for at, run in self.paused() if at == (release, gate)]

    def paused(self) -> list[tuple[tuple[str, str], WaitingRun]]:
        """Every flow run of ours paused or suspended at a gate, with its (release, gate)."""
        from prefect.client.orchestration import get_client
        from prefect.client.schemas.filters import (
            FlowFilter,
            FlowFilterName,
            FlowRunFilter,
            FlowRunFilterState,
            FlowRunFilterStateType,
        )
        from prefect.client.schemas.objects import StateType

        with get_client(sync_client=True) as client:
            runs = client.read_flow_runs(
                flow_filter=FlowFilter(name=FlowFilterName(any_=list(WAITING_FLOWS))),
                flow_run_filter=FlowRunFilter(
                    state=FlowRunFilterState(type=FlowRunFilterStateType(any_=[StateType.PAUSED]))
                ),
            )
        return [
            (
                (str(run.parameters.get("release", "")), gate),
                WaitingRun(str(run.id), run.name, bool(run.state.state_details.pause_reschedule)),
            )
            for run in runs
            if run.state is not None and (gate := gate_of(run.state.state_details.pause_key)) is not None
        ]

    def wake(self, run: WaitingRun) -> bool:
        """Resume ``run`` with no input (as ``resume_flow_run`` does, without the form); False if refused."""
        from prefect.client.orchestration import get_client
        from prefect.client.schemas.responses import SetStateStatus
        from prefect.states import Running, Scheduled

        state: Any = Scheduled(name="Resuming") if run.suspended else Running()
        with get_client(sync_client=True) as client:
            result = client.set_flow_run_state(run.id, state)
        return result.status is SetStateStatus.ACCEPT

    def said(self, key: str, error: Exception, **params: str) -> str:
        """The warning line ``key`` for the server that could not be asked: it does not answer, or
        it failed with ``error``."""
        t = translator(self.lang)
        if unanswered(error, self.environ) is not None:
            why = t("flow.server_down")
        else:
            why = t("flow.server_failed", error=f"{type(error).__name__}: {error}")
        shown = PrefectServerUnavailable(self.environ.get("PREFECT_API_URL", ""))  # without credentials
        url = str(shown.params["url"])
        return t(key, url=url, why=why, **params)

    def wake_all(self, release: str, gate: str) -> list[WaitingRun]:
        """Wake every run waiting at the gate; a failure is one warning line, never an exception."""
        if not self.enabled:
            return []
        woken: list[WaitingRun] = []
        try:
            for run in self.waiting(release, gate):
                if self.wake(run):
                    woken.append(run)
                    logger.info("woke flow run %s waiting at gate %s of %s", run.name, gate, release)
                else:
                    t = translator(self.lang)
                    logger.warning("%s", t("flow.refused_wake", run=run.name, gate=gate, release=release))
        except Exception as exc:  # the decision is recorded: waking is best effort, and said
            key = "flow.manual_not_woken" if gate == MANUAL_PART else "flow.not_woken"
            logger.warning("%s", self.said(key, exc, gate=gate, release=release))
        return woken


def wake_left_waiting(waker: PrefectWaker, closed: Collection[tuple[str, str]]) -> list[WaitingRun]:
    """Wake the runs still paused at a gate already closed: their wake was missed (the decision was
    made where no Prefect server was configured, or reached it while the run was on its way to
    pausing again). Run with the reminders; a failure is one warning line."""
    if not waker.enabled or not closed:
        return []
    woken: list[WaitingRun] = []
    try:
        for (release, gate), run in waker.paused():
            if (release, gate) in closed and waker.wake(run):
                woken.append(run)
                logger.info("woke flow run %s left waiting at closed gate %s of %s", run.name, gate, release)
    except Exception as exc:  # best effort, said: the next reminders run tries again
        logger.warning("%s", waker.said("flow.left_waiting_not_asked", exc))
    return woken


def waking(notify: Callable[[Sequence[Event]], R], waker: PrefectWaker) -> Callable[[Sequence[Event]], R]:
    """``notify``, then wake the flow runs waiting at each gate the events change."""

    def announce(events: Sequence[Event]) -> R:
        try:
            return notify(events)
        finally:
            for release, gate in gates_changed(events):
                waker.wake_all(release, gate)

    return announce
