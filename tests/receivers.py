"""Real receivers on loopback for notification tests: an SMTP server (aiosmtpd) and an HTTP one.

Each gets its port before it listens, so a test can point apprise at a receiver that is down
(connection refused) and start it later on the same port.
"""

from __future__ import annotations

import asyncio
import base64
import email
import json
import random
import socket
import threading
import time
from dataclasses import dataclass, field
from email import policy
from email.message import EmailMessage
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

# Below the kernel's ephemeral range (32768-60999 on Linux): a port the kernel hands out for
# port 0 is also what it hands to the next outgoing connection (to PostgreSQL, say), so a port
# found free that way could be taken before the receiver or server listens on it.
LISTEN_PORTS = range(20000, 32000)


def free_port() -> int:
    """A loopback port nobody listens on, out of the kernel's reach for outgoing connections."""
    for _ in range(200):
        port = random.choice(LISTEN_PORTS)
        with socket.socket() as probe:
            try:
                probe.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise RuntimeError(f"no free loopback port in {LISTEN_PORTS}")


@dataclass
class HttpRequest:
    path: str
    headers: dict[str, str]
    body: dict[str, Any]

    def attachment(self) -> tuple[str, bytes] | None:
        """apprise's json:// sends attachments base64-encoded in the payload."""
        attachments = self.body.get("attachments") or []
        if not attachments:
            return None
        first = attachments[0]
        return first["filename"], base64.b64decode(first["base64"])


@dataclass
class HttpReceiver:
    """Answers 200 to every POST and keeps what it received (after ``delay`` seconds: a slow one)."""

    port: int = field(default_factory=free_port)
    requests: list[HttpRequest] = field(default_factory=list)
    delay: float = 0.0
    _server: ThreadingHTTPServer | None = None
    _thread: threading.Thread | None = None

    def url(self, path: str = "/hook") -> str:
        return f"json://127.0.0.1:{self.port}{path}"

    def start(self) -> HttpReceiver:
        received, receiver = self.requests, self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length", 0))
                payload = json.loads(self.rfile.read(length) or b"{}")
                received.append(HttpRequest(self.path, dict(self.headers.items()), payload))
                time.sleep(receiver.delay)
                self.send_response(200)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, format: str, *args: Any) -> None:  # quiet: tests read .requests
                pass

        self._server = ThreadingHTTPServer(("127.0.0.1", self.port), Handler)
        server = self._server
        self._thread = threading.Thread(target=lambda: server.serve_forever(poll_interval=0.05), daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._server is not None and self._thread is not None:
            self._server.shutdown()
            self._server.server_close()
            self._thread.join()
            self._server = self._thread = None


@dataclass
class SmtpReceiver:
    """An SMTP server (aiosmtpd) keeping every message it accepts (answering after ``delay`` seconds)."""

    port: int = field(default_factory=free_port)
    delay: float = 0.0
    messages: list[EmailMessage] = field(default_factory=list)
    recipients: list[list[str]] = field(default_factory=list)
    _controller: Any = None

    def url(self, to: str, sender: str = "recette@example.org") -> str:
        return f"mailto://127.0.0.1:{self.port}?from={sender}&to={to}"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802 - aiosmtpd hook
        message = email.message_from_bytes(envelope.content, policy=policy.default)
        assert isinstance(message, EmailMessage)
        self.messages.append(message)
        self.recipients.append(list(envelope.rcpt_tos))
        await asyncio.sleep(self.delay)
        return "250 OK"

    def start(self) -> SmtpReceiver:
        from aiosmtpd.controller import Controller

        self._controller = Controller(self, hostname="127.0.0.1", port=self.port)
        self._controller.start()
        return self

    def stop(self) -> None:
        if self._controller is not None:
            self._controller.stop()
            self._controller = None

    def to(self, address: str) -> list[EmailMessage]:
        return [m for m, rcpt in zip(self.messages, self.recipients, strict=True) if address in rcpt]
