"""The testers of the manual part of campaigns, from ``config/testers.toml``.

Each ``[[testers]]`` table: ``id`` (lowercase letters, digits, ``-``, ``_``), ``name``, optionally
``channel`` (the *name* of the environment variable holding the tester's notification URL: a
secret, never written in the file), ``domains`` (business domains of requirements) and ``tags``
(scenario tags) whose manual scenarios the tester executes. No file: no tester, every manual
scenario is unassigned until ``amoa manual assign``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from pathlib import Path

from amoa_workflow.domain.notifications import Approver
from amoa_workflow.domain.testers import Tester
from amoa_workflow.errors import ConfigError
from amoa_workflow.settings.toml_file import read_toml

TESTERS_FILE = Path("config") / "testers.toml"
_ID = re.compile(r"[a-z0-9][a-z0-9_-]{0,30}")  # also the tester's sheet in the workbook (31 characters)
_RESERVED = frozenset({"campagne", "non-attribues"})  # the workbook's other sheets
_VARIABLE = re.compile(r"[A-Z_][A-Z0-9_]*")


def load_testers(project_dir: Path) -> tuple[Tester, ...]:
    path = project_dir / TESTERS_FILE
    if not path.is_file():
        return ()
    raw = read_toml(
        path, {"testers": {"id": None, "name": None, "channel": None, "domains": None, "tags": None}}
    )
    entries = raw.get("testers", [])
    if not isinstance(entries, list) or not all(isinstance(e, dict) for e in entries):
        raise ConfigError(
            path, why_en="[[testers]] must be tables", why_fr="[[testers]] doit être une liste de tables"
        )
    testers: list[Tester] = []
    for number, entry in enumerate(entries, 1):
        testers.append(_tester(path, number, entry))
    seen = [t.id for t in testers]
    twice = sorted({i for i in seen if seen.count(i) > 1})
    if twice:
        raise ConfigError(
            path, why_en=f"tester ids used twice: {twice}", why_fr=f"identifiants en double : {twice}"
        )
    return tuple(testers)


def _tester(path: Path, number: int, entry: dict[str, object]) -> Tester:
    def fail(field: str, en: str, fr: str) -> ConfigError:
        where = f"[[testers]] #{number} {field}"
        return ConfigError(path, why_en=f"{where} {en}", why_fr=f"{where} {fr}")

    tester_id, name, channel = entry.get("id"), entry.get("name"), entry.get("channel")
    if not isinstance(tester_id, str) or not _ID.fullmatch(tester_id) or tester_id in _RESERVED:
        raise fail(
            "id",
            "must be 1 to 31 lowercase letters, digits, - or _ (not campagne, non-attribues)",
            "doit faire 1 à 31 minuscules, chiffres, - ou _ (ni campagne, ni non-attribues)",
        )
    if not isinstance(name, str) or not name.strip() or len(name) > 128:
        raise fail("name", "must be a name of 1 to 128 characters", "doit être un nom de 1 à 128 caractères")
    if channel is not None and (not isinstance(channel, str) or not _VARIABLE.fullmatch(channel)):
        raise fail(
            "channel",
            "must name an environment variable such as AMOA_NOTIFY_LEROY (the URL is a secret)",
            "doit nommer une variable d'environnement comme AMOA_NOTIFY_LEROY (l'URL est un secret)",
        )
    lists: dict[str, tuple[str, ...]] = {}
    for field in ("domains", "tags"):
        value = entry.get(field, [])
        if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
            raise fail(
                field, "must be a list of non-empty strings", "doit être une liste de chaînes non vides"
            )
        lists[field] = tuple(v.strip().lstrip("@") if field == "tags" else v.strip() for v in value)
    return Tester(tester_id, name.strip(), channel, lists["domains"], lists["tags"])


def tester_recipients(
    testers: Sequence[Tester], environ: Mapping[str, str]
) -> tuple[tuple[Approver, ...], dict[str, str]]:
    """The testers as notification recipients (named only by the events sent to them) and the URLs
    of their channels, read from the environment variable each ``channel`` names. A tester whose
    variable is not set has no channel: they get their link another way (``amoa manual link``)."""
    recipients: list[Approver] = []
    urls: dict[str, str] = {}
    for tester in testers:
        url = environ.get(tester.channel, "").strip() if tester.channel else ""
        if url and tester.channel:
            urls[tester.channel] = url
        channels = (tester.channel,) if url and tester.channel else ()
        recipients.append(Approver(tester.id, tester.name, channels=channels))
    return tuple(recipients), urls
