"""Notifying approvers and testers (templates/notifications/, amoa notifications):
``notify.*``: subjects, bodies, events, statuses, errors, the listing's columns."""

from __future__ import annotations

TEXTS: dict[str, tuple[str, str]] = {
    # (fr, en)
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
    "notify.not_verified": (
        "Décisions non vérifiées (elles ne comptent pas, leurs réserves non plus ; amoa audit verify)",
        "Decisions not verified (they do not count, nor do their reservations; amoa audit verify)",
    ),
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
    "notify.cli.no_channel_then": (
        "{count} notification(s) pour {names} non envoyée(s) : pas de canal à l'époque (un canal les joint "
        "depuis) ; gardée(s) (amoa notifications --status no_channel).",
        "{count} notification(s) for {names} not sent: no channel at the time (one reaches them since); "
        "kept (amoa notifications --status no_channel).",
    ),
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
}
