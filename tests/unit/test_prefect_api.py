"""What says that the Prefect server of ``PREFECT_API_URL`` does not answer, and what does not."""

from __future__ import annotations

import socket

import httpx
import pytest

from amoa_workflow.errors import PrefectServerUnavailable
from amoa_workflow.prefect_api import answers, unanswered

SERVER = {"PREFECT_API_URL": "http://127.0.0.1:4410/api"}


def refused(url: str) -> httpx.ConnectError:
    return httpx.ConnectError("All connection attempts failed", request=httpx.Request("GET", url))


def as_prefect_raises(url: str) -> RuntimeError:
    """Prefect's client checking the server's version: a RuntimeError raised from the refusal."""
    try:
        raise refused(url + "/admin/version")
    except httpx.ConnectError as cause:
        try:
            raise RuntimeError(f"Failed to reach API at {url}/") from cause
        except RuntimeError as error:
            return error


def test_the_server_set_not_answering_is_its_one_line_wherever_prefect_raised_it() -> None:
    down = unanswered(as_prefect_raises(SERVER["PREFECT_API_URL"]), SERVER)
    assert isinstance(down, PrefectServerUnavailable) and down.exit_code == 3
    assert down.render("fr").startswith("le serveur Prefect http://127.0.0.1:4410/api ne répond pas")
    assert unanswered(refused("ws://127.0.0.1:4410/api/events/in"), SERVER) is not None  # its events too


def test_another_server_not_answering_or_no_server_set_is_not_prefects() -> None:
    assert unanswered(refused("http://127.0.0.1:8000/health"), SERVER) is None  # the API under test
    assert unanswered(as_prefect_raises(SERVER["PREFECT_API_URL"]), {}) is None  # the embedded one
    assert unanswered(RuntimeError("Failed to reach API"), SERVER) is None
    assert unanswered(ValueError("a bug"), SERVER) is None


def test_its_url_is_shown_without_credentials() -> None:
    down = PrefectServerUnavailable("https://amoa:secret@prefect.example.org/api")
    assert down.render("en").startswith("the Prefect server https://prefect.example.org/api does not answer")


def test_a_port_where_nothing_listens_does_not_answer() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    assert not answers(f"http://127.0.0.1:{port}/api", timeout=2)


@pytest.mark.parametrize("scheme", ["http", "https"])
def test_a_url_without_port_is_the_schemes_default(scheme: str) -> None:
    url = f"{scheme}://prefect.example.org/api"
    port = 80 if scheme == "http" else 443
    assert unanswered(refused(f"{scheme}://prefect.example.org:{port}/api/flows"), {"PREFECT_API_URL": url})
