"""config/approvers.toml and the environment: approvers, groups, channels (URLs from the environment only)."""

from __future__ import annotations

import logging
from datetime import timedelta
from pathlib import Path

import pytest

from amoa_workflow.domain.notifications import Approver, Group
from amoa_workflow.errors import ConfigError
from amoa_workflow.settings.approvers import load_notification_settings

SECRET_URL = "json://127.0.0.1:8080/hooks/tok-S3cret?+X-Api-Key=hdr-S3cret"
APPROVERS = """
[notifications]
max_attempts = 5
first_retry = 30
longest_retry = 600
remind_after = 24
remind_every = 12
escalate_after = 72
escalate_to = ["direction"]
report_link = "https://recette.example.org/{release}/{file}"

[[approvers]]
id = "dupont"
name = "Claire Dupont"
role = "Responsable paie"
domains = ["Paie"]
checkpoints = ["recette"]
urls_from = ["AMOA_NOTIFY_DUPONT"]

[[approvers]]
id = "martin"
name = "Paul Martin"
lang = "en"
urls_from = ["AMOA_NOTIFY_MARTIN"]

[[groups]]
id = "direction"
name = "Direction"
members = ["martin"]
"""
ENV = {
    "AMOA_NOTIFY_DUPONT": f"{SECRET_URL} mailto://127.0.0.1:2525?from=r@example.org&to=dupont@example.org",
    "AMOA_NOTIFY_MARTIN": "mailto://127.0.0.1:2525?from=r@example.org&to=martin@example.org",
}


def project(tmp_path: Path, approvers: str = APPROVERS, yaml: str | None = None) -> Path:
    (tmp_path / "config").mkdir()
    (tmp_path / "config" / "approvers.toml").write_text(approvers, encoding="utf-8")
    if yaml is not None:
        (tmp_path / "config" / "apprise.yaml").write_text(yaml, encoding="utf-8")
    return tmp_path


def test_no_approvers_file_means_no_one_to_notify(tmp_path: Path) -> None:
    settings = load_notification_settings(tmp_path, "fr", {})

    assert settings.directory.is_empty and settings.channels.urls == {}


def test_approvers_groups_and_rules_are_read_and_urls_come_from_the_environment(tmp_path: Path) -> None:
    settings = load_notification_settings(project(tmp_path), "fr", ENV)

    assert settings.directory.approvers == (
        Approver("dupont", "Claire Dupont", "Responsable paie", frozenset({"Paie"}), frozenset({"recette"}),
                 ("AMOA_NOTIFY_DUPONT", "AMOA_NOTIFY_DUPONT#2")),
        Approver("martin", "Paul Martin", channels=("AMOA_NOTIFY_MARTIN",), lang="en"),
    )  # fmt: skip
    assert settings.directory.groups == (Group("direction", "Direction", members=("martin",)),)
    assert settings.channels.urls["AMOA_NOTIFY_DUPONT"] == SECRET_URL
    assert (settings.delivery.max_attempts, settings.delivery.first_retry) == (5, timedelta(seconds=30))
    assert settings.reminders.escalate_after == timedelta(hours=72)
    assert settings.reminders.escalate_to == ("direction",)
    assert "S3cret" not in repr(settings)


def test_a_missing_variable_is_one_line_naming_the_approver_and_the_variable(tmp_path: Path) -> None:
    with pytest.raises(ConfigError) as caught:
        load_notification_settings(project(tmp_path), "fr", {"AMOA_NOTIFY_DUPONT": ENV["AMOA_NOTIFY_DUPONT"]})

    assert caught.value.render("en").endswith(
        "approvers.toml: approver martin: environment variable AMOA_NOTIFY_MARTIN is not set"
    )
    assert "la variable d'environnement AMOA_NOTIFY_MARTIN n'est pas définie" in caught.value.render("fr")
    assert "\n" not in caught.value.render("fr")


def test_an_invalid_url_is_shown_masked(tmp_path: Path) -> None:
    env = {**ENV, "AMOA_NOTIFY_MARTIN": "nosuchscheme://user:pw-S3cret@host/tok-S3cret"}

    with pytest.raises(ConfigError) as caught:
        load_notification_settings(project(tmp_path), "fr", env)

    assert "AMOA_NOTIFY_MARTIN holds no valid apprise URL (nosuchscheme://***)" in caught.value.render("en")
    assert "S3cret" not in caught.value.render("en") + caught.value.render("fr")


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (('id = "dupont"', 'id = "dupont:paie"'), 'id "dupont:paie" must be lowercase letters'),
        (
            ('members = ["martin"]', 'members = ["durand"]'),
            'group direction: member "durand" is not an approver',
        ),
        (
            ('escalate_to = ["direction"]', 'escalate_to = ["dg"]'),
            '"dg" is neither an approver nor a group',
        ),
        (('urls_from = ["AMOA_NOTIFY_MARTIN"]', 'urls_from = ["json://x"]'), '"json://x" is not one'),
        (
            ("max_attempts = 5", "max_attempts = 0"),
            "notifications.max_attempts must be a number from 1 to 1000",
        ),
        (('lang = "en"', 'lang = "de"'), "approver martin: lang must be fr or en"),
        (('id = "martin"', 'id = "dupont"'), "ids used twice: dupont"),
        (
            ("{release}/{file}", "{version}"),
            "report_link must be a URL, with {release}, {campaign} or {file}",
        ),
    ],
)
def test_mistakes_in_the_file_are_one_clear_line(
    tmp_path: Path, change: tuple[str, str], message: str
) -> None:
    with pytest.raises(ConfigError) as caught:
        load_notification_settings(project(tmp_path, APPROVERS.replace(*change)), "fr", ENV)

    assert message in caught.value.render("en")


APPRISE_YAML = """
version: 1
template:
  - chat_token
urls:
  - json://127.0.0.1:8080/chat/${chat_token}:
      tag: direction
  - mailto://127.0.0.1:2525?from=r@example.org&to=dupont@example.org:
      tag: dupont
"""


def test_an_apprise_yaml_file_adds_channels_by_tag_with_its_secrets_from_the_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    monkeypatch.setenv("APPRISE_TEMPLATE_CHAT_TOKEN", "tok-S3cret")
    approvers = APPROVERS.replace(
        "[notifications]", '[notifications]\napprise_config = "config/apprise.yaml"'
    )
    root = project(tmp_path, approvers, APPRISE_YAML)

    settings = load_notification_settings(root, "fr", ENV)

    assert settings.directory.group("direction").channels == ("apprise:direction#1",)  # type: ignore[union-attr]
    assert settings.directory.approver("dupont").channels[-1] == "apprise:dupont#1"  # type: ignore[union-attr]
    assert "tok-S3cret" in settings.channels.urls["apprise:direction#1"]
    assert "Loaded JSON URL" in caplog.text and "tok-S3cret" not in caplog.text


def test_an_apprise_yaml_file_waiting_for_a_variable_or_with_unknown_tags_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("APPRISE_TEMPLATE_CHAT_TOKEN", raising=False)
    root = project(tmp_path, "", APPRISE_YAML)

    with pytest.raises(ConfigError) as missing:
        load_notification_settings(root, "fr", {"AMOA_APPRISE_CONFIG": "config/apprise.yaml"})
    monkeypatch.setenv("APPRISE_TEMPLATE_CHAT_TOKEN", "tok-S3cret")
    with pytest.raises(ConfigError) as unknown:
        load_notification_settings(root, "fr", {"AMOA_APPRISE_CONFIG": "config/apprise.yaml"})

    assert "environment variable(s) not set: APPRISE_TEMPLATE_CHAT_TOKEN" in missing.value.render("en")
    assert "json://127.0.0.1:8080/***: tag it with approver or group ids (unknown: direction)" in (
        unknown.value.render("en")
    )
    assert "tok-S3cret" not in unknown.value.render("en")


@pytest.mark.parametrize(
    ("option", "message"),
    [
        ("remind_after = 1e400", "notifications.remind_after must be a number from 0 to 8760"),
        ("max_attempts = 1e9", "notifications.max_attempts must be a number from 1 to 1000"),
        ("first_retry = -1", "notifications.first_retry must be a number from 1 to 604800"),
    ],
)
def test_a_delay_out_of_range_is_refused_by_name_not_overflowed_later(
    tmp_path: Path, option: str, message: str
) -> None:
    with pytest.raises(ConfigError) as refused:
        load_notification_settings(project(tmp_path, f"[notifications]\n{option}\n"), "fr", {})
    assert message in refused.value.render("en")
