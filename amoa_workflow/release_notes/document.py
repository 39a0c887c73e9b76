"""A release-notes file as text: size, binary and encoding checks, warnings kept aside."""

from __future__ import annotations

import codecs
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from amoa_workflow import inputs
from amoa_workflow.errors import ReleaseNotesError

MAX_MEGABYTES = 10
DEFAULT_MAX_BYTES = MAX_MEGABYTES * 1_000_000  # the one size limit: code, messages and guide say 10 MB


@dataclass(frozen=True)
class NoteWarning:
    """Something odd but not fatal in the notes (a malformed date, a legacy encoding…)."""

    path: str
    line: int | None
    en: str
    fr: str

    def render(self, lang: str = "en") -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: {self.fr if lang == 'fr' else self.en}"


@dataclass
class Document:
    path: Path
    text: str
    warnings: list[NoteWarning] = field(default_factory=list)

    @cached_property
    def lines(self) -> list[str]:
        """The text's lines, split at « \\n » only (as editors number them)."""
        lines = self.text.split("\n")
        return lines[:-1] if lines and not lines[-1] else lines

    def warn(self, line: int | None, en: str, fr: str) -> None:
        self.warnings.append(NoteWarning(str(self.path), line, en, fr))


def read_document(path: Path, max_bytes: int = DEFAULT_MAX_BYTES, empty_ok: bool = False) -> Document:
    """The file's text: UTF-8 (with or without BOM), UTF-16/32 with a BOM, else cp1252 with a warning."""
    inputs.regular_file(path, ReleaseNotesError)
    size = path.stat().st_size
    if size > max_bytes:
        raise ReleaseNotesError(
            path,
            why_en=f"file too large ({size / 1e6:.1f} MB, at most {max_bytes / 1e6:g} MB)",
            why_fr=f"fichier trop volumineux ({size / 1e6:.1f} Mo, {max_bytes / 1e6:g} Mo au plus)".replace(
                ".", ","
            ),  # decimals as written in French
        )
    return decode(path, path.read_bytes(), empty_ok)


_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)  # fmt: skip  (UTF-32 first: its little-endian BOM starts with UTF-16's)


def decode(path: Path, data: bytes, empty_ok: bool = False) -> Document:
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                text = data.decode(encoding)
            except UnicodeDecodeError as exc:
                raise ReleaseNotesError(
                    path,
                    why_en=f"not valid {encoding.upper()} text (byte {exc.start})",
                    why_fr=f"texte {encoding.upper()} invalide (octet {exc.start})",
                ) from None
            return _document(path, text, [], empty_ok)
    if b"\x00" in data[:8192] or data.startswith((b"\x89PNG", b"%PDF", b"PK\x03\x04", b"\x7fELF")):
        raise ReleaseNotesError(path, why_en="binary file, not text", why_fr="fichier binaire, pas du texte")
    warnings: list[NoteWarning] = []
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        try:
            text = data.decode("cp1252")
        except UnicodeDecodeError:
            raise ReleaseNotesError(
                path,
                line=line,
                why_en="neither UTF-8 nor Windows-1252 text",
                why_fr="texte ni UTF-8 ni Windows-1252",
            ) from None
        warnings.append(
            NoteWarning(
                str(path),
                line,
                "not UTF-8: read as Windows-1252 (cp1252)",
                "pas en UTF-8 : lu comme Windows-1252 (cp1252)",
            )
        )
    return _document(path, text, warnings, empty_ok)


def _document(path: Path, text: str, warnings: list[NoteWarning], empty_ok: bool) -> Document:
    if not text.strip() and not empty_ok:
        raise ReleaseNotesError(path, why_en="the file is empty", why_fr="le fichier est vide")
    return Document(path=path, text=text.replace("\r\n", "\n").replace("\r", "\n"), warnings=warnings)
