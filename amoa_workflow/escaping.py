"""Text from people and files made inert where it is written: Markdown and spreadsheets.

Markdown (the PV, the digest, the step catalog) is read raw and rendered to HTML by whatever
viewer opens it, often with raw HTML allowed. :func:`markdown_text` makes a value plain text in
any CommonMark or GitHub renderer: ``<``, ``>`` and ``&`` become entities (no tag, no comment, no
autolink), Markdown punctuation is backslash-escaped (no link, image, emphasis, code or table
cell break; ``_`` only where it could start or end emphasis), bare addresses lose their ``://``,
``www.`` and ``@`` (no autolink), and line breaks become spaces (a value never starts a block).
:func:`code_span` is the same for inline code.

Spreadsheets: a cell starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is a
formula to Excel or LibreOffice (``=HYPERLINK(…)``, DDE). :func:`spreadsheet_text` prefixes it with
``'`` (OWASP's advice on CSV injection); XLSX cells are also written as text, never as formulas.

May import: nothing.
"""

from __future__ import annotations

import re

from markupsafe import Markup

_ENTITIES = {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;"}
_PUNCTUATION = re.compile(r"([\\`*\[\]|])")
_EMPHASIS = re.compile(r"(?<![^\W_])_|_(?![^\W_])")  # "_" not between two letters or digits
_LINE_BREAKS = re.compile(r"[\r\n\t\f\v\u0085\u2028\u2029]+")
_AUTOLINKS = (("://", "&#58;//"), ("www.", "www&#46;"), ("WWW.", "WWW&#46;"), ("@", "&#64;"))
_BLOCK_START = re.compile(r"^(\d*)([#+\-=.)])(?=\s|$)")  # a list item, heading or rule
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def markdown_text(value: object) -> str:
    """``value`` as Markdown that renders as exactly its text, with nothing active in it."""
    text = _LINE_BREAKS.sub(" ", str(value))
    text = _EMPHASIS.sub(r"\\_", _PUNCTUATION.sub(r"\\\1", text))
    text = "".join(_ENTITIES.get(char, char) for char in text)
    for found, inert in _AUTOLINKS:
        text = text.replace(found, inert)
    return _BLOCK_START.sub(r"\1\\\2", text)


def inert_markdown(value: object) -> str:
    """Jinja's ``finalize`` for Markdown templates: every ``{{ value }}`` printed inert; a value
    already made safe by a filter of ours (:class:`~markupsafe.Markup`, e.g. :func:`code_filter`) as is."""
    return str(value) if isinstance(value, Markup) else markdown_text(value)


def code_filter(value: object) -> Markup:
    """The ``code`` filter of Markdown templates: ``{{ x | code }}`` is inline code."""
    return Markup(code_span(value))  # inert by construction (code_span)


def code_span(value: object) -> str:
    """``value`` as inline code: fenced by more backticks than it holds, on one line."""
    text = _LINE_BREAKS.sub(" ", str(value))
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def spreadsheet_text(value: str) -> str:
    """A cell's text that no spreadsheet reads as a formula."""
    return "'" + value if value.startswith(FORMULA_STARTS) else value
