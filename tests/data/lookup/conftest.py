"""Step definitions that exercise every way pytest-bdd finds a step: exact strings, parse
(case-insensitive), cfparse, regular expressions with and without a literal start, a top-level
alternation, two definitions of one phrase, and an override in a sub-folder's conftest.py.
Each step records which definition ran; the last step checks the record."""

import re

import pytest
from pytest_bdd import given, parsers, then, when


@pytest.fixture
def trace() -> list[str]:
    return []


@given("a fixed phrase")
def fixed(trace: list[str]) -> None:
    trace.append("root-string")


@given(parsers.parse("Le Salarié {nom}"))
def salarie(trace: list[str], nom: str) -> None:
    trace.append(f"parse-{nom}")


@given(parsers.re(r"(?P<n>\d+) salariés"))
def count(trace: list[str], n: str) -> None:
    trace.append(f"re-start-{n}")


@when(parsers.re(r"je (paie|verse) (?P<montant>\d+) €"))
def pay(trace: list[str], montant: str) -> None:
    trace.append(f"re-group-{montant}")


@when(parsers.cfparse("il calcule {x:d}"))
def compute(trace: list[str], x: int) -> None:
    trace.append(f"cfparse-{x}")


@when(parsers.re(r"le total est (?P<t>\d+)|the total is (?P<u>\d+)", re.IGNORECASE))
def total(trace: list[str], t: str | None, u: str | None) -> None:
    trace.append(f"alternation-{t or u}")


@given("an ambiguous phrase")
def first(trace: list[str]) -> None:
    trace.append("first")


@given("an ambiguous phrase")
def second(trace: list[str]) -> None:
    trace.append("second")


@then(parsers.parse("the trace is {expected}"))
def check(trace: list[str], expected: str) -> None:
    assert ",".join(trace) == expected
