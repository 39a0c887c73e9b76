"""The relational schema (SQLAlchemy Core). Alembic migrations create and evolve it.

Unique keys carry the idempotency: re-ingesting the same notes or re-running the same
campaign updates rows in place instead of adding new ones. Every ``String(n)`` column refuses a
longer value before the database sees it (:class:`BoundedString`): SQLite would keep it silently,
PostgreSQL would fail with a driver error; both give the same one-line :class:`TextTooLong`.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import (
    JSON,
    Column,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)
from sqlalchemy.types import TypeDecorator

from amoa_workflow.errors import TextTooLong

metadata = MetaData(
    naming_convention={
        "ix": "ix_%(column_0_label)s",
        "uq": "uq_%(table_name)s_%(column_0_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    }
)

requirements = Table(
    "requirements",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("code", String(64), nullable=False, unique=True),
    Column("title", Text, nullable=False),
    Column("criticality", String(16), nullable=False),
    Column("domain", String(128), nullable=False),
    Column("description", Text, nullable=False, default=""),
    Column("target", String(64)),  # the lot or release it is planned for; NULL: due now
    Column("updated_at", DateTime(timezone=True), nullable=False),
)

releases = Table(
    "releases",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("version", String(64), nullable=False, unique=True),
    Column("released_on", String(32)),
    Column("source", Text, nullable=False),
    Column("notes_sha256", String(64), nullable=False),
    Column("ingested_at", DateTime(timezone=True), nullable=False),
    Column("revision", Integer, nullable=False, server_default="1"),
)

release_revisions = Table(
    "release_revisions",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("release_id", ForeignKey("releases.id", ondelete="CASCADE"), nullable=False),
    Column("revision", Integer, nullable=False),
    Column("notes_sha256", String(64), nullable=False),
    Column("source", Text, nullable=False),
    Column("released_on", String(32)),
    Column("items", JSON, nullable=False),
    Column("ingested_at", DateTime(timezone=True), nullable=False),
    UniqueConstraint("release_id", "revision"),
)

release_note_items = Table(
    "release_note_items",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("release_id", ForeignKey("releases.id", ondelete="CASCADE"), nullable=False),
    Column("position", Integer, nullable=False),
    Column("kind", String(16), nullable=False),
    Column("heading", Text, nullable=False),
    Column("text", Text, nullable=False),
    Column("line", Integer, nullable=False),
    Column("requirement_refs", JSON, nullable=False),
    Column("anomaly_refs", JSON, nullable=False),
    Column("tickets", JSON, nullable=False, server_default="[]"),
    Column("issue_numbers", JSON, nullable=False, server_default="[]"),
    Column("links", JSON, nullable=False, server_default="[]"),
    UniqueConstraint("release_id", "position"),
)

campaigns = Table(
    "campaigns",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("key", String(128), nullable=False, unique=True),
    Column("release_id", ForeignKey("releases.id"), nullable=False),
    Column("checkpoint", String(64), nullable=False),
    Column("attempt", Integer, nullable=False),
    Column("started_at", DateTime(timezone=True), nullable=False),
    Column("finished_at", DateTime(timezone=True)),
    Column("run_folder", Text),
)

scenario_results = Table(
    "scenario_results",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("campaign_id", ForeignKey("campaigns.id", ondelete="CASCADE"), nullable=False),
    Column("scenario_key", String(512), nullable=False),
    Column("feature_path", Text, nullable=False),
    Column("feature_name", Text, nullable=False),
    Column("scenario", Text, nullable=False),
    Column("line", Integer, nullable=False),
    Column("status", String(16), nullable=False),
    Column("tags", JSON, nullable=False),
    Column("requirement_codes", JSON, nullable=False),
    Column("example", JSON, nullable=False),
    Column("duration", Float, nullable=False),
    Column("message", Text),
    Column("rule", Text),
    UniqueConstraint("campaign_id", "scenario_key"),
)

step_results = Table(
    "step_results",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("result_id", ForeignKey("scenario_results.id", ondelete="CASCADE"), nullable=False),
    Column("position", Integer, nullable=False),
    Column("keyword", String(32), nullable=False),
    Column("text", Text, nullable=False),
    Column("line", Integer, nullable=False),
    Column("status", String(16), nullable=False),
    Column("duration", Float, nullable=False),
    Column("error", Text),
    Column("traceback", Text),
    Column("argument", JSON),  # the step's data table or doc string: {"table": rows} / {"doc_string": text}
    UniqueConstraint("result_id", "position"),
)

# The run history: every run (attempt) of a campaign, with the results it observed, as they were.
# ``scenario_results`` above holds the campaign's current result per scenario (updated in place).
runs = Table(
    "runs",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("campaign_id", ForeignKey("campaigns.id", ondelete="CASCADE"), nullable=False),
    Column("attempt", Integer, nullable=False),
    Column("run_key", String(512), nullable=False, unique=True),
    Column("selection", Text, nullable=False),
    Column("shards", Integer, nullable=False),
    Column("started_at", DateTime(timezone=True), nullable=False),
    Column("finished_at", DateTime(timezone=True)),
    Column("folder", Text),
    UniqueConstraint("campaign_id", "attempt"),
)

run_results = Table(
    "run_results",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("run_id", ForeignKey("runs.id", ondelete="CASCADE"), nullable=False),
    Column("scenario_key", String(512), nullable=False, index=True),
    Column("status", String(16), nullable=False),
    Column("duration", Float, nullable=False),
    Column("record", JSON, nullable=False),
    UniqueConstraint("run_id", "scenario_key"),
)

gaps = Table(
    "gaps",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("campaign_id", ForeignKey("campaigns.id", ondelete="CASCADE"), nullable=False),
    Column("identity", String(256), nullable=False),
    Column("type", String(32), nullable=False),
    Column("severity", String(16), nullable=False),
    Column("requirement_code", String(64)),
    Column("status", String(16), nullable=False),
    Column("details", JSON, nullable=False),
    UniqueConstraint("campaign_id", "identity"),
)

gates = Table(
    "gates",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("release_id", ForeignKey("releases.id"), nullable=False),
    Column("name", String(64), nullable=False),
    Column("status", String(16), nullable=False),
    Column("outcome", String(32)),
    Column("opened_at", DateTime(timezone=True), nullable=False),
    Column("closed_at", DateTime(timezone=True)),
    # Reopening a gate (a voided signature) starts a new round: earlier decisions no longer count.
    Column("round", Integer, nullable=False, server_default="1"),
    Column("basis", JSON, nullable=False, server_default="[]"),  # gap identities the approvers saw
    # Approvers (with their public keys), quorum, timeout, escalation: frozen when the gate opens.
    Column("rules", JSON),
    UniqueConstraint("release_id", "name"),
)

decisions = Table(
    "decisions",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("gate_id", ForeignKey("gates.id"), nullable=False),
    Column("approver", String(128), nullable=False),
    Column("sequence", Integer, nullable=False),
    Column("decision", String(32), nullable=False),
    Column("comment", Text, nullable=False, default=""),
    Column("decided_at", DateTime(timezone=True), nullable=False),
    Column("round", Integer, nullable=False, server_default="1"),
    Column("reservations", JSON, nullable=False, server_default="[]"),  # [{gap, owner, due}]
    Column("source", String(256), unique=True),  # e.g. a Prefect run input: recorded once, if replayed
    Column("proof", String(16)),  # signature | link: how the approver was authenticated
    Column("key_fingerprint", String(80)),  # SHA256:… of the approver's key (signature)
    Column("signature", Text),  # the approver's signature of the decision's statement (OpenSSH format)
    Column("pv_sha256", String(64)),  # the fingerprint of the PV decided on
    UniqueConstraint("gate_id", "approver", "sequence"),
)

# The outbox: one row per message, recipient and channel, written before anything is sent.
# ``target`` names a channel (an environment variable, an apprise configuration entry), never a URL.
notifications = Table(
    "notifications",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("idempotency_key", String(256), nullable=False, unique=True),
    Column("event", String(64), nullable=False),
    Column("target", String(128), nullable=False),
    Column("subject", Text, nullable=False),  # what it is about: a campaign key, gate-12
    Column("body", Text, nullable=False),  # plain text
    Column("status", String(16), nullable=False, index=True),
    Column("attempts", Integer, nullable=False, default=0),
    Column("last_error", Text),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("sent_at", DateTime(timezone=True)),
    Column("recipient", String(128), nullable=False, server_default=""),  # an approver or group id
    Column("lang", String(8), nullable=False, server_default="fr"),
    Column("title", Text, nullable=False, server_default=""),
    Column("body_html", Text, nullable=False, server_default=""),
    Column("attachment", Text),
    Column("next_attempt_at", DateTime(timezone=True)),
    Column("claimed_at", DateTime(timezone=True)),
)

audit_log = Table(
    "audit_log",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("at", DateTime(timezone=True), nullable=False),
    Column("actor", String(128), nullable=False),
    Column("action", String(64), nullable=False),
    Column("subject", String(256), nullable=False),
    Column("details", JSON, nullable=False),
    Column("prev_hash", String(64), nullable=False),
    Column("hash", String(64), nullable=False, unique=True),
    Column("hashed_at", String(40), nullable=False),  # ``at`` exactly as hashed (ISO 8601, UTC)
    Column("mac", String(64)),  # HMAC-SHA256 of ``hash`` with AMOA_AUDIT_KEY, when it is set
)

# A gap followed across releases (one row per identity, e.g. "regression:EXG-001"), and its moves.
tracked_gaps = Table(
    "tracked_gaps",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("identity", String(512), nullable=False, unique=True),
    Column("type", String(32), nullable=False),
    Column("severity", String(16), nullable=False),
    Column("requirement_code", String(64)),
    Column("status", String(16), nullable=False),
    Column("first_release", String(64), nullable=False),
    Column("last_release", String(64), nullable=False),
    Column("owner", String(128)),
    Column("due", Date),
    Column("reason", Text),
    Column("updated_at", DateTime(timezone=True), nullable=False),
)

gap_events = Table(
    "gap_events",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("gap_id", ForeignKey("tracked_gaps.id", ondelete="CASCADE"), nullable=False),
    Column("position", Integer, nullable=False),
    Column("release", String(64), nullable=False),
    Column("status", String(16), nullable=False),
    Column("note", Text, nullable=False),
    Column("at", DateTime(timezone=True), nullable=False),
    UniqueConstraint("gap_id", "position"),
)

# The requirements as they stood when each release was ingested (the repository, versioned per release).
requirement_versions = Table(
    "requirement_versions",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("release_id", ForeignKey("releases.id", ondelete="CASCADE"), nullable=False),
    Column("code", String(64), nullable=False),
    Column("title", Text, nullable=False),
    Column("criticality", String(16), nullable=False),
    Column("domain", String(128), nullable=False),
    Column("description", Text, nullable=False),
    Column("target", String(64)),
    UniqueConstraint("release_id", "code"),
)


# The manual part of campaigns: who executes which manual scenario when assigned by hand, and what
# each tester recorded, step by step (``steps``: [{"position", "verdict", "comment"}]).
manual_assignments = Table(
    "manual_assignments",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("campaign_id", ForeignKey("campaigns.id", ondelete="CASCADE"), nullable=False),
    Column("scenario_key", String(512), nullable=False),
    Column("tester", String(64), nullable=False),
    Column("assigned_by", String(128), nullable=False),
    Column("assigned_at", DateTime(timezone=True), nullable=False),
    UniqueConstraint("campaign_id", "scenario_key"),
)

manual_executions = Table(
    "manual_executions",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("campaign_id", ForeignKey("campaigns.id", ondelete="CASCADE"), nullable=False),
    Column("scenario_key", String(512), nullable=False),
    Column("tester", String(64), nullable=False),
    Column("status", String(16), nullable=False),
    Column("steps", JSON, nullable=False),
    Column("comment", Text, nullable=False),
    Column("source", String(16), nullable=False),
    Column("recorded_at", DateTime(timezone=True), nullable=False),
    UniqueConstraint("campaign_id", "scenario_key"),
)

# Files testers attached to a step result: the neutralised name, the type found from the content,
# the SHA-256 of the bytes (shown in the PV and the evidence pack) and the bytes themselves.
manual_attachments = Table(
    "manual_attachments",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("campaign_id", ForeignKey("campaigns.id", ondelete="CASCADE"), nullable=False),
    Column("scenario_key", String(512), nullable=False),
    Column("position", Integer, nullable=False),
    Column("tester", String(64), nullable=False),
    Column("name", String(128), nullable=False),
    Column("media_type", String(64), nullable=False),
    Column("size", Integer, nullable=False),
    Column("sha256", String(64), nullable=False),
    Column("content", LargeBinary, nullable=False),
    Column("recorded_at", DateTime(timezone=True), nullable=False),
)


# The PV (HTML, PDF) and the evidence pack of a campaign's run, as rendered: served by any host.
stored_reports = Table(
    "stored_reports",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("release", String(64), nullable=False),
    Column("campaign", String(128), nullable=False),
    Column("attempt", Integer, nullable=False),
    Column("kind", String(16), nullable=False),  # html | pdf | evidence
    Column("content", LargeBinary),  # the bytes, or NULL when kept at ``location``
    Column("sha256", String(64), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("location", Text),  # an fsspec URL ([reports] store) holding the bytes
    UniqueConstraint("campaign", "attempt", "kind", "sha256"),
    Index("ix_stored_reports_release", "release", "kind"),
)


class BoundedString(TypeDecorator[str]):
    """``String(length)`` that refuses a longer value, alike on every database."""

    impl = String
    cache_ok = True

    def __init__(self, length: int, field: str) -> None:
        super().__init__(length)
        self.limit, self.field = length, field

    def process_bind_param(self, value: Any, dialect: Any) -> Any:
        if isinstance(value, str) and len(value) > self.limit:
            raise TextTooLong(field=self.field, length=len(value), limit=self.limit)
        return value


# The shards of a run, each taken by any worker on any host, hand their results over here, not
# through files: one row per attempt of a shard (a shard that died is run again: attempt 2), and
# its scenario records (steps included, as the run history keeps them). A new attempt replaces the
# rows of the ones before; the merge reads the last finished attempt of each shard.
shard_attempts = Table(
    "shard_attempts",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("run_key", String(512), nullable=False),
    Column("shard", Integer, nullable=False),
    Column("attempt", Integer, nullable=False),
    Column("host", String(255), nullable=False),
    Column("revision", String(64), nullable=False),
    Column("status", String(16), nullable=False),  # running, finished, replaced
    Column("exit_code", Integer),
    Column("log", Text),  # the end of the shard's pytest output, for a PV that says why it stopped
    Column("started_at", DateTime(timezone=True), nullable=False),
    Column("alive_at", DateTime(timezone=True), nullable=False),
    Column("finished_at", DateTime(timezone=True)),
    UniqueConstraint("run_key", "shard", "attempt"),
)

shard_results = Table(
    "shard_results",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("run_key", String(512), nullable=False),
    Column("shard", Integer, nullable=False),
    Column("attempt", Integer, nullable=False),
    Column("scenario_key", String(512), nullable=False),
    Column("record", JSON, nullable=False),
    UniqueConstraint("run_key", "shard", "attempt", "scenario_key"),
)

for _table in metadata.tables.values():
    for _column in _table.columns:
        if type(_column.type) is String and _column.type.length:
            _column.type = BoundedString(_column.type.length, f"{_table.name}.{_column.name}")
