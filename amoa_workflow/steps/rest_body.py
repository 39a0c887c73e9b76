"""Built-in REST/JSON steps on the JSON body of the last response: a field compared (is,
contains, matches), the items of a list looked for, a field saved to reuse as ``${name}``.

They come with ``from amoa_workflow.steps.rest import *`` (the module imports them).
"""

from __future__ import annotations

import re

from pytest_bdd import parsers, step, then

from amoa_workflow.steps import json_values
from amoa_workflow.steps.api_session import ApiSession, StepFailure, say


@then(parsers.re(r"le champ \"(?P<path>[^\"]*)\" (?P<how>vaut|contient|correspond à) \"(?P<value>[^\"]*)\""))
def field_fr(amoa_api: ApiSession, path: str, how: str, value: str) -> None:
    """Compare un champ de la réponse JSON (vaut, contient, correspond à une expression régulière).
    Exemple : Et le champ "salarie.nom" vaut "Martin" """
    _check_field(amoa_api, path, {"vaut": "is", "contient": "contains"}.get(how, "matches"), value, "fr")


@then(parsers.re(r"the field \"(?P<path>[^\"]*)\" (?P<how>is|contains|matches) \"(?P<value>[^\"]*)\""))
def field_en(amoa_api: ApiSession, path: str, how: str, value: str) -> None:
    """Compares a field of the JSON response (is, contains, matches a regular expression).
    Example: And the field "employee.name" is "Martin" """
    _check_field(amoa_api, path, how, value, "en")


@then(parsers.re(r"(?:la réponse|le champ \"(?P<path>[^\"]*)\") contient les éléments :?"))
def rows_fr(amoa_api: ApiSession, datatable: list[list[str]], path: str | None = None) -> None:
    """Chaque ligne du tableau doit correspondre à un élément de la liste JSON (colonnes = champs).
    Exemple : Alors le champ "lignes" contient les éléments :"""
    _check_rows(amoa_api, path or "$", datatable, "fr")


@then(parsers.re(r"(?:the response|the field \"(?P<path>[^\"]*)\") contains the items:?"))
def rows_en(amoa_api: ApiSession, datatable: list[list[str]], path: str | None = None) -> None:
    """Each table row must match an element of the JSON list (columns are fields).
    Example: Then the field "lines" contains the items:"""
    _check_rows(amoa_api, path or "$", datatable, "en")


@step(parsers.parse('je retiens le champ "{path}" sous le nom "{name}"'))
def save_fr(amoa_api: ApiSession, path: str, name: str) -> None:
    """Retient une valeur pour la réutiliser en ${nom}.

    Exemple : Et je retiens le champ "jeton" sous le nom "jeton"
    """
    amoa_api.variables[name] = _as_text(amoa_api.field(path, "fr"))


@step(parsers.parse('I save the field "{path}" as "{name}"'))
def save_en(amoa_api: ApiSession, path: str, name: str) -> None:
    """Saves a value to reuse as ${name}.

    Example: And I save the field "token" as "token"
    """
    amoa_api.variables[name] = _as_text(amoa_api.field(path, "en"))


# --- shared logic -----------------------------------------------------------------------------


_HOW = {"is": ("vaut", "is"), "contains": ("contient", "contains"), "matches": ("correspond à", "matches")}


def _check_field(api: ApiSession, path: str, how: str, text: str, lang: str) -> None:
    actual = api.field(path, lang)
    expected = api.expand(text, lang)
    if how == "is":
        held = json_values.equals(actual, expected)
    elif how == "contains":
        held = json_values.contains(actual, expected)
    else:
        held = re.search(expected, _as_text(actual)) is not None
    if not held:
        fr, en = _HOW[how]
        raise StepFailure(
            say(
                lang,
                f"le champ « {path} » vaut {json_values.shown(actual)} ; attendu : {fr} « {expected} »",
                f"field '{path}' is {json_values.shown(actual)}; expected: {en} '{expected}'",
            )
        )


def _check_rows(api: ApiSession, path: str, table: list[list[str]], lang: str) -> None:
    actual = api.field(path, lang)
    header, *rows = table
    wanted = [
        {column: api.expand(cell, lang) for column, cell in zip(header, row, strict=True)} for row in rows
    ]
    missing = json_values.missing_rows(actual, wanted)
    if missing:
        lines = "; ".join(", ".join(f"{k}={v}" for k, v in row.items()) for row in missing)
        raise StepFailure(
            say(
                lang,
                f"« {path} » ne contient pas : {lines} (reçu : {json_values.shown(actual)})",
                f"'{path}' does not contain: {lines} (got: {json_values.shown(actual)})",
            )
        )


def _as_text(value: object) -> str:
    return value if isinstance(value, str) else json_values.shown(value, limit=10_000)
