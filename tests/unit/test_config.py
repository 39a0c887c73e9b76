"""Settings come from config/amoa.toml; secrets only from the environment."""

from __future__ import annotations

from pathlib import Path

import pytest

from amoa_workflow.errors import ConfigError, FileMissing
from amoa_workflow.settings.project import detect_lang, load_settings


def project(tmp_path: Path, toml: str = "") -> Path:
    (tmp_path / "config").mkdir()
    (tmp_path / "config" / "amoa.toml").write_text(toml, encoding="utf-8")
    return tmp_path


def test_defaults_put_a_sqlite_database_in_the_project_data_folder(tmp_path: Path) -> None:
    settings = load_settings(project(tmp_path), environ={})

    assert settings.database_url == f"sqlite:///{tmp_path.resolve() / 'data' / 'amoa.db'}"
    assert settings.features_dir == tmp_path.resolve() / "features"
    assert settings.reports_dir == tmp_path.resolve() / "data" / "reports"


@pytest.mark.parametrize(
    ("environ", "where"),
    [
        ({"HOME": "/home/lea"}, "/home/lea/.cache/amoa-workflow/bytecode"),
        ({"HOME": "/home/lea", "XDG_CACHE_HOME": "/var/cache/lea"}, "/var/cache/lea/amoa-workflow/bytecode"),
        ({"HOME": "/home/lea", "AMOA_BYTECODE_DIR": "/srv/amoa/pyc"}, "/srv/amoa/pyc"),
        ({}, None),  # no home: the project's runs folder
    ],
)
def test_the_scenario_processes_bytecode_goes_to_the_users_cache_not_the_project(
    tmp_path: Path, environ: dict[str, str], where: str | None
) -> None:
    settings = load_settings(project(tmp_path), environ=environ)

    assert settings.bytecode_dir == (None if where is None else Path(where))


def test_the_database_url_comes_from_the_environment(tmp_path: Path) -> None:
    url = "postgresql+psycopg://amoa:secret@db.example/recette"

    settings = load_settings(project(tmp_path), environ={"AMOA_DATABASE_URL": url})

    assert settings.database_url == url


def test_paths_and_patterns_are_read_from_the_file(tmp_path: Path) -> None:
    toml = '[paths]\nfeatures = "recette/features"\n[references]\nrequirement = "REQ-\\\\d+"\n'

    settings = load_settings(project(tmp_path, toml), environ={})

    assert settings.features_dir == tmp_path.resolve() / "recette" / "features"
    assert settings.requirement_pattern == r"REQ-\d+"


@pytest.mark.parametrize(
    ("toml", "message"),
    [
        ("[paths\n", "invalid TOML"),
        ('[references]\nrequirement = "EXG-("\n', "not a valid regular expression"),
        ("[checkpoint]\nrun_timeout = -1\n", "run_timeout must be a number from 1 to 604800"),
        ("[checkpoint]\nscenario_timeout = 1e400\n", "scenario_timeout must be a number from 0 to 86400"),
        ("[checkpoint]\nscenario_timeout = nan\n", "scenario_timeout must be a number"),
        ("[checkpoint]\nrun_timeout = true\n", "run_timeout must be a number"),
        ("[flakiness]\nwindow = 2.5\n", "window must be a whole number"),
        ("[database]\nconnect_timeout = 0\n", "connect_timeout must be a number from 1 to 3600"),
        ("[database]\nstatement_timeout = inf\n", "statement_timeout must be a number from 0 to 86400"),
        ('paths = "x"\n', "must be a table"),
    ],
)
def test_a_wrong_setting_names_the_file(tmp_path: Path, toml: str, message: str) -> None:
    with pytest.raises(ConfigError, match=message) as caught:
        load_settings(project(tmp_path, toml), environ={})
    assert "amoa.toml" in str(caught.value)


def test_a_folder_without_configuration_is_named(tmp_path: Path) -> None:
    with pytest.raises(FileMissing, match=r"config/amoa\.toml"):
        load_settings(tmp_path, environ={})


@pytest.mark.parametrize(
    ("environ", "configured", "expected"),
    [
        ({"AMOA_LANG": "en"}, "fr", "en"),
        ({}, "fr", "fr"),
        ({"LANG": "fr_FR.UTF-8"}, None, "fr"),
        ({"LANG": "C.UTF-8"}, None, "en"),
    ],
)
def test_the_language_follows_env_then_config_then_locale(
    environ: dict[str, str], configured: str | None, expected: str
) -> None:
    assert detect_lang(environ, configured) == expected


def test_testers_attachments_have_a_size_limit_and_types_from_the_file(tmp_path: Path) -> None:
    for name in ("a", "b", "c", "d", "e", "f", "g"):
        (tmp_path / name).mkdir()
    default = load_settings(project(tmp_path / "a"), environ={}).attachments
    toml = '[manual]\nattachment_max_mb = 0.5\nattachment_types = ["image/png", "image/png", "text/plain"]\n'
    chosen = load_settings(project(tmp_path / "b", toml), environ={}).attachments

    assert default.max_bytes == 5 * 2**20 and "image/svg+xml" not in default.types
    assert default.max_per_tester == 50
    assert (chosen.max_bytes, chosen.types) == (2**19, ("image/png", "text/plain"))
    for folder, wrong, word in (("c", 'attachment_types = ["text/html"]', "manual.attachment_types"),
                                ("d", "attachment_types = []", "manual.attachment_types"),
                                ("e", "attachment_max_mb = 500", "manual.attachment_max_mb"),
                                ("f", 'attachment_types = ["image/svg+xml"]', "SVG"),
                                ("g", "attachment_max_per_tester = 0", "max_per_tester")):  # fmt: skip
        with pytest.raises(ConfigError, match=word):
            load_settings(project(tmp_path / folder, f"[manual]\n{wrong}\n"), environ={})
