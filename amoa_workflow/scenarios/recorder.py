"""The results recorder of the scenario-run subprocess: one JSON line per scenario or outline row.

pytest reports each scenario in three phases (setup, call, teardown); the recorder merges them,
with the steps the plugin recorded, into one record whose status says what really happened:

* ``undefined`` when a step has no definition (never ``passed``), or when the scenario has no step
  of its own (pytest-bdd runs it, its Background if any, and calls it passed: it checked nothing);
  ``failed`` when a step failed;
* ``error`` when setup or teardown failed, when the system under test could not be reached, or
  when the scenario ran out of time; ``skipped`` with its steps listed as skipped;
* a file that does not parse is one ``error`` record naming ``file:line``;
* ``pending``, its steps pending, for a manual scenario (skipped before it starts, never run).

Registered only on the controller (not on xdist workers), which sees every report. Each line is
flushed as the scenario ends, so progress can be followed and a killed run loses nothing reported.
"""

from __future__ import annotations

import errno
import json
import re
import socket
from pathlib import Path
from typing import Any

import pytest

from amoa_workflow.scenarios.timeout import ScenarioTimeout

META = "amoa_scenario"
DECLARED = "amoa_declared_steps"
STEPS = "amoa_steps"
EMPTY = "amoa_empty"  # a scenario with no step of its own
MANUAL = "amoa_manual"
LINE_IN_MESSAGE = re.compile(r"\.feature:(\d+)|line(?: number)?[: ]\s*(\d+)|\((\d+):\d+\)", re.IGNORECASE)
_UNREACHABLE_ERRNOS = {errno.ECONNREFUSED, errno.EHOSTUNREACH, errno.ENETUNREACH, errno.ETIMEDOUT,
                       errno.EHOSTDOWN, errno.ENETDOWN}  # fmt: skip


def environmental(error: BaseException) -> bool:
    """Whether the error says the scenario could not run (out of time, system unreachable), not failed."""
    seen: set[int] = set()
    current: BaseException | None = error
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        if isinstance(current, ScenarioTimeout | ConnectionError | TimeoutError | socket.gaierror):
            return True
        if isinstance(current, OSError) and current.errno in _UNREACHABLE_ERRNOS:
            return True
        current = current.__cause__ or current.__context__
    return False


class ResultsRecorder:
    """Merges the setup / call / teardown reports of each scenario into one record."""

    def __init__(self, target: Path, t: Any) -> None:
        self.stream = target.open("a", encoding="utf-8")  # one line per scenario, flushed as it ends
        self.t = t
        self.pending: dict[str, dict[str, Any]] = {}

    def pytest_unconfigure(self) -> None:
        self.stream.close()

    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        properties: dict[str, Any] = dict(report.user_properties)
        meta = properties.get(META)
        if not isinstance(meta, dict):
            return
        record = self.pending.setdefault(
            report.nodeid, {**meta, "status": "passed", "duration": 0.0, "message": None, "steps": []}
        )
        record["duration"] = round(record["duration"] + report.duration, 6)
        if STEPS in properties:
            record["steps"] = properties[STEPS]
        manual = bool(properties.get(MANUAL))
        if manual and report.skipped:
            record["status"], record["message"] = "pending", self.t("run.manual_pending")
        self._apply_phase(record, report)
        if report.when == "teardown":
            if properties.get(EMPTY) and record["status"] == "passed":
                record["status"], record["message"] = "undefined", self.t("run.no_steps")
            if not record["steps"]:  # never started (skipped, setup error, manual): its steps did not run
                status = "pending" if record["status"] == "pending" else "skipped"
                record["steps"] = [
                    {**step, "position": position, "status": status, "duration": 0.0, "error": None,
                     "traceback": None}
                    for position, step in enumerate(properties.get(DECLARED, []))
                ]  # fmt: skip
            self._write(self.pending.pop(report.nodeid))

    def pytest_collectreport(self, report: pytest.CollectReport) -> None:
        if not report.failed or not report.nodeid.endswith(".feature"):
            return
        message = str(report.longrepr).strip()
        line = LINE_IN_MESSAGE.search(message)
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
        self.stream.write(json.dumps(record, ensure_ascii=False) + "\n")
        self.stream.flush()

    def _apply_phase(self, record: dict[str, Any], report: pytest.TestReport) -> None:
        steps = record.get("steps", [])
        if report.skipped and record["status"] == "passed":
            record["status"] = "skipped"
            record["message"] = _crash_message(report)
        elif report.failed and report.when != "call":
            record["status"] = "error"
            record["message"] = f"{report.when}: {_crash_message(report)}"
        elif report.failed:
            undefined = [s for s in steps if s["status"] == "undefined"]
            stopped = [s for s in steps if s["status"] == "error"]
            if undefined:
                record["status"], record["message"] = "undefined", undefined[0]["error"]
            elif stopped:
                detail = stopped[0]["error"] or ""
                record["status"] = "error"
                timed_out = ScenarioTimeout.__name__ in (stopped[0].get("traceback") or "")
                record["message"] = detail if timed_out else self.t("run.unreachable", detail=detail)
            else:
                record["status"], record["message"] = "failed", _crash_message(report)


# Our own failures speak for themselves: their class is no news to an analyst.
_OURS = re.compile(r"^(?:[\w.]+\.)?(?:StepFailure|ScenarioTimeout): ")


def short(error: BaseException) -> str:
    text = str(error).strip()
    first = text.splitlines()[0] if text else ""
    if type(error).__name__ in ("StepFailure", "ScenarioTimeout") and first:
        return first
    return f"{type(error).__name__}: {first}" if first else type(error).__name__


def _crash_message(report: pytest.TestReport) -> str:
    crash = getattr(report.longrepr, "reprcrash", None)
    if crash is not None:
        return _OURS.sub("", str(crash.message).strip())
    if isinstance(report.longrepr, tuple):
        return str(report.longrepr[2])
    return str(report.longrepr or "").strip().splitlines()[-1:][0] if report.longrepr else ""
