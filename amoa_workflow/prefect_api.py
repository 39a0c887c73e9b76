"""The Prefect server set in ``PREFECT_API_URL``: whether it answers, and telling when it did not.

A server that is down (nothing listening, no answer in time) is
:class:`~amoa_workflow.errors.PrefectServerUnavailable`, one line naming its URL: the entry points
find it in what Prefect raised (:func:`unanswered`), where Prefect would print a traceback; what
only tells the server something asks first (:func:`answers`) and says in one line what will not
happen. Without ``PREFECT_API_URL`` (the embedded server of ``amoa checkpoint``, or none) there
is nothing of the user's to name: nothing is said here.

May import: errors.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping
from urllib.parse import urlsplit

from amoa_workflow.errors import PrefectServerUnavailable

ASKING_TIMEOUT = 5.0  # seconds a server has to answer its health check


def configured(environ: Mapping[str, str] | None = None) -> str | None:
    """The API URL of the user's Prefect server, if one is set."""
    return (os.environ if environ is None else environ).get("PREFECT_API_URL") or None


def answers(url: str, timeout: float = ASKING_TIMEOUT) -> bool:
    """Whether the server at ``url`` answers at all (any HTTP answer of its health check)."""
    import httpx

    try:
        httpx.get(url.rstrip("/") + "/health", timeout=timeout)
    except httpx.HTTPError:
        return False
    return True


def unanswered(
    error: BaseException, environ: Mapping[str, str] | None = None
) -> PrefectServerUnavailable | None:
    """The one line for ``error`` when it comes of the user's Prefect server not answering (a
    connection refused or timed out, to its host and port, anywhere in the chain of causes); else None."""
    url = configured(environ)
    httpx = sys.modules.get("httpx")  # never loaded: no request was made to any server
    if url is None or httpx is None:
        return None
    server = _server(url)
    seen: set[int] = set()
    current: BaseException | None = error
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        if isinstance(current, httpx.TransportError):
            try:
                asked = str(current.request.url)
            except RuntimeError:  # an error raised without its request
                asked = None
            if asked is not None and _server(asked) == server:
                return PrefectServerUnavailable(url)
        current = current.__cause__ or current.__context__
    return None


def _server(url: str) -> tuple[str, str, int | None]:
    parts = urlsplit(url)
    scheme = parts.scheme.lower().replace("ws", "http", 1)
    try:
        port = parts.port or {"http": 80, "https": 443}.get(scheme)
    except ValueError:
        port = None
    return scheme, (parts.hostname or "").lower(), port
