"""Sending notifications with apprise: one Apprise object per channel, its result read per channel.

apprise reports a failure as a result, not an exception: :meth:`AppriseNotifier.send` turns it
into a :class:`~amoa_workflow.domain.outbox.Delivery` whose detail is apprise's own warnings,
with every secret of every URL in use hidden. While it sends, the same secrets are hidden from
all log records of the process (:data:`~amoa_workflow.redaction.LOG_REDACTION`). The message goes as HTML to
services that prefer it (e-mail), as text to the others (``json://``, chats).
"""

from __future__ import annotations

import logging
import os
import re
import warnings
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from amoa_workflow.domain.outbox import Delivery, Notification
from amoa_workflow.errors import ConfigError
from amoa_workflow.redaction import LOG_REDACTION, redact, secrets_of

UNKNOWN_TARGET = "notify.error.unknown_target"  # i18n keys: shown in the reader's language
MISSING_ATTACHMENT = "notify.error.missing_attachment"
INVALID_URL = "notify.error.invalid_url"
SERVICE_TIMEOUT = 60  # seconds one service may take before apprise reports a timeout


def load_apprise() -> Any:
    """Import apprise and load its plugins once.

    On Python 3.11, loading the e-mail plugin imports :mod:`imghdr` (a compatibility shim of
    apprise), which warns that it is deprecated: nothing we can act on, and an error under
    ``-W error``. That one warning is ignored, only while the plugins load.
    """
    import apprise
    from apprise.plugins import N_MGR

    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message="'imghdr' is deprecated", category=DeprecationWarning)
        N_MGR.load_modules()  # type: ignore[no-untyped-call]
    return apprise


def is_valid_url(url: str) -> bool:
    apprise = load_apprise()
    with LOG_REDACTION.hiding(secrets_of(url)):  # apprise logs the URLs it reads
        return apprise.Apprise.instantiate(url) is not None


def apprise_config_entries(path: Path) -> list[tuple[list[str], str]]:
    """The (tags, URL) of each entry of an apprise YAML file, its ``${name}`` templates resolved from
    ``APPRISE_TEMPLATE_<NAME>`` variables; a value missing is a :class:`ConfigError` naming it."""
    if not path.is_file():
        raise ConfigError(
            path, "apprise configuration file not found", "fichier de configuration apprise introuvable"
        )
    apprise = load_apprise()
    config, loaded = apprise.AppriseConfig(), apprise.Apprise()
    waiting: list[Any] = []  # entries whose ${name} has no value
    with LOG_REDACTION.hiding(_written_secrets(path)):
        if not config.add(str(path)) or not loaded.add(config):
            raise ConfigError(path, "not an apprise configuration", "n'est pas une configuration apprise")
        services = list(loaded.find(report=waiting))
    if waiting:
        names = ", ".join(
            sorted(
                {f"APPRISE_TEMPLATE_{n.upper()}" for s in waiting for n in getattr(s, "template_names", ())}
            )
        )
        raise ConfigError(
            path,
            f"environment variable(s) not set: {names}",
            f"variable(s) d'environnement non définie(s) : {names}",
        )
    if not services:
        raise ConfigError(path, "no notification URL in it", "aucune URL de notification")
    return [(sorted(str(tag) for tag in s.tags), s.url(privacy=False)) for s in services]


def _written_secrets(path: Path) -> set[str]:
    """What an apprise YAML file may hold: its URLs' parts and the template values of the environment."""
    text = path.read_text(encoding="utf-8", errors="replace")
    found = {v for k, v in os.environ.items() if k.upper().startswith("APPRISE_TEMPLATE_") and len(v) > 3}
    for url in re.findall(r"[a-z][a-z0-9+.-]*://[^\s'\"]+", text, flags=re.IGNORECASE):
        found |= secrets_of(url.rstrip(":")) | secrets_of(url)
    return found


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
        if not sender.add(url, tag=notification.recipient):
            return Delivery(False, INVALID_URL)
        html = sender[0].resolve_format(None) == apprise.NotifyFormat.HTML
        with sender.notify(
            body=notification.html if html else notification.text,
            title=notification.title,
            body_format=apprise.NotifyFormat.HTML if html else apprise.NotifyFormat.TEXT,
            tag=notification.recipient,
            attach=[notification.attachment] if notification.attachment else None,
            log_level=logging.WARNING,
        ) as result:
            if result:
                return Delivery(True)
            problems = [entry.message for entry in result.logs()] or [result.status.name]
        return Delivery(False, redact(" / ".join(dict.fromkeys(problems)), self._secrets))
