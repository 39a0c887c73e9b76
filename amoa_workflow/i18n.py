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
    "run.scenario_timeout": (
        "scénario arrêté après {seconds} s (scenario_timeout)",
        "scenario stopped after {seconds} s (scenario_timeout)",
    ),
    "run.unreachable": ("système testé injoignable : {detail}", "system under test unreachable: {detail}"),
    "run.not_finished": (
        "non exécuté : l'exécution a dépassé {seconds} s (run_timeout)",
        "not run: the run went past {seconds} s (run_timeout)",
    ),
    "run.progress": ("Scénarios", "Scenarios"),
    "run.title": (
        "Exécution n°{attempt} — {campaign} — {selection}",
        "Run #{attempt} — {campaign} — {selection}",
    ),
    "run.nothing_to_rerun": (
        "Aucun scénario en échec dans l'exécution n°{attempt} de {campaign} : rien à relancer.",
        "No scenario failed in run #{attempt} of {campaign}: nothing to rerun.",
    ),
    "run.flaky_title": ("Scénarios instables ({count})", "Flaky scenarios ({count})"),
    "run.no_flaky": (
        "Aucun scénario instable (au moins {threshold} bascules sur les {window} dernières exécutions).",
        "No flaky scenario (at least {threshold} flips over the last {window} runs).",
    ),
    "run.history_title": ("Exécutions de {campaign}", "Runs of {campaign}"),
    "run.folder": ("Dossier de l'exécution : {path}", "Run folder: {path}"),
    "run.export_written": ("Export écrit : {path}", "Export written: {path}"),
    "run.flaky": ("instable", "flaky"),
    "col.attempt": ("N°", "#"),
    "col.started": ("Début", "Started"),
    "col.selection": ("Sélection", "Selection"),
    "col.shards": ("Lots", "Shards"),
    "col.results": ("Résultats", "Results"),
    "col.flips": ("Bascules", "Flips"),
    "col.history": ("Historique (ancien → récent)", "History (old → new)"),
    "col.message": ("Message", "Message"),
    "run.stopped": (
        "non exécuté : pytest s'est arrêté (code {code}) : {detail}",
        "not run: pytest stopped (exit code {code}): {detail}",
    ),
    "init.done": (
        "Projet créé. Ensuite : cd {folder} && amoa steps, puis amoa checkpoint --release 0.1.0",
        "Project created. Next: cd {folder} && amoa steps, then amoa checkpoint --release 0.1.0",
    ),
    "ingest.title": (
        "Notes de version {release}{date} — format {format}",
        "Release notes {release}{date} — {format}",
    ),
    "ingest.count": ("Éléments", "Items"),
    "ingest.requirements": ("Exigences citées", "Requirements referenced"),
    "ingest.anomalies": ("Anomalies citées", "Anomalies referenced"),
    "ingest.tickets": ("Tickets", "Tickets"),
    "ingest.issues": ("Numéros d'incident", "Issue numbers"),
    "ingest.links": ("Demandes de fusion", "Pull requests"),
    "ingest.warning": ("Attention :", "Warning:"),
    "ingest.unknown": ("Exigences inconnues du référentiel :", "Requirements unknown to the repository:"),
    "ingest.created": ("Version enregistrée (révision {revision}).", "Release stored (revision {revision})."),
    "ingest.updated": (
        "Notes modifiées : nouvelle révision {revision}.",
        "Notes changed: new revision {revision}.",
    ),
    "ingest.unchanged": (
        "Notes identiques à la révision {revision} : rien à enregistrer.",
        "Same notes as revision {revision}: nothing to store.",
    ),
    "ingest.dry_run": ("Lecture seule : rien n'a été enregistré.", "Dry run: nothing was stored."),
}


def translator(lang: str) -> Callable[..., str]:
    """``t(key, **params)`` in ``lang``; an unknown key is shown as is."""
    index = 0 if lang == "fr" else 1

    def t(key: str, **params: object) -> str:
        text = _TEXTS[key][index] if key in _TEXTS else key
        return text.format(**params) if params else text

    return t
