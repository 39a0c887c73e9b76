"""Sending notifications with apprise: one Apprise object per channel, its result read per channel.

apprise reports a failure as a result, not an exception: :meth:`AppriseNotifier.send` turns it
into a :class:`~amoa_workflow.domain.outbox.Delivery` whose detail is apprise's own warnings,
with every secret of every URL in use hidden. While it sends, the same secrets are hidden from
all log records of the process (:data:`~amoa_workflow.redaction.LOG_REDACTION`). The message goes as HTML to
services that prefer it (e-mail), as text to the others (``json://``, chats).
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import re
from collections.abc import Iterator, Mapping
from pathlib import Path

from amoa_workflow.domain.outbox import Delivery, Notification
from amoa_workflow.redaction import LOG_REDACTION, redact, secrets_of
from amoa_workflow.settings.apprise_config import load_apprise

UNKNOWN_TARGET = "notify.error.unknown_target"  # i18n keys: shown in the reader's language
NO_ANSWER = "notify.error.no_answer"
MISSING_ATTACHMENT = "notify.error.missing_attachment"
INVALID_URL = "notify.error.invalid_url"
SERVICE_TIMEOUT = 60  # seconds one service may take before apprise reports a timeout


class AppriseNotifier:
    """Sends outbox rows to the channel they name; ``channels`` maps channel names to URLs (secrets)."""

    def __init__(self, channels: Mapping[str, str]) -> None:
        self._urls = dict(channels)
        self._secrets = frozenset(secret for url in self._urls.values() for secret in secrets_of(url))
        self._apprise = load_apprise()

    def __repr__(self) -> str:  # never the URLs
        return f"AppriseNotifier(channels={sorted(self._urls)})"

    @property
    def channels(self) -> list[str]:
        return sorted(self._urls)

    def send(self, notification: Notification) -> Delivery:
        url = self._urls.get(notification.target)
        if url is None:
            return Delivery(False, UNKNOWN_TARGET)
        if notification.attachment and not Path(notification.attachment).is_file():
            return Delivery(False, MISSING_ATTACHMENT)
        with LOG_REDACTION.hiding(self._secrets):
            try:
                return self._send(url, notification)
            except Exception as error:  # apprise reports failures as results; this is a plugin's bug
                return Delivery(False, redact(f"{type(error).__name__}: {error}", self._secrets))

    def _send(self, url: str, notification: Notification) -> Delivery:
        apprise = self._apprise
        asset = apprise.AppriseAsset(
            async_mode=False, service_timeout=SERVICE_TIMEOUT, result_log_disk_size=0
        )
        sender = apprise.Apprise(asset=asset)
        keyed = is_keyed(url)
        if not sender.add(with_idempotency_key(url, notification.key) if keyed else url,
                          tag=notification.recipient):  # fmt: skip
            return Delivery(False, INVALID_URL)
        html = sender[0].resolve_format(None) == apprise.NotifyFormat.HTML
        with (
            _socket_errors() as socket_errors,  # first: it listens while apprise sends
            sender.notify(
                body=notification.html if html else notification.text,
                title=notification.title,
                body_format=apprise.NotifyFormat.HTML if html else apprise.NotifyFormat.TEXT,
                tag=notification.recipient,
                attach=[notification.attachment] if notification.attachment else None,
                log_level=logging.WARNING,
            ) as result,
        ):
            if result:
                return Delivery(True)
            problems = [entry.message for entry in result.logs()] or [result.status.name]
        if not keyed and any(TIMED_OUT.search(error) for error in socket_errors):
            return Delivery(False, NO_ANSWER, uncertain=True)  # it may have arrived: never twice
        return Delivery(False, redact(" / ".join(dict.fromkeys(problems)), self._secrets))


@contextlib.contextmanager
def _socket_errors() -> Iterator[list[str]]:
    """The socket errors apprise meets while sending: it logs them at DEBUG only, on its own logger."""
    found: list[str] = []

    class Collector(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            message = record.getMessage()
            if message.startswith("Socket Exception"):
                found.append(message)

    handler, logger = Collector(logging.DEBUG), logging.getLogger("apprise")
    level = logger.level
    logger.addHandler(handler)
    logger.setLevel(logging.DEBUG)
    try:
        yield found
    finally:
        logger.removeHandler(handler)
        logger.setLevel(level)


KEYED_SCHEMES = ("json", "jsons", "xml", "xmls", "form", "forms")  # apprise's generic HTTP channels
TIMED_OUT = re.compile(r"\btimed out\b", re.IGNORECASE)  # requests, smtplib, sockets alike


def is_keyed(url: str) -> bool:
    """Whether every attempt on this channel can carry the notification's ``Idempotency-Key`` header."""
    return url.split("://", 1)[0].lower() in KEYED_SCHEMES


def with_idempotency_key(url: str, key: str) -> str:
    """The URL with an ``Idempotency-Key`` header (apprise's ``+Header=value``), the same on every attempt."""
    digest = hashlib.sha256(key.encode("utf-8")).hexdigest()[:32]
    return f"{url}{'&' if '?' in url else '?'}+Idempotency-Key={digest}"
