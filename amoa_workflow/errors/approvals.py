"""A gate that is not there, a decision or an approver's link refused, a secret not set."""

from __future__ import annotations

from typing import ClassVar

from amoa_workflow.errors.base import UserError


class GateNotFound(UserError):
    fr = "porte « {gate} » de la version {release} : {what_fr} (portes : {known})"
    en = "gate '{gate}' of release {release}: {what_en} (gates: {known})"

    def __init__(self, gate: str, release: str, known: list[str], configured: bool = True) -> None:
        super().__init__(
            gate=gate,
            release=release,
            known=", ".join(known) or "-",
            what_en="not opened yet (run the checkpoint first)" if configured else "not configured",
            what_fr="pas encore ouverte (lancez d'abord le point de contrôle)"
            if configured
            else "non configurée",
        )


class DecisionRefused(UserError):
    fr = "décision refusée sur « {gate} » ({release}) : {why_fr}"
    en = "decision refused on '{gate}' ({release}): {why_en}"

    def __init__(self, gate: str, release: str, why_en: str, why_fr: str) -> None:
        super().__init__(gate=gate, release=release, why_en=why_en, why_fr=why_fr)


class LinkRefused(UserError):
    """An approver's link (or the form sent with it) cannot be used; ``reason`` says why."""

    REASONS: ClassVar[dict[str, tuple[str, str]]] = {
        "missing": ("ouvrez le lien reçu dans votre message", "open the link you received in your message"),
        "malformed": ("lien illisible", "unreadable link"),
        "forged": ("lien non authentique", "the link is not genuine"),
        "expired": ("lien expiré : demandez-en un nouveau", "the link has expired: ask for a new one"),
        "wrong_purpose": ("ce lien ne sert pas à décider", "this link is not for deciding"),
        "not_tester": (
            "ce lien ne sert pas aux tests utilisateurs",
            "this link is not for executing manual scenarios",
        ),
        "used": ("lien déjà utilisé", "the link was already used"),
        "revoked": ("lien révoqué : demandez-en un nouveau", "the link was revoked: ask for a new one"),
        "other_gate": ("ce lien concerne un autre point de contrôle", "this link is for another gate"),
        "csrf": ("formulaire périmé ou falsifié : rouvrez la page", "stale or forged form: reopen the page"),
    }
    fr = "lien refusé : {why_fr}"
    en = "link refused: {why_en}"

    def __init__(self, reason: str) -> None:
        fr, en = self.REASONS.get(reason, (reason, reason))
        super().__init__(reason=reason, why_fr=fr, why_en=en)

    @property
    def reason(self) -> str:
        return str(self.params["reason"])


class WebSecretMissing(UserError):
    fr = "{variable} n'est pas défini : les liens sont signés avec un secret d'au moins {length} caractères"
    en = "{variable} is not set: links are signed with a secret of at least {length} characters"


class SecretTooShort(UserError):
    fr = "{variable} est trop court : au moins {length} caractères (un secret aléatoire)"
    en = "{variable} is too short: at least {length} characters (a random secret)"
