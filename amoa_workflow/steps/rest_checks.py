"""More built-in REST/JSON steps analysts asked for: numbers compared, changes from a saved
value, list lengths, and the cleanup of the test data a scenario created.

They come with ``from amoa_workflow.steps.rest import *`` (the module imports them).
"""

from __future__ import annotations

import re

from pytest_bdd import parsers, step, then

from amoa_workflow.steps import json_values
from amoa_workflow.steps.api_session import ApiSession, StepFailure, say

_Q = "['’]"
_NUMBER = r"-?\d[\d  \u202f]*(?:[.,]\d+)?"
_METHOD = r"(?P<method>GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS)"


@then(parsers.re(rf'le champ "(?P<path>[^"]*)" est (?P<how>supérieur|inférieur) à (?P<limit>{_NUMBER})'))
def compare_fr(amoa_api: ApiSession, path: str, how: str, limit: str) -> None:
    """Compare un champ numérique à une limite (supérieur à, inférieur à ; strictement).

    Exemple : Et le champ "solde" est supérieur à 0
    """
    _compare(amoa_api, path, "greater" if how == "supérieur" else "less", limit, "fr")


@then(parsers.re(rf'the field "(?P<path>[^"]*)" is (?P<how>greater|less) than (?P<limit>{_NUMBER})'))
def compare_en(amoa_api: ApiSession, path: str, how: str, limit: str) -> None:
    """Compares a number field with a limit (greater than, less than; strictly).

    Example: And the field "balance" is greater than 0
    """
    _compare(amoa_api, path, how, limit, "en")


@then(
    parsers.re(
        rf'le champ "(?P<path>[^"]*)" (?P<how>a diminué|a augmenté) de (?P<amount>{_NUMBER})'
        rf' par rapport à "(?P<before>[^"]*)"'
    )
)
def change_fr(amoa_api: ApiSession, path: str, how: str, amount: str, before: str) -> None:
    """Compare un champ à une valeur retenue plus tôt : il a diminué (ou augmenté) de tant.

    Exemple : Alors le champ "solde" a diminué de 100 par rapport à "${solde_avant}"
    """
    _change(amoa_api, path, -1 if how == "a diminué" else 1, amount, before, "fr")


@then(
    parsers.re(
        rf'the field "(?P<path>[^"]*)" (?P<how>decreased|increased) by (?P<amount>{_NUMBER})'
        rf' from "(?P<before>[^"]*)"'
    )
)
def change_en(amoa_api: ApiSession, path: str, how: str, amount: str, before: str) -> None:
    """Compares a field with a value saved earlier: it decreased (or increased) by so much.

    Example: Then the field "balance" decreased by 100 from "${balance_before}"
    """
    _change(amoa_api, path, -1 if how == "decreased" else 1, amount, before, "en")


@then(parsers.re(r'(?:la réponse|le champ "(?P<path>[^"]*)") contient (?P<count>\d+) éléments?'))
def length_fr(amoa_api: ApiSession, count: str, path: str | None = None) -> None:
    """Vérifie le nombre d'éléments d'une liste JSON.

    Exemple : Et le champ "lignes" contient 3 éléments
    """
    _length(amoa_api, path or "$", int(count), "fr")


@then(parsers.re(r'(?:the response|the field "(?P<path>[^"]*)") has (?P<count>\d+) items?'))
def length_en(amoa_api: ApiSession, count: str, path: str | None = None) -> None:
    """Checks how many elements a JSON list has.

    Example: And the field "lines" has 3 items
    """
    _length(amoa_api, path or "$", int(count), "en")


@step(
    parsers.re(
        rf'à la fin du scénario,? j{_Q}envoie une requête {_METHOD} sur "(?P<path>[^"]*)"', re.IGNORECASE
    )
)
def cleanup_fr(amoa_api: ApiSession, method: str, path: str) -> None:
    """Nettoie les données de test : la requête part à la fin du scénario, réussi ou non.

    Exemple : Et à la fin du scénario, j'envoie une requête DELETE sur "/salaries/${id}"
    """
    amoa_api.cleanups.append((method, amoa_api.expand(path, "fr"), "fr"))


@step(
    parsers.re(
        rf'at the end of the scenario,? I send a {_METHOD} request to "(?P<path>[^"]*)"', re.IGNORECASE
    )
)
def cleanup_en(amoa_api: ApiSession, method: str, path: str) -> None:
    """Cleans test data up: the request is sent when the scenario ends, passed or not.

    Example: And at the end of the scenario, I send a DELETE request to "/employees/${id}"
    """
    amoa_api.cleanups.append((method, amoa_api.expand(path, "en"), "en"))


def _number(api: ApiSession, value: object, what: str, lang: str) -> float:
    if isinstance(value, int | float) and not isinstance(value, bool):
        return float(value)
    text = str(value).strip().replace("\u202f", "").replace("\u00a0", "").replace(" ", "").replace(",", ".")
    try:
        return float(api.expand(text, lang))
    except ValueError:
        raise StepFailure(
            say(lang, f"{what} n'est pas un nombre : {json_values.shown(value)}",
                f"{what} is not a number: {json_values.shown(value)}")
        ) from None  # fmt: skip


def _compare(api: ApiSession, path: str, how: str, limit: str, lang: str) -> None:
    actual = _number(api, api.field(path, lang), path, lang)
    bound = _number(api, limit, limit, lang)
    if not (actual > bound if how == "greater" else actual < bound):
        fr, en = ("supérieur", "greater") if how == "greater" else ("inférieur", "less")
        raise StepFailure(
            say(lang, f"le champ « {path} » vaut {actual:g} ; attendu : {fr} à {bound:g}",
                f"field '{path}' is {actual:g}; expected: {en} than {bound:g}")
        )  # fmt: skip


def _change(api: ApiSession, path: str, sign: int, amount: str, before: str, lang: str) -> None:
    actual = _number(api, api.field(path, lang), path, lang)
    previous = _number(api, api.expand(before, lang), before, lang)
    expected = previous + sign * _number(api, amount, amount, lang)
    if abs(actual - expected) > 1e-9:
        raise StepFailure(
            say(lang, f"le champ « {path} » vaut {actual:g} ; attendu : {expected:g} ({previous:g} avant)",
                f"field '{path}' is {actual:g}; expected: {expected:g} ({previous:g} before)")
        )  # fmt: skip


def _length(api: ApiSession, path: str, count: int, lang: str) -> None:
    value = api.field(path, lang)
    if not isinstance(value, list):
        raise StepFailure(
            say(lang, f"« {path} » n'est pas une liste : {json_values.shown(value)}",
                f"'{path}' is not a list: {json_values.shown(value)}")
        )  # fmt: skip
    if len(value) != count:
        raise StepFailure(
            say(lang, f"« {path} » contient {len(value)} éléments au lieu de {count}",
                f"'{path}' has {len(value)} items, not {count}")
        )  # fmt: skip
