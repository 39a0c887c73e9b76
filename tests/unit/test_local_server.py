"""Waiting for a Prefect server to answer: ready once its health check says 200; a server that exits
first, or answers nothing in time, is one clear error. The checkpoint's own server, its port taken
meanwhile, is started again on another port. Real HTTP servers on loopback and real processes."""

from __future__ import annotations

import re
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from amoa_workflow.cli import local_server
from amoa_workflow.cli.local_server import LocalServer, wait_until_answering
from tests.receivers import free_port


def health_server(status: int) -> Iterator[str]:
    """A server answering ``status`` on ``/api/health``; its API URL."""

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            self.send_response(status if self.path == "/api/health" else 404)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *args: object) -> None:  # quiet
            pass

    server = ThreadingHTTPServer(("127.0.0.1", free_port()), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/api"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


@pytest.fixture
def healthy() -> Iterator[str]:
    yield from health_server(200)


@pytest.fixture
def unhealthy() -> Iterator[str]:
    yield from health_server(503)


def exited(code: int) -> subprocess.Popen[bytes]:
    process = subprocess.Popen([sys.executable, "-c", f"raise SystemExit({code})"])
    process.wait()
    return process


def nobody() -> str:
    return f"http://127.0.0.1:{free_port()}/api"


def test_a_server_answering_its_health_check_is_ready(healthy: str) -> None:
    started = time.monotonic()
    wait_until_answering(healthy, within=5)
    assert time.monotonic() - started < 1


def test_a_server_process_that_exits_first_is_named_with_its_exit_code() -> None:
    url = nobody()
    with pytest.raises(RuntimeError, match=rf"^The Prefect server at {re.escape(url)} exited with code 4\.$"):
        wait_until_answering(url, exited(4), within=5)


def test_a_server_answering_nothing_in_time_says_how_long_it_was_given() -> None:
    url = nobody()
    said = rf"^The Prefect server at {re.escape(url)} did not answer within 0\.3 s\.$"
    with pytest.raises(RuntimeError, match=said):
        wait_until_answering(url, within=0.3)


def test_a_server_answering_an_error_is_not_ready(unhealthy: str) -> None:
    with pytest.raises(RuntimeError, match=r"did not answer within 0\.3 s"):
        wait_until_answering(unhealthy, within=0.3)


def test_the_time_given_counts_from_when_the_server_was_started() -> None:
    started = time.monotonic()
    with pytest.raises(RuntimeError, match=r"did not answer within 1 s"):
        wait_until_answering(nobody(), within=1, since=started - 5)  # started 5 s ago: past its time
    assert time.monotonic() - started < 1


@pytest.fixture
def health_process(tmp_path: Path) -> Iterator[tuple[subprocess.Popen[bytes], int]]:
    """A server process answering 200 on ``/api/health`` (a file served), and its port."""
    (tmp_path / "api").mkdir()
    (tmp_path / "api" / "health").write_text("true")
    port = free_port()
    command = [sys.executable, "-m", "http.server", "--bind", "127.0.0.1", "--directory", str(tmp_path)]
    process = subprocess.Popen([*command, str(port)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        yield process, port
    finally:
        process.terminate()
        process.wait()


def test_our_own_server_whose_port_was_taken_is_started_again_on_another_port(
    health_process: tuple[subprocess.Popen[bytes], int], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(local_server, "_spawn", lambda: health_process)
    server = LocalServer(exited(3), free_port())  # uvicorn's exit code when its port is taken

    server.wait_until_ready()

    assert (server.process, server.port) == health_process


def test_our_own_server_exiting_otherwise_is_not_started_again(monkeypatch: pytest.MonkeyPatch) -> None:
    def spawn() -> tuple[subprocess.Popen[bytes], int]:
        raise AssertionError("started again")

    monkeypatch.setattr(local_server, "_spawn", spawn)
    server = LocalServer(exited(1), free_port())

    with pytest.raises(RuntimeError, match=r"exited with code 1\.$"):
        server.wait_until_ready()
