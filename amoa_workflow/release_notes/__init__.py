"""Read a vendor's release notes, whatever their shape, into a :class:`Release`.

One entry point, :func:`read_release_notes`; the format is chosen by content, not only by the
file's extension:

* our own YAML/JSON format (``format: amoa-release-notes/1``, JSON Schema in ``schema.json``);
* OpenStack reno YAML notes (a file, or a folder of them);
* towncrier news fragments (``123.bugfix.rst``, a file or a folder of them);
* Markdown changelogs (Keep a Changelog, GitHub, release-please, French headings);
* plain-text Apache / JIRA release notes.

Every problem is a :class:`~amoa_workflow.errors.ReleaseNotesError` (or ``FileMissing`` /
``ReleaseNotFound``) naming the file and, where it applies, the line; oddities that do not stop
the reading (a legacy encoding, an unreadable date) are returned as warnings.

May import: domain, errors, inputs.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

from amoa_workflow import inputs
from amoa_workflow.domain.model import Release, ReleaseNoteItem
from amoa_workflow.errors import FileMissing, ReleaseNotesError, ReleaseNotFound
from amoa_workflow.release_notes import markdown, markdown_headings, plaintext, reno, structured, towncrier
from amoa_workflow.release_notes.document import DEFAULT_MAX_BYTES, Document, NoteWarning, read_document
from amoa_workflow.release_notes.kinds import kind_of
from amoa_workflow.release_notes.references import ReferencePatterns

__all__ = [
    "DEFAULT_MAX_BYTES",
    "NoteWarning",
    "Reading",
    "ReferencePatterns",
    "kind_of",
    "read_release_notes",
]


@dataclass(frozen=True)
class Reading:
    release: Release
    format: str
    warnings: tuple[NoteWarning, ...] = ()


def read_release_notes(
    path: Path,
    version: str,
    patterns: ReferencePatterns,
    max_bytes: int = DEFAULT_MAX_BYTES,
    allow_empty: bool = False,
) -> Reading:
    """The release ``version`` as the notes at ``path`` (a file or a folder) describe it.

    A file that has versions but not this one is :class:`ReleaseNotFound` (listing those it has);
    a release with no item at all is an error unless ``allow_empty``: notes that announce nothing
    are more often notes we could not read.
    """
    reading = _read(path, version, patterns, max_bytes)
    if not reading.release.items and not allow_empty:
        raise ReleaseNotesError(
            path,
            why_en=f"no release-note item found for {version} (--allow-empty to store it all the same)",
            why_fr=f"aucune note trouvée pour {version} (--allow-empty pour l'enregistrer quand même)",
        )
    return reading


def _read(path: Path, version: str, patterns: ReferencePatterns, max_bytes: int) -> Reading:
    if path.is_dir():
        return _read_folder(path, version, patterns, max_bytes)
    if towncrier.is_fragment(path):
        document = read_document(path, max_bytes, empty_ok=True)
        item = towncrier.item(path, document.text, patterns)
        return _reading(document, Release(version, None, (item,), str(path)), "towncrier")
    document = read_document(path, max_bytes)
    if _is_structured(path, document):
        root = _compose(document)
        if structured.claims(root):
            assert root is not None
            data = structured.validated(document, root)
            found = structured.release(document, root, data, version, patterns)
            if found is None:
                raise ReleaseNotFound(version, path, structured.versions(data))
            return _reading(document, found, "amoa-release-notes")
        if reno.claims(root):
            assert isinstance(root, yaml.MappingNode)
            items = tuple(reno.items(document, root, patterns))
            return _reading(document, Release(version, None, items, str(path)), "reno")
        raise ReleaseNotesError(
            path,
            why_en=f"YAML/JSON of unknown shape: expected '{structured.FORMAT}' or reno sections",
            why_fr=f"YAML/JSON de forme inconnue : « {structured.FORMAT} » ou sections reno attendues",
        )
    if not markdown_headings.has_atx_headings(document.lines) and plaintext.looks_like(document):
        found = plaintext.release(document, version, patterns)
        if found is None:
            raise ReleaseNotFound(version, path, plaintext.versions(document))
        return _reading(document, found, "plain text")
    found = markdown.release(document, version, patterns)
    if found is None:
        raise ReleaseNotFound(version, path, markdown.versions(document))
    return _reading(document, found, "markdown")


def _reading(document: Document, release: Release, name: str) -> Reading:
    return Reading(release=release, format=name, warnings=tuple(document.warnings))


_TEXT_SUFFIXES = (".md", ".markdown", ".rst", ".txt", ".text")


def _is_structured(path: Path, document: Document) -> bool:
    if path.suffix.lower() in (".yaml", ".yml", ".json"):
        return True
    if path.suffix.lower() in _TEXT_SUFFIXES:
        return False  # Markdown with a YAML front matter (« --- title: … --- ») is still Markdown
    start = document.text.lstrip()
    return start.startswith(("{", "---", f"format: {structured.FORMAT}"))


def _compose(document: Document) -> yaml.Node | None:
    try:
        return inputs.compose(document.text)
    except yaml.YAMLError as exc:
        raise ReleaseNotesError(
            document.path,
            line=inputs.line_of(exc),
            why_en=f"invalid YAML/JSON: {inputs.problem_en(exc)}",
            why_fr=f"YAML/JSON invalide : {inputs.problem_fr(exc)}",
        ) from None


def _read_folder(folder: Path, version: str, patterns: ReferencePatterns, max_bytes: int) -> Reading:
    """A folder of reno notes or towncrier fragments: every file's items, in file-name order."""
    items: list[ReleaseNoteItem] = []
    warnings: list[NoteWarning] = []
    formats = set()
    for path in sorted(p for p in folder.iterdir() if p.is_file() and not p.name.startswith(".")):
        if towncrier.is_fragment(path):
            document = read_document(path, max_bytes, empty_ok=True)
            items.append(towncrier.item(path, document.text, patterns))
            formats.add("towncrier")
        elif path.suffix.lower() in (".yaml", ".yml"):
            document = read_document(path, max_bytes)
            root = _compose(document)
            if not reno.claims(root):
                raise ReleaseNotesError(
                    path,
                    why_en="not a reno note (unknown sections)",
                    why_fr="pas une note reno (sections inconnues)",
                )
            assert isinstance(root, yaml.MappingNode)
            items.extend(reno.items(document, root, patterns))
            formats.add("reno")
        else:
            continue
        warnings.extend(document.warnings)
    if not formats:
        if not any(folder.iterdir()):
            raise FileMissing(folder)
        raise ReleaseNotesError(
            folder,
            why_en="no reno notes (*.yaml) nor towncrier fragments (123.bugfix.rst) in this folder",
            why_fr="ni notes reno (*.yaml) ni fragments towncrier (123.bugfix.rst) dans ce dossier",
        )
    release = Release(version, None, tuple(items), str(folder))
    return Reading(release=release, format="+".join(sorted(formats)), warnings=tuple(warnings))
