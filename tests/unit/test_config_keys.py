"""A key the configuration does not know is a mistake named by file and line, never a default applied.

A misspelt setting (``run_timout = 5``) or table (``[checkpont]``) used to be ignored: the default
applied and nothing said so. The same goes for approvers.toml (notifications, approvers, groups,
gates) and testers.toml.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from amoa_workflow.errors import ConfigError
from amoa_workflow.settings.approvers import load_notification_settings
from amoa_workflow.settings.gates import load_gates
from amoa_workflow.settings.project import load_settings
from amoa_workflow.settings.testers import load_testers

REPO = Path(__file__).resolve().parents[2]


def write(tmp_path: Path, name: str, text: str) -> Path:
    (tmp_path / "config").mkdir(exist_ok=True)
    (tmp_path / "config" / name).write_text(text, encoding="utf-8")
    return tmp_path


@pytest.mark.parametrize(
    ("toml", "line", "fr", "en"),
    [
        ('[project]\nname = "Paie"\n\n[checkpoint]\nname = "recette"\nrun_timout = 5\n', 6,
         "clé inconnue run_timout (voulez-vous dire run_timeout ?)",
         "unknown key run_timout (did you mean run_timeout?)"),
        ('[project]\nname = "Paie"\n[checkpont]\nrun_timeout = 5\n', 3,
         "clé inconnue checkpont (voulez-vous dire checkpoint ?)", "did you mean checkpoint?"),
        ('[manuel]\ntags = ["manuel"]\n', 1, "clé inconnue manuel (voulez-vous dire manual ?)", "manual"),
        ('[project]\nname = "Paie"\nlanguage = "francais"\n', 3,
         "project.language doit valoir fr ou en (et non « francais »)", "project.language must be fr or en"),
        ('[project]\nzzz = 1\n', 2, "clé inconnue zzz (clés connues : language, name)", "known keys"),
        ('[[schedules]]\nrelease = "1.1.0"\ncron = "0 6 * * 1-5"\n[[schedules]]\nrelease = "1.2.0"\n'
         'cron = "0 6 * * 1-5"\nwait_for_aproval = "none"\n', 7,
         "voulez-vous dire wait_for_approval ?", "wait_for_approval"),
        ('[lint]\nignores = ["AMOA017"]\n', 2, "voulez-vous dire ignore ?", "ignore"),
    ],
)  # fmt: skip
def test_an_unknown_or_misspelt_setting_of_amoa_toml_is_named_by_line(
    tmp_path: Path, toml: str, line: int, fr: str, en: str
) -> None:
    with pytest.raises(ConfigError) as caught:
        load_settings(write(tmp_path, "amoa.toml", toml), environ={})

    assert caught.value.line == line
    assert f"amoa.toml:{line} : " in caught.value.render("fr")
    assert fr in caught.value.render("fr")
    assert en in caught.value.render("en")
    assert caught.value.exit_code == 2


@pytest.mark.parametrize(
    ("toml", "line", "word"),
    [
        ('[notifications]\nremind_afer = 24\n', 2, "remind_after"),
        ('[[approvers]]\nid = "dupont"\nurl_from = ["AMOA_NOTIFY_DUPONT"]\n', 3, "urls_from"),
        ('[[approvers]]\nid = "dupont"\n[[groups]]\nid = "g"\nmember = ["dupont"]\n', 5, "members"),
        ('[[approvers]]\nid = "dupont"\n[[gates]]\nname = "vabf"\napprovers = ["dupont"]\n'
         'quorom = "any"\n', 6, "quorum"),
        ('[[approver]]\nid = "dupont"\n', 1, "approvers"),
    ],
)  # fmt: skip
def test_an_unknown_key_of_approvers_toml_is_named_by_line(
    tmp_path: Path, toml: str, line: int, word: str
) -> None:
    project = write(tmp_path, "approvers.toml", toml)

    for load in (
        lambda: load_notification_settings(project, "fr", {}),
        lambda: load_gates(project, "recette"),
    ):
        with pytest.raises(ConfigError) as caught:
            load()
        assert caught.value.line == line
        assert f"voulez-vous dire {word} ?" in caught.value.render("fr")


def test_an_unknown_key_of_testers_toml_is_named_by_line(tmp_path: Path) -> None:
    project = write(
        tmp_path, "testers.toml", '[[testers]]\nid = "leroy"\nname = "Léa Leroy"\ntag = ["paie"]\n'
    )

    with pytest.raises(ConfigError) as caught:
        load_testers(project)

    assert caught.value.line == 4
    assert "did you mean tags?" in caught.value.render("en")


def test_the_sample_project_and_the_new_project_template_load_as_they_are(tmp_path: Path) -> None:
    settings = load_settings(REPO, environ={})
    load_notification_settings(
        REPO, "fr", {"AMOA_NOTIFY_DUPONT": "json://x/d", "AMOA_NOTIFY_MARTIN": "json://x/m"}
    )
    load_gates(REPO, settings.checkpoint)
    load_testers(REPO)
    shutil.copy(REPO / "amoa_workflow" / "templates" / "project" / "amoa.toml.tmpl", tmp_path / "amoa.toml")
    load_settings(
        write(tmp_path, "amoa.toml", (tmp_path / "amoa.toml").read_text(encoding="utf-8")), environ={}
    )
