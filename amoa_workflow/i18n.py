"""User-facing words in French and English, shared by the console, the reports and the CLI."""

from __future__ import annotations

from collections.abc import Callable

_TEXTS: dict[str, tuple[str, str]] = {
    # (fr, en)
    "report.title": ("Procès-verbal de recette", "Acceptance report"),
    "report.release": ("Version livrée", "Delivered release"),
    "report.campaign": ("Campagne", "Campaign"),
    "report.attempt": ("exécution n°", "run #"),
    "report.generated": ("Généré le", "Generated on"),
    "report.summary": ("Synthèse", "Summary"),
    "report.requirements": ("Exigences", "Requirements"),
    "report.gaps": ("Écarts", "Gaps"),
    "report.no_gaps": ("Aucun écart constaté.", "No gap found."),
    "report.scenarios": ("Scénarios", "Scenarios"),
    "report.notes": ("Notes de version", "Release notes"),
    "report.steps": ("Étapes", "Steps"),
    "col.requirement": ("Exigence", "Requirement"),
    "col.title": ("Intitulé", "Title"),
    "col.criticality": ("Criticité", "Criticality"),
    "col.domain": ("Domaine", "Domain"),
    "col.scenarios": ("Scénarios", "Scenarios"),
    "col.passed": ("OK", "Passed"),
    "col.failed": ("KO", "Failed"),
    "col.verdict": ("Verdict", "Verdict"),
    "col.severity": ("Gravité", "Severity"),
    "col.type": ("Type", "Type"),
    "col.detail": ("Détail", "Detail"),
    "col.feature": ("Fonctionnalité", "Feature"),
    "col.scenario": ("Scénario", "Scenario"),
    "col.status": ("Statut", "Status"),
    "col.kind": ("Nature", "Kind"),
    "col.item": ("Élément", "Item"),
    "critical": ("critique", "critical"),
    "major": ("majeure", "major"),
    "minor": ("mineure", "minor"),
    "blocking": ("bloquant", "blocking"),
    "passed": ("réussi", "passed"),
    "failed": ("échoué", "failed"),
    "skipped": ("ignoré", "skipped"),
    "undefined": ("étape non définie", "undefined step"),
    "error": ("erreur", "error"),
    "ok": ("conforme", "OK"),
    "failing": ("non conforme", "failing"),
    "not_run": ("non exécutée", "not run"),
    "not_covered": ("non couverte", "not covered"),
    "requirement_failing": ("Exigence non conforme", "Requirement failing"),
    "requirement_uncovered": ("Exigence sans scénario", "Requirement with no scenario"),
    "fix_still_failing": ("Correction annoncée toujours en échec", "Announced fix still failing"),
    "added": ("nouveauté", "added"),
    "changed": ("évolution", "changed"),
    "fixed": ("correction", "fixed"),
    "removed": ("suppression", "removed"),
    "deprecated": ("obsolescence", "deprecated"),
    "security": ("sécurité", "security"),
    "known_issue": ("limitation connue", "known issue"),
    "internal": ("technique", "internal"),
    "other": ("autre", "other"),
    "cli.report_written": ("Rapport écrit : {path}", "Report written: {path}"),
    "cli.checkpoint_title": ("Recette {release} — {campaign}", "Acceptance {release} — {campaign}"),
    "cli.gaps_title": ("Écarts ({count})", "Gaps ({count})"),
    "cli.error": ("Erreur", "Error"),
}


def translator(lang: str) -> Callable[..., str]:
    """``t(key, **params)`` in ``lang``; an unknown key is shown as is."""
    index = 0 if lang == "fr" else 1

    def t(key: str, **params: object) -> str:
        text = _TEXTS[key][index] if key in _TEXTS else key
        return text.format(**params) if params else text

    return t
