"""A wrong combination of options is explained in the language asked (French or English), not in
English only: ``amoa evidence verify`` (a pack and --release, or neither) and ``amoa report``
(--stored with a format that is not kept, a format that does not exist)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.e2e.conftest import Amoa

EXPECTED = {
    "fr": (
        "indiquez un fichier PACK ou --release, pas les deux",
        "indiquez un fichier PACK, ou --release pour le pack conservé dans la base",
        "--stored : html, pdf ou evidence",
        "docx (au choix : html, md, pdf, csv, xlsx, digest, evidence)",
    ),
    "en": (
        "give a PACK file or --release, not both",
        "give a PACK file, or --release for the pack kept in the database",
        "--stored: html, pdf or evidence",
        "docx (choose among html, md, pdf, csv, xlsx, digest, evidence)",
    ),
}


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_wrong_options_are_explained_in_the_language_asked(amoa: Amoa, lang: str) -> None:
    both = amoa("--lang", lang, "evidence", "verify", "pack.zip", "--release", "1.1.0")
    neither = amoa("--lang", lang, "evidence", "verify")
    stored = amoa("--lang", lang, "report", "-r", "1.1.0", "--stored", "-f", "md")
    unknown = amoa("--lang", lang, "report", "-r", "1.1.0", "-f", "docx")

    for run, text in zip((both, neither, stored, unknown), EXPECTED[lang], strict=True):
        assert run.returncode == 2, run.stderr
        assert text in " ".join(run.stderr.replace("│", " ").split()), run.stderr


MISTAKES = {
    ("runs", "show"): ("commande inconnue « show »", "No such command 'show'."),
    ("report", "-r", "1.1.0", "--frmat", "md"): (
        "option inconnue : --frmat (options possibles : --format)",
        "No such option: --frmat",
    ),
    ("gates",): ("option obligatoire manquante : '--release' / '-r'", "Missing option '--release' / '-r'."),
    ("runs", "export", "-r", "1.1.0", "--format", "xml"): (
        "valeur invalide pour '--format' : « xml » n'est pas une des valeurs permises ('junit', 'cucumber')",
        "Invalid value for '--format'",
    ),
    ("approve", "-r", "1.1.0", "-d", "approve", "--reservation", "known_limitation:EXG-013|MOE|31/02/2027"): (
        "la date « 31/02/2027 » n'existe pas (15/12/2026 ou 2026-12-15)",
        "the date '31/02/2027' does not exist",
    ),
}


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_a_mistake_on_the_command_line_itself_is_explained_in_the_language_asked(
    amoa: Amoa, lang: str
) -> None:
    """Click's own messages (unknown command or option, a missing or invalid value) are English."""
    for args, (french, english) in MISTAKES.items():
        run = amoa("--lang", lang, *args)

        assert run.returncode == 2, run.stdout + run.stderr
        said = " ".join(run.stderr.split())
        assert (french if lang == "fr" else english) in said, said
        assert ("Erreur:" if lang == "fr" else "Error:") in said and "Traceback" not in said
        assert f"amoa {args[0]}" in said  # the usage line of the command, and where its help is


def test_a_french_project_speaks_french_before_its_settings_are_read(
    amoa: Amoa, sample_project: Path
) -> None:
    """No --lang, no AMOA_LANG, an English locale: what is said while the options are read (a file
    that is not there, a release named by its tag) is in the project's language."""
    english_locale = {"AMOA_LANG": "", "LANG": "C.UTF-8", "LC_ALL": "C.UTF-8"}

    missing = amoa("manual", "import", "absent.xlsx", "--by", "sophie", env=english_locale)
    tagged = amoa(
        "ingest", "release_notes/CHANGELOG.md", "--release", "v1.1.0", "--dry-run", env=english_locale
    )

    assert missing.returncode == 2, missing.stderr
    assert "Erreur" in missing.stderr and "absent.xlsx" in missing.stderr, missing.stderr
    assert "Error" not in missing.stderr, missing.stderr
    assert tagged.returncode == 0, tagged.stderr
    assert "v1.1.0 : version 1.1.0" in tagged.stdout + tagged.stderr, tagged.stdout + tagged.stderr
