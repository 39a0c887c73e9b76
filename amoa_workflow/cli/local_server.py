"""The Prefect server a checkpoint starts for itself when none is set (``PREFECT_API_URL``).

Prefect would start one (its "temporary" server: uvicorn serving Prefect's API in a process of its
own), but from inside our process, importing its whole server for that: FastAPI, every route of
its API, its database models, about 0.9 s of CPU spent for nothing, as the server runs elsewhere.
We start the same process, the same way (``python -m uvicorn --factory
prefect.server.api.server:create_app``, without its UI, marked ephemeral), and wait for it
(:func:`wait_until_answering`, which the tests and benchmarks starting a server also wait with);
Prefect is then told its address (:func:`tell_prefect`) as if it were a server of the user's.
Our own code still sees no ``PREFECT_API_URL``: no release event is emitted to it, no waiting
flow run looked for, as before.

Started with SIGINT blocked, the server does not get the terminal's Ctrl-C (which reaches the
whole foreground group): the flow keeps its server until it has said it was cancelled. It stops
on SIGTERM, which we send it when we exit.
"""

from __future__ import annotations

import atexit
import importlib.util
import logging
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

TIMEOUT_VARIABLE = "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS"
_SERVER_ENVIRONMENT = {
    "PREFECT_UI_ENABLED": "0",
    "PREFECT__SERVER_EPHEMERAL": "1",
    "PREFECT__SERVER_FINAL": "1",
}
_SEE = (
    "See https://www.prefect.io/docs/v3/concepts/server#how-to-guides "
    "for more information on running a dedicated Prefect server."
)  # what Prefect says with it
_PORT_TAKEN = 3  # uvicorn's exit code when it cannot bind its port
_logger = logging.getLogger("prefect")  # where Prefect says it starts and stops its temporary server


@dataclass
class LocalServer:
    """A Prefect server process of ours on loopback."""

    process: subprocess.Popen[bytes]
    port: int
    started: float = field(default_factory=time.monotonic)

    @property
    def address(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def api_url(self) -> str:
        return f"{self.address}/api"

    def wait_until_ready(self) -> None:
        """Until its API answers; a port taken meanwhile, on another one. RuntimeError past the
        startup timeout (``PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS``) or if it exits."""
        _logger.info("Starting temporary server on %s\n%s", self.address, _SEE)
        limit = float(os.environ.get(TIMEOUT_VARIABLE) or 20)
        while True:
            try:
                wait_until_answering(self.api_url, self.process, within=limit, since=self.started)
                return
            except RuntimeError:
                if self.process.poll() != _PORT_TAKEN or time.monotonic() - self.started >= limit:
                    self.stop()
                    raise
            self.process, self.port = _spawn()  # the port was taken meanwhile: on another one

    def stop(self) -> None:
        if self.process.poll() is not None:
            return
        _logger.info("Stopping temporary server on %s", self.address)
        self.process.terminate()
        try:
            self.process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


def wait_until_answering(
    api_url: str, process: subprocess.Popen[bytes] | None = None, *, within: float, since: float | None = None
) -> None:
    """Until the Prefect API at ``api_url`` (``…/api``) answers its health check. RuntimeError if
    ``process`` (the server's, when we started it) exits first, naming its exit code, or if nothing
    answered ``within`` seconds of ``since`` (a ``time.monotonic()``; default: now)."""
    deadline = (time.monotonic() if since is None else since) + within
    while True:
        code = None if process is None else process.poll()
        if code is not None:
            raise RuntimeError(f"The Prefect server at {api_url} exited with code {code}.")
        try:
            with urllib.request.urlopen(f"{api_url}/health", timeout=2) as answer:
                if answer.status == 200:
                    return
        except OSError:
            pass
        if time.monotonic() >= deadline:
            raise RuntimeError(f"The Prefect server at {api_url} did not answer within {within:g} s.")
        time.sleep(0.1)


def start() -> LocalServer:
    """Start the server process (it boots while the caller goes on); stopped when we exit."""
    process, port = _spawn()
    server = LocalServer(process, port)
    atexit.register(server.stop)
    return server


def tell_prefect(server: LocalServer) -> None:
    """Prefect (imported) talks to ``server`` from now on, and links to no UI (the server has
    none); the variables are gone from our own environment afterwards (Prefect keeps its
    settings, our code sees no server set)."""
    from prefect.context import refresh_global_settings_context

    told = {"PREFECT_API_URL": server.api_url, "PREFECT_UI_URL": os.environ.get("PREFECT_UI_URL", "")}
    previous = {name: os.environ.get(name) for name in told}
    os.environ.update(told)
    try:
        refresh_global_settings_context()
    finally:
        for name, value in previous.items():
            if value is None:
                del os.environ[name]
            else:
                os.environ[name] = value


def _spawn() -> tuple[subprocess.Popen[bytes], int]:
    port = _free_port()
    command = [
        sys.executable, "-m", "uvicorn", "--app-dir", str(_prefect_parent()),
        "--factory", "prefect.server.api.server:create_app",
        "--host", "127.0.0.1", "--port", str(port), "--log-level", "error", "--lifespan", "on",
    ]  # fmt: skip
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        return subprocess.Popen(command, env={**os.environ, **_SERVER_ENVIRONMENT}), port
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _prefect_parent() -> Path:
    """The folder holding the ``prefect`` package, found without importing it."""
    spec = importlib.util.find_spec("prefect")
    assert spec is not None and spec.submodule_search_locations, "Prefect is a dependency"
    return Path(next(iter(spec.submodule_search_locations))).parent
