"""Reading apprise URLs and apprise configuration files, for the notification settings.

apprise logs the URLs it reads, secrets included: every part of a URL that may be secret is hidden
from the process's log records while apprise reads it (:data:`~amoa_workflow.redaction.LOG_REDACTION`).
"""

from __future__ import annotations

import os
import re
import warnings
from pathlib import Path
from typing import Any

from amoa_workflow.errors import ConfigError
from amoa_workflow.redaction import LOG_REDACTION, secrets_of


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
