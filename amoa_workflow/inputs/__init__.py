"""Files written by someone else (a vendor's release notes, a requirements file), read safely.

A file given by name must be a regular file: a FIFO would block the reading for ever, a device
or a folder is a mistake, a symbolic link loop is not "missing". :func:`regular_file` says which.

A YAML file can be small and still explode: 384 bytes of nested anchors and aliases ("billion
laughs") expand to hundreds of megabytes once walked, and a deeply nested document overflows the
parser's recursion. The files we read are plain data, so:

* anchors and aliases (``&name``, ``*name``) are refused, at their line;
* nesting deeper than :data:`MAX_DEPTH` is refused, at its line;
* only plain data tags are known (PyYAML's safe loader): no object is ever built from a tag;
* a character YAML does not accept (a NUL byte…) is reported by PyYAML's reader, with its place.

Every YAML refusal is a :class:`yaml.MarkedYAMLError` (so callers report it with the line, like
any YAML mistake) whose French wording :func:`problem_fr` gives. :func:`load` types scalars as
JSON does (null, booleans, numbers, text) but keeps dates as the text they were written as.

A spreadsheet is known by its bytes, not its name: :mod:`amoa_workflow.inputs.spreadsheets` tells
an Excel workbook from an Excel 97-2003 file, a password-protected workbook, an OpenDocument
spreadsheet or a CSV, for every reader of spreadsheets (requirements, manual tests' workbooks).

May import: errors.
"""

from __future__ import annotations

import errno
import stat
from pathlib import Path
from typing import Any

import yaml

from amoa_workflow.errors import FileMissing, InputFileError

MAX_DEPTH = 64  # levels of nesting; our formats need five


def regular_file(path: Path, error: type[InputFileError]) -> Path:
    """``path`` if it is a regular file (or a link to one); else ``FileMissing`` or ``error`` saying why."""
    try:
        mode = path.stat().st_mode
    except FileNotFoundError:
        raise FileMissing(path) from None
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise error(path, "a symbolic link loop", "une boucle de liens symboliques") from None
        raise error(path, exc.strerror or str(exc), exc.strerror or str(exc)) from None
    if stat.S_ISREG(mode):
        return path
    if stat.S_ISDIR(mode):
        raise error(path, "a folder, not a file", "un dossier, pas un fichier")
    if stat.S_ISFIFO(mode):
        raise error(path, "a FIFO (named pipe), not a file", "un FIFO (tube nommé), pas un fichier")
    raise error(path, "a device or socket, not a file", "un périphérique ou une socket, pas un fichier")


class RefusedYaml(yaml.MarkedYAMLError):
    """A YAML construct refused in files we read from others; ``problem_fr`` says it in French."""

    def __init__(self, problem: str, problem_fr: str, mark: yaml.Mark | None) -> None:
        super().__init__(problem=problem, problem_mark=mark)
        self.problem_fr = problem_fr


# The tags of plain data; any other (!!python/object, !custom…) is refused, never constructed.
PLAIN_TAGS = frozenset(
    f"tag:yaml.org,2002:{name}" for name in ("str", "int", "float", "bool", "null", "map", "seq", "timestamp")
)


class _Loader(yaml.SafeLoader):
    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self._depth = 0

    def compose_node(self, parent: yaml.Node | None, index: int) -> yaml.Node | None:
        event = self.peek_event()  # type: ignore[no-untyped-call]
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
            raise RefusedYaml(
                "anchors and aliases (&name, *name) are not accepted: write the values out",
                "les ancres et alias (&nom, *nom) ne sont pas acceptés : écrivez les valeurs",
                event.start_mark,
            )
        tag = getattr(event, "tag", None)
        if tag not in (None, "!") and tag not in PLAIN_TAGS:  # !!python/object and the like
            tag = tag.replace("tag:yaml.org,2002:", "!!", 1)
            raise RefusedYaml(
                f"the tag {tag} is not accepted: write plain values (text, numbers, lists, mappings)",
                f"l'étiquette {tag} n'est pas acceptée : écrivez des valeurs simples (texte, nombres,"
                " listes, tableaux de clés)",
                event.start_mark,
            )
        self._depth += 1
        if self._depth > MAX_DEPTH:
            raise RefusedYaml(
                f"nested more than {MAX_DEPTH} levels deep",
                f"imbriqué sur plus de {MAX_DEPTH} niveaux",
                event.start_mark,
            )
        try:
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1


class _TypedLoader(_Loader):
    """JSON's types for scalars; a date stays the text it was written as."""

    yaml_implicit_resolvers = {  # noqa: RUF012 - PyYAML's own class attribute, replaced whole
        first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
        for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
    }


def compose(text: str) -> yaml.Node | None:
    """The node tree of ``text``, with the lines of every node; raises a ``yaml.YAMLError``."""
    loader = _Loader(text)
    try:
        return loader.get_single_node()
    finally:
        loader.dispose()


def load(text: str) -> Any:
    """The data of ``text`` (mappings, lists, text, numbers, booleans, null); raises a ``yaml.YAMLError``."""
    loader = _TypedLoader(text)
    try:
        return loader.get_single_data()
    finally:
        loader.dispose()


def problem_fr(error: yaml.YAMLError) -> str:
    """The problem of a YAML error in French where we wrote it, else PyYAML's own words."""
    if isinstance(error, RefusedYaml):
        return error.problem_fr
    if isinstance(error, yaml.MarkedYAMLError):
        return str(error.problem)
    return str(error)


def problem_en(error: yaml.YAMLError) -> str:
    return str(error.problem) if isinstance(error, yaml.MarkedYAMLError) else str(error)


def line_of(error: yaml.YAMLError) -> int | None:
    """The 1-based line of a YAML error, where PyYAML knows it."""
    mark = getattr(error, "problem_mark", None)
    return mark.line + 1 if mark is not None else None
