"""Releases and their notes, with every revision of the notes kept."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, delete, insert, select, update

from amoa_workflow.domain.model import ItemKind, Release, ReleaseNoteItem
from amoa_workflow.ports import SavedRelease
from amoa_workflow.store.bulk import insert_rows
from amoa_workflow.store.tables import (
    campaigns,
    gates,
    release_note_items,
    release_revisions,
    releases,
    stored_reports,
)


def _now() -> datetime:
    return datetime.now(UTC)


class SqlReleases:
    def __init__(self, connection: Connection) -> None:
        self.connection = connection

    def get(self, version: str) -> Release | None:
        row = self.connection.execute(select(releases).where(releases.c.version == version)).first()
        if row is None:
            return None
        items = self.connection.execute(
            select(release_note_items)
            .where(release_note_items.c.release_id == row.id)
            .order_by(release_note_items.c.position)
        )
        return Release(
            version=row.version,
            released_on=row.released_on,
            source=row.source,
            items=tuple(_item_from(dict(item._mapping)) for item in items),
        )

    def remove(self, version: str) -> tuple[int, int]:
        """Delete the release, its notes, requirement snapshots, campaigns (with their results, runs
        and gaps), gates and the PVs kept of it; (campaigns, gates) deleted. Its gates must have no
        decisions."""
        release_id = select(releases.c.id).where(releases.c.version == version).scalar_subquery()
        removed_gates = self.connection.execute(delete(gates).where(gates.c.release_id == release_id))
        removed = self.connection.execute(delete(campaigns).where(campaigns.c.release_id == release_id))
        self.connection.execute(delete(stored_reports).where(stored_reports.c.release == version))
        self.connection.execute(delete(releases).where(releases.c.version == version))
        return removed.rowcount, removed_gates.rowcount

    def versions(self) -> list[str]:
        """The versions stored, in ingestion order."""
        return list(self.connection.execute(select(releases.c.version).order_by(releases.c.id)).scalars())

    def save(self, release: Release, fingerprint: str) -> SavedRelease:
        row = self.connection.execute(select(releases).where(releases.c.version == release.version)).first()
        if row is not None and row.notes_sha256 == fingerprint:
            return SavedRelease("unchanged", int(row.revision))
        values = {"released_on": release.released_on, "source": release.source, "notes_sha256": fingerprint}
        previous = None
        if row is None:
            revision = 1
            release_id = self.connection.execute(
                insert(releases).values(
                    version=release.version, ingested_at=_now(), revision=revision, **values
                )
            ).inserted_primary_key[0]  # type: ignore[index]
        else:
            previous = self.get(release.version)
            release_id, revision = row.id, int(row.revision) + 1
            self.connection.execute(
                update(releases)
                .where(releases.c.id == row.id)
                .values(ingested_at=_now(), revision=revision, **values)
            )
            self.connection.execute(
                delete(release_note_items).where(release_note_items.c.release_id == row.id)
            )
        snapshot = [_item_values(item) for item in release.items]
        insert_rows(
            self.connection,
            release_note_items,
            [
                {"release_id": release_id, "position": position, **values}
                for position, values in enumerate(snapshot)
            ],
        )
        self.connection.execute(
            insert(release_revisions).values(
                release_id=release_id, revision=revision, items=snapshot, ingested_at=_now(), **values
            )
        )
        return SavedRelease("created" if previous is None else "updated", revision, previous)

    def id_of(self, version: str) -> int | None:
        return self.connection.execute(select(releases.c.id).where(releases.c.version == version)).scalar()


def _item_values(item: ReleaseNoteItem) -> dict[str, Any]:
    return {
        "kind": item.kind.value, "heading": item.heading, "text": item.text, "line": item.line,
        "requirement_refs": list(item.requirement_refs), "anomaly_refs": list(item.anomaly_refs),
        "tickets": list(item.tickets), "issue_numbers": list(item.issue_numbers), "links": list(item.links),
    }  # fmt: skip


def _item_from(values: dict[str, Any]) -> ReleaseNoteItem:
    return ReleaseNoteItem(
        kind=ItemKind(values["kind"]), heading=values["heading"], text=values["text"], line=values["line"],
        requirement_refs=tuple(values["requirement_refs"]), anomaly_refs=tuple(values["anomaly_refs"]),
        tickets=tuple(values["tickets"]), issue_numbers=tuple(values["issue_numbers"]),
        links=tuple(values["links"]),
    )  # fmt: skip
