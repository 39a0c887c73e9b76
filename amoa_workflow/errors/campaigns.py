"""A campaign that is not recorded, a scenario bound twice, manual work and attachments refused,
a shard's worker on another revision of the project.
"""

from __future__ import annotations

from typing import ClassVar

from amoa_workflow.errors.base import UserError


class CampaignNotFound(UserError):
    fr = "campagne {campaign} : {what_fr} (présentes : {known})"
    en = "campaign {campaign}: {what_en} (known: {known})"

    def __init__(self, campaign: str, known: list[str], attempt: int | None = None) -> None:
        what_en = "not recorded yet" if attempt is None else f"no run #{attempt}"
        what_fr = "pas encore enregistrée" if attempt is None else f"pas d'exécution n°{attempt}"
        super().__init__(
            campaign=campaign,
            what_en=what_en,
            what_fr=what_fr,
            known=", ".join(known) or "-",
            attempt=attempt,
        )


class DuplicateScenario(UserError):
    fr = "le scénario {key} a deux résultats ({first}, {second}) : liez chaque scénario une seule fois"
    en = "scenario {key} has two results ({first}, {second}): each scenario must be bound once"


class ManualWorkRefused(UserError):
    fr = "campagne {campaign} : {why_fr}"
    en = "campaign {campaign}: {why_en}"

    def __init__(self, campaign: str, why_en: str, why_fr: str) -> None:
        super().__init__(campaign=campaign, why_en=why_en, why_fr=why_fr)


class AttachmentRefused(UserError):
    """A file a tester attached is not kept (nor anything sent with it); ``reason`` says why."""

    REASONS: ClassVar[dict[str, tuple[str, str]]] = {
        "too_large": ("le fichier dépasse la taille permise", "the file is larger than allowed"),
        "empty": ("fichier vide", "empty file"),
        "type": (
            "type de fichier non permis (reconnu d'après son contenu, pas son nom)",
            "file type not allowed (found from its content, not its name)",
        ),
        "svg": (
            "image SVG : elle peut contenir du code actif ; joignez une capture PNG ou JPEG",
            "SVG image: it can hold active code; attach a PNG or JPEG screenshot",
        ),
        "quota": (
            "au plus {limit} fichiers par testeur et par campagne",
            "at most {limit} files per tester and campaign",
        ),
    }
    fr = "pièce jointe {name} refusée : {why_fr}"
    en = "attachment {name} refused: {why_en}"

    def __init__(self, reason: str, name: str, limit: int = 0) -> None:
        fr, en = self.REASONS.get(reason, (reason, reason))
        super().__init__(
            reason=reason, name=name, why_fr=fr.format(limit=limit), why_en=en.format(limit=limit)
        )

    @property
    def reason(self) -> str:
        return str(self.params["reason"])

    @property
    def name(self) -> str:
        return str(self.params["name"])


class ProjectRevisionRefused(UserError):
    """A worker's copy of the acceptance project is not the one the checkpoint planned with."""

    fr = (
        "shard {shard} refusé sur {host} : le projet {project} est à la révision {found}, le point de "
        "contrôle a été planifié avec {expected} ; mettez cette copie à jour (git pull, ou l'étape pull "
        "de prefect.yaml) et relancez"
    )
    en = (
        "shard {shard} refused on {host}: the project {project} is at revision {found}, the checkpoint "
        "was planned with {expected}; bring this copy up to date (git pull, or the pull step of "
        "prefect.yaml) and run again"
    )
