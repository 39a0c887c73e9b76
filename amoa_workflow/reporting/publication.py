"""The files a campaign's report is published as: PV (HTML, Markdown), traceability matrix (CSV,
XLSX), the change digest for end users, and the evidence pack (zip with a SHA-256 manifest);
:func:`publish_and_keep` also keeps the PV and the pack in the database (``amoa report``)."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Protocol

from amoa_workflow.checkpoint.services import CampaignOutcome, campaign_outcome
from amoa_workflow.domain.acceptance_rules import AcceptanceRules
from amoa_workflow.domain.audit_review import SignatureCheck
from amoa_workflow.domain.file_names import inside
from amoa_workflow.domain.gates import GateDefinition, GateState
from amoa_workflow.domain.stored_reports import KINDS
from amoa_workflow.errors import PdfUnavailable
from amoa_workflow.gates import audit_trail
from amoa_workflow.gates.approvals import gate_states
from amoa_workflow.i18n import translator
from amoa_workflow.manual.campaign import ManualUnitOfWork, attachment_files
from amoa_workflow.ports import ChainedAuditLog, GateStore, LinkUses, ReportArchive
from amoa_workflow.reporting import archive, evidence, traceability
from amoa_workflow.reporting.acceptance_report import HtmlReport, decision_rows, reservation_words
from amoa_workflow.reporting.pdf import print_pdf
from amoa_workflow.scenarios import exports
from amoa_workflow.scenarios.records import to_record

_log = logging.getLogger(__name__)
FORMATS = ("html", "md", "pdf", "csv", "xlsx", "digest", "evidence")


def publish(
    outcome: CampaignOutcome,
    lang: str,
    folder: Path,
    formats: Iterable[str],
    gates: Sequence[GateState] = (),
    audit_head: str | None = None,
    attachments: Mapping[str, bytes] | None = None,
) -> dict[str, Path]:
    """Write each asked format under ``folder``; returns format → file. ``gates``: the PV's decisions;
    ``audit_head``: the audit log's head printed in the PV and kept in the evidence pack;
    ``attachments``: the files testers attached (``attachments/<id>-<name>`` → bytes), which the
    pack holds beside its PV, so the PV's links open them and the manifest lists their SHA-256."""
    report = HtmlReport(lang=lang)
    t = translator(lang)
    written: dict[str, Path] = {}

    def named(suffix: str) -> Path:  # every file goes through the one file-name rule
        source = outcome.release.source or "campaign"
        return inside(folder, (f"{outcome.campaign_key}{suffix}",), "campaign", source)

    rendered: list[Path] = []  # the PV (HTML and Markdown) of this call: rendered once, shared

    def pv() -> Path:
        if not rendered:
            rendered.append(report.render(outcome, named(".html"), gates=gates, audit_head=audit_head))
        return rendered[0]

    for form in formats:
        if form in ("html", "md"):
            written[form] = pv() if form == "html" else pv().with_suffix(".md")
        elif form == "csv":
            written[form] = _text(named("-tracabilite.csv"), _matrix_csv(outcome, lang))
        elif form == "xlsx":
            target = named("-tracabilite.xlsx")
            written[form] = traceability.write_xlsx(traceability.rows(outcome), lang, target, t)
        elif form == "digest":
            written[form] = _text(named("-nouveautes.md"), report.digest(outcome))
        elif form == "pdf":
            written[form] = print_pdf(pv(), named(".pdf"))
        elif form == "evidence":
            same = rendered[0] if rendered else None  # the pack's PV is the very one written beside it
            files: dict[str, str | bytes] = {**pack(outcome, report, lang, gates, audit_head, same)}
            files.update(attachments or {})
            written[form] = evidence.write_pack(named("-preuves.zip"), files)
    return written


def pack(
    outcome: CampaignOutcome,
    report: HtmlReport,
    lang: str,
    gates: Sequence[GateState] = (),
    audit_head: str | None = None,
    rendered: Path | None = None,
) -> dict[str, str]:
    """The pack's files; its PV is ``rendered`` (HTML, and Markdown beside it) when given, so that
    the pack holds byte for byte the PV written and kept with it, else rendered here."""
    results = list(outcome.results)
    if rendered is not None:
        html = rendered.read_text(encoding="utf-8")
        markdown = rendered.with_suffix(".md").read_text(encoding="utf-8")
    else:
        context = report.context(
            outcome, decision_rows(gates, reservation_words(outcome, lang)), gates, audit_head
        )
        html = report.render_html(context)
        markdown = report.markdown(outcome, gates=gates, audit_head=audit_head)
    head = {evidence.AUDIT_HEAD: f"{audit_head}\n"} if audit_head else {}
    return head | {
        "pv-recette.html": html,
        "pv-recette.md": markdown,
        "tracabilite.csv": _matrix_csv(outcome, lang),
        "resultats.json": evidence.results_json([to_record(r) for r in results]),
        "junit.xml": exports.junit_xml(results, outcome.campaign_key),
        "cucumber.json": exports.cucumber_json(results),
    }


def _matrix_csv(outcome: CampaignOutcome, lang: str) -> str:
    return traceability.as_csv(traceability.rows(outcome), lang, translator(lang))


def _text(target: Path, text: str) -> Path:
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")
    return target


class PublishingUnitOfWork(ManualUnitOfWork, Protocol):
    """What publishing and keeping a report needs of a unit of work (the SQL one gives it all)."""

    @property
    def audit(self) -> ChainedAuditLog: ...

    @property
    def gates(self) -> GateStore: ...

    @property
    def links(self) -> LinkUses: ...

    @property
    def reports(self) -> ReportArchive: ...


@dataclass(frozen=True)
class Publishing:
    """The campaign a report is published for, and how (``amoa report``)."""

    project: str
    checkpoint: str
    release: str
    campaign: str
    rules: AcceptanceRules
    gates: Sequence[GateDefinition]
    lang: str
    folder: Path
    formats: Sequence[str]
    signature_ok: SignatureCheck | None = None  # the gates' decisions checked before they are shown


def publish_and_keep(
    uow: PublishingUnitOfWork, asked: Publishing, clock: Callable[[], datetime], actor: str
) -> dict[str, Path]:
    """Write each asked format of the campaign's report; keep the PV and the evidence pack in the
    database and the pack's manifest in the audit log, in one transaction: both or neither."""
    outcome = campaign_outcome(
        uow, asked.project, asked.checkpoint, asked.release, asked.campaign, asked.rules
    )
    gates = gate_states(uow, asked.gates, asked.release, asked.signature_ok)
    moment = Moment(outcome, asked.lang, asked.folder, gates, audit_trail.head(uow))
    return keep_together(uow, moment, asked.formats, clock, actor)


@dataclass(frozen=True)
class Moment:
    """The PV as it stands: the campaign's outcome, its gates' decisions, the audit log's head."""

    outcome: CampaignOutcome
    lang: str
    folder: Path
    gates: Sequence[GateState]
    audit_head: str | None


def keep_together(
    uow: PublishingUnitOfWork,
    moment: Moment,
    formats: Sequence[str],
    clock: Callable[[], datetime],
    actor: str,
) -> dict[str, Path]:
    """Write ``formats``; when one is kept (HTML, PDF, pack), keep the PV of this moment in every
    stored format the campaign has had (:data:`archive.FOLLOWERS`), rendered again here, all in one
    transaction with one time, the pack's manifest in the audit log: both or neither. A PDF asked
    for that cannot be printed is an error; one that follows the PV is left outdated (said, and
    refused when read), so a worker without Chromium still keeps the PV and its decisions."""
    outcome = moment.outcome
    together = list(formats)
    if any(f in KINDS for f in formats):
        follow = archive.followers(uow, outcome.release.version, outcome.campaign_key)
        together += [f for f in ("html", *follow) if f not in together]
    lenient = "pdf" not in formats and "pdf" in together
    first = sorted((f for f in together if not (lenient and f == "pdf")), key=lambda f: f != "html")
    files = attachment_files(uow, outcome.campaign_key) if "evidence" in together else None
    written = publish(outcome, moment.lang, moment.folder, first, moment.gates, moment.audit_head, files)
    if lenient:
        try:
            written["pdf"] = print_pdf(written["html"], written["html"].with_suffix(".pdf"))
        except PdfUnavailable as missing:
            why = missing.render(moment.lang)
            _log.warning(
                translator(moment.lang)("report.pdf_outdated", release=outcome.release.version, why=why)
            )
    kept = archive.kept_reports(outcome, written, clock())
    with uow:
        if "evidence" in written:  # its manifest goes into the audit log: a pack made again shows
            pack = written["evidence"]
            audit_trail.append_evidence(
                uow.audit, actor, pack.name, evidence.manifest_sha256(pack), outcome.campaign_key,
                outcome.release.version,
            )  # fmt: skip
        for report in kept:
            uow.reports.keep(report)
        uow.commit()
    return {form: written[form] for form in [*formats, *together] if form in written}
