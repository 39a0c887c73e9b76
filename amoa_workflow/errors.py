"""The one exception tree of amoa-workflow.

Every error a user can cause or meet derives from :class:`AmoaError`. Each class carries
its message in French and English; the parameters name the file and line, the release or
the requirement concerned. Entry points (CLI, flows) translate an ``AmoaError`` into one line
and an exit code or a failed state; nothing below them prints or exits.

    AmoaError
    ├── StoredReportAltered           exit code 1: a stored PV no longer matches its SHA-256
    ├── UserError                     exit code 2: fix your input and rerun
    │   ├── InputFileError            a file is missing, unreadable or malformed (file:line)
    │   │   ├── FileMissing
    │   │   ├── ConfigError
    │   │   ├── RequirementsError
    │   │   ├── ReleaseNotesError
    │   │   ├── KeyFileError          an approver's private key file cannot be used
    │   │   ├── WorkbookError         a manual-results workbook: names the sheet, row and column
    │   │   └── StepDefinitionsError
    │   ├── UnsafeName                a release, gate or campaign id that cannot name a file
    │   ├── TextTooLong               a value longer than its column (every database alike)
    │   ├── ReleaseNotFound
    │   ├── ReleaseRemovalRefused     a release whose gates hold decisions cannot be removed
    │   ├── GapNotFound / GapMoveRefused  an unknown gap, or a lifecycle move it cannot make
    │   ├── CampaignNotFound          no campaign with this key, or no run N in it
    │   ├── StoredReportMissing       no PV (or evidence pack) of the release kept in the database
    │   ├── ManualWorkRefused         an unknown tester, or a scenario that is not a manual one
    │   ├── AttachmentRefused         a tester's file: too large, empty, not allowed, SVG, over the quota
    │   ├── NotificationNotFound      no notification with this id in the outbox
    │   ├── NotificationAlreadySent   a notification sent (or being sent) is never sent twice
    │   ├── GateNotFound              no such gate configured, or not opened for the release
    │   ├── DecisionRefused           not an approver of the gate, gate closed, incomplete decision
    │   ├── WebSecretMissing          AMOA_WEB_SECRET is not set (or too short) for approvers' links
    │   ├── SecretTooShort            a secret of the environment (AMOA_AUDIT_KEY) is too short
    │   ├── LinkRefused               an approver's link is forged, expired, used or for another gate
    │   ├── ProjectRevisionRefused    a shard's worker holds another revision of the project (or none)
    │   └── SelectionError            what to run cannot be understood
    │       ├── TagExpressionError    names the column
    │       └── PathOutsideFeatures
    └── ServiceUnavailable            exit code 3: something around us is down
        ├── DatabaseUnavailable       cannot connect, or no answer in time (names the URL, password masked)
        ├── DatabaseWriteFailed       connected, but cannot write: read-only, disk full, locked, timed out
        ├── StorageUnavailable        a file or folder cannot be written: read-only, full, no permission
        └── RunnerError

    Interrupted (a KeyboardInterrupt, not an AmoaError)  Ctrl-C or SIGTERM: exit code 128 + signal

:class:`Interrupted` is not an error and not an ``Exception``: like ``KeyboardInterrupt``, it must
pass through every ``except Exception`` (a step that retries, a library that logs and goes on) up
to the entry point, which stops the scenario processes, records what finished and exits 130/143.

May import: nothing.
"""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

Language = str  # "fr" or "en"


class AmoaError(Exception):
    """Base of every error raised on purpose by amoa-workflow."""

    exit_code: ClassVar[int] = 1
    fr: ClassVar[str] = "{detail}"
    en: ClassVar[str] = "{detail}"

    def __init__(self, **params: object) -> None:
        self.params = params
        super().__init__(self.render("en"))

    def render(self, lang: Language = "en") -> str:
        template = self.fr if lang == "fr" else self.en
        return template.format(**self.params)


class Interrupted(KeyboardInterrupt):
    """The user or the system asked us to stop (SIGINT: Ctrl-C, SIGTERM: ``kill``, a scheduler)."""

    fr: ClassVar[str] = "Interrompu ({signal}) : {detail}"
    en: ClassVar[str] = "Interrupted ({signal}): {detail}"

    def __init__(self, signum: int) -> None:
        self.signum = signum
        super().__init__(signum)

    @property
    def exit_code(self) -> int:
        return 128 + self.signum

    @property
    def signal_name(self) -> str:
        return signal_name(self.signum)

    def render(self, lang: Language = "en", detail: str = "") -> str:
        template = self.fr if lang == "fr" else self.en
        return template.format(signal=self.signal_name, detail=detail).rstrip(" :")


SIGINT, SIGTERM = 2, 15
SIGNAL_NAMES = {SIGINT: "Ctrl-C", SIGTERM: "SIGTERM"}


def signal_name(signum: int) -> str:
    """How a stop signal is named to users, in messages and in a run's history line."""
    return SIGNAL_NAMES.get(signum, f"signal {signum}")


def signal_of(stop: BaseException) -> int:
    """The signal that stopped us: an :class:`Interrupted`'s, the ``signal`` of an orchestrator's
    termination exception (Prefect's ``TerminationSignal``), else Ctrl-C (a bare ``KeyboardInterrupt``)."""
    for attribute in ("signum", "signal"):
        number = getattr(stop, attribute, None)
        if isinstance(number, int):
            return number
    return SIGINT


class UserError(AmoaError):
    """The input is wrong; the user can fix it."""

    exit_code = 2


class InputFileError(UserError):
    """A file given by the user cannot be used; says why in both languages."""

    fr = "{location} : {why_fr}"
    en = "{location}: {why_en}"

    def __init__(self, path: Path | str, why_en: str, why_fr: str, line: int | None = None) -> None:
        location = f"{path}:{line}" if line is not None else str(path)
        super().__init__(location=location, why_en=why_en, why_fr=why_fr, path=str(path), line=line)

    @property
    def path(self) -> str:
        return str(self.params["path"])

    @property
    def line(self) -> int | None:
        line = self.params.get("line")
        return line if isinstance(line, int) else None


class FileMissing(InputFileError):
    def __init__(self, path: Path | str) -> None:
        super().__init__(path, why_en="file not found", why_fr="fichier introuvable")


class ConfigError(InputFileError):
    """The project configuration (config/amoa.toml) is wrong."""


class RequirementsError(InputFileError):
    """The requirements file is malformed (names the file and the line)."""


class KeyFileError(InputFileError):
    """An approver's private key file is missing, readable by others, or not an Ed25519 key."""


class ReleaseNotesError(InputFileError):
    """The release notes are malformed (names the file and the line)."""


class StepDefinitionsError(InputFileError):
    """A project's step definitions (conftest.py) cannot be loaded."""


class UnsafeName(UserError):
    """A value read from a file or an option would name a file it must not (a path, ``..``…)."""

    fr = (
        "{source} : {what} {shown} ne peut pas nommer un fichier (lettres, chiffres, « . _ + ~ - », "
        "64 caractères au plus ; ni « / », ni « .. », ni caractère de contrôle)"
    )
    en = (
        "{source}: {what} {shown} cannot name a file (letters, digits, '. _ + ~ -', at most 64 "
        "characters; no '/', '..' or control character)"
    )

    def __init__(self, value: str, what: str, source: str) -> None:
        shown = ascii(value[:80]) if len(value) <= 80 else ascii(value[:80]) + "…"
        super().__init__(value=value, what=what, source=source, shown=shown)


class TextTooLong(UserError):
    """A value longer than the database keeps: refused alike on SQLite and PostgreSQL."""

    fr = "{field} : {length} caractères, {limit} au plus"
    en = "{field}: {length} characters, at most {limit}"

    def __init__(self, field: str, length: int, limit: int) -> None:
        super().__init__(field=field, length=length, limit=limit)


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


class WorkbookError(InputFileError):
    """A manual-results workbook that cannot be imported; the reason names sheet, row and column."""


class NotificationNotFound(UserError):
    fr = "notification {id} : introuvable"
    en = "notification {id}: not found"

    def __init__(self, id: int) -> None:
        super().__init__(id=id)


class NotificationAlreadySent(UserError):
    fr = "notification {id} : {status_fr}, elle n'est pas envoyée une seconde fois"
    en = "notification {id}: {status_en}, it is not sent twice"

    def __init__(self, id: int | None, status: str) -> None:
        sent = status == "sent"
        super().__init__(
            id=id,
            status=status,
            status_fr="déjà envoyée" if sent else "en cours d'envoi",
            status_en="already sent" if sent else "being sent",
        )


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


class WebSecretMissing(UserError):
    fr = "{variable} n'est pas défini : les liens sont signés avec un secret d'au moins {length} caractères"
    en = "{variable} is not set: links are signed with a secret of at least {length} characters"


class SecretTooShort(UserError):
    fr = "{variable} est trop court : au moins {length} caractères (un secret aléatoire)"
    en = "{variable} is too short: at least {length} characters (a random secret)"


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


class SelectionError(UserError):
    """The choice of scenarios to run cannot be understood."""


class TagExpressionError(SelectionError):
    fr = "expression de tags « {text} », colonne {column} : {why_fr}"
    en = "tag expression « {text} », column {column}: {why_en}"

    def __init__(self, text: str, column: int, why_en: str, why_fr: str) -> None:
        super().__init__(text=text, column=column, why_en=why_en, why_fr=why_fr)


class PathOutsideFeatures(SelectionError):
    fr = "{path} : ni fichier .feature ni dossier dans {features}"
    en = "{path}: neither a .feature file nor a folder inside {features}"

    def __init__(self, path: Path | str, features: Path | str) -> None:
        super().__init__(path=str(path), features=str(features))


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


class ServiceUnavailable(AmoaError):
    """Something the tool depends on is not available; the input may be fine."""

    exit_code = 3


class DatabaseUnavailable(ServiceUnavailable):
    fr = "base de données injoignable ({url}) : {detail_fr}"
    en = "database unreachable ({url}): {detail}"

    def __init__(self, url: str, detail: str, detail_fr: str | None = None) -> None:
        super().__init__(url=url, detail=detail, detail_fr=detail_fr or detail)


class DatabaseWriteFailed(ServiceUnavailable):
    """Connected, but the database refuses the work: read-only, full, locked, too slow."""

    fr = "base de données {url} : {why_fr}"
    en = "database {url}: {why_en}"

    def __init__(self, url: str, why_en: str, why_fr: str) -> None:
        super().__init__(url=url, why_en=why_en, why_fr=why_fr)


class StorageUnavailable(ServiceUnavailable):
    """A file or folder cannot be written or read (read-only, full, no permission): says what to do."""

    fr = "{path} : {why_fr}"
    en = "{path}: {why_en}"

    def __init__(self, path: str, why_en: str, why_fr: str) -> None:
        super().__init__(path=path, why_en=why_en, why_fr=why_fr)

    @classmethod
    def from_os_error(cls, error: OSError) -> StorageUnavailable:
        """The one line for an operating-system error met while reading or writing a file."""
        import errno

        path = str(error.filename or "?")
        reasons = {
            errno.EROFS: ("read-only file system: give a writable folder (AMOA_DATA_DIR)",
                          "système de fichiers en lecture seule : donnez un dossier accessible en "
                          "écriture (AMOA_DATA_DIR)"),
            errno.EACCES: ("permission denied: give write access to it, or another folder (AMOA_DATA_DIR)",
                           "permission refusée : donnez-y l'accès en écriture, ou un autre dossier "
                           "(AMOA_DATA_DIR)"),
            errno.ENOSPC: ("no space left on the device: free some and run again (nothing was half-written)",
                           "plus de place sur le disque : libérez-en et relancez (rien n'a été écrit "
                           "à moitié)"),
        }  # fmt: skip
        reasons[errno.EPERM] = reasons[errno.EACCES]
        reasons[errno.EDQUOT] = reasons[errno.ENOSPC]
        why = reasons.get(error.errno or 0)
        if why is None:
            text = error.strerror or str(error)
            return cls(path, text, text)
        return cls(path, *why)


class PdfUnavailable(ServiceUnavailable):
    fr = "PDF impossible : {detail}"
    en = "cannot make the PDF: {detail}"


class DuplicateScenario(UserError):
    fr = "le scénario {key} a deux résultats ({first}, {second}) : liez chaque scénario une seule fois"
    en = "scenario {key} has two results ({first}, {second}): each scenario must be bound once"


class RunnerError(ServiceUnavailable):
    fr = "exécution des scénarios impossible ({features}) : {detail}"
    en = "cannot run the scenarios ({features}): {detail}"
