"""Named locks held by a transaction until it ends, so concurrent use cases take turns.

On PostgreSQL, a transaction-level advisory lock keyed by the name (and the schema, so two
projects in one database never wait for each other). On SQLite, the database has one writer at a
time: any write takes that lock until the transaction ends, so a write that changes nothing is
enough; taken first in a transaction, it also makes the reads that follow see the latest data.
"""

from __future__ import annotations

from sqlalchemy import Connection, text

INGEST = "ingest"  # requirements and release notes
RECORD = "record"  # a campaign's results, its gaps and their tracking across releases


def hold(connection: Connection, name: str) -> None:
    """Take the lock ``name`` for the rest of the connection's transaction (waits for it if held)."""
    if connection.dialect.name == "postgresql":
        connection.execute(
            text("SELECT pg_advisory_xact_lock(hashtext(current_schema() || ':amoa:' || :name))"),
            {"name": name},
        )
    else:
        connection.execute(text("UPDATE alembic_version SET version_num = version_num WHERE 1 = 0"))
