"""Keeping the PV and the evidence pack in the database as they are rendered, and reading them back
on any host: the checkpoint flow's report, the PV rendered again when a gate closes (with its
decisions), ``amoa report`` (HTML, PDF, evidence pack). ``amoa report --stored`` and the approvers'
web page serve what was kept, its SHA-256 checked, where the file on the rendering worker's disk is
out of reach.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import datetime
from pathlib import Path

from amoa_workflow.checkpoint.services import CampaignOutcome, Renderer, render_report
from amoa_workflow.domain.file_names import inside
from amoa_workflow.domain.stored_reports import KINDS, StoredReport, sha256
from amoa_workflow.errors import StoredReportMissing
from amoa_workflow.gates.approvals import GateState
from amoa_workflow.ports import ArchiveUnitOfWork


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


def render_and_keep(
    uow: ArchiveUnitOfWork,
    renderer: Renderer,
    outcome: CampaignOutcome,
    reports_dir: Path,
    gates: Sequence[GateState],
    audit_head: str | None,
    clock: Callable[[], datetime],
) -> Path:
    """The PV rendered (with the gates' decisions, the audit head) on this host's disk, and kept in
    the database: any host serves it from there (the checkpoint's report, a gate's signed PV)."""
    report = render_report(renderer, outcome, reports_dir, gates, audit_head)
    keep(uow, outcome, {"html": report}, clock)
    return report


def stored(uow: ArchiveUnitOfWork, release: str, kind: str, campaign: str | None = None) -> StoredReport:
    """The latest ``kind`` kept for ``release``, its SHA-256 checked (:class:`StoredReportAltered`)."""
    with uow:
        report = uow.reports.latest(release, kind, campaign)
    if report is None:
        raise StoredReportMissing(release, kind)
    report.verified()
    return report


def write_out(report: StoredReport, folder: Path) -> Path:
    """The stored report written under ``folder`` with the name it was rendered with."""
    target = inside(folder, (report.file_name,), "campaign", report.campaign)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(report.verified())
    return target
