"""Every real-world release-notes file in tests/data/realworld, read as published.

The expected counts were checked by hand against the files (see SOURCES.tsv for their origin).
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from amoa_workflow.errors import ReleaseNotFound
from amoa_workflow.release_notes import Reading, ReferencePatterns, read_release_notes

FOLDER = Path(__file__).parents[1] / "data" / "realworld" / "release_notes"
PATTERNS = ReferencePatterns(requirement=r"EXG-\d{3}", anomaly=r"ANO-\d+")
KEEP = "olivierlacan__keep-a-changelog__CHANGELOG.md"
LARAVEL = "pdphilip__laravel-elasticsearch__CHANGELOG.md"
TRACKDECHETS = "MTES-MCT__trackdechets__Changelog.md"
RENO = "openstack__reno__releasenotes__notes__"


def read(name: str, version: str) -> Reading:
    return read_release_notes(FOLDER / name, version, PATTERNS)


def kinds(reading: Reading) -> dict[str, int]:
    return dict(Counter(item.kind.value for item in reading.release.items))


@pytest.mark.parametrize(
    ("name", "version", "date", "expected"),
    [
        (KEEP, "2.0.0", "2026-06-07", {"added": 2, "changed": 4, "removed": 2}),
        (KEEP, "1.1.0", "2019-02-15", {"added": 3, "fixed": 2}),
        (KEEP, "0.0.4", "2014-08-09", {"added": 1, "changed": 1, "removed": 1}),
        (KEEP, "Unreleased", None, {}),
        (LARAVEL, "v5.6.1", "2026-04-06", {"fixed": 2}),
        (LARAVEL, "5.6.0", "2026-03-24", {"added": 3, "changed": 5}),
        (LARAVEL, "5.5.0", "2026-03-15", {"added": 4, "fixed": 1}),
        (LARAVEL, "5.1.0", "2025-08-20", {"added": 5, "fixed": 1}),
        (LARAVEL, "5.0.4", "2025-04-12", {"other": 2, "added": 1, "fixed": 1}),
        (TRACKDECHETS, "2026.05.1", "2026-05-05", {"changed": 4, "fixed": 2}),
        (TRACKDECHETS, "2026.02.1", "2026-02-10", {"changed": 7, "fixed": 4, "added": 1}),
    ],
)
def test_markdown_changelogs_give_the_items_of_each_release(
    name: str, version: str, date: str | None, expected: dict[str, int]
) -> None:
    reading = read_release_notes(FOLDER / name, version, PATTERNS, allow_empty=not expected)

    assert reading.format == "markdown"
    assert reading.release.released_on == date
    assert kinds(reading) == expected
    assert reading.warnings == ()


def test_keep_a_changelog_lists_every_version_when_one_is_missing() -> None:
    with pytest.raises(
        ReleaseNotFound, match=r"Unreleased, 2\.0\.0, 1\.1\.2, 1\.1\.1, 1\.1\.0, 1\.0\.0, 0\.3\.0"
    ):
        read(KEEP, "3.0.0")


def test_nested_bullets_stay_in_their_parent_item() -> None:
    first = read(KEEP, "2.0.0").release.items[0]

    assert first.text.startswith("New guidance answering long-standing community questions:; Format:")
    assert "Scale: very large changelogs and monorepos." in first.text
    assert first.line == 22


def test_features_announced_by_sub_headings_are_items() -> None:
    items = read(LARAVEL, "5.5.0").release.items

    assert [i.text.split(" — ")[0] for i in items[:4]] == [
        "Automated Re-indexing Command",
        "Model Scaffolding Command",
        "Mapping Definition on Models",
        "Artisan Commands Reference",
    ]
    assert "Resume capability" in items[0].text  # its bullets detail it


def test_github_style_items_keep_issues_and_pull_request_links() -> None:
    items = read(LARAVEL, "5.1.0").release.items
    links = [link for item in items for link in item.links]

    assert links == [
        "https://github.com/pdphilip/laravel-elasticsearch/pull/76",
        "https://github.com/pdphilip/laravel-elasticsearch/pull/79",
        "https://github.com/pdphilip/laravel-elasticsearch/issues/81",  # issue links are references too
    ]
    assert items[-1].issue_numbers == ("#81",)
    assert not any("first contribution" in item.text for item in items)  # « New Contributors » is skipped


def test_french_emoji_headings_and_wrapped_pull_request_lists() -> None:
    first = read(TRACKDECHETS, "2026.05.1").release.items[0]

    assert first.heading == ":nail_care: Améliorations"
    assert first.text.startswith("BSFF => Refonte & DSFR :")
    assert [link.rsplit("/", 1)[1] for link in first.links] == ["4735", "4746", "4750", "4751"]


@pytest.mark.parametrize(
    ("suffix", "expected"),
    [
        ("add-closed-branch-config-options-8773caf240e4653f.yaml", {"added": 1, "fixed": 1}),
        ("deprecate-version-attribute-7cae9a4ebce99776.yaml", {"deprecated": 1}),
        ("first-release-2857bfc9474c00b4.yaml", {"added": 3}),
        ("ignore-null-merges-56b7a8ed9b20859e.yaml", {"added": 1, "changed": 1, "fixed": 1}),
    ],
)
def test_reno_notes_as_published(suffix: str, expected: dict[str, int]) -> None:
    reading = read(RENO + suffix, "4.1.0")

    assert reading.format == "reno"
    assert reading.release.version == "4.1.0"
    assert kinds(reading) == expected


def test_reno_text_loses_its_rst_markup_and_keeps_its_line() -> None:
    [feature, _fix] = read(
        RENO + "add-closed-branch-config-options-8773caf240e4653f.yaml", "4.1.0"
    ).release.items

    assert feature.text.startswith("Adds new configuration options closed_branch_tag_re (to identify tags")
    assert feature.line == 4
