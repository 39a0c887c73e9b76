"""A release is named as its notes number it: ``v1.1.0`` (a tag) is release 1.1.0; a release or a
campaign the database does not hold is an error of the tree naming those it holds."""

from __future__ import annotations

import pytest

from amoa_workflow.bootstrap import Application
from amoa_workflow.checkpoint import services
from amoa_workflow.domain.model import release_version
from amoa_workflow.errors import CampaignNotFound, ReleaseNotStored


@pytest.mark.parametrize(
    ("written", "release"),
    [("v1.1.0", "1.1.0"), ("V2026.05.1", "2026.05.1"), (" 1.1.0 ", "1.1.0"), ("vNext", "vNext"), ("v", "v")],
)
def test_a_tags_leading_v_is_not_part_of_the_release(written: str, release: str) -> None:
    assert release_version(written) == release


def test_ingesting_a_tag_stores_the_release_of_the_notes(sample_app: Application) -> None:
    summary = services.ingest(sample_app.uow(), sample_app.sources, "v1.1.0")

    assert summary.release == "1.1.0"
    with sample_app.uow() as uow:
        assert uow.releases.versions() == ["1.1.0"]
        assert uow.requirements.as_of("1.1.0")


def test_what_the_database_does_not_hold_is_named_with_what_it_holds(sample_app: Application) -> None:
    services.ingest(sample_app.uow(), sample_app.sources, "1.1.0")

    with sample_app.uow() as uow, pytest.raises(ReleaseNotStored, match=r"v1\.1\.0.*1\.1\.0"):
        uow.campaigns.start("recette-v1.1.0", "v1.1.0", "recette", "runs/1")
    with sample_app.uow() as uow, pytest.raises(ReleaseNotStored):
        uow.requirements.snapshot("9.9.9", [])
    with sample_app.uow() as uow, pytest.raises(CampaignNotFound):
        uow.campaigns.record_run("recette-1.1.0", 1, [])
