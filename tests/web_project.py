"""A sample project with a gate opened on release 1.1.0, for the web page's tests (no scenario run).

The campaign is recorded from made-up results, one of them with a hostile name, so a gap's detail
and the traceability hold ``<script>…</script>``.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path

from amoa_workflow.bootstrap import Application, bootstrap, web_app
from amoa_workflow.checkpoint import services
from amoa_workflow.domain.model import ScenarioResult, Status
from amoa_workflow.domain.notifications import Event
from amoa_workflow.gates import approvals
from amoa_workflow.settings.project import load_settings
from amoa_workflow.web.links import LinkSigner

HOSTILE = "<script>alert(1)</script>"
SECRET = "test-secret-0123456789-abcdefghijklmnop"
ENVIRON = {"AMOA_WEB_SECRET": SECRET, "AMOA_WEB_URL": "http://testserver"}
APPROVERS = """
[[approvers]]
id = "dupont"
name = "Claire Dupont"
domains = ["Paie"]

[[approvers]]
id = "martin"
name = "Paul Martin"

[[gates]]
name = "vabf"
label = "VABF"
checkpoint = "recette"
approvers = ["dupont", "martin"]
quorum = "any"
"""


def result(key: str, name: str, status: Status, codes: Sequence[str]) -> ScenarioResult:
    message = "attendu 125, obtenu 110" if status is Status.FAILED else None
    tags = tuple(f"@{c}" for c in codes)
    return ScenarioResult(
        key, "features/paie.feature", "Paie", name, 3, status, tags, tuple(codes), message=message
    )


RESULTS = (
    result("features/paie.feature::bulletin", "Bulletin du mois", Status.PASSED, ["EXG-001"]),
    result(f"features/paie.feature::{HOSTILE}", HOSTILE, Status.FAILED, ["EXG-002"]),
    result("features/paie.feature::heures", "Heures supplémentaires", Status.FAILED, ["EXG-004"]),
)


def prepared(
    project: Path, database_url: str, announce: bool = False, approvers: str = APPROVERS
) -> Application:
    """The project bootstrapped, release 1.1.0 recorded and its gate ``vabf`` opened.

    ``announce``: the approval request goes through the application's announcer (outbox, channels,
    signed links when ``AMOA_WEB_SECRET`` is set), else nowhere.
    """
    (project / "config" / "approvers.toml").write_text(approvers, encoding="utf-8")
    app = bootstrap(load_settings(project, environ={"AMOA_DATABASE_URL": database_url}))
    key = services.campaign_key("recette", "1.1.0")
    services.ingest(app.uow(), app.sources, "1.1.0")
    outcome = services.record_campaign(
        app.uow(), "Paie", "recette", "1.1.0", key, RESULTS, "runs/x", rules=app.settings.rules
    )
    sent: list[Event] = []
    notify = app.announcer(app.notifications()) if announce else sent.extend
    approvals.open_gates(app.uow(), app.gates(), "recette", "1.1.0", outcome.gaps, "no_go",
                         services.utc_now, notify, "test")  # fmt: skip
    return app


def signer() -> LinkSigner:
    return LinkSigner(SECRET.encode())


def token(approver: str = "dupont", gate: str = "vabf", release: str = "1.1.0", hours: float = 2) -> str:
    return signer().issue(approver, release, gate, datetime.now(UTC), timedelta(hours=hours))[0]


__all__ = ["ENVIRON", "HOSTILE", "prepared", "signer", "token", "web_app"]
