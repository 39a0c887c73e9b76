"""Keeping notification secrets out of every message and log line.

An apprise URL carries its secrets in many places: the password of ``user:password@``, tokens in
the host (``tgram://bot-token/…``) or the path (``json://host/hooks/<token>``), query-string
values (``?apikey=…``) and, for ``json://``/``xml://``/``form://``, header values
(``+X-Api-Key=…``), GET parameters (``-token=…``) and payload fields (``:field=…``). apprise
masks some of them in its own logs, not all: we mask the URL ourselves wherever we show it
(:func:`mask_url`) and hide every secret part of every URL in use from all log records of the
process (:class:`LogRedaction`), apprise's and urllib3's included.

May import: nothing.
"""

from __future__ import annotations

import logging
import re
import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from urllib.parse import parse_qsl, quote, unquote, urlsplit

MASK = "***"
# Schemes whose host is a server name, not a token.
HOST_SCHEMES = frozenset(
    {"json", "jsons", "xml", "xmls", "form", "forms", "mailto", "mailtos", "http", "https", "ntfy", "ntfys"}
)
# Query arguments apprise uses for settings, not secrets; every other value is treated as a secret.
PLAIN_ARGUMENTS = frozenset(
    {"format", "overflow", "method", "mode", "from", "to", "cc", "bcc", "name", "retry", "wait",
     "optional", "verify", "cto", "rto", "lang", "emojis", "tz", "smtp", "reply"}
)  # fmt: skip
SHORTEST_SECRET = 4  # shorter path parts and values ("hook", "v1", "yes") are hidden in URLs we show only


def mask_url(url: str) -> str:
    """Scheme and server only: ``json://127.0.0.1:8080/***``, ``tgram://***``."""
    scheme, separator, _rest = url.partition("://")
    if not separator:
        return MASK
    try:
        parts = urlsplit(url)
        host, port = parts.hostname, parts.port
    except ValueError:
        return f"{scheme}://{MASK}"
    if scheme.lower() not in HOST_SCHEMES or not host:
        return f"{scheme}://{MASK}"
    shown = f"{scheme}://{host}" + (f":{port}" if port else "")
    hidden = parts.password or parts.username or parts.path.strip("/") or parts.query or parts.fragment
    return shown + (f"/{MASK}" if hidden else "")


def secrets_of(url: str) -> set[str]:
    """Every part of ``url`` that may be a secret, as written and percent-decoded."""
    found = {url}
    try:
        parts = urlsplit(url)
        host = parts.hostname
        pieces = [parts.password]
    except ValueError:
        return found
    if parts.scheme.lower() not in HOST_SCHEMES:  # there, the user and the host may be tokens
        pieces += [parts.netloc, parts.username, host, *re.split(r"[:@]", parts.netloc)]
    pieces += parts.path.split("/")
    for name, value in parse_qsl(parts.query, keep_blank_values=True):
        if name[:1] in "+-:" or name.lower() not in PLAIN_ARGUMENTS:
            pieces.append(value)
    for piece in pieces:
        if piece and len(unquote(piece)) >= SHORTEST_SECRET:
            found |= {piece, unquote(piece), quote(unquote(piece), safe="")}
    return {s for s in found if len(s) >= SHORTEST_SECRET}


def redact(text: str, secrets: Iterable[str]) -> str:
    """``text`` with each secret replaced by ``***`` (longest first, so a URL goes before its parts)."""
    for secret in sorted(secrets, key=len, reverse=True):
        if secret in text:
            text = text.replace(secret, MASK)
    return text


class LogRedaction:
    """Hides secrets from every log record created in the process, whatever its logger, while a
    channel is in use (``with LOG_REDACTION.hiding(secrets): …`` around apprise calls).

    Installed as the log record factory: a record is redacted before any handler or filter sees
    it (pytest's caplog, Prefect's API handler, a file), which a filter on one logger cannot do
    for its children (``urllib3.connectionpool`` logs request paths). Outside those moments
    nothing is changed, so words that happen to be parts of a URL stay readable in other logs.
    """

    def __init__(self) -> None:
        self._active: list[frozenset[str]] = []
        self._secrets: frozenset[str] = frozenset()
        self._lock = threading.Lock()
        self._installed = False

    @contextmanager
    def hiding(self, secrets: Iterable[str]) -> Iterator[None]:
        entry = frozenset(secrets)
        with self._lock:
            if not self._installed:
                self._install(logging.getLogRecordFactory())
                self._installed = True
            self._active.append(entry)
            self._secrets = frozenset().union(*self._active)
        try:
            yield
        finally:
            with self._lock:
                self._active.remove(entry)
                self._secrets = frozenset().union(*self._active)

    def _install(self, previous: Callable[..., logging.LogRecord]) -> None:
        def factory(*args: object, **kwargs: object) -> logging.LogRecord:
            record = previous(*args, **kwargs)
            secrets = self._secrets
            if secrets:
                _redact_record(record, secrets)
            return record

        logging.setLogRecordFactory(factory)


def _redact_record(record: logging.LogRecord, secrets: frozenset[str]) -> None:
    try:
        message = record.getMessage()
    except (TypeError, ValueError):  # a malformed call: logging reports it when emitting
        return
    hidden = redact(message, secrets)
    if hidden != message:
        record.msg, record.args = hidden, ()
    if record.exc_info and record.exc_info[0] is not None:
        record.exc_text = redact(logging.Formatter().formatException(record.exc_info), secrets)
    if record.stack_info:
        record.stack_info = redact(record.stack_info, secrets)


LOG_REDACTION = LogRedaction()
