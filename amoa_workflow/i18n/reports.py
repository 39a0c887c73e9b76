"""The PV's and the console's headings and tables: ``report.*``, ``col.*`` (the columns of
tables), ``criterion.*`` (exit criteria), ``gate.*`` (a gate's outcome), ``docs.*`` (the
living documentation)."""

from __future__ import annotations

TEXTS: dict[str, tuple[str, str]] = {
    # (fr, en)
    "report.title": ("Procès-verbal de recette", "Acceptance report"),
    "report.release": ("Version livrée", "Delivered release"),
    "report.campaign": ("Campagne", "Campaign"),
    "report.attempt": ("exécution n°", "run #"),
    "report.generated": ("Généré le", "Generated on"),
    "report.decided_on_earlier_pv": (
        "décidé sur un PV antérieur ({pv}…), d'une exécution précédente",
        "decided on an earlier PV ({pv}…), of a previous run",
    ),
    "report.pv_sha256": (
        "Empreinte du PV (SHA-256, ce que signent les approbateurs) :",
        "PV fingerprint (SHA-256, what approvers sign):",
    ),
    "report.audit_head": ("tête du journal d'audit :", "audit log head:"),
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
    "report.pdf_outdated": (
        "version {release} : le PV PDF enregistré n'a pas pu être refait avec ce PV ({why}) ; il est "
        "périmé, et refusé par --stored jusqu'à : amoa report -r {release} -f pdf",
        "release {release}: the stored PDF PV could not be made again with this PV ({why}); it is "
        "outdated, and refused by --stored until: amoa report -r {release} -f pdf",
    ),
    "docs.title": ("Documentation vivante", "Living documentation"),
    "docs.never_run": ("jamais exécuté", "never run"),
    "docs.parse_problem": (
        "Ce fichier ne se lit pas : lancez « amoa lint » pour savoir pourquoi.",
        "This file does not parse: run 'amoa lint' to see why.",
    ),
    "report.recommendation": ("Recommandation", "Recommendation"),
    "report.colon": (" :", ":"),  # French typography puts a space before the colon, English none
    "report.trend": ("Tendance par version", "Trend across releases"),
    "report.diff": ("Évolution depuis la version {previous}", "Changes since release {previous}"),
    "report.no_change": ("Aucun changement de verdict.", "No change of verdict."),
    "report.digest": (
        "Ce que la version apporte (note aux utilisateurs)",
        "What the release brings (for users)",
    ),
    "report.no_digest": (
        "Rien d'annoncé n'est livré et vérifié.",
        "Nothing announced is delivered and verified.",
    ),
    "report.signatures": ("Décisions des valideurs", "Approvers' decisions"),
    "report.pending_decisions": ("En attente de décision.", "Awaiting decision."),
    "report.waiting_for": ("décisions attendues de", "decisions awaited from"),
    "report.gate_round": ("signatures annulées, tour {round}", "signatures voided, round {round}"),
    "gate.pending": ("en attente de décision", "awaiting decision"),
    "gate.approved": ("APPROUVÉ", "APPROVED"),
    "gate.approved_with_reservations": ("APPROUVÉ AVEC RÉSERVES", "APPROVED WITH RESERVATIONS"),
    "gate.rejected": ("REFUSÉ", "REJECTED"),
    "gate.expired": ("EXPIRÉ (DÉLAI DÉPASSÉ)", "EXPIRED (TIMED OUT)"),
    "gate.rejected_at_deadline": (
        "REFUSÉ À L'ÉCHÉANCE (AUCUNE DÉCISION DANS LE DÉLAI)",
        "REJECTED AT THE DEADLINE (NO DECISION IN TIME)",
    ),
    "gate.not_established": ("NON ÉTABLI", "NOT ESTABLISHED"),
    "report.not_established": (
        "l'issue enregistrée ne découle pas de ses décisions vérifiées (amoa audit verify)",
        "the outcome recorded does not follow from its verified decisions (amoa audit verify)",
    ),
    "report.not_verified": ("non vérifiée", "not verified"),
    "report.doubt_unaudited": ("aucune entrée d'audit ne l'enregistre", "no audit entry records it"),
    "report.doubt_altered": ("son entrée d'audit a été altérée", "its audit entry was altered"),
    "report.doubt_differs": ("elle diffère de son entrée d'audit", "it differs from its audit entry"),
    "report.doubt_proof": (
        "sa preuve (signature ou lien) n'est pas celle de cette décision",
        "its proof (signature or link) is not this decision's",
    ),
    "report.moved_by": ("par", "by"),
    "report.due": ("échéance", "due"),
    "report.overdue": ("échue", "overdue"),
    "report.since": ("depuis", "since"),
    "col.criterion": ("Critère", "Criterion"),
    "col.expected": ("Attendu", "Expected"),
    "col.actual": ("Constaté", "Actual"),
    "col.lifecycle": ("Suivi", "Tracking"),
    "col.owner": ("Responsable", "Owner"),
    "col.change": ("Évolution", "Change"),
    "col.approver": ("Valideur", "Approver"),
    "col.role": ("Fonction", "Role"),
    "col.gate": ("Porte", "Gate"),
    "col.decision": ("Décision", "Decision"),
    "col.date": ("Date", "Date"),
    "col.comment": ("Commentaire", "Comment"),
    "criterion.max_blocking": ("Écarts bloquants (au plus)", "Blocking gaps (at most)"),
    "criterion.critical_requirements_ok": (
        "Exigences critiques conformes (%)",
        "Critical requirements OK (%)",
    ),
    "criterion.min_pass_rate": ("Scénarios réussis (%, au moins)", "Scenarios passed (%, at least)"),
    "criterion.max_major": ("Écarts majeurs (au plus)", "Major gaps (at most)"),
    "report.manual": ("Tests utilisateurs", "Manual tests (tests utilisateurs)"),
    "report.manual_pending": (
        "{count} exécution(s) manuelle(s) en attente : la recette n'est pas terminée",
        "{count} manual execution(s) pending: the acceptance is not finished",
    ),
    "criterion.manual_pending": (
        "Exécutions manuelles en attente (au plus)",
        "Manual executions pending (at most)",
    ),
    "report.facts": ("Constats :", "Facts:"),
    "report.not_ok": ("non conformes", "not OK"),
    "report.requirements_not_ok": (
        "Exigences non conformes, non exécutées ou non couvertes",
        "Requirements failing, not run or not covered",
    ),
    "report.requirements_ok": ("Exigences conformes", "Requirements OK"),
    "report.reservations": ("Réserves", "Reservations"),
    "report.pass_rate": ("taux de réussite", "pass rate"),
    "report.reservation": ("Réserve", "Reservation"),
    "report.changes_summed_up": (
        "Changements comptés par nature ; les régressions sont dans les écarts, chaque verdict dans la "
        "matrice de traçabilité (amoa report -f csv ou -f xlsx).",
        "Changes counted by kind; the regressions are in the gaps, each verdict in the traceability "
        "matrix (amoa report -f csv or -f xlsx).",
    ),
    "report.summed_up": (
        "{count} exigences conformes, comptées par domaine ci-dessus. La liste complète : matrice de "
        "traçabilité (amoa report -f csv ou -f xlsx) et page web de la recette (amoa web).",
        "{count} requirements OK, counted per domain above. The full list: the traceability matrix "
        "(amoa report -f csv or -f xlsx) and the release's web page (amoa web).",
    ),
    "report.scenarios_summed_up": (
        "{count} scénarios, comptés par domaine dans le tableau des exigences ; ceux en échec sont "
        "nommés dans les écarts. La liste complète : exports de la campagne (amoa report -f evidence) "
        "et page web de la recette (amoa web).",
        "{count} scenarios, counted per domain in the requirements table; the failing ones are named "
        "in the gaps. The full list: the campaign's exports (amoa report -f evidence) and the "
        "release's web page (amoa web).",
    ),
    "col.attempt": ("N°", "#"),
    "col.started": ("Début", "Started"),
    "col.selection": ("Sélection", "Selection"),
    "col.shards": ("Lots", "Shards"),
    "col.results": ("Résultats", "Results"),
    "col.flips": ("Bascules", "Flips"),
    "col.history": ("Historique (ancien → récent)", "History (old → new)"),
    "col.message": ("Message", "Message"),
}
