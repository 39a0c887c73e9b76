"""The Markdown templates print every value inert (:func:`amoa_workflow.escaping.inert_markdown`
as Jinja's ``finalize``), and so a macro's output printed with ``{{ … }}`` — Markdown already
made of inert values — would be escaped whole: its table's pipes and line breaks became one line of
``\\| … \\|`` (the PV's requirement tables did). No Markdown template prints a macro's output."""

from __future__ import annotations

from pathlib import Path

import pytest
from jinja2 import Environment, nodes

import amoa_workflow

TEMPLATES = Path(amoa_workflow.__file__).parent / "templates"
MARKDOWN = sorted(TEMPLATES.rglob("*.md.j2"))


def printed_macros(source: str) -> list[str]:
    tree = Environment().parse(source)
    macros = {macro.name for macro in tree.find_all(nodes.Macro)}
    return [
        call.node.name
        for output in tree.find_all(nodes.Output)
        for call in output.find_all(nodes.Call)
        if isinstance(call.node, nodes.Name) and call.node.name in macros
    ]


@pytest.mark.parametrize("template", MARKDOWN, ids=[p.name for p in MARKDOWN])
def test_no_markdown_template_prints_a_macro_through_the_escaping_of_values(template: Path) -> None:
    assert printed_macros(template.read_text(encoding="utf-8")) == []


def test_the_check_finds_a_macro_printed_as_a_value() -> None:
    source = "{% macro rows(x) %}| {{ x }} |\n{% endmacro %}\n{{ rows(1) }}"

    assert printed_macros(source) == ["rows"]
