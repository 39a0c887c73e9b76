"""A release id, gate id or campaign key names a file only when it is a plain, conservative name;
otherwise one clear error names the file (or option) it came from."""

from __future__ import annotations

from pathlib import Path

import pytest

from amoa_workflow.domain.file_names import file_name, inside
from amoa_workflow.errors import UnsafeName


@pytest.mark.parametrize(
    "name", ["1.1.0", "v5.6.1", "2026.05.1", "1.2.0-rc.1+build.5", "Unreleased", "recette-1.1.0"]
)
def test_ordinary_release_ids_and_campaign_keys_are_file_names(name: str) -> None:
    assert file_name(name, "release", "notes.yaml") == name


@pytest.mark.parametrize(
    "name",
    ["../../../../tmp/x", "a/b", "a\\b", "..", "1..2", ".hidden", "-rf", "x\n", "x\x00y", "x\x1b[31m",
     "/etc/passwd", "C:evil", "con ", "é", "", "a" * 65, "1.1.0 ", "~root"],
)  # fmt: skip
def test_anything_else_is_refused_naming_its_source(name: str) -> None:
    with pytest.raises(UnsafeName) as refused:
        file_name(name, "release", "release_notes/notes.yaml")
    message = refused.value.render("en")
    assert message.startswith("release_notes/notes.yaml: release ") and "cannot name a file" in message
    assert "\n" not in message and "\x1b" not in message and "\x00" not in message
    assert refused.value.exit_code == 2


def test_a_file_stays_in_its_folder_even_through_a_symbolic_link(tmp_path: Path) -> None:
    reports = tmp_path / "reports"
    reports.mkdir()
    assert inside(reports, ("1.1.0", "recette-1.1.0.html"), "release", "x") == reports / "1.1.0" / (
        "recette-1.1.0.html"
    )
    (reports / "1.2.0").symlink_to(tmp_path.parent)
    with pytest.raises(UnsafeName):
        inside(reports, ("1.2.0", "recette-1.2.0.html"), "release", "x")
