"""The JSON documents of ``--format json``, for CI scripts and dashboards: one versioned shape per
command (``"format": "amoa.gaps/1"``). A new field may be added within a version; a field removed
or changed in meaning makes a new version. Documented in docs/gaps-and-pv.md and docs/approval-gates.md.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from amoa_workflow.checkpoint.services import CampaignOutcome
from amoa_workflow.domain.gates import GateState
from amoa_workflow.domain.model import RunRecord
from amoa_workflow.gates.audit_trail import ChainCheck

GAPS_FORMAT = "amoa.gaps/1"
AUDIT_FORMAT = "amoa.audit-verify/1"
GATES_FORMAT = "amoa.gates/1"
RUNS_FORMAT = "amoa.runs/1"


def gaps_document(outcome: CampaignOutcome) -> dict[str, Any]:
    """The gaps of a campaign with their tracking, and the free-text reservations of its release."""
    assessment = outcome.assessment
    tracked = {g.identity: g for g in assessment.tracked} if assessment else {}
    gaps = []
    for gap in outcome.gaps:
        state = tracked.get(gap.identity)
        gaps.append({
            "id": gap.identity, "type": gap.type.value, "severity": gap.severity.value,
            "requirement": gap.requirement_code, "facts": [f.value for f in gap.facts],
            "scenarios": list(gap.scenario_keys), "notes": list(gap.item_texts),
            "anomalies": list(gap.anomaly_refs),
            "status": state.status.value if state else None, "owner": state.owner if state else None,
            "due": state.due.isoformat() if state and state.due else None,
            "first_release": state.first_release if state else None,
        })  # fmt: skip
    free = [
        {"id": g.identity, "text": g.reason, "owner": g.owner, "due": g.due.isoformat() if g.due else None,
         "status": g.status.value}
        for g in (assessment.free_reservations if assessment else ())
    ]  # fmt: skip
    recommendation = assessment.recommendation.outcome.value if assessment else None
    return {"format": GAPS_FORMAT, "release": outcome.release.version, "campaign": outcome.campaign_key,
            "recommendation": recommendation, "gaps": gaps, "reservations": free}  # fmt: skip


def audit_document(checked: ChainCheck, lang: str) -> dict[str, Any]:
    """What ``amoa audit verify`` checked, and every problem found (none: the log holds)."""
    return {
        "format": AUDIT_FORMAT,
        "ok": checked.broken is None,
        "entries": checked.count,
        "head": f"{checked.last_id}:{checked.last_hash}" if checked.last_id else None,
        "keyed": checked.keyed,
        "anchors": checked.anchors,
        "gates": checked.gates,
        "signatures": checked.signatures,
        "problems": [
            {"kind": p.kind, "entry": p.entry_id, "message": p.render(lang)} for p in checked.problems
        ],
    }


def gates_document(release: str, states: Sequence[GateState]) -> dict[str, Any]:
    """Where each gate of a release stands: outcome, rule, decisions of the current round, who is awaited."""
    gates = []
    for state in states:
        gate, rule = state.gate, state.definition
        gates.append({
            "name": gate.name, "label": rule.label, "round": gate.round, "status": gate.status.value,
            "outcome": gate.outcome.value, "opened_at": _when(gate.opened_at),
            "closed_at": _when(gate.closed_at),
            "quorum": {"kind": rule.quorum.kind.value, "required": rule.quorum.required},
            "decisions": [
                {"approver": d.approver, "decision": d.kind.value, "at": _when(d.decided_at),
                 "comment": d.comment, "proof": d.proof or None, "key": d.key_fingerprint or None,
                 "verified": None if state.check is None else state.check.doubt(d) is None,
                 "reservations": [{"gap": r.gap, "text": r.text, "owner": r.owner, "due": r.due.isoformat()}
                                  for r in d.reservations]}
                for d in state.decisions
            ],
            "waiting_for": [a.id for a in state.waiting_for],
            "established": None if state.check is None else state.check.established,
        })  # fmt: skip
    return {"format": GATES_FORMAT, "release": release, "gates": gates}


def runs_document(campaign: str, runs: Sequence[RunRecord]) -> dict[str, Any]:
    """The run history of a campaign: each attempt, its selection, shards, times and counts per status."""
    return {
        "format": RUNS_FORMAT,
        "campaign": campaign,
        "runs": [
            {
                "attempt": r.attempt,
                "run": r.run_key,
                "selection": r.selection,
                "shards": r.shards,
                "started_at": _when(r.started_at),
                "finished_at": _when(r.finished_at),
                "counts": dict(r.counts),
            }
            for r in runs
        ],
    }


def _when(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment is not None else None


def dumps(document: dict[str, Any]) -> str:
    return json.dumps(document, ensure_ascii=False, indent=2)
