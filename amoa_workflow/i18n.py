"""User-facing words in French and English, shared by the console, the reports and the CLI.

May import: nothing.
"""

from __future__ import annotations

from collections.abc import Callable

_TEXTS: dict[str, tuple[str, str]] = {
    # (fr, en)
    "colon": (" :", ":"),  # "Scénarios : 3" / "Scenarios: 3"
    "report.title": ("Procès-verbal de recette", "Acceptance report"),
    "report.release": ("Version livrée", "Delivered release"),
    "report.campaign": ("Campagne", "Campaign"),
    "report.attempt": ("exécution n°", "run #"),
    "report.generated": ("Généré le", "Generated on"),
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
    "critical": ("critique", "critical"),
    "major": ("majeure", "major"),
    "minor": ("mineure", "minor"),
    "blocking": ("bloquant", "blocking"),
    "passed": ("réussi", "passed"),
    "failed": ("échoué", "failed"),
    "skipped": ("ignoré", "skipped"),
    "undefined": ("étape non définie", "undefined step"),
    "pending": ("en attente (manuel)", "pending (manual)"),
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
    "cli.report_file": ("{form} : {path}", "{form}: {path}"),
    "cli.report_stored_file": (
        "{kind} : {path} (sha256 {sha256}, {created})",
        "{kind}: {path} (sha256 {sha256}, {created})",
    ),
    "report.pdf_outdated": (
        "version {release} : le PV PDF enregistré n'a pas pu être refait avec ce PV ({why}) ; il est "
        "périmé, et refusé par --stored jusqu'à : amoa report -r {release} -f pdf",
        "release {release}: the stored PDF PV could not be made again with this PV ({why}); it is "
        "outdated, and refused by --stored until: amoa report -r {release} -f pdf",
    ),
    "cli.report_stored_before_decisions": (
        "attention : {count} décision(s) enregistrée(s) depuis que ce PV a été gardé (la dernière le "
        "{last}) n'y figurent pas ; amoa report -r {release} le garde avec elles",
        "note: {count} decision(s) recorded since this PV was kept (the last at {last}) are not in it; "
        "amoa report -r {release} keeps it with them",
    ),
    "cli.report_stored_formats": ("--stored : html, pdf ou evidence", "--stored: html, pdf or evidence"),
    "cli.report_unknown_format": ("{formats} (au choix : {choices})", "{formats} (choose among {choices})"),
    "cli.evidence_pack_or_release": (
        "indiquez un fichier PACK ou --release, pas les deux",
        "give a PACK file or --release, not both",
    ),
    "cli.evidence_pack_missing": (
        "indiquez un fichier PACK, ou --release pour le pack conservé dans la base",
        "give a PACK file, or --release for the pack kept in the database",
    ),
    "cli.checkpoint_title": ("Recette {release} — {campaign}", "Acceptance {release} — {campaign}"),
    "cli.gaps_title": ("Écarts ({count})", "Gaps ({count})"),
    "cli.error": ("Erreur", "Error"),
    "cli.decision_recorded": (
        "Décision enregistrée : {approver} — {decision} (porte {gate}, version {release}, n°{sequence})",
        "Decision recorded: {approver} — {decision} (gate {gate}, release {release}, #{sequence})",
    ),
    "cli.decision_signed": (
        "Signée avec la clé {fingerprint} — PV {pv}",
        "Signed with the key {fingerprint} — PV {pv}",
    ),
    "cli.reservation_malformed": (
        "« {text} » n'est pas ÉCART|RESPONSABLE|DATE (ex. requirement_failing:EXG-004|MOE|15/12/2026)",
        "'{text}' is not GAP|OWNER|DATE (e.g. requirement_failing:EXG-004|MOE|15/12/2026)",
    ),
    "cli.reservation_bad_date": (
        "« {text} » : la date « {date} » n'existe pas (15/12/2026 ou 2026-12-15)",
        "'{text}': the date '{date}' does not exist (15/12/2026 or 2026-12-15)",
    ),
    "cli.decision_by_link": ("Par le lien {link} — PV {pv}", "Through the link {link} — PV {pv}"),
    "cli.gate_state": (
        "Porte {gate} ({label}), version {release} : {outcome}",
        "Gate {gate} ({label}), release {release}: {outcome}",
    ),
    "cli.gate_waiting": ("Décisions attendues de : {names}", "Decisions awaited from: {names}"),
    "cli.gate_how": (
        "Pour décider (signé avec votre clé, amoa keys generate) : amoa approve --release {release} "
        "--gate {gate} --approver ID --decision approve|approve_with_reservations|reject --comment « … »",
        "To decide (signed with your key, amoa keys generate): amoa approve --release {release} "
        "--gate {gate} --approver ID --decision approve|approve_with_reservations|reject --comment '…'",
    ),
    "cli.no_gates": (
        "Aucune porte ouverte pour la version {release}.",
        "No gate opened for release {release}.",
    ),
    "cli.audit_ok": (
        "Journal d'audit intègre : {count} entrée(s), dernière empreinte {hash}",
        "Audit log intact: {count} entries, last hash {hash}",
    ),
    "cli.audit_broken": ("Journal d'audit altéré : {what}", "Audit log tampered with: {what}"),
    "cli.serving": (
        "Déploiements servis (Ctrl-C pour arrêter) : {names}",
        "Serving deployments (Ctrl-C to stop): {names}",
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
    "manual.by_tester": (
        "Tests utilisateurs par testeur ({count} scénarios manuels)",
        "Manual tests per tester ({count} manual scenarios)",
    ),
    "manual.by_requirement": ("Tests utilisateurs par exigence", "Manual tests per requirement"),
    "manual.col.tester": ("Testeur", "Tester"),
    "manual.step": ("étape {number}", "step {number}"),
    "manual.col.comment": ("Commentaire du testeur", "Tester's comment"),
    "report.manual": ("Tests utilisateurs", "Manual tests (tests utilisateurs)"),
    "report.manual_pending": (
        "{count} exécution(s) manuelle(s) en attente : la recette n'est pas terminée",
        "{count} manual execution(s) pending: the acceptance is not finished",
    ),
    "manual.col.done": ("Faits", "Done"),
    "manual.col.blocked": ("bloqué", "blocked"),
    "manual.imported": (
        "{count} exécution(s) manuelle(s) enregistrée(s) pour {campaign} : {complete} complète(s), "
        "{partial} partielle(s)",
        "{count} manual execution(s) recorded for {campaign}: {complete} complete, {partial} partial",
    ),
    "manual.imported_partial": (
        "Partielles (des étapes restent à faire, le scénario reste en attente) : {scenarios}",
        "Partial (steps left to do, the scenario stays pending): {scenarios}",
    ),
    "manual.unassigned": ("(non attribués)", "(unassigned)"),
    "manual.assigned": (
        "{count} scénario(s) manuel(s) attribué(s) à {tester}",
        "{count} manual scenario(s) assigned to {tester}",
    ),
    "criterion.manual_pending": (
        "Exécutions manuelles en attente (au plus)",
        "Manual executions pending (at most)",
    ),
    "met": ("atteint", "met"),
    "missed": ("non atteint", "missed"),
    "go": ("GO", "GO"),
    "go_with_reservations": ("GO avec réserves", "GO with reservations"),
    "no_go": ("NO GO", "NO GO"),
    "gap.open": ("ouvert", "open"),
    "gap.reopened": ("rouvert", "reopened"),
    "gap.accepted": ("réserve", "reservation"),
    "gap.waived": ("dérogation", "waived"),
    "gap.resolved": ("résolu", "resolved"),
    "announced_untested": ("Annoncé mais non testé", "Announced but not tested"),
    "regression": ("Régression", "Regression"),
    "unannounced_change": ("Changement non annoncé", "Change not announced"),
    "not_executable": ("Scénario non exécutable", "Scenario not executable"),
    "flaky": ("Scénario instable (à confirmer)", "Flaky scenario (to confirm)"),
    "known_limitation": (
        "Limitation connue annoncée par le fournisseur",
        "Known limitation announced by the vendor",
    ),
    "not_due": ("Exigence pas encore attendue (lot ultérieur)", "Requirement not due yet (later lot)"),
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
    "reservation": ("Réserve d'un valideur", "Approver's reservation"),
    "regressed": ("régression", "regressed"),
    "newly_ok": ("désormais conforme", "newly OK"),
    "still_failing": ("toujours non conforme", "still failing"),
    "newly_uncovered": ("plus couverte", "newly uncovered"),
    "newly_covered": ("nouvellement couverte", "newly covered"),
    "newly_failing": ("désormais non conforme", "now failing"),
    "unchanged": ("inchangé", "unchanged"),
    "approve": ("approuvé", "approved"),
    "approve_with_reservations": ("approuvé avec réserves", "approved with reservations"),
    "reject": ("refusé", "rejected"),
    # Notifying approvers (templates/notifications/, amoa notifications)
    "notify.campaign_finished.title": (
        "Recette {release} terminée : {gaps} écart(s)",
        "Acceptance of {release} finished: {gaps} gap(s)",
    ),
    "notify.approval_requested.title": (
        "Votre décision est attendue : {checkpoint} {release}",
        "Your decision is requested: {checkpoint} {release}",
    ),
    "notify.reminder.title": (
        "Rappel n°{number} : décision attendue sur {checkpoint} {release}",
        "Reminder #{number}: decision awaited on {checkpoint} {release}",
    ),
    "notify.escalation.title": (
        "Escalade : {checkpoint} {release} attend des décisions depuis {days} jour(s)",
        "Escalation: {checkpoint} {release} has awaited decisions for {days} day(s)",
    ),
    "notify.audit_head": ("Tête du journal d'audit : {head}", "Audit log head: {head}"),
    "notify.decision_recorded.title": (
        "Décision de {approver} : {decision} ({checkpoint} {release})",
        "Decision of {approver}: {decision} ({checkpoint} {release})",
    ),
    "notify.gate_closed.title": (
        "{checkpoint} {release} clos : {outcome}",
        "{checkpoint} {release} closed: {outcome}",
    ),
    "notify.regression_detected.title": (
        "Régression sur {release} : {requirements} exigence(s)",
        "Regression in {release}: {requirements} requirement(s)",
    ),
    "notify.signature_voided.title": (
        "Signature annulée : {approver} ({checkpoint} {release})",
        "Signature voided: {approver} ({checkpoint} {release})",
    ),
    "notify.hello": ("Bonjour {name},", "Hello {name},"),
    "notify.label": ("{label} :", "{label}:"),
    "notify.campaign_finished.intro": (
        "La campagne {campaign} (exécution n°{attempt}) de la version {release} est terminée.",
        "Campaign {campaign} (run #{attempt}) of release {release} is finished.",
    ),
    "notify.gaps": ("Écarts : {count}", "Gaps: {count}"),
    "notify.blocking": ("(dont {count} bloquant(s))", "({count} blocking)"),
    "notify.recommendation": ("Recommandation", "Recommendation"),
    "notify.report_attached": (
        "Le procès-verbal est joint : {file}",
        "The acceptance report is attached: {file}",
    ),
    "notify.report_link": ("Procès-verbal : {link}", "Acceptance report: {link}"),
    "notify.manual_requested.title": (
        "Tests utilisateurs à exécuter : {checkpoint} {release}",
        "User acceptance tests to execute: {checkpoint} {release}",
    ),
    "notify.manual_reminder.title": (
        "Rappel n°{number} : tests utilisateurs à exécuter avant le {deadline}",
        "Reminder #{number}: user acceptance tests to execute before {deadline}",
    ),
    "notify.manual.intro": (
        "{scenarios} scénario(s) de la campagne {campaign} (version {release}) vous attendent, "
        "à exécuter avant le {deadline}.",
        "{scenarios} scenario(s) of campaign {campaign} (release {release}) await you, "
        "to execute before {deadline}.",
    ),
    "notify.manual.how": (
        "Ouvrez votre lien, suivez chaque étape et marquez-la réussie, échouée ou bloquée, avec un "
        "commentaire et une capture au besoin. Vous pouvez vous arrêter et reprendre plus tard.",
        "Open your link, follow each step and mark it passed, failed or blocked, with a comment and "
        "a screenshot when needed. You may stop and resume later.",
    ),
    "notify.execution_link": (
        "Votre lien personnel (ne le transférez pas) :",
        "Your personal link (do not forward it):",
    ),
    "notify.approval_requested.intro": (
        "Votre décision est attendue sur le point de contrôle {checkpoint} de la version {release}.",
        "Your decision is requested on checkpoint {checkpoint} of release {release}.",
    ),
    "notify.decision_link": (
        "Votre lien personnel pour décider (à usage unique, ne le transférez pas) :",
        "Your personal link to decide (single use, do not forward it):",
    ),
    "notify.approval_requested.how": (
        "Lisez le procès-verbal, puis enregistrez votre décision : go, go avec réserves ou no-go.",
        "Read the acceptance report, then record your decision: go, go with reservations or no-go.",
    ),
    "notify.reminder.intro": (
        "Le point de contrôle {checkpoint} de la version {release} attend votre décision "
        "depuis le {opened_at} ({days} jour(s)).",
        "Checkpoint {checkpoint} of release {release} has awaited your decision "
        "since {opened_at} ({days} day(s)).",
    ),
    "notify.escalation.intro": (
        "Le point de contrôle {checkpoint} de la version {release} attend des décisions "
        "depuis le {opened_at} ({days} jour(s)).",
        "Checkpoint {checkpoint} of release {release} has awaited decisions "
        "since {opened_at} ({days} day(s)).",
    ),
    "notify.waiting_for": ("Décisions attendues de :", "Decisions awaited from:"),
    "notify.decision_recorded.intro": (
        "{approver} a enregistré sa décision sur {checkpoint} {release} : {decision}.",
        "{approver} recorded a decision on {checkpoint} {release}: {decision}.",
    ),
    "notify.comment": ("Commentaire", "Comment"),
    "notify.gate_closed.intro": (
        "Le point de contrôle {checkpoint} de la version {release} est clos. Issue : {outcome}.",
        "Checkpoint {checkpoint} of release {release} is closed. Outcome: {outcome}.",
    ),
    "notify.reservations": ("Réserves", "Reservations"),
    "notify.regression_detected.intro": (
        "Des exigences conformes en version {previous} ne le sont plus en version {release} "
        "(campagne {campaign}) :",
        "Requirements that passed in release {previous} fail in release {release} (campaign {campaign}):",
    ),
    "notify.signature_voided.intro": (
        "La signature de {approver} sur {checkpoint} {release} a été annulée.",
        "The signature of {approver} on {checkpoint} {release} was voided.",
    ),
    "notify.reason": ("Motif", "Reason"),
    "notify.footer": (
        "Message envoyé par amoa-workflow pour le projet {project}.",
        "Sent by amoa-workflow for the project {project}.",
    ),
    "notify.verdict.go": ("go", "go"),
    "notify.verdict.go_with_reservations": ("go avec réserves", "go with reservations"),
    "notify.verdict.no_go": ("no-go", "no-go"),
    "notify.verdict.approve": ("approuvé", "approved"),
    "notify.verdict.approve_with_reservations": ("approuvé avec réserves", "approved with reservations"),
    "notify.verdict.reject": ("refusé", "rejected"),
    "notify.verdict.approved": ("approuvé", "approved"),
    "notify.verdict.approved_with_reservations": ("approuvé avec réserves", "approved with reservations"),
    "notify.verdict.rejected": ("refusé", "rejected"),
    "notify.verdict.expired": ("expiré (délai dépassé)", "expired (timed out)"),
    "notify.verdict.pending": ("en attente", "pending"),
    "notify.event.campaign_finished": ("campagne terminée", "campaign finished"),
    "notify.event.approval_requested": ("décision demandée", "approval requested"),
    "notify.event.reminder": ("rappel", "reminder"),
    "notify.event.decision_recorded": ("décision enregistrée", "decision recorded"),
    "notify.event.gate_closed": ("point de contrôle clos", "gate closed"),
    "notify.event.regression_detected": ("régression détectée", "regression detected"),
    "notify.event.signature_voided": ("signature annulée", "signature voided"),
    "notify.status.pending": ("en attente", "pending"),
    "notify.status.sending": ("en cours d'envoi", "sending"),
    "notify.status.sent": ("envoyée", "sent"),
    "notify.status.failed": ("en échec, nouvel essai prévu", "failed, retry scheduled"),
    "notify.status.unknown": (
        "sans réponse à temps : peut-être remise, non renvoyée (--resend)",
        "no answer in time: may have arrived, not resent (--resend)",
    ),
    "notify.status.dead": ("abandonnée", "given up"),
    "notify.status.no_channel": ("sans canal, non envoyée", "no channel, not sent"),
    "notify.event.manual_requested": ("tests utilisateurs à exécuter", "manual tests to execute"),
    "notify.event.manual_reminder": ("rappel des tests utilisateurs", "manual tests reminder"),
    "notify.error.no_answer": (
        "pas de réponse à temps : le message a peut-être été remis ; ce canal ne peut pas reconnaître "
        "un second envoi, il n'est donc pas renvoyé automatiquement (amoa notifications --resend N)",
        "no answer in time: the message may have been delivered; this channel cannot recognise a "
        "second attempt, so it is not resent automatically (amoa notifications --resend ID)",
    ),
    "notify.error.interrupted": (
        "envoi interrompu : le message a peut-être été remis ; il n'est pas renvoyé automatiquement "
        "(amoa notifications --resend N)",
        "sending was interrupted: the message may have been delivered; it is not resent automatically "
        "(amoa notifications --resend ID)",
    ),
    "notify.error.unknown_target": (
        "canal absent de la configuration (config/approvers.toml)",
        "channel missing from the configuration (config/approvers.toml)",
    ),
    "notify.error.missing_attachment": ("pièce jointe introuvable", "attachment not found"),
    "notify.error.invalid_url": ("URL apprise invalide", "invalid apprise URL"),
    "notify.cli.title": ("Notifications : {statuses}", "Notifications: {statuses}"),
    "notify.cli.none": ("Aucune notification ({statuses}).", "No notification ({statuses})."),
    "notify.cli.delivered": (
        "Envoi : {sent} envoyée(s), {failed} en échec (nouvel essai prévu), {dead} abandonnée(s).",
        "Delivery: {sent} sent, {failed} failed (retry scheduled), {dead} given up.",
    ),
    "notify.cli.queued": (
        "{count} notification(s) remise(s) en file.",
        "{count} notification(s) queued again.",
    ),
    "flow.summary.release": ("Version {release} ({campaign})", "Release {release} ({campaign})"),
    "flow.summary.scenarios": ("scénarios : {counts}", "scenarios: {counts}"),
    "flow.summary.gaps": (
        "{gaps} écart(s) dont {blocking} bloquant(s)",
        "{gaps} gap(s), {blocking} blocking",
    ),
    "flow.summary.recommendation": ("recommandation : {recommendation}", "recommendation: {recommendation}"),
    "flow.summary.gate": ("porte {gate} : {outcome}", "gate {gate}: {outcome}"),
    "flow.gate_pending": (
        "porte {gate} de {release} toujours en attente — décisions : {decided} ; attendu : {waiting}",
        "gate {gate} of {release} still pending — decisions: {decided}; awaiting: {waiting}",
    ),
    "flow.summary.report": ("PV : {path}", "PV: {path}"),
    "flow.col.actual": ("Constaté", "Actual"),
    "flow.gates": ("Portes d'approbation", "Approval gates"),
    "flow.release_busy": (
        "Une autre recette de la version {release} est en cours : celle-ci attend "
        "qu'elle ait ouvert ses portes.",
        "Another checkpoint of release {release} is running: this one waits until it has opened its gates.",
    ),
    "flow.shard_started": (
        "shard {shard} de {run} sur {host} (projet {project}, essai Prefect {attempt})",
        "shard {shard} of {run} on {host} (project {project}, Prefect try {attempt})",
    ),
    "flow.shard_done": (
        "shard {shard} de {run} sur {host} : {scenarios} scénarios remis à la base (tentative {attempt})",
        "shard {shard} of {run} on {host}: {scenarios} scenarios handed to the database (attempt {attempt})",
    ),
    "flow.shard_beat_missed": (
        "shard {shard} de {run} : résultats non remis cette fois, renvoyés au prochain envoi ({error})",
        "shard {shard} of {run}: results not handed over this time, sent again with the next ones ({error})",
    ),
    "flow.shard_silent": (
        "aucune nouvelle depuis {since} UTC (shard_lost_after : {lost_after} s)",
        "no news since {since} UTC (shard_lost_after: {lost_after} s)",
    ),
    "flow.shard_not_taken": (
        "aucun worker du pool ne l'a pris en {start_within} s (shard_start_within) : démarrez un worker "
        "sur la file des shards, puis relancez",
        "no worker of the pool took it within {start_within} s (shard_start_within): start a worker "
        "on the shards' queue, then run again",
    ),
    "flow.shard_lost": (
        "shard {shard} de {run} : {why}, relancé sur le pool (essai {tries})",
        "shard {shard} of {run}: {why}, run again on the pool (try {tries})",
    ),
    "flow.shard_gave_up": (
        "shard {shard} de {run} abandonné après {tries} essai(s) : {why}",
        "shard {shard} of {run} given up after {tries} tries: {why}",
    ),
    "flow.database": ("Base de données : {url}", "Database: {url}"),
    "notify.cli.woken": (
        "Exécution {run} réveillée : elle attendait une porte déjà close.",
        "Flow run {run} woken: it was waiting at a gate already closed.",
    ),
    "notify.cli.woken_manual": (
        "Exécution {run} réveillée : la partie manuelle qu'elle attendait est close (échéance passée).",
        "Flow run {run} woken: the manual part it was waiting for is closed (deadline passed).",
    ),
    "notify.cli.expired": (
        "Porte {gate} de {release} expirée (délai dépassé, escalade envoyée).",
        "Gate {gate} of {release} expired (deadline passed, escalation sent).",
    ),
    "notify.cli.reminders": ("{count} rappel(s) mis en file.", "{count} reminder(s) queued."),
    "notify.cli.no_channel": (
        "Aucun canal de notification pour {names} : {count} notification(s) non envoyée(s), gardée(s) "
        "(amoa notifications --status no_channel). Définissez {variable}… (urls_from dans "
        "config/approvers.toml, channel dans config/testers.toml) pour les prévenir.",
        "No notification channel for {names}: {count} notification(s) not sent, kept (amoa notifications "
        "--status no_channel). Set {variable}… (urls_from in config/approvers.toml, channel in "
        "config/testers.toml) to reach them.",
    ),
    "notify.col.id": ("N°", "ID"),
    "notify.col.created": ("Créée (UTC)", "Created (UTC)"),
    "notify.col.event": ("Événement", "Event"),
    "notify.col.subject": ("Objet", "Subject"),
    "notify.col.recipient": ("Destinataire", "Recipient"),
    "notify.col.channel": ("Canal", "Channel"),
    "notify.col.status": ("Statut", "Status"),
    "notify.col.attempts": ("Essais", "Attempts"),
    "notify.col.next": ("Prochain essai (UTC)", "Next attempt (UTC)"),
    "notify.col.error": ("Dernière erreur", "Last error"),
    "run.scenario_timeout": (
        "délai dépassé après {seconds} s (scenario_timeout)",
        "timed out after {seconds} s (scenario_timeout)",
    ),
    "run.unreachable": ("système testé injoignable : {detail}", "system under test unreachable: {detail}"),
    "run.not_finished": (
        "non exécuté : l'exécution a dépassé {seconds} s (run_timeout)",
        "not run: the run went past {seconds} s (run_timeout)",
    ),
    "cli.deploy_written": (
        "{file} écrit depuis config/amoa.toml ; ensuite : prefect --no-prompt deploy --all",
        "{file} written from config/amoa.toml; next: prefect --no-prompt deploy --all",
    ),
    "cli.deploy_current": ("{file} est à jour de config/amoa.toml", "{file} matches config/amoa.toml"),
    "cli.deploy_stale": (
        "{file} n'est plus ce que config/amoa.toml décrit : lancez amoa deploy",
        "{file} is no longer what config/amoa.toml describes: run amoa deploy",
    ),
    "cli.release_removed": (
        "Version {release} supprimée : {campaigns} campagne(s), {gates} porte(s), {gaps} écart(s) suivi(s)"
        " mis à jour ; entrée release.removed au journal d'audit",
        "Release {release} removed: {campaigns} campaign(s), {gates} gate(s), {gaps} tracked gap(s)"
        " updated; release.removed entry in the audit log",
    ),
    "run.gherkin_refused": (
        "syntaxe Gherkin refusée par pytest-bdd, ligne « {content} » : tout le fichier est ignoré"
        " (amoa lint dit pourquoi)",
        "Gherkin syntax refused by pytest-bdd at « {content} »: the whole file is left out"
        " (amoa lint says why)",
    ),
    "run.interrupted_nothing": ("rien n'a été enregistré", "nothing was recorded"),
    "run.interrupted_recorded": (
        "{finished} scénario(s) terminé(s) enregistré(s), exécution {attempt} de la campagne {campaign}"
        " (amoa runs list)",
        "{finished} finished scenario(s) recorded as run {attempt} of campaign {campaign} (amoa runs list)",
    ),
    "run.progress": ("Scénarios", "Scenarios"),
    "run.all": ("tous les scénarios", "all scenarios"),
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
    "manual.exported": ("Classeur écrit : {path}", "Workbook written: {path}"),
    "run.flaky": ("instable", "flaky"),
    "col.attempt": ("N°", "#"),
    "col.started": ("Début", "Started"),
    "col.selection": ("Sélection", "Selection"),
    "col.shards": ("Lots", "Shards"),
    "col.results": ("Résultats", "Results"),
    "col.flips": ("Bascules", "Flips"),
    "col.history": ("Historique (ancien → récent)", "History (old → new)"),
    "col.message": ("Message", "Message"),
    "run.manual_pending": (
        "scénario manuel : en attente du résultat d'un testeur",
        "manual scenario: waiting for a tester's result",
    ),
    "run.undefined_step": (
        "étape sans définition : {keyword} « {text} » (ligne {line}) ; les étapes connues : amoa steps",
        'step without definition: {keyword} "{text}" (line {line}); the known steps: amoa steps',
    ),
    "run.no_api_url": (
        "Attention : AMOA_API_URL n'est pas défini ; les étapes REST intégrées n'ont aucune API à tester "
        "et « l'API de recette » échouera (export AMOA_API_URL=https://…).",
        "Warning: AMOA_API_URL is not set; the built-in REST steps have no API to test and "
        "'the acceptance API' will fail (export AMOA_API_URL=https://…).",
    ),
    "run.bound_twice": (
        "le scénario {scenario} est lié deux fois : {first} et {second} (un seul scenarios()/@scenario)",
        "scenario {scenario} is bound twice: {first} and {second} (keep one scenarios()/@scenario)",
    ),
    "run.conftest_broken": (
        "{conftest} ne se charge pas : {where}{error}",
        "{conftest} cannot be loaded: {where}{error}",
    ),
    "run.stopped": (
        "non exécuté : pytest s'est arrêté (code {code}) : {detail}",
        "not run: pytest stopped (exit code {code}): {detail}",
    ),
    "init.done": (
        "Projet créé. Ensuite : cd {folder} && amoa steps, puis export AMOA_API_URL=<l'API livrée> "
        "&& amoa checkpoint --release 0.1.0 (ou amoa init --demo pour une API de démonstration)",
        "Project created. Next: cd {folder} && amoa steps, then export AMOA_API_URL=<the delivered API> "
        "&& amoa checkpoint --release 0.1.0 (or amoa init --demo for a demo API)",
    ),
    "init.done_demo": (
        "Projet créé avec une API de démonstration (features/support/api_demo.py), testée tant "
        "que AMOA_API_URL n'est pas défini. Ensuite : cd {folder} && amoa checkpoint --release 0.1.0",
        "Project created with a demo API (features/support/api_demo.py), tested while AMOA_API_URL "
        "is unset. Next: cd {folder} && amoa checkpoint --release 0.1.0",
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
