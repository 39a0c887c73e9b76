"""JSON paths, expected values written by analysts, and comparisons that explain themselves.

Paths are dotted with indexes: ``salarie.adresse.ville``, ``lignes[0].montant``, ``$`` for the
whole document. Expected values are written as text in the feature; they are compared with
the JSON value by its type: ``3000`` equals ``3000.0``, ``vrai``/``true`` a boolean, ``null``
or ``nul`` the null value, anything else a string.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from typing import Any

_STEP = re.compile(r"([^.\[\]]+)|\[(\d+)\]")
_TRUE = {"true", "vrai", "oui", "yes"}
_FALSE = {"false", "faux", "non", "no"}
_NULL = {"null", "nul", "none", "aucun"}


class JsonPathError(LookupError):
    """The path does not lead anywhere in the document; says where it stopped."""

    def __init__(self, path: str, reached: str, available: list[str]) -> None:
        self.path, self.reached, self.available = path, reached, available
        super().__init__(f"{path}: nothing at {reached} (available: {', '.join(available) or '-'})")


def resolve(document: Any, path: str) -> Any:
    """The value at ``path`` in ``document``; raises :class:`JsonPathError` with what is there."""
    path = path.strip()
    if path in ("", "$"):
        return document
    current, reached = document, "$"
    for key, index in _STEP.findall(path.removeprefix("$.").removeprefix("$")):
        if key:
            if not isinstance(current, Mapping) or key not in current:
                available = list(current) if isinstance(current, Mapping) else []
                raise JsonPathError(path, f"{reached}.{key}", [str(a) for a in available])
            current, reached = current[key], f"{reached}.{key}"
        else:
            position = int(index)
            if not isinstance(current, Sequence) or isinstance(current, str) or position >= len(current):
                size = len(current) if isinstance(current, Sequence) and not isinstance(current, str) else 0
                raise JsonPathError(path, f"{reached}[{position}]", [f"[0..{size - 1}]"] if size else [])
            current, reached = current[position], f"{reached}[{position}]"
    return current


def expected_value(text: str, actual: Any) -> Any:
    """The analyst's text read as the same JSON type as ``actual`` when it can be."""
    folded = text.strip().lower()
    if isinstance(actual, bool):
        if folded in _TRUE:
            return True
        if folded in _FALSE:
            return False
        return text
    if actual is None and folded in _NULL:
        return None
    if isinstance(actual, int | float):
        number = text.strip().replace("\u202f", "").replace("\u00a0", "").replace(" ", "").replace(",", ".")
        try:
            return float(number) if isinstance(actual, float) or "." in number else int(number)
        except ValueError:
            return text
    if isinstance(actual, dict | list):
        try:
            return json.loads(text)
        except ValueError:
            return text
    return text


def equals(actual: Any, text: str) -> bool:
    expected = expected_value(text, actual)
    if isinstance(actual, int | float) and isinstance(expected, int | float) and not isinstance(actual, bool):
        return abs(float(actual) - float(expected)) < 1e-9
    return bool(actual == expected)


def contains(actual: Any, text: str) -> bool:
    """A string contains the text; a list contains an element equal to it; an object has the key."""
    if isinstance(actual, str):
        return text in actual
    if isinstance(actual, list):
        return any(equals(element, text) for element in actual)
    if isinstance(actual, dict):
        return text in actual
    return equals(actual, text)


def missing_rows(actual: Any, rows: list[dict[str, str]]) -> list[dict[str, str]]:
    """The table rows that no element of the JSON array matches (on the columns given)."""
    elements = actual if isinstance(actual, list) else []
    return [
        row
        for row in rows
        if not any(
            isinstance(element, Mapping)
            and all(
                _has(element, column) and equals(resolve(element, column), value)
                for column, value in row.items()
            )
            for element in elements
        )
    ]


def _has(element: Any, column: str) -> bool:
    try:
        resolve(element, column)
    except JsonPathError:
        return False
    return True


def shown(value: Any, limit: int = 300) -> str:
    """A value as an analyst would like to read it in a failure message."""
    text = json.dumps(value, ensure_ascii=False, default=str)
    return text if len(text) <= limit else text[: limit - 1] + "…"
