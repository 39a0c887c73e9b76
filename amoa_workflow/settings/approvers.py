"""Who to notify and how, loaded once at the edge from ``config/approvers.toml`` and the environment.

The file names approvers and groups and says how to reach them by *environment variable names*
(``urls_from = ["AMOA_NOTIFY_DUPONT"]``): the apprise URLs, which carry passwords and tokens,
are read from the environment only. An apprise YAML configuration file may be given as well
(``apprise_config``, or ``AMOA_APPRISE_CONFIG``): each of its URLs is tagged with the approver or
group ids it reaches, and its secrets come from ``APPRISE_TEMPLATE_<NAME>`` variables.

No file, no approver: nothing is sent and nothing fails.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import timedelta
from pathlib import Path
from typing import TypeVar

from amoa_workflow.domain.notifications import TAG, Approver, Directory, Group
from amoa_workflow.domain.outbox import DeliveryPolicy
from amoa_workflow.domain.reminders import ReminderPolicy
from amoa_workflow.errors import ConfigError
from amoa_workflow.redaction import mask_url
from amoa_workflow.settings.config_keys import Keys
from amoa_workflow.settings.toml_file import read_toml

APPROVERS_FILE = Path("config") / "approvers.toml"
APPRISE_CONFIG_VARIABLE = "AMOA_APPRISE_CONFIG"
VARIABLE = re.compile(r"[A-Z_][A-Z0-9_]*")
# Upper bounds of the delays: a typo such as 1e400 is refused by name, not an overflow later.
DAY_SECONDS, WEEK_SECONDS, YEAR_HOURS = 86_400.0, 604_800.0, 8_760.0
Who = TypeVar("Who", Approver, Group)
# Every key of config/approvers.toml, gates included (see config_keys): one misspelt is refused.
APPROVERS_TOML_KEYS: Keys = {
    "notifications": {"apprise_config": None, "report_link": None, "attach_report": None,
                      "max_attempts": None, "first_retry": None, "longest_retry": None,
                      "sending_timeout": None, "remind_after": None, "remind_every": None,
                      "escalate_after": None, "escalate_to": None},
    "approvers": {"id": None, "name": None, "role": None, "domains": None, "checkpoints": None,
                  "urls_from": None, "lang": None, "public_key": None},
    "groups": {"id": None, "name": None, "domains": None, "checkpoints": None, "members": None,
               "urls_from": None, "lang": None},
    "gates": {"name": None, "label": None, "checkpoint": None, "approvers": None, "quorum": None,
              "required": None, "timeout": None, "escalate_to": None, "on_timeout": None},
}  # fmt: skip


@dataclass(frozen=True)
class Channels:
    """Channel name → apprise URL. The URLs are secrets: never shown, not even by ``repr``."""

    urls: Mapping[str, str] = field(default_factory=dict, repr=False)


@dataclass(frozen=True)
class NotificationSettings:
    directory: Directory = field(default_factory=Directory)
    delivery: DeliveryPolicy = field(default_factory=DeliveryPolicy)
    reminders: ReminderPolicy = field(default_factory=ReminderPolicy)
    attach_report: bool = True
    report_link: str | None = None  # e.g. "https://recette.example.org/{release}/{file}"
    channels: Channels = field(default_factory=Channels)


def load_notification_settings(
    project_dir: Path, lang: str, environ: Mapping[str, str] | None = None
) -> NotificationSettings:
    env = os.environ if environ is None else environ
    path = project_dir / APPROVERS_FILE
    yaml_path = env.get(APPRISE_CONFIG_VARIABLE)
    if not path.is_file() and not yaml_path:
        return NotificationSettings(Directory(lang=lang))
    raw: dict[str, object] = {}
    if path.is_file():
        raw = read_toml(path, APPROVERS_TOML_KEYS)
    return _Reader(path, project_dir, lang, env).read(raw, yaml_path)


class _Reader:
    def __init__(self, path: Path, project_dir: Path, lang: str, env: Mapping[str, str]) -> None:
        self.path, self.project_dir, self.lang, self.env = path, project_dir, lang, env
        self.urls: dict[str, str] = {}

    def fail(self, why_en: str, why_fr: str, where: Path | None = None) -> ConfigError:
        return ConfigError(where or self.path, why_en=why_en, why_fr=why_fr)

    def read(self, raw: Mapping[str, object], yaml_path: str | None) -> NotificationSettings:
        options = self.table(raw.get("notifications", {}), "[notifications]")
        approvers = [self.approver(entry, n) for n, entry in enumerate(self.entries(raw, "approvers"), 1)]
        groups = [self.group(entry, n) for n, entry in enumerate(self.entries(raw, "groups"), 1)]
        self.unique([a.id for a in approvers] + [g.id for g in groups])
        known = {a.id for a in approvers} | {g.id for g in groups}
        for group in groups:
            for member in group.members:
                if member not in {a.id for a in approvers}:
                    raise self.fail(
                        f'group {group.id}: member "{member}" is not an approver',
                        f"groupe {group.id} : le membre « {member} » n'est pas un approbateur",
                    )
        escalate_to = self.names(options, "escalate_to", "notifications")
        for name in escalate_to:
            if name not in known:
                raise self.fail(
                    f'notifications.escalate_to: "{name}" is neither an approver nor a group',
                    f"notifications.escalate_to : « {name} » n'est ni un approbateur ni un groupe",
                )
        yaml_file = yaml_path or options.get("apprise_config")
        if yaml_file is not None:
            if not isinstance(yaml_file, str) or not yaml_file:
                raise self.fail(
                    "notifications.apprise_config must be a path",
                    "notifications.apprise_config doit être un chemin",
                )
            extra = self.apprise_channels(self.project_dir / yaml_file, known)
            approvers = [_with(a, extra.get(a.id, ())) for a in approvers]
            groups = [_with(g, extra.get(g.id, ())) for g in groups]
        link = options.get("report_link")
        if link is not None and not _link_template(link):
            raise self.fail(
                "notifications.report_link must be a URL, with {release}, {campaign} or {file} if needed",
                "notifications.report_link doit être une URL, avec {release}, {campaign} ou {file} au besoin",
            )
        escalate_after = self.number(options, "escalate_after", 0, 0, YEAR_HOURS)
        return NotificationSettings(
            directory=Directory(tuple(approvers), tuple(groups), self.lang),
            delivery=DeliveryPolicy(
                max_attempts=int(self.number(options, "max_attempts", 8, 1, 1000)),
                first_retry=timedelta(seconds=self.number(options, "first_retry", 60, 1, WEEK_SECONDS)),
                longest_retry=timedelta(seconds=self.number(options, "longest_retry", 3600, 1, WEEK_SECONDS)),
                sending_timeout=timedelta(
                    seconds=self.number(options, "sending_timeout", 900, 60, DAY_SECONDS)
                ),
            ),
            reminders=ReminderPolicy(
                remind_after=timedelta(hours=self.number(options, "remind_after", 48, 0, YEAR_HOURS)),
                remind_every=timedelta(hours=self.number(options, "remind_every", 24, 1, YEAR_HOURS)),
                escalate_after=timedelta(hours=escalate_after) if escalate_after else None,
                escalate_to=escalate_to,
            ),
            attach_report=bool(options.get("attach_report", True)),
            report_link=link if isinstance(link, str) else None,
            channels=Channels(dict(self.urls)),
        )

    def table(self, value: object, name: str) -> Mapping[str, object]:
        if not isinstance(value, dict):
            raise self.fail(f"{name} must be a table", f"{name} doit être une table")
        return value

    def entries(self, raw: Mapping[str, object], name: str) -> list[Mapping[str, object]]:
        value = raw.get(name, [])
        if not isinstance(value, list):
            raise self.fail(
                f"[[{name}]] must be a list of tables", f"[[{name}]] doit être une liste de tables"
            )
        return [self.table(entry, f"[[{name}]]") for entry in value]

    def number(
        self, options: Mapping[str, object], key: str, default: float, least: float, most: float
    ) -> float:
        value = options.get(key, default)
        if isinstance(value, bool) or not isinstance(value, int | float) or not least <= value <= most:
            raise self.fail(
                f"notifications.{key} must be a number from {least:g} to {most:g}",
                f"notifications.{key} doit être un nombre de {least:g} à {most:g}",
            )
        return float(value)

    def names(self, entry: Mapping[str, object], key: str, who: str) -> tuple[str, ...]:
        value = entry.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
            raise self.fail(
                f"{who}: {key} must be a list of names", f"{who} : {key} doit être une liste de noms"
            )
        return tuple(value)

    def ident(self, entry: Mapping[str, object], kind_en: str, kind_fr: str, number: int) -> str:
        value = entry.get("id")
        if not isinstance(value, str) or not TAG.fullmatch(value):
            raise self.fail(
                f'{kind_en} #{number}: id "{value}" must be lowercase letters, digits, - or _ '
                "(an apprise tag: no ':')",
                f"{kind_fr} n°{number} : l'id « {value} » doit être en minuscules, chiffres, - ou _ "
                "(un tag apprise : pas de « : »)",
            )
        return value

    def unique(self, ids: list[str]) -> None:
        twice = sorted({i for i in ids if ids.count(i) > 1})
        if twice:
            raise self.fail(
                f"ids used twice: {', '.join(twice)}", f"ids utilisés deux fois : {', '.join(twice)}"
            )

    def lang_of(self, entry: Mapping[str, object], who: str) -> str | None:
        value = entry.get("lang")
        if value is not None and value not in ("fr", "en"):
            raise self.fail(f"{who}: lang must be fr or en", f"{who} : lang doit être fr ou en")
        return value if isinstance(value, str) else None

    def approver(self, entry: Mapping[str, object], number: int) -> Approver:
        approver_id = self.ident(entry, "approver", "approbateur", number)
        who = f"approver {approver_id}"
        name, role = entry.get("name", approver_id), entry.get("role", "")
        if not isinstance(name, str) or not isinstance(role, str):
            raise self.fail(
                f"{who}: name and role must be text", f"{who} : name et role doivent être du texte"
            )
        return Approver(
            id=approver_id,
            name=name,
            role=role,
            domains=frozenset(self.names(entry, "domains", who)),
            checkpoints=frozenset(self.names(entry, "checkpoints", who)),
            channels=self.env_channels(entry, approver_id, "approver", "approbateur"),
            lang=self.lang_of(entry, who),
        )

    def group(self, entry: Mapping[str, object], number: int) -> Group:
        group_id = self.ident(entry, "group", "groupe", number)
        who = f"group {group_id}"
        name = entry.get("name", group_id)
        if not isinstance(name, str):
            raise self.fail(f"{who}: name must be text", f"{who} : name doit être du texte")
        return Group(
            id=group_id,
            name=name,
            domains=frozenset(self.names(entry, "domains", who)),
            checkpoints=frozenset(self.names(entry, "checkpoints", who)),
            members=self.names(entry, "members", who),
            channels=self.env_channels(entry, group_id, "group", "groupe"),
            lang=self.lang_of(entry, who),
        )

    def env_channels(
        self, entry: Mapping[str, object], owner: str, kind_en: str, kind_fr: str
    ) -> tuple[str, ...]:
        channels: list[str] = []
        for variable in self.names(entry, "urls_from", f"{kind_en} {owner}"):
            if not VARIABLE.fullmatch(variable):
                raise self.fail(
                    f'{kind_en} {owner}: urls_from names environment variables ("{variable}" is not one)',
                    f"{kind_fr} {owner} : urls_from nomme des variables d'environnement "
                    f"(« {variable} » n'en est pas une)",
                )
            urls = self.env.get(variable, "").split()
            if not urls:
                raise self.fail(
                    f"{kind_en} {owner}: environment variable {variable} is not set",
                    f"{kind_fr} {owner} : la variable d'environnement {variable} n'est pas définie",
                )
            for n, url in enumerate(urls, 1):
                if not _valid(url):
                    raise self.fail(
                        f"{kind_en} {owner}: {variable} holds no valid apprise URL ({mask_url(url)})",
                        f"{kind_fr} {owner} : {variable} ne contient pas d'URL apprise valide "
                        f"({mask_url(url)})",
                    )
                name = variable if n == 1 else f"{variable}#{n}"
                self.urls[name] = url
                channels.append(name)
        return tuple(channels)

    def apprise_channels(self, path: Path, known: set[str]) -> dict[str, tuple[str, ...]]:
        """The channels of an apprise YAML file, by the approver or group ids its tags name."""
        from amoa_workflow.settings.apprise_config import apprise_config_entries

        entries = apprise_config_entries(path)
        found: dict[str, list[str]] = {}
        for tags, url in entries:
            unknown = [t for t in tags if t not in known]
            listed = ", ".join(unknown) or "-"
            if not tags or unknown:
                raise self.fail(
                    f"{mask_url(url)}: tag it with approver or group ids (unknown: {listed})",
                    f"{mask_url(url)} : donnez-lui en tags des ids d'approbateurs ou de groupes "
                    f"(inconnus : {listed})",
                    path,
                )
            stem = f"apprise:{'+'.join(tags)}"
            name = next(f"{stem}#{n}" for n in range(1, len(entries) + 2) if f"{stem}#{n}" not in self.urls)
            self.urls[name] = url
            for tag in tags:
                found.setdefault(tag, []).append(name)
        return {tag: tuple(names) for tag, names in found.items()}


def _with(who: Who, channels: tuple[str, ...]) -> Who:
    return replace(who, channels=who.channels + channels) if channels else who


def _link_template(link: object) -> bool:
    try:
        return isinstance(link, str) and bool(link.format(release="1.0", campaign="c", file="f.html"))
    except (KeyError, IndexError, ValueError):
        return False


def _valid(url: str) -> bool:
    from amoa_workflow.settings.apprise_config import is_valid_url

    return is_valid_url(url)
