"""Opening the database: a command that only reads never creates one, and a mistyped URL is named.

A SQLite URL with a typo used to give a new empty database (its folders included) and a calm
"nothing here" answer: the mistake went unseen.
"""

from __future__ import annotations

import stat
from importlib.util import find_spec
from pathlib import Path

import pytest

from amoa_workflow.errors import DatabaseUrlRefused
from amoa_workflow.store.database import open_database


def test_a_command_that_only_reads_refuses_a_database_that_does_not_exist(tmp_path: Path) -> None:
    missing = tmp_path / "ailleurs" / "amoa.db"

    with pytest.raises(DatabaseUrlRefused) as caught:
        open_database(f"sqlite:///{missing}", create=False, given_by="AMOA_DATABASE_URL")

    assert caught.value.exit_code == 2
    assert str(missing) in caught.value.render("fr")
    assert "base introuvable" in caught.value.render("fr")
    assert "AMOA_DATABASE_URL" in caught.value.render("en")
    assert not (tmp_path / "ailleurs").exists()


def test_the_project_database_not_made_yet_is_refused_to_a_reader_saying_how_to_make_it(
    tmp_path: Path,
) -> None:
    with pytest.raises(DatabaseUrlRefused) as caught:
        open_database(f"sqlite:///{tmp_path / 'data' / 'amoa.db'}", create=False)

    assert "amoa ingest" in caught.value.render("en")
    assert not (tmp_path / "data").exists()


def test_a_given_url_whose_folder_does_not_exist_is_refused_even_to_a_writer(tmp_path: Path) -> None:
    missing = tmp_path / "nonexistent" / "dir" / "amoa.db"

    with pytest.raises(DatabaseUrlRefused) as caught:
        open_database(f"sqlite:///{missing}", create=True, given_by="AMOA_DATABASE_URL")

    assert str(missing.parent) in caught.value.render("en")
    assert not (tmp_path / "nonexistent").exists()


def test_a_writer_makes_the_project_database_and_its_folders_on_first_use(tmp_path: Path) -> None:
    database = tmp_path / "data" / "amoa.db"

    open_database(f"sqlite:///{database}", create=True).dispose()

    assert database.is_file()
    assert stat.S_IMODE(database.stat().st_mode) == 0o600  # it holds signed decisions: owner only


def test_a_writer_makes_a_given_database_in_a_folder_that_exists(tmp_path: Path) -> None:
    database = tmp_path / "recette.db"

    open_database(f"sqlite:///{database}", create=True, given_by="AMOA_DATABASE_URL").dispose()

    assert database.is_file()


def test_an_existing_database_opens_for_a_reader(tmp_path: Path) -> None:
    database = tmp_path / "amoa.db"
    open_database(f"sqlite:///{database}").dispose()

    open_database(f"sqlite:///{database}", create=False, given_by="AMOA_DATABASE_URL").dispose()


@pytest.mark.parametrize(
    "url",
    [
        "postgres://recette:s3cret@db:5432/amoa",
        pytest.param(
            "postgresql://recette:s3cret@db:5432/amoa",
            marks=pytest.mark.skipif(find_spec("psycopg2") is not None, reason="psycopg2 is installed"),
        ),
        "mysql://db/amoa",
        "postgresql+asyncpg://recette:s3cret@db:5432/amoa",  # installed, but asynchronous
    ],
)
def test_a_url_without_an_installed_driver_is_wrong_input_saying_which_to_write(url: str) -> None:
    with pytest.raises(DatabaseUrlRefused) as caught:
        open_database(url, given_by="AMOA_DATABASE_URL")

    message = caught.value.render("en")
    assert caught.value.exit_code == 2
    assert "postgresql+psycopg://" in message and "AMOA_DATABASE_URL" in message
    assert "s3cret" not in message


def test_a_url_that_is_no_url_is_wrong_input() -> None:
    with pytest.raises(DatabaseUrlRefused) as caught:
        open_database("postgresql+psycopg//recette:s3cret@db/amoa", given_by="AMOA_DATABASE_URL")

    assert caught.value.exit_code == 2
    assert "s3cret" not in caught.value.render("fr")
    assert "sqlite:///" in caught.value.render("fr")


def test_the_project_database_named_in_the_variable_as_well_is_made_as_by_default(tmp_path: Path) -> None:
    from amoa_workflow.bootstrap import bootstrap
    from amoa_workflow.settings.project import load_settings

    (tmp_path / "config").mkdir()
    (tmp_path / "config" / "amoa.toml").write_text("", encoding="utf-8")
    url = f"sqlite:///{tmp_path.resolve() / 'data' / 'amoa.db'}"

    bootstrap(load_settings(tmp_path, environ={"AMOA_DATABASE_URL": url})).engine.dispose()

    assert (tmp_path / "data" / "amoa.db").is_file()


def test_a_sqlite_url_with_a_driver_amoa_cannot_use_creates_nothing(tmp_path: Path) -> None:
    with pytest.raises(DatabaseUrlRefused) as caught:
        open_database(f"sqlite+aiosqlite:///{tmp_path / 'amoa.db'}", given_by="AMOA_DATABASE_URL")

    assert "sqlite:///" in caught.value.render("en")
    assert list(tmp_path.iterdir()) == []
