"""A wrong combination of options is explained in the language asked (French or English), not in
English only: ``amoa evidence verify`` (a pack and --release, or neither) and ``amoa report``
(--stored with a format that is not kept, a format that does not exist)."""

from __future__ import annotations

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
