"""Keeping the PV and the evidence pack in the database as they are rendered, and reading them back
on any host: the checkpoint flow's report, the PV rendered again when a gate closes (with its
decisions), ``amoa report`` (HTML, PDF, evidence pack). ``amoa report --stored`` and the approvers'
web page serve what was kept, its SHA-256 checked, where the file on the rendering worker's disk is
out of reach.

The stored formats of one moment of the PV are kept together: whatever keeps the PV (a run, a
decision, ``amoa report``) also renders again the PDF and the evidence pack when the campaign has
had them kept, and keeps them all in one transaction, with the same time. A PDF or pack that could
not be rendered with the latest PV (no Chromium on the gate's worker, or kept before this rule) is
outdated: :func:`stored` refuses it, naming both times, rather than serve it as the signed one.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from amoa_workflow.checkpoint.services import ACTOR, CampaignOutcome, render_report
from amoa_workflow.domain.file_names import inside
from amoa_workflow.domain.gates import GateState
from amoa_workflow.domain.stored_reports import KINDS, StoredReport, sha256
from amoa_workflow.errors import StoredReportMissing, StoredReportOutdated
from amoa_workflow.ports import ArchiveUnitOfWork
from amoa_workflow.reporting.acceptance_report import HtmlReport

if TYPE_CHECKING:
    from amoa_workflow.reporting.publication import PublishingUnitOfWork

FOLLOWERS = ("pdf", "evidence")  # kept again with every PV once a campaign has had them kept


def keep(
    uow: ArchiveUnitOfWork, outcome: CampaignOutcome, files: Mapping[str, Path], clock: Callable[[], datetime]
) -> list[StoredReport]:
    """Store the PV (``html``, ``pdf``) and evidence pack (``evidence``) among ``files`` (format →
    file just written) for the campaign's run; other formats are left on disk. The stored ones."""
    kept = kept_reports(outcome, files, clock())
    if kept:
        with uow:
            for report in kept:
                uow.reports.keep(report)
            uow.commit()
    return kept


def kept_reports(outcome: CampaignOutcome, files: Mapping[str, Path], now: datetime) -> list[StoredReport]:
    """The reports among ``files`` that are kept (PV, evidence pack), as they will be stored."""
    kept = []
    for kind, path in files.items():
        if kind in KINDS:
            content = path.read_bytes()
            kept.append(
                StoredReport(
                    outcome.release.version, outcome.campaign_key, outcome.attempt, kind, content,
                    sha256(content), now,
                )
            )  # fmt: skip
    return kept


def followers(uow: ArchiveUnitOfWork, release: str, campaign: str) -> list[str]:
    """The formats besides the HTML that this campaign has had kept: they follow every PV kept."""
    with uow:
        return [kind for kind in FOLLOWERS if uow.reports.kept_at(release, kind, campaign) is not None]


def render_and_keep(
    uow: PublishingUnitOfWork,
    renderer: HtmlReport,
    outcome: CampaignOutcome,
    reports_dir: Path,
    gates: Sequence[GateState],
    audit_head: str | None,
    clock: Callable[[], datetime],
) -> Path:
    """The PV rendered (with the gates' decisions, the audit head) on this host's disk, and kept in
    the database: any host serves it from there (the checkpoint's report, a gate's signed PV). With
    it, the PDF and the evidence pack of the same moment when the campaign has had them kept."""
    others = followers(uow, outcome.release.version, outcome.campaign_key)
    if not others:  # the usual checkpoint: no Chromium, no exports imported
        report = render_report(renderer, outcome, reports_dir, gates, audit_head)
        keep(uow, outcome, {"html": report}, clock)
        return report
    from amoa_workflow.reporting import publication  # imports archive: imported when needed

    folder = inside(reports_dir, (outcome.release.version,), "release", outcome.release.source or "release")
    moment = publication.Moment(outcome, renderer.lang, folder, gates, audit_head)
    written = publication.keep_together(uow, moment, ["html"], clock, ACTOR)
    return written["html"]


def stored(uow: ArchiveUnitOfWork, release: str, kind: str, campaign: str | None = None) -> StoredReport:
    """The latest ``kind`` kept for ``release``, its SHA-256 checked (:class:`StoredReportAltered`);
    a PDF or pack older than the latest PV is refused (:class:`StoredReportOutdated`)."""
    with uow:
        report = uow.reports.latest(release, kind, campaign)
        pv_kept = uow.reports.kept_at(release, "html", campaign) if kind != "html" else None
    if report is None:
        raise StoredReportMissing(release, kind)
    if pv_kept is not None and pv_kept > report.created_at:
        raise StoredReportOutdated(release, kind, utc_time(report.created_at), utc_time(pv_kept))
    report.verified()
    return report


def decided_since(uow: PublishingUnitOfWork, report: StoredReport) -> list[datetime]:
    """When the decisions on ``report``'s release's gates recorded after it was kept were made
    (none: it shows every decision). Kept by a gate's flow, or ``amoa report``, the PV has them;
    a decision made with no flow waiting at the gate is not in it until then."""
    with uow:
        decisions = [d for gate in uow.gates.for_release(report.release) for d in uow.gates.decisions(gate)]
    kept = _utc(report.created_at)
    return sorted(_utc(d.decided_at) for d in decisions if _utc(d.decided_at) > kept)


def utc_time(moment: datetime) -> str:
    """``2026-12-01 10:25:01 UTC``: a time kept in the database (naive on SQLite: UTC)."""
    return f"{_utc(moment):%Y-%m-%d %H:%M:%S} UTC"


def _utc(moment: datetime) -> datetime:
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def write_out(report: StoredReport, folder: Path) -> Path:
    """The stored report written under ``folder`` with the name it was rendered with."""
    target = inside(folder, (report.file_name,), "campaign", report.campaign)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(report.verified())
    return target
