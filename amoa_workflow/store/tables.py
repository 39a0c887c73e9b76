"""The relational schema (SQLAlchemy Core). Alembic migrations create and evolve it.

Unique keys carry the idempotency: re-ingesting the same notes or re-running the same
campaign updates rows in place instead of adding new ones. Every ``String(n)`` column refuses a
longer value before the database sees it (:class:`BoundedString`): SQLite would keep it silently,
PostgreSQL would fail with a driver error; both give the same one-line :class:`TextTooLong`.

The manual part's tables (:mod:`~.manual_tables`), the stored reports' (:mod:`~.report_tables`),
the run history's (:mod:`~.run_tables`) and the shards' hand-over (:mod:`~.shard_tables`) have
modules of their own on the same ``metadata`` (:mod:`~.metadata`), imported here: this module is
still the whole schema the migrations build.
"""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    Column,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Integer,
    String,
    Table,
    Text,
    UniqueConstraint,
)

from amoa_workflow.domain.model import CODE_LENGTH, DOMAIN_LENGTH
from amoa_workflow.store.manual_tables import manual_assignments as manual_assignments
from amoa_workflow.store.manual_tables import manual_attachments as manual_attachments
from amoa_workflow.store.manual_tables import manual_executions as manual_executions
from amoa_workflow.store.metadata import BoundedString as BoundedString
from amoa_workflow.store.metadata import bounded
from amoa_workflow.store.metadata import metadata as metadata
from amoa_workflow.store.report_tables import stored_reports as stored_reports
from amoa_workflow.store.run_tables import run_observations as run_observations
from amoa_workflow.store.run_tables import run_results as run_results
from amoa_workflow.store.run_tables import runs as runs
from amoa_workflow.store.shard_tables import shard_attempts as shard_attempts
from amoa_workflow.store.shard_tables import shard_results as shard_results

requirements = Table(
    "requirements",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("code", String(CODE_LENGTH), nullable=False, unique=True),
    Column("title", Text, nullable=False),
    Column("criticality", String(16), nullable=False),
    Column("domain", String(DOMAIN_LENGTH), nullable=False),
    Column("description", Text, nullable=False, default=""),
    Column("target", String(CODE_LENGTH)),  # the lot or release it is planned for; NULL: due now
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
    Column("by", String(128)),  # who made the move, when someone did (a waiver: the approver)
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


bounded(metadata)
