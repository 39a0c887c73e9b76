"""The web page's words in French and English; anything else comes from :mod:`amoa_workflow.i18n`."""

from __future__ import annotations

from collections.abc import Callable, Mapping

from amoa_workflow.i18n import translator as shared_translator

_TEXTS: dict[str, tuple[str, str]] = {
    # (fr, en)
    "web.title": ("Décisions de recette", "Acceptance decisions"),
    "web.pending": ("Points de contrôle en attente de décision", "Gates awaiting decisions"),
    "web.no_pending": ("Aucun point de contrôle n'attend de décision.", "No gate awaits a decision."),
    "web.opened": ("ouvert le {date}", "opened on {date}"),
    "web.open": ("Ouvrir", "Open"),
    "web.gate": ("{label} — version {release}", "{label} — release {release}"),
    "web.full_report": ("Procès-verbal complet", "Full acceptance report"),
    "web.stored_report": ("PV enregistré, tel que rendu", "Stored PV, as rendered"),
    "web.stored_evidence": ("pack de preuves", "evidence pack"),
    "web.traceability": ("Traçabilité", "Traceability"),
    "web.all_requirements": ("Toutes les exigences", "All requirements"),
    "web.all_scenarios": ("Tous les scénarios", "All scenarios"),
    "web.search": ("Rechercher", "Search"),
    "web.filter": ("Filtrer", "Filter"),
    "web.any": ("tous", "any"),
    "web.page": ("Page {number} sur {pages} — {total} lignes", "Page {number} of {pages} — {total} rows"),
    "web.previous": ("Page précédente", "Previous page"),
    "web.next": ("Page suivante", "Next page"),
    "web.back_to_gate": ("Retour au point de contrôle", "Back to the gate"),
    "web.decisions": ("Décisions", "Decisions"),
    "web.awaiting": ("en attente", "awaiting"),
    "web.status.pending": ("En attente de décision", "Awaiting decisions"),
    "web.status.closed": ("Clos", "Closed"),
    "web.outcome.pending": ("en attente", "pending"),
    "web.outcome.approved": ("approuvé", "approved"),
    "web.outcome.approved_with_reservations": ("approuvé avec réserves", "approved with reservations"),
    "web.outcome.rejected": ("refusé", "rejected"),
    "web.outcome.expired": ("expiré (délai dépassé)", "expired (timed out)"),
    "web.outcome.not_established": (
        "non établi (une décision ou l'issue enregistrée ne se vérifie pas : amoa audit verify)",
        "not established (a decision or the outcome recorded does not verify: amoa audit verify)",
    ),
    "web.gate_outcome": ("Issue du point de contrôle : {outcome}", "Outcome of the gate: {outcome}"),
    "web.your_decision": ("Votre décision", "Your decision"),
    "web.hello": ("Bonjour {name}", "Hello {name}"),
    "web.decided": (
        "Votre décision est enregistrée : {decision}. Merci.",
        "Your decision is recorded: {decision}. Thank you.",
    ),
    "web.link_used": (
        "Le lien de ce message a servi : votre décision est enregistrée.",
        "The link of your message has been used: your decision is recorded.",
    ),
    "web.read_only": (
        "Lecture seule : votre lien concerne {gate} {release}.",
        "Read only: your link is for {gate} {release}.",
    ),
    "web.not_pending": (
        "Ce point de contrôle n'attend plus de décision.",
        "This gate no longer awaits decisions.",
    ),
    "web.not_approver": (
        "Vous n'êtes pas valideur de ce point de contrôle.",
        "You are not an approver of this gate.",
    ),
    "web.expires": ("Lien valable jusqu'au {date}.", "Link valid until {date}."),
    "web.decision.approve": ("Approuver", "Approve"),
    "web.decision.approve_with_reservations": ("Approuver avec réserves", "Approve with reservations"),
    "web.decision.reject": ("Refuser", "Reject"),
    "web.decision.not_verified": ("Non vérifiée", "Not verified"),
    "web.comment": ("Commentaire", "Comment"),
    "web.comment_hint": ("obligatoire pour un refus", "required to reject"),
    "web.reservations": ("Réserves", "Reservations"),
    "web.reservations_hint": (
        "Pour approuver avec réserves, cochez les écarts acceptés, avec un responsable et une échéance.",
        "To approve with reservations, tick the accepted gaps, each with an owner and a due date.",
    ),
    "web.reserve": ("Réserve", "Reserve"),
    "web.owner": ("Responsable", "Owner"),
    "web.due": ("Échéance", "Due date"),
    "web.send": ("Enregistrer ma décision", "Record my decision"),
    "web.no_channel": (
        "Aucun canal de notification ne joint {names} : votre décision est enregistrée, mais ne leur "
        "est pas annoncée (l'équipe de recette peut configurer leur canal).",
        "No notification channel reaches {names}: your decision is recorded, but not announced to them "
        "(the acceptance team can set up their channel).",
    ),
    "web.no_go": (
        "La recommandation de ce PV est NO GO : des critères de sortie ne sont pas atteints. Une "
        "approbation reste possible, en connaissance de cause.",
        "This PV's recommendation is NO GO: exit criteria are missed. You may approve all the same, "
        "knowingly.",
    ),
    "web.problems": ("La décision n'est pas enregistrée :", "The decision is not recorded:"),
    "web.problem.decision": ("choisissez une décision", "choose a decision"),
    "web.problem.pv": ("formulaire incomplet : rouvrez la page", "incomplete form: reopen the page"),
    "web.pv": ("Empreinte du PV (SHA-256), ce que vous signez :", "PV fingerprint (SHA-256), what you sign:"),
    "web.problem.comment_long": ("commentaire trop long", "comment too long"),
    "web.problem.comment_needed": ("un refus demande un commentaire", "a rejection needs a comment"),
    "web.problem.unknown_gap": ("écart inconnu", "unknown gap"),
    "web.problem.owner": ("chaque réserve demande un responsable", "each reservation needs an owner"),
    "web.problem.due": (
        "chaque réserve demande une échéance à venir (AAAA-MM-JJ)",
        "each reservation needs a due date to come (YYYY-MM-DD)",
    ),
    "web.problem.no_reservation": (
        "approuver avec réserves demande au moins une réserve",
        "approving with reservations needs at least one reservation",
    ),
    "web.problem.reservations_need_choice": (
        "des réserves sont cochées : choisissez « Approuver avec réserves »",
        "reservations are ticked: choose 'Approve with reservations'",
    ),
    "web.manual.title": ("Tests utilisateurs", "User acceptance tests"),
    "web.manual.campaign": ("campagne {campaign}", "campaign {campaign}"),
    "web.manual.progress": (
        "{done} scénario(s) sur {total} exécuté(s).",
        "{done} of {total} scenario(s) executed.",
    ),
    "web.manual.saved": (
        "Enregistré : « {scenario} » — {status}. Vous pouvez reprendre plus tard.",
        "Recorded: '{scenario}' — {status}. You may resume later.",
    ),
    "web.manual.nothing": ("Aucun scénario ne vous est attribué.", "No scenario is assigned to you."),
    "web.manual.not_yours": ("Ce scénario n'est pas dans votre liste.", "This scenario is not in your list."),
    "web.manual.back": ("Retour à mes scénarios", "Back to my scenarios"),
    "web.manual.expected": ("Résultat attendu : vérifiez-le.", "Expected result: check it."),
    "web.manual.recorded_at": ("Dernier enregistrement : {date}", "Last recorded: {date}"),
    "web.manual.problems": ("Rien n'est enregistré :", "Nothing is recorded:"),
    "web.manual.verdict.passed": ("Réussi", "Passed"),
    "web.manual.verdict.failed": ("Échoué", "Failed"),
    "web.manual.verdict.blocked": ("Bloqué", "Blocked"),
    "web.manual.comment_hint": (
        "obligatoire si l'étape échoue ou est bloquée",
        "required when the step fails or is blocked",
    ),
    "web.manual.resume_hint": (
        "Les étapes laissées sans résultat restent à faire : vous pourrez les reprendre.",
        "Steps left without a result remain to do: you may resume them later.",
    ),
    "web.manual.save": ("Enregistrer", "Save"),
    "web.problem.verdict": ("résultat d'étape inconnu", "unknown step result"),
    "web.problem.step_comment": (
        "une étape échouée ou bloquée demande un commentaire",
        "a failed or blocked step needs a comment",
    ),
    "web.problem.too_large": ("envoi trop volumineux", "upload too large"),
    "web.manual.attach": (
        "Joindre une capture ou un fichier (au plus {max} Mo)",
        "Attach a screenshot or a file (at most {max} MB)",
    ),
    "web.manual.files_hint": (
        "Au plus {count} fichiers par enregistrement ; ils s'ajoutent à ceux déjà joints.",
        "At most {count} files per save; they add to those already attached.",
    ),
    "web.problem.attachment.too_many": ("trop de fichiers à la fois", "too many files at once"),
    "web.problem.attachment.step": ("fichier joint à une étape inconnue", "file attached to an unknown step"),
    "web.problem.attachment.empty": ("fichier vide", "empty file"),
    "web.problem.attachment.too_large": (
        "un fichier dépasse la taille permise",
        "a file is larger than allowed",
    ),
    "web.problem.attachment.type": (
        "type de fichier non permis (reconnu d'après son contenu, pas son nom)",
        "file type not allowed (found from its content, not its name)",
    ),
    "web.problem.attachment.svg": (
        "image SVG refusée : une image SVG peut contenir du code actif ; joignez une capture PNG ou JPEG",
        "SVG image refused: an SVG image can hold active code; attach a PNG or JPEG screenshot",
    ),
    "web.refused": ("Accès refusé", "Access refused"),
    "web.error": ("Erreur", "Error"),
    "web.not_found": ("Page introuvable", "Page not found"),
    "web.too_large": ("Envoi trop volumineux", "Upload too large"),
    "web.back": ("Retour à la liste", "Back to the list"),
    "web.language": ("English", "Français"),
}


def translator(lang: str) -> Callable[..., str]:
    """``t(key, **params)``: the web's words, then the shared ones."""
    shared = shared_translator(lang)
    index = 0 if lang == "fr" else 1

    def t(key: str, **params: object) -> str:
        if key in _TEXTS:
            text = _TEXTS[key][index]
            return text.format(**params) if params else text
        return shared(key, **params)

    return t


def choose_lang(query: str | None, cookie: str | None, accept: str, default: str) -> str:
    """``?lang=``, then the page's cookie, then the browser's ``Accept-Language``, then the project's."""
    for chosen in (query, cookie):
        if chosen in ("fr", "en"):
            return chosen
    weighted: list[tuple[float, int, str]] = []
    for position, part in enumerate(accept.split(",")[:20]):
        tag, _, params = part.strip().partition(";")
        weight = 1.0
        if params.strip().startswith("q="):
            try:
                weight = float(params.strip()[2:])
            except ValueError:
                weight = 0.0
        primary = tag.strip().lower()[:2]
        if primary in ("fr", "en") and weight > 0:
            weighted.append((-weight, position, primary))
    return sorted(weighted)[0][2] if weighted else (default if default in ("fr", "en") else "fr")


def words(lang: str) -> Mapping[str, str]:
    """Every web word in ``lang`` (for tests: each has both languages)."""
    index = 0 if lang == "fr" else 1
    return {key: pair[index] for key, pair in _TEXTS.items()}
