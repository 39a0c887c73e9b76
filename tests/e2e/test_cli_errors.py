"""A user mistake gives one clear line and a non-zero exit code, never a traceback."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

from tests.e2e.conftest import AMOA, Amoa


def assert_one_clear_line(completed: subprocess.CompletedProcess[str], code: int, *words: str) -> None:
    assert completed.returncode == code, completed.stderr
    assert "Traceback" not in completed.stderr + completed.stdout
    lines = completed.stderr.strip().splitlines()
    assert len(lines) == 1, completed.stderr
    for word in words:
        assert word in lines[0]


def test_help_answers_without_importing_prefect() -> None:
    probe = (
        "import sys\nsys.argv = ['amoa', '--help']\nfrom amoa_workflow import cli\n"
        "try:\n    cli.main()\nexcept SystemExit:\n    pass\n"
        "print('prefect loaded:', 'prefect' in sys.modules)\n"
    )
    completed = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)

    assert "checkpoint" in completed.stdout
    assert completed.stdout.strip().endswith("prefect loaded: False")


def test_help_is_quick() -> None:
    started = time.perf_counter()
    completed = subprocess.run([str(AMOA), "--help"], capture_output=True, text=True, check=False)
    elapsed = time.perf_counter() - started

    assert completed.returncode == 0
    print(f"amoa --help: {elapsed:.2f} s")  # recorded in the test log, not asserted


def test_an_unknown_release_lists_the_versions_in_the_notes(amoa: Amoa) -> None:
    completed = amoa("checkpoint", "--release", "9.9.9")

    assert_one_clear_line(completed, 2, "9.9.9", "CHANGELOG.md", "1.1.0, 1.0.0")


def test_missing_release_notes_are_named(amoa: Amoa, sample_project: Path) -> None:
    (sample_project / "release_notes" / "CHANGELOG.md").unlink()

    completed = amoa("checkpoint", "--release", "1.1.0")

    assert_one_clear_line(completed, 2, "CHANGELOG.md", "fichier introuvable")


def test_an_unreachable_database_is_named_without_its_password(amoa: Amoa) -> None:
    url = "postgresql+psycopg://recette:s3cret@127.0.0.1:1/amoa?connect_timeout=3"

    completed = amoa("checkpoint", "--release", "1.1.0", env={"AMOA_DATABASE_URL": url})

    assert_one_clear_line(completed, 3, "base de données injoignable", "127.0.0.1:1/amoa")
    assert "s3cret" not in completed.stderr


def test_a_bad_requirement_names_file_and_line(amoa: Amoa, sample_project: Path) -> None:
    path = sample_project / "requirements" / "exigences.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("criticite: mineure", "criticite: basse", 1))

    completed = amoa("--lang", "en", "checkpoint", "--release", "1.1.0")

    assert_one_clear_line(completed, 2, "exigences.yaml:", "unknown criticality 'basse'")


def test_a_missing_project_configuration_is_named(amoa: Amoa, tmp_path: Path) -> None:
    completed = amoa("--project", str(tmp_path), "checkpoint", "--release", "1.1.0")

    assert_one_clear_line(completed, 2, "amoa.toml", "fichier introuvable")


def test_a_mistyped_sqlite_url_is_named_and_creates_nothing(amoa: Amoa, tmp_path: Path) -> None:
    missing = tmp_path / "nonexistent" / "dir" / "amoa.db"
    url = {"AMOA_DATABASE_URL": f"sqlite:///{missing}"}

    for command in (("gates", "--release", "2026.05.1"), ("releases", "list")):
        completed = amoa(*command, env=url)
        assert_one_clear_line(completed, 2, "base introuvable", str(missing), "AMOA_DATABASE_URL")
    writing = amoa("ingest", "release_notes/CHANGELOG.md", "--release", "1.1.0", env=url)

    assert_one_clear_line(writing, 2, str(missing.parent), "AMOA_DATABASE_URL")
    assert not (tmp_path / "nonexistent").exists()


def test_the_first_command_of_a_fresh_project_makes_its_database(amoa: Amoa, sample_project: Path) -> None:
    reading = amoa("releases", "list")
    assert_one_clear_line(reading, 2, "amoa ingest")
    assert not (sample_project / "data").exists()

    writing = amoa("ingest", "release_notes/CHANGELOG.md", "--release", "1.1.0")

    assert writing.returncode == 0, writing.stderr
    assert (sample_project / "data" / "amoa.db").is_file()
    assert amoa("releases", "list").returncode == 0


def test_a_configuration_error_speaks_the_language_the_configuration_asks_for(
    amoa: Amoa, sample_project: Path
) -> None:
    config = sample_project / "config" / "amoa.toml"
    sample = config.read_text(encoding="utf-8")
    english = {"AMOA_LANG": "", "LANG": "C.UTF-8", "LC_ALL": "C.UTF-8"}  # language = "fr" in the file

    config.write_text(sample.replace("run_timeout", "run_timout"), encoding="utf-8")
    misspelt = amoa("gates", "--release", "1.1.0", env=english)
    config.write_text(sample + "\n[paths\n", encoding="utf-8")
    broken = amoa("gates", "--release", "1.1.0", env=english)

    line = 1 + sample[: sample.index("run_timeout")].count("\n")
    assert_one_clear_line(misspelt, 2, "Erreur", f"amoa.toml:{line} : clé inconnue run_timout", "timeout ?")
    assert_one_clear_line(broken, 2, "Erreur", "TOML invalide")
