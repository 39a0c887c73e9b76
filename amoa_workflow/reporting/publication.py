"""The files a campaign's report is published as: PV (HTML, Markdown), traceability matrix (CSV,
XLSX), the change digest for end users, and the evidence pack (zip with a SHA-256 manifest)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

from amoa_workflow.checkpoint.services import CampaignOutcome
from amoa_workflow.domain.file_names import inside
from amoa_workflow.gates.approvals import GateState
from amoa_workflow.i18n import translator
from amoa_workflow.reporting import evidence, traceability
from amoa_workflow.reporting.acceptance_report import HtmlReport, decision_rows, reservation_words
from amoa_workflow.reporting.pdf import print_pdf
from amoa_workflow.scenarios import exports
from amoa_workflow.scenarios.records import to_record

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

    for form in formats:
        if form in ("html", "md"):
            html = report.render(outcome, named(".html"), gates=gates, audit_head=audit_head)
            written[form] = html if form == "html" else html.with_suffix(".md")
        elif form == "csv":
            written[form] = _text(named("-tracabilite.csv"), _matrix_csv(outcome, lang))
        elif form == "xlsx":
            target = named("-tracabilite.xlsx")
            written[form] = traceability.write_xlsx(traceability.rows(outcome), lang, target, t)
        elif form == "digest":
            written[form] = _text(named("-nouveautes.md"), report.digest(outcome))
        elif form == "pdf":
            html = written.get("html") or report.render(
                outcome, named(".html"), gates=gates, audit_head=audit_head
            )
            written[form] = print_pdf(html, named(".pdf"))
        elif form == "evidence":
            files: dict[str, str | bytes] = {**pack(outcome, report, lang, gates, audit_head)}
            files.update(attachments or {})
            written[form] = evidence.write_pack(named("-preuves.zip"), files)
    return written


def pack(
    outcome: CampaignOutcome,
    report: HtmlReport,
    lang: str,
    gates: Sequence[GateState] = (),
    audit_head: str | None = None,
) -> dict[str, str]:
    results = list(outcome.results)
    context = report.context(
        outcome, decision_rows(gates, reservation_words(outcome, lang)), gates, audit_head
    )
    html = report.render_html(context)
    head = {evidence.AUDIT_HEAD: f"{audit_head}\n"} if audit_head else {}
    return head | {
        "pv-recette.html": html,
        "pv-recette.md": report.markdown(outcome, gates=gates, audit_head=audit_head),
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
