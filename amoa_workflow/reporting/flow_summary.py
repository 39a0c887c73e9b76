"""What a Prefect run says about a checkpoint: its final state, its summary line, its artifacts.

Pure text from a :class:`~amoa_workflow.checkpoint.services.CampaignOutcome` and its gates; the
flows publish it (:mod:`flows.publication`). The final state is *Completed* whatever the verdict (the
run did its work) but is **named** after it, so a list of runs in the Prefect UI reads as the
acceptance went: the outcome of the gates when they closed (``Approved``, ``Rejected``,
``Rejected at deadline`` for a gate configured to be rejected at its timeout, ``Expired``…),
``Awaiting approval`` while one is pending, else the recommendation (``No go``…). A gate is judged
from its decisions that verify against the audit log (a checked state, as the PV shows it): one
whose recorded status and outcome do not follow from them (set by SQL) names the state
``Not established``, whatever the table says, and the flow's log names each row that does not verify.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from amoa_workflow.checkpoint.services import CampaignOutcome
from amoa_workflow.domain.gates import GateState, GateStatus, timed_out
from amoa_workflow.domain.quorum import Outcome
from amoa_workflow.escaping import markdown_text
from amoa_workflow.i18n import decimal, translator
from amoa_workflow.reporting.acceptance_report import outcome_key
from amoa_workflow.reporting.console import doubt_lines

# The first gate outcome found in this order names the state: the most telling one wins.
_GATE_NAMES = {
    Outcome.REJECTED: "Rejected",
    Outcome.EXPIRED: "Expired",
    Outcome.APPROVED_WITH_RESERVATIONS: "Approved with reservations",
    Outcome.APPROVED: "Approved",
}
NOT_ESTABLISHED = "Not established"
_MET = {True: "met", False: "missed"}
_RECOMMENDATION_NAMES = {"go": "Go", "go_with_reservations": "Go with reservations", "no_go": "No go"}


def state_name(outcome: CampaignOutcome, gates: Sequence[GateState]) -> str:
    if not all(g.established for g in gates):
        return NOT_ESTABLISHED
    if any(g.gate.status is GateStatus.PENDING for g in gates):
        return "Awaiting approval"
    for result in _GATE_NAMES:
        telling = next((g for g in gates if g.gate.outcome is result), None)
        if telling is not None:
            return state_name_of(telling)
    recommendation = _recommendation(outcome)
    return _RECOMMENDATION_NAMES.get(recommendation or "", "Completed")


def state_name_of(state: GateState) -> str:
    """The name of a run's final state after this gate: its outcome, and at its deadline, says so;
    ``Not established`` when its recorded outcome does not follow from its verified decisions."""
    if not state.established:
        return NOT_ESTABLISHED
    if state.gate.outcome is Outcome.REJECTED and timed_out(state):
        return "Rejected at deadline"
    return _GATE_NAMES.get(state.gate.outcome, state.gate.outcome.value.replace("_", " ").capitalize())


def gate_result(state: GateState) -> str:
    """What a gate flow returns: the gate's outcome, ``not_established`` when it does not follow from
    its verified decisions."""
    return state.gate.outcome.value if state.established else "not_established"


def gate_lines(state: GateState, lang: str) -> tuple[list[str], str]:
    """What a gate flow logs of the gate it has read: warnings (each decision that does not verify,
    an outcome not established), then where the gate stands (still pending: who decided what, whom
    it awaits; else its outcome, as its verified decisions establish it)."""
    if state.gate.status is GateStatus.PENDING:
        standing = still_pending(state, lang)
    else:
        t = translator(lang)
        standing = t("flow.gate_closed", gate=state.gate.name, release=state.gate.release,
                     outcome=t(outcome_key(state)))  # fmt: skip
    return doubt_lines([state], lang), standing


def still_pending(state: GateState, lang: str) -> str:
    """The log line of a flow woken at a gate that is still pending: the decisions of the round so
    far that verify (who, what), and whom it waits for."""
    t = translator(lang)
    names = {a.id: a.name or a.id for a in state.definition.approvers}
    decided = ", ".join(f"{names.get(d.approver, d.approver)} — {t(d.kind.value)}" for d in state.counted)
    return t(
        "flow.gate_pending",
        gate=state.gate.name,
        release=state.gate.release,
        decided=decided or "—",
        waiting=", ".join(a.name or a.id for a in state.waiting_for) or "—",
    )


def _recommendation(outcome: CampaignOutcome) -> str | None:
    return outcome.assessment.recommendation.outcome.value if outcome.assessment else None


def summary_line(outcome: CampaignOutcome, gates: Sequence[GateState], report: Path, lang: str) -> str:
    """One line: release, scenario counts, gaps, recommendation, each gate's outcome, the PV's path."""
    t = translator(lang)
    counts = ", ".join(f"{t(status)} {n}" for status, n in sorted(outcome.counts.items()))
    blocking = sum(g.severity.value == "blocking" for g in outcome.gaps)
    recommendation = _recommendation(outcome)
    parts = [
        t("flow.summary.release", release=outcome.release.version, campaign=outcome.campaign_key),
        t("flow.summary.scenarios", counts=counts or "0"),
        t("flow.summary.gaps", gaps=len(outcome.gaps), blocking=blocking),
    ]
    if recommendation:
        parts.append(t("flow.summary.recommendation", recommendation=t(recommendation)))
    parts += [t("flow.summary.gate", gate=g.gate.name, outcome=t(outcome_key(g))) for g in gates]
    parts.append(t("flow.summary.report", path=report))
    return " · ".join(parts)


def state_message(outcome: CampaignOutcome, gates: Sequence[GateState], lang: str) -> str:
    """The final state's message: the recommendation and each gate's outcome."""
    t = translator(lang)
    recommendation = _recommendation(outcome)
    parts = [t("flow.summary.recommendation", recommendation=t(recommendation))] if recommendation else []
    parts += [t("flow.summary.gate", gate=g.gate.name, outcome=t(outcome_key(g))) for g in gates]
    return " · ".join(parts) or t("flow.summary.release", release=outcome.release.version,
                                   campaign=outcome.campaign_key)  # fmt: skip


def recommendation_markdown(outcome: CampaignOutcome, gates: Sequence[GateState], lang: str) -> str:
    """The markdown artifact: recommendation, exit criteria met or missed, gaps, gates."""
    t = translator(lang)
    lines = [f"# {t('report.title')} — {markdown_text(outcome.release.version)}", ""]
    if outcome.assessment is not None:
        recommendation = outcome.assessment.recommendation
        lines += [f"**{t('report.recommendation')}**{t('colon')} {t(recommendation.outcome.value)}", ""]
        lines += [
            f"| {t('col.criterion')} | {t('col.expected')} | {t('flow.col.actual')} | |",
            "|---|---|---|---|",
        ]
        lines += [
            f"| {t('criterion.' + c.name)} | {decimal(c.expected, lang)} | {decimal(c.actual, lang)} "
            f"| {t(_MET[c.met])} |"
            for c in recommendation.criteria
        ]
        lines.append("")
    lines += [f"## {t('report.gaps')} ({len(outcome.gaps)})", ""]
    if outcome.gaps:
        lines += [f"| {t('col.severity')} | {t('col.type')} | {t('col.requirement')} |", "|---|---|---|"]
        lines += [
            f"| {t(g.severity.value)} | {t(g.type.value)} | {markdown_text(g.requirement_code or '-')} |"
            for g in outcome.gaps
        ]
    else:
        lines.append(t("report.no_gaps"))
    if gates:
        lines += ["", f"## {t('flow.gates')}", ""]
        lines += [f"- {markdown_text(g.gate.name)}{t('colon')} {t(outcome_key(g))}" for g in gates]
    return "\n".join(lines) + "\n"


def requirements_table(outcome: CampaignOutcome, lang: str) -> list[dict[str, str | int]]:
    """The table artifact: one row per requirement and its verdict in this campaign."""
    t = translator(lang)
    return [
        {
            t("col.requirement"): row.requirement.code,
            t("col.title"): row.requirement.title,
            t("col.criticality"): t(row.requirement.criticality.value),
            t("col.passed"): row.passed,
            t("col.failed"): row.failed,
            t("col.verdict"): t(row.verdict.value),
        }
        for row in outcome.coverage
    ]


def default_database_warning(database: str, given_by: str | None, deployed: bool, lang: str) -> str | None:
    """A deployment's run on the project's default database (no AMOA_DATABASE_URL on its worker),
    said: its decisions, runs and gates are not those of the database the other hosts share."""
    if not deployed or given_by is not None:
        return None
    return translator(lang)("flow.database_default", url=database)
