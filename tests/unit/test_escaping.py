"""Text from people made inert: Markdown renders it as its own text (no tag, no link), and a
spreadsheet never reads it as a formula. Checked with two real renderers (markdown-it-py, the
CommonMark one rich uses, with raw HTML allowed; Python-Markdown, apprise's) on hostile payloads
and on any text hypothesis makes up."""

from __future__ import annotations

import html
import re

import markdown
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from amoa_workflow.escaping import code_span, markdown_text, spreadsheet_text

PAYLOADS = [
    "<script>document.title='pwned'</script>",
    "<img src=x onerror=\"document.title='pwned'\">",
    "[clique](javascript:alert(1))",
    "![x](javascript:alert(1))",
    "<javascript:alert(1)>",
    "<http://evil.example/>",
    "http://evil.example/ www.evil.example evil@example.org",
    "[ref]\n\n[ref]: javascript:alert(1)",
    "`code` **gras** a|b \\ <!-- commentaire -->",
    "# titre\n- liste\n1. un\n> citation",
    "&lt;script&gt; &#60;b&#62;",
]
COMMONMARK = MarkdownIt("commonmark", {"html": True}).enable("table")
TAGS = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9]*)")


def rendered(markup: str) -> tuple[set[str], str]:
    """(the tags each renderer produced, the text CommonMark shows)."""
    tags = set()
    for page in (COMMONMARK.render(markup), markdown.markdown(markup, extensions=["tables"])):
        tags |= {name.lower() for _, name in TAGS.findall(page)}
    text = html.unescape(re.sub(r"<[^>]+>", "", COMMONMARK.render(markup))).strip()
    return tags, text


@pytest.mark.parametrize("payload", PAYLOADS)
def test_a_hostile_value_renders_as_its_own_text_in_a_paragraph_and_a_table(payload: str) -> None:
    paragraph_tags, text = rendered(f"Commentaire : {markdown_text(payload)}")
    assert paragraph_tags <= {"p"}
    assert text == "Commentaire : " + " ".join(payload.split())
    table = f"| a | b |\n|---|---|\n| {markdown_text(payload)} | fin |\n"
    table_tags, _ = rendered(table)
    assert table_tags <= {"table", "thead", "tbody", "tr", "th", "td"}
    assert COMMONMARK.render(table).count("<td>") == 2  # a "|" in the value did not add a cell


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=60))
def test_any_text_renders_as_itself_and_nothing_else(value: str) -> None:
    tags, text = rendered(f"x {markdown_text(value)} y")
    assert tags <= {"p"}
    expected = re.sub(r"[\s\u0085\u2028\u2029]+", " ", f"x {value} y".replace("\0", "\ufffd")).strip()
    assert " ".join(text.split()) == " ".join(expected.split())


@pytest.mark.parametrize("payload", PAYLOADS)
def test_inline_code_holds_anything_on_one_line(payload: str) -> None:
    tags, _ = rendered(f"Étape : {code_span(payload)}")
    assert tags <= {"p", "code"}


@pytest.mark.parametrize(
    ("cell", "written"),
    [
        ('=HYPERLINK("http://evil","clic")', '\'=HYPERLINK("http://evil","clic")'),
        ("+33 1 23", "'+33 1 23"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("Bulletin = OK", "Bulletin = OK"),
    ],
)
def test_a_cell_that_would_be_a_formula_is_written_as_text(cell: str, written: str) -> None:
    assert spreadsheet_text(cell) == written
