"""The state of a scenario that talks to a REST/JSON API: where, as whom, what came back.

One ``httpx.Client`` per scenario: its requests reuse the connection (and keep the cookies the
API sets), and the response time is that of the request alone (sent, answered, body read), not
of building a client. Cleanup requests registered by a step are sent when the scenario ends,
passed or failed, before the client closes.

Values saved by a step (``je retiens le champ "jeton" sous le nom "jeton"``) are reused as
``${jeton}`` in later paths, bodies, headers and expected values.
"""

from __future__ import annotations

import json
import re
import time
from dataclasses import dataclass, field
from typing import Any

import httpx

from amoa_workflow.steps import json_values

_VARIABLE = re.compile(r"\$\{([^}]+)\}")


class StepFailure(AssertionError):
    """A check that did not hold, with a message in the analyst's language."""


def say(lang: str, fr: str, en: str) -> str:
    return fr if lang == "fr" else en


@dataclass
class ApiSession:
    base_url: str | None = None
    timeout: float = 30.0
    headers: dict[str, str] = field(default_factory=dict)
    variables: dict[str, str] = field(default_factory=dict)
    response: httpx.Response | None = None
    elapsed_ms: float = 0.0
    cleanups: list[tuple[str, str, str]] = field(default_factory=list)  # (method, path, lang)
    _client: httpx.Client | None = field(default=None, repr=False)

    @property
    def client(self) -> httpx.Client:
        if self._client is None:
            self._client = httpx.Client(timeout=self.timeout)
        return self._client

    def close(self) -> list[str]:
        """Send the registered cleanup requests, close the client; the cleanups that failed."""
        failures = []
        for method, path, lang in reversed(self.cleanups):
            try:
                self.send(method, path, lang)
            except StepFailure as failure:
                failures.append(str(failure))
        self.cleanups.clear()
        if self._client is not None:
            self._client.close()
            self._client = None
        return failures

    def expand(self, text: str, lang: str) -> str:
        def value(match: re.Match[str]) -> str:
            name = match.group(1)
            if name not in self.variables:
                known = ", ".join(sorted(self.variables)) or "-"
                raise StepFailure(
                    say(
                        lang,
                        f"variable « {name} » inconnue (retenues : {known})",
                        f"unknown variable '{name}' (saved: {known})",
                    )
                )
            return self.variables[name]

        return _VARIABLE.sub(value, text)

    def send(self, method: str, path: str, lang: str, body: Any = None) -> httpx.Response:
        if not self.base_url:
            raise StepFailure(
                say(
                    lang,
                    'aucune API : écrivez « Étant donné l\'API "https://…" » ou définissez AMOA_API_URL',
                    "no API: start with 'Given the API at \"https://…\"' or set AMOA_API_URL",
                )
            )
        url = self.base_url.rstrip("/") + "/" + self.expand(path, lang).lstrip("/")
        try:
            request = self.client.build_request(method.upper(), url, json=body, headers=self.headers)
            started = time.perf_counter()
            self.response = self.client.send(request)
        except httpx.HTTPError as exc:
            raise StepFailure(
                say(
                    lang,
                    f"{method.upper()} {url} : l'API ne répond pas ({_reason(exc)})",
                    f"{method.upper()} {url}: the API does not answer ({_reason(exc)})",
                )
            ) from None
        self.elapsed_ms = (time.perf_counter() - started) * 1000
        return self.response

    def body_from_text(self, text: str, lang: str) -> Any:
        try:
            return json.loads(self.expand(text, lang))
        except json.JSONDecodeError as exc:
            raise StepFailure(
                say(
                    lang,
                    f"corps JSON invalide (ligne {exc.lineno}, colonne {exc.colno} : {exc.msg})",
                    f"invalid JSON body (line {exc.lineno}, column {exc.colno}: {exc.msg})",
                )
            ) from None

    def body_from_table(self, table: list[list[str]], lang: str) -> dict[str, object]:
        """A JSON object from a two-column table ``champ | valeur`` (``field | value``), its header
        row optional; numbers and booleans typed as they look (``3000`` → a number)."""
        rows = (
            table[1:]
            if table and [c.lower() for c in table[0]] in (["champ", "valeur"], ["field", "value"])
            else table
        )
        body: dict[str, object] = {}
        for row in rows:
            if len(row) != 2:
                raise StepFailure(
                    say(
                        lang,
                        "le tableau doit avoir deux colonnes : champ | valeur",
                        "the table must have two columns: field | value",
                    )
                )
            body[row[0]] = json_values.expected_value(self.expand(row[1], lang), _guess(row[1]))
        return body

    def last(self, lang: str) -> httpx.Response:
        if self.response is None:
            raise StepFailure(say(lang, "aucune requête n'a encore été envoyée", "no request was sent yet"))
        return self.response

    def json(self, lang: str) -> Any:
        response = self.last(lang)
        try:
            return response.json()
        except ValueError:
            raise StepFailure(
                say(
                    lang,
                    f"la réponse n'est pas du JSON : {response.text[:200]!r}",
                    f"the response is not JSON: {response.text[:200]!r}",
                )
            ) from None

    def field(self, path: str, lang: str) -> Any:
        document = self.json(lang)
        try:
            return json_values.resolve(document, self.expand(path, lang))
        except json_values.JsonPathError as exc:
            available = ", ".join(exc.available) or "-"
            raise StepFailure(
                say(
                    lang,
                    f"le champ « {path} » n'existe pas (arrêt à {exc.reached} ; présents : {available})",
                    f"field '{path}' does not exist (stopped at {exc.reached}; present: {available})",
                )
            ) from None

    def describe_response(self) -> str:
        if self.response is None:
            return ""
        return (
            f"{self.response.request.method} {self.response.request.url.path} → {self.response.status_code}"
        )


def _reason(error: httpx.HTTPError) -> str:
    """The system's reason, whole (``[Errno 111] Connection refused``), never cut mid-word."""
    cause = error.__cause__ or error.__context__
    text = str(cause or error).strip() or type(cause or error).__name__
    return text.splitlines()[0]


def _guess(text: str) -> object:
    """A sample value of the type the text looks like, to type table cells (3000 → number)."""
    if re.fullmatch(r"-?\d+([.,]\d+)?", text.strip()):
        return 0.0 if re.search(r"[.,]", text) else 0
    return True if text.strip().lower() in ("true", "false", "vrai", "faux") else ""
