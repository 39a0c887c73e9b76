"""The exception tree drawn in ``amoa_workflow.errors`` and in docs/errors.md names every class of it:
a class added to a module of the package but left out of the drawings is one a user reading the
documentation does not know they can meet."""

from __future__ import annotations

import inspect
import re
from pathlib import Path

import pytest

import amoa_workflow.errors as errors

DOCS = Path(__file__).resolve().parents[2] / "docs" / "errors.md"


def _classes() -> set[str]:
    return {
        name
        for name, value in vars(errors).items()
        if inspect.isclass(value) and issubclass(value, (errors.AmoaError, errors.Interrupted))
    }


def _drawn(text: str) -> set[str]:
    branch = re.compile(r"[├└]── |^\s*(AmoaError|Interrupted)\b")
    tree_lines = [line for line in text.splitlines() if branch.search(line)]
    return {name for line in tree_lines for name in re.findall(r"\b[A-Z][A-Za-z]+\b", line)}


@pytest.mark.parametrize(
    "where, text",
    [("amoa_workflow.errors", errors.__doc__ or ""), ("docs/errors.md", DOCS.read_text(encoding="utf-8"))],
)
def test_every_error_class_is_drawn_in_the_tree(where: str, text: str) -> None:
    missing = sorted(_classes() - _drawn(text))
    assert not missing, f"{where} does not draw {missing}"


def test_the_package_exports_every_class_its_modules_define() -> None:
    defined = set()
    for module in Path(errors.__file__).parent.glob("*.py"):
        defined |= set(re.findall(r"^class (\w+)\(", module.read_text(encoding="utf-8"), re.MULTILINE))
    assert defined <= _classes(), sorted(defined - _classes())
