"""The step index only narrows the search: the literal prefix of a step pattern never excludes a match."""

from __future__ import annotations

import re

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from pytest_bdd import parsers

from amoa_workflow.scenarios.step_index import SAFE, literal_prefix, parser_prefix


@pytest.mark.parametrize(
    ("pattern", "flags", "prefix"),
    [
        ("le salarié (?P<nom>\\w+)", 0, "le salarié "),
        ("^le salarié", 0, "le salarié"),
        ("\\Aabc", 0, "abc"),
        ("ab?c", 0, "a"),  # b is optional
        ("ab*c", 0, "a"),
        ("ab+c", 0, "a"),
        ("ab{2}c", 0, "a"),
        ("a\\.b", 0, "a.b"),  # escaped punctuation is literal
        ("a\\db", 0, "a"),  # \d is a class
        ("abc|xyz", 0, ""),  # top-level alternation: no common prefix
        ("ab(c|d)", 0, "ab"),  # alternation inside a group is fine
        ("ab[|]c", 0, "ab"),
        ("(?i)abc", 0, ""),
        ("abc", re.VERBOSE, ""),
        ("Étape", re.IGNORECASE, "Étape"),
        ("straße", re.IGNORECASE, "stra"),  # ß folds to "ss": not safe to compare by lower()
        ("x" * 60, 0, "x" * 32),
    ],
)
def test_the_literal_prefix_of_a_pattern(pattern: str, flags: int, prefix: str) -> None:
    assert literal_prefix(pattern, flags) == prefix


def test_each_kind_of_pytest_bdd_parser_has_its_prefix_and_case_rule() -> None:
    assert parser_prefix(parsers.string("un salarié")) == ("un salarié", False)
    assert parser_prefix(parsers.parse("le salarié {nom} est payé")) == ("le salarié ", True)
    assert parser_prefix(parsers.cfparse("le salarié {nom:w}")) == ("le salarié ", True)
    assert parser_prefix(parsers.re(r"le (?P<n>\d+)")) == ("le ", False)
    assert parser_prefix(parsers.re(r"le (?P<n>\d+)", re.IGNORECASE)) == ("le ", True)
    assert parser_prefix(parsers.parse("{n:d} salariés")) == ("", True)


ATOMS = st.sampled_from(
    ["a", "b", "A", "é", "É", "ß", "k", "K", "ſ", "İ", " ", "'", ".", "\\.", "\\d", "\\w+", "(a|b)", "[ab]",
     "?", "*", "+", "{2}", "|", "x", "(?:ab)?", "$"]
)  # fmt: skip
TEXT = st.text(alphabet="abABéÉßkKſİıi '.x0123456789", max_size=12)


def compiles(pattern: str, flags: int) -> bool:
    try:
        re.compile(pattern, flags)
    except re.error:
        return False
    return True


@settings(max_examples=400, deadline=None)
@given(atoms=st.lists(ATOMS, max_size=8), text=TEXT, ignore_case=st.booleans())
@example(atoms=["k"], text="K", ignore_case=True)  # Kelvin sign
@example(atoms=["s"], text="ſ", ignore_case=True)
@example(atoms=["a", "|", "b"], text="b", ignore_case=False)
def test_every_text_a_pattern_matches_starts_with_its_prefix(
    atoms: list[str], text: str, ignore_case: bool
) -> None:
    pattern = "".join(atoms)
    flags = re.IGNORECASE if ignore_case else 0
    if not compiles(pattern, flags) or not re.fullmatch(pattern, text, flags):
        return
    prefix = literal_prefix(pattern, flags)

    if ignore_case:
        assert all(c in SAFE for c in prefix)
        head = text[: len(prefix)]
        # The index only folds texts whose head is made of safe characters; others try every pattern.
        assert not all(c in SAFE for c in head) or head.lower() == prefix.lower()
    else:
        assert text.startswith(prefix)
