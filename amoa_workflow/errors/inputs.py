"""What the user gives that cannot be used: a file, a name or value, a selection of scenarios.

Every one names its file and line (:class:`InputFileError` and its kinds), the source of the
value, or the column of the tag expression.
"""

from __future__ import annotations

from pathlib import Path

from amoa_workflow.errors.base import UserError


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


class WorkbookError(InputFileError):
    """A manual-results workbook that cannot be imported; the reason names sheet, row and column."""


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


class DatabaseUrlRefused(UserError):
    """The database URL names no database to use: a SQLite file that is not there for a command
    that only reads, a folder that does not exist, a dialect without its driver. Nothing is created."""

    fr = "{why_fr}"
    en = "{why_en}"

    def __init__(self, why_en: str, why_fr: str) -> None:
        super().__init__(why_en=why_en, why_fr=why_fr)


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


class NoScenarioFound(SelectionError):
    """A run that would find no scenario at all: it is refused, nothing is recorded (an empty run
    would replace the campaign's results with nothing)."""

    fr = "aucun scénario trouvé dans {features}{selection_fr}"
    en = "no scenario found in {features}{selection_en}"

    def __init__(self, features: Path | str, selection: str = "all") -> None:
        chosen = selection != "all"
        super().__init__(
            features=str(features),
            selection_fr=f" pour {selection}" if chosen else "",
            selection_en=f" for {selection}" if chosen else "",
        )
