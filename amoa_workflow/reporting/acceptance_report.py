"""The acceptance report (PV de recette) in HTML and Markdown, and the change digest, with Jinja2.

Scenario names, titles, notes, comments and reservations come from people and files: they are
shown as text, never run. HTML is autoescaped (and the page's own policy allows no script); in
Markdown every value goes through :func:`amoa_workflow.escaping.inert_markdown` (no HTML, no link).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cache
from pathlib import Path
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

from amoa_workflow.checkpoint.outcomes import CampaignOutcome, pv_fingerprint
from amoa_workflow.domain.decisions import Reservation
from amoa_workflow.domain.gates import GateState, timed_out
from amoa_workflow.domain.model import GapType, ItemKind, ScenarioResult, Status, Verdict
from amoa_workflow.domain.quorum import Outcome
from amoa_workflow.escaping import code_filter, inert_markdown
from amoa_workflow.i18n import translator
from amoa_workflow.reporting.compiled_templates import bytecode_cache
from amoa_workflow.reporting.figures import with_figures
from amoa_workflow.reporting.pv_listing import changes, listing, reservation_rows
from amoa_workflow.reporting.trend_chart import chart

_STATUS_COLOURS = {
    "passed": "#2e7d32",
    "failed": "#c62828",
    "error": "#6a1b9a",
    "undefined": "#ef6c00",
    "skipped": "#9e9e9e",
    "pending": "#1565c0",
}
_DIGEST_KINDS = (ItemKind.ADDED, ItemKind.CHANGED, ItemKind.FIXED, ItemKind.SECURITY)


@dataclass(frozen=True)
class DigestEntry:
    kind: str
    title: str  # the requirement's title, in business words, or the item itself
    text: str


@dataclass(frozen=True)
class Decision:
    """A row of the PV's signature block: who (name and role, as configured), on which gate, what."""

    approver: str  # the approver's name
    decision: str
    decided_at: str
    comment: str
    role: str = ""
    gate: str = ""  # the gate's label
    doubt: str = ""  # why it does not verify against the audit log (a message key); "" when it does
    pv_sha256: str = ""  # the PV it was made on: another than the one shown is an earlier one, said so


@dataclass(frozen=True)
class GateSummary:
    label: str
    outcome: str  # pending, approved, approved_with_reservations, rejected, expired
    round: int
    waiting_for: tuple[str, ...]
    wording: str = ""  # the message key of its outcome (see outcome_key)
    established: bool = True  # its outcome follows from its verified decisions (or was not checked)


def outcome_key(state: GateState) -> str:
    """The words of a gate's outcome: a gate rejected at its deadline (``on_timeout``) says so; one
    whose outcome does not follow from its verified decisions is not established."""
    if state.check is not None and not state.check.established:
        return "gate.not_established"
    if state.gate.outcome is Outcome.REJECTED and timed_out(state):
        return "gate.rejected_at_deadline"
    return f"gate.{state.gate.outcome.value}"


def decision_rows(
    gates: Sequence[GateState], describe: Callable[[Reservation], str] = lambda r: r.gap
) -> list[Decision]:
    """The decisions that count (the gates' current rounds), as the PV shows them; ``describe``
    names what a reservation is about (see :func:`reservation_words`)."""
    rows = []
    for state in gates:
        for d in state.decisions:
            who = state.definition.approver(d.approver)
            reserved = "; ".join(f"{describe(r)} ({r.owner}, {r.due.isoformat()})" for r in d.reservations)
            comment = " — ".join(part for part in (d.comment, reserved) if part)
            why = state.check.doubt(d) if state.check is not None else None
            rows.append(
                Decision(
                    who.name if who and who.name else d.approver,
                    d.kind.value,
                    d.decided_at.strftime("%Y-%m-%d %H:%M UTC"),
                    comment,
                    who.role if who else "",
                    state.definition.label,
                    f"report.doubt_{why.value}" if why else "",
                    d.pv_sha256,
                )
            )
    return rows


def reservation_words(outcome: CampaignOutcome, lang: str) -> Callable[[Reservation], str]:
    """A reservation in words, not ids: the gap's type and requirement, or the approver's text."""
    t = translator(lang)
    gaps = {g.identity: g for g in outcome.gaps}

    def words(reservation: Reservation) -> str:
        if reservation.text is not None:
            return f"« {reservation.text} »"
        gap = gaps.get(reservation.gap)
        if gap is None:
            return reservation.gap
        return t(gap.type.value) + (f" — {gap.requirement_code}" if gap.requirement_code else "")

    return words


def gate_summaries(gates: Sequence[GateState]) -> list[GateSummary]:
    return [
        GateSummary(
            s.definition.label,
            s.gate.outcome.value,
            s.gate.round,
            tuple(a.name for a in s.waiting_for),
            outcome_key(s),
            s.check is None or s.check.established,
        )
        for s in gates
    ]


@dataclass(frozen=True)
class HtmlReport:
    lang: str

    def render(
        self,
        outcome: CampaignOutcome,
        target: Path,
        decisions: Sequence[Decision] = (),
        *,
        gates: Sequence[GateState] = (),
        audit_head: str | None = None,
    ) -> Path:
        """The PV in HTML and Markdown; ``gates`` give its decisions and outcome (or ``decisions``);
        ``audit_head``: the audit log's head (``ID:HASH``) printed in it, an anchor outside the database."""
        rows = list(decisions) or decision_rows(gates, reservation_words(outcome, self.lang))
        _write(target, self.render_html(self.context(outcome, rows, gates, audit_head)))
        _write(target.with_suffix(".md"), self.markdown(outcome, rows, gates, audit_head))
        return target

    def render_html(self, context: dict[str, Any]) -> str:
        return str(self._template("report.html.j2", autoescape=True).render(**context))

    def digest(self, outcome: CampaignOutcome) -> str:
        """The change digest for end users, as Markdown."""
        return str(self._template("digest.md.j2", autoescape=False).render(**self.context(outcome)))

    def markdown(
        self,
        outcome: CampaignOutcome,
        decisions: Sequence[Decision] = (),
        gates: Sequence[GateState] = (),
        audit_head: str | None = None,
    ) -> str:
        rows = list(decisions) or decision_rows(gates, reservation_words(outcome, self.lang))
        context = self.context(outcome, rows, gates, audit_head)
        return str(self._template("report.md.j2", autoescape=False).render(**context))

    def context(
        self,
        outcome: CampaignOutcome,
        decisions: Sequence[Decision] = (),
        gates: Sequence[GateState] = (),
        audit_head: str | None = None,
    ) -> dict[str, Any]:
        assessment = outcome.assessment
        now = datetime.now(UTC)
        return {
            "o": outcome,
            "a": assessment,
            "t": translator(self.lang),
            "lang": self.lang,
            "generated": now.strftime("%Y-%m-%d %H:%M UTC"),
            "bar": status_bar(outcome.counts),
            "listing": listing(outcome.coverage, outcome.results),
            "diff": changes(assessment.changes if assessment else ()),
            "reservations": reservation_rows(assessment.tracked, assessment.free_reservations, now.date())
            if assessment
            else [],
            "scenario_names": {r.key: scenario_name(r) for r in outcome.results},
            "chart": chart(assessment.trend) if assessment else None,
            "colours": _STATUS_COLOURS,
            "tracked_by_identity": {g.identity: g for g in assessment.tracked} if assessment else {},
            "approver_names": {a.id: a.name or a.id for s in gates for a in s.definition.approvers},
            "digest": change_digest(outcome),
            "decisions": list(decisions),
            "gates": gate_summaries(gates),
            "pv_sha256": pv_fingerprint(outcome),
            "audit_head": audit_head,
            "manual": manual_part(outcome.results),
        }

    def _template(self, name: str, autoescape: bool) -> Any:
        return _environment(autoescape).get_template(name)


@cache
def _environment(autoescape: bool) -> Environment:
    """One per process and escaping, its templates compiled once (:mod:`.compiled_templates`)."""
    environment = Environment(
        loader=PackageLoader("amoa_workflow", "templates"),
        autoescape=select_autoescape(default=autoescape, default_for_string=autoescape),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        finalize=None if autoescape else inert_markdown,
        bytecode_cache=bytecode_cache(),
    )
    environment.filters["code"] = code_filter
    with_figures(environment.filters)
    return environment


def change_digest(outcome: CampaignOutcome) -> list[DigestEntry]:
    """What the release brings to end users: announced items whose requirements are met.

    An item is left out when it names no known requirement (nothing verified it), when a
    requirement it names is not OK or when a fix it announces still fails.
    """
    verdicts = {row.requirement.code: row for row in outcome.coverage}
    failing_fixes = {
        text for g in outcome.gaps if g.type is GapType.FIX_STILL_FAILING for text in g.item_texts
    }
    entries = []
    for item in outcome.release.items:
        if item.kind not in _DIGEST_KINDS or item.text in failing_fixes:
            continue
        rows = [verdicts[c] for c in item.requirement_refs if c in verdicts]
        if not rows or any(row.verdict is not Verdict.OK for row in rows):
            continue
        title = " / ".join(row.requirement.title for row in rows) or item.text
        entries.append(DigestEntry(item.kind.value, title, item.text))
    return entries


def scenario_name(result: ScenarioResult) -> str:
    """A scenario as people name it: its name, and an outline row's values."""
    row = f" [{', '.join(v for _, v in result.example)}]" if result.example else ""
    return result.scenario + row


def status_bar(counts: dict[str, int], width: int = 600) -> list[dict[str, object]]:
    """Segments of a stacked bar (x, width, colour, status, count) for the inline SVG."""
    total = sum(counts.values())
    segments: list[dict[str, object]] = []
    x = 0.0
    for status, colour in _STATUS_COLOURS.items():
        count = counts.get(status, 0)
        if not count or not total:
            continue
        share = width * count / total
        segments.append({"x": round(x, 2), "width": round(share, 2), "colour": colour,
                         "status": status, "count": count})  # fmt: skip
        x += share
    return segments


def _write(target: Path, text: str) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    temporary = target.with_suffix(target.suffix + ".tmp")
    temporary.write_text(text, encoding="utf-8")
    temporary.replace(target)


@dataclass(frozen=True)
class ManualPart:
    """The PV's « tests utilisateurs »: manual scenarios done (by tester) and still pending."""

    rows: tuple[ScenarioResult, ...]
    per_tester: tuple[tuple[str, dict[str, int]], ...]
    pending: int
    notes: dict[str, str]  # scenario key → "tester: comment", for the gaps they explain

    @staticmethod
    def said(row: ScenarioResult) -> str:
        """The word for a manual scenario's status: one a tester could not execute (a step
        blocked: no access, no data) is an error of the campaign, and reads "blocked"."""
        return "blocked" if row.executed_by and row.status is Status.ERROR else row.status.value


def manual_part(results: Sequence[ScenarioResult]) -> ManualPart:
    rows = tuple(r for r in results if r.executed_by or r.status is Status.PENDING)
    testers: dict[str, dict[str, int]] = {}
    for row in rows:
        if row.executed_by:
            counts = testers.setdefault(row.executed_by, {})
            counts[ManualPart.said(row)] = counts.get(ManualPart.said(row), 0) + 1
    pending = sum(r.status is Status.PENDING for r in rows)
    notes = {r.key: r.message for r in rows if r.executed_by and r.message}
    return ManualPart(rows, tuple(sorted(testers.items())), pending, notes)
