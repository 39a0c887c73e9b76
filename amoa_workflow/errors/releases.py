"""A release that is not there or cannot be removed, its stored PVs, its tracked gaps."""

from __future__ import annotations

from pathlib import Path

from amoa_workflow.errors.base import AmoaError, UserError


class ReleaseNotFound(UserError):
    fr = "version {release} : absente de {path} (versions présentes : {known})"
    en = "release {release}: not found in {path} (versions it contains: {known})"

    def __init__(self, release: str, path: Path | str, known: list[str]) -> None:
        super().__init__(release=release, path=str(path), known=_versions(known))


class ReleaseNotStored(ReleaseNotFound):
    """A release asked of the database that was never ingested: the versions it holds are named."""

    fr = (
        "version {release} : jamais enregistrée (versions enregistrées : {known} ; "
        "amoa ingest --release {release})"
    )
    en = "release {release}: never ingested (releases stored: {known}; amoa ingest --release {release})"

    def __init__(self, release: str, known: list[str]) -> None:
        UserError.__init__(self, release=release, known=_versions(known))


class ReleaseRemovalRefused(UserError):
    """Decisions were made on the release: they are the evidence of a sign-off, never deleted."""

    fr = (
        "version {release} : suppression refusée, des décisions ont été prises sur sa porte {gates} "
        "(elles restent la preuve d'une signature)"
    )
    en = "release {release}: removal refused, decisions were made on its gate {gates} (they stay as evidence)"

    def __init__(self, release: str, gates: list[str]) -> None:
        super().__init__(release=release, gates=", ".join(gates))


def _versions(known: list[str]) -> str:
    """The one way the versions present are listed in a message: all of them, or a dash."""
    return ", ".join(known) if known else "—"


class StoredReportMissing(UserError):
    fr = "version {release} : aucun {kind_fr} enregistré en base (produit par amoa checkpoint ou amoa report)"
    en = "release {release}: no {kind_en} stored in the database (amoa checkpoint or amoa report makes it)"

    def __init__(self, release: str, kind: str) -> None:
        fr, en = _STORED_KINDS.get(kind, (kind, kind))
        super().__init__(release=release, kind=kind, kind_fr=fr, kind_en=en)


class StoredReportOutdated(UserError):
    """A PDF or evidence pack kept before the latest PV (a later run or decision kept the PV without
    it): never served as the current one."""

    fr = (
        "version {release} : le {kind_fr} enregistré ({kept}) est antérieur au PV enregistré en dernier "
        "({pv}, après un nouveau passage ou une décision) : non servi ; "
        "refaites-le : amoa report -r {release} -f {kind}"
    )
    en = (
        "release {release}: the stored {kind_en} ({kept}) is older than the PV stored last ({pv}, after "
        "a later run or decision): not served; render it again: amoa report -r {release} -f {kind}"
    )

    def __init__(self, release: str, kind: str, kept: str, pv: str) -> None:
        fr, en = _STORED_KINDS.get(kind, (kind, kind))
        super().__init__(release=release, kind=kind, kind_fr=fr, kind_en=en, kept=kept, pv=pv)


_STORED_KINDS = {
    "html": ("PV HTML", "HTML PV"),
    "pdf": ("PV PDF", "PDF PV"),
    "evidence": ("pack de preuves", "evidence pack"),
}


class StoredReportAltered(AmoaError):
    fr = "version {release} : le {kind} enregistré a changé (SHA-256 {actual}, attendu {expected})"
    en = "release {release}: the stored {kind} was altered (SHA-256 {actual}, expected {expected})"


class GapNotFound(UserError):
    fr = "écart « {identity} » inconnu (exemples suivis : {known})"
    en = "gap '{identity}' is not tracked (tracked, e.g.: {known})"

    def __init__(self, identity: str, known: list[str]) -> None:
        super().__init__(identity=identity, known=", ".join(known[:5]) or "-")


class GapMoveRefused(UserError):
    fr = "écart « {identity} » : {why_fr}"
    en = "gap '{identity}': {why_en}"

    def __init__(self, identity: str, why_en: str, why_fr: str) -> None:
        super().__init__(identity=identity, why_en=why_en, why_fr=why_fr)
