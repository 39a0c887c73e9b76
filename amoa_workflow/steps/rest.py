"""Built-in REST/JSON steps, in French and English: test a vendor's API without writing code.

Enable them with one line in ``features/conftest.py``::

    from amoa_workflow.steps.rest import *  # noqa: F403 - built-in REST/JSON steps (FR/EN)

The API's address comes from ``AMOA_API_URL`` (or a project fixture ``amoa_api_url``), a token
from a step or ``AMOA_API_TOKEN``. Each step's docstring gives its meaning and an example; they
make up the catalog shown by ``amoa steps``.

Here: the fixtures, where and as whom, the requests, the status and time of the answer; the
checks of its JSON body are in ``rest_body.py``, more checks and the cleanup in ``rest_checks.py``,
all exported from here.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator

import pytest
from pytest_bdd import parsers, step, then

from amoa_workflow.steps.api_session import ApiSession, StepFailure, say
from amoa_workflow.steps.rest_body import *  # noqa: F403 - checks of the JSON body, exported with these
from amoa_workflow.steps.rest_checks import *  # noqa: F403 - more checks, exported with these

URL_VARIABLE = "AMOA_API_URL"
TOKEN_VARIABLE = "AMOA_API_TOKEN"


@pytest.fixture
def amoa_api_url() -> str | None:
    """The API under acceptance: ``AMOA_API_URL``; a project may override this fixture."""
    return os.environ.get(URL_VARIABLE)


@pytest.fixture
def amoa_api(amoa_api_url: str | None) -> Iterator[ApiSession]:
    """One API session per scenario: one HTTP client, its cleanup requests sent at the end."""
    session = ApiSession(base_url=amoa_api_url)
    if token := os.environ.get(TOKEN_VARIABLE):
        session.headers["Authorization"] = f"Bearer {token}"
    yield session
    failures = session.close()
    if failures:
        raise StepFailure("; ".join(failures))


# Typographic apostrophes (as Word writes them) are read as straight ones; HTTP verbs in any case.
_Q = "['’]"


# --- where and as whom -------------------------------------------------------------------------


@step(parsers.re(rf'l{_Q}API "(?P<url>[^"]*)"'))
def api_fr(amoa_api: ApiSession, url: str) -> None:
    """Choisit l'API à tester.

    Exemple : Étant donné l'API "https://recette.paienova.example/api"
    """
    amoa_api.base_url = amoa_api.expand(url, "fr")


@step(parsers.parse('the API at "{url}"'))
def api_en(amoa_api: ApiSession, url: str) -> None:
    """Chooses the API under test.

    Example: Given the API at "https://uat.paienova.example/api"
    """
    amoa_api.base_url = amoa_api.expand(url, "en")


@step(parsers.re(rf"l{_Q}API de recette"))
def default_api_fr(amoa_api: ApiSession) -> None:
    """L'API configurée pour la recette (AMOA_API_URL).

    Exemple : Étant donné l'API de recette
    """
    _require_api(amoa_api, "fr")


@step("the acceptance API")
def default_api_en(amoa_api: ApiSession) -> None:
    """The API configured for acceptance (AMOA_API_URL).

    Example: Given the acceptance API
    """
    _require_api(amoa_api, "en")


@step(parsers.re(rf'je m{_Q}authentifie avec le jeton "(?P<token>[^"]*)"'))
def token_fr(amoa_api: ApiSession, token: str) -> None:
    """Envoie le jeton porteur dans les requêtes suivantes.

    Exemple : Et je m'authentifie avec le jeton "${jeton}"
    """
    amoa_api.headers["Authorization"] = f"Bearer {amoa_api.expand(token, 'fr')}"


@step(parsers.parse('I authenticate with the token "{token}"'))
def token_en(amoa_api: ApiSession, token: str) -> None:
    """Sends the bearer token in the next requests.

    Example: And I authenticate with the token "${token}"
    """
    amoa_api.headers["Authorization"] = f"Bearer {amoa_api.expand(token, 'en')}"


@step(parsers.re(rf'l{_Q}en-tête "(?P<name>[^"]*)" vaut "(?P<value>[^"]*)"'))
def header_fr(amoa_api: ApiSession, name: str, value: str) -> None:
    """Ajoute un en-tête aux requêtes suivantes.

    Exemple : Et l'en-tête "Accept-Language" vaut "fr"
    """
    amoa_api.headers[name] = amoa_api.expand(value, "fr")


@step(parsers.parse('the header "{name}" is "{value}"'))
def header_en(amoa_api: ApiSession, name: str, value: str) -> None:
    """Adds a header to the next requests.

    Example: And the header "Accept-Language" is "en"
    """
    amoa_api.headers[name] = amoa_api.expand(value, "en")


# --- requests ---------------------------------------------------------------------------------

_METHOD = r"(?P<method>GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS)"


@step(parsers.re(rf"j{_Q}envoie une requête {_METHOD} sur \"(?P<path>[^\"]*)\"", re.IGNORECASE))
def request_fr(amoa_api: ApiSession, method: str, path: str) -> None:
    """Envoie une requête sans corps.

    Exemple : Quand j'envoie une requête GET sur "/salaries/S001"
    """
    amoa_api.send(method, path, "fr")


@step(parsers.re(rf"I send a {_METHOD} request to \"(?P<path>[^\"]*)\"", re.IGNORECASE))
def request_en(amoa_api: ApiSession, method: str, path: str) -> None:
    """Sends a request without body.

    Example: When I send a GET request to "/salaries/S001"
    """
    amoa_api.send(method, path, "en")


@step(
    parsers.re(rf"j{_Q}envoie une requête {_METHOD} sur \"(?P<path>[^\"]*)\" avec le corps :?", re.IGNORECASE)
)
def request_body_fr(amoa_api: ApiSession, method: str, path: str, docstring: str) -> None:
    """Envoie le JSON écrit entre triples guillemets.

    Exemple : Quand j'envoie une requête POST sur "/auth/connexion" avec le corps :
    """
    amoa_api.send(method, path, "fr", amoa_api.body_from_text(docstring, "fr"))


@step(parsers.re(rf"I send a {_METHOD} request to \"(?P<path>[^\"]*)\" with the body:?", re.IGNORECASE))
def request_body_en(amoa_api: ApiSession, method: str, path: str, docstring: str) -> None:
    """Sends the JSON written between triple quotes.

    Example: When I send a POST request to "/auth/connexion" with the body:
    """
    amoa_api.send(method, path, "en", amoa_api.body_from_text(docstring, "en"))


@step(
    parsers.re(
        rf"j{_Q}envoie une requête {_METHOD} sur \"(?P<path>[^\"]*)\" avec les champs :?", re.IGNORECASE
    )
)
def request_table_fr(amoa_api: ApiSession, method: str, path: str, datatable: list[list[str]]) -> None:
    """Envoie un objet JSON fait d'un tableau « champ | valeur ».

    Exemple : Quand j'envoie une requête PUT sur "/x" avec les champs :
    """
    amoa_api.send(method, path, "fr", amoa_api.body_from_table(datatable, "fr"))


@step(parsers.re(rf"I send a {_METHOD} request to \"(?P<path>[^\"]*)\" with the fields:?", re.IGNORECASE))
def request_table_en(amoa_api: ApiSession, method: str, path: str, datatable: list[list[str]]) -> None:
    """Sends a JSON object made of a "field | value" table.

    Example: When I send a PUT request to "/x" with the fields:
    """
    amoa_api.send(method, path, "en", amoa_api.body_from_table(datatable, "en"))


# --- checks -----------------------------------------------------------------------------------


@then(parsers.parse("le code de réponse est {status:d}"))
def status_fr(amoa_api: ApiSession, status: int) -> None:
    """Vérifie le code HTTP.

    Exemple : Alors le code de réponse est 200
    """
    _check_status(amoa_api, status, "fr")


@then(parsers.parse("the response status is {status:d}"))
def status_en(amoa_api: ApiSession, status: int) -> None:
    """Checks the HTTP status.

    Example: Then the response status is 200
    """
    _check_status(amoa_api, status, "en")


@then(parsers.parse("le temps de réponse est inférieur à {limit:d} ms"))
def time_fr(amoa_api: ApiSession, limit: int) -> None:
    """Vérifie la durée de la dernière requête.

    Exemple : Et le temps de réponse est inférieur à 500 ms
    """
    _check_time(amoa_api, limit, "fr")


@then(parsers.parse("the response time is under {limit:d} ms"))
def time_en(amoa_api: ApiSession, limit: int) -> None:
    """Checks how long the last request took.

    Example: And the response time is under 500 ms
    """
    _check_time(amoa_api, limit, "en")


# --- shared logic -----------------------------------------------------------------------------


def _require_api(api: ApiSession, lang: str) -> None:
    if not api.base_url:
        raise StepFailure(
            say(
                lang,
                f"{URL_VARIABLE} n'est pas défini : donnez l'adresse de l'API livrée "
                f"(export {URL_VARIABLE}=https://…) ; aucune API de démonstration n'est testée à sa place",
                f"{URL_VARIABLE} is not set: give the address of the delivered API "
                f"(export {URL_VARIABLE}=https://…); no demo API is tested in its place",
            )
        )


def _check_status(api: ApiSession, status: int, lang: str) -> None:
    response = api.last(lang)
    if response.status_code != status:
        where, body = api.describe_response(), response.text[:300]
        raise StepFailure(
            say(
                lang,
                f"code {response.status_code} au lieu de {status} ({where}) : {body}",
                f"status {response.status_code}, not {status} ({where}): {body}",
            )
        )


def _check_time(api: ApiSession, limit: int, lang: str) -> None:
    api.last(lang)
    if api.elapsed_ms >= limit:
        raise StepFailure(
            say(
                lang,
                f"réponse en {api.elapsed_ms:.0f} ms, limite {limit} ms ({api.describe_response()})",
                f"answered in {api.elapsed_ms:.0f} ms, limit {limit} ms ({api.describe_response()})",
            )
        )


__all__ = [
    name for name in list(globals()) if name.startswith("pytestbdd_") or name in ("amoa_api", "amoa_api_url")
]
