"""Every template speaks one language: rendered in English, no French word of the interface (nor
French typography, a space before a colon); in French, no English one; in neither, a message key
left untranslated (``report.summary``, ``approve_with_reservations``).

The sample project: 1.0.0 all passed, then 1.1.0 with regressions, announced-but-untested items and
known limitations, its gate opened with a decision with a reservation. Each template is rendered in
both languages: the PV (HTML, Markdown), the change digest, the living documentation, the step
catalog, every notification (text and HTML) and the approvers' web pages. What people wrote
(requirement titles, scenario names, notes items, names, comments) is French in the sample and is
taken out of the text before it is searched: only the words of the interface are judged.
"""

from __future__ import annotations

import html
import re
import shutil
from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from amoa_workflow.bootstrap import Application, bootstrap
from amoa_workflow.checkpoint import services
from amoa_workflow.checkpoint.services import CampaignOutcome
from amoa_workflow.domain import gate_events
from amoa_workflow.domain.decisions import Decision, DecisionKind, Reservation
from amoa_workflow.domain.gates import GateState
from amoa_workflow.domain.manual_invitations import ManualOpening, Workload, invitations, manual_reminders_due
from amoa_workflow.domain.model import GapType, Status
from amoa_workflow.domain.notifications import Event, EventKind
from amoa_workflow.domain.reminders import ReminderPolicy
from amoa_workflow.gates import approvals
from amoa_workflow.manual.execution import scenario_ref
from amoa_workflow.notify.messages import MessageTemplates
from amoa_workflow.reporting import living_documentation
from amoa_workflow.reporting.acceptance_report import HtmlReport
from amoa_workflow.scenarios.step_catalog import as_document
from amoa_workflow.settings.project import load_settings
from tests.conftest import REPO
from tests.integration.test_manual_web import BULLETIN, CONTROLE, link_of
from tests.web_project import ENVIRON, RESULTS, prepared, token, web_app

TEMPLATES = REPO / "amoa_workflow" / "templates"
# Words only the French interface says, and only the English one (whole words, case as written).
FRENCH = (
    "Recommandation", "Écart", "Écarts", "écart", "écarts", "non conforme", "Approbateur", "approbateurs",
    "Valideur", "valideurs", "Exigence", "Exigences", "exigence", "exigences", "Synthèse", "Procès-verbal",
    "procès-verbal", "réussi", "échoué", "ignoré", "Décision", "décision", "Commentaire", "réserve",
    "réserves", "Réserves", "Fonction", "Gravité", "bloquant", "bloquants", "Tendance", "Scénario",
    "Scénarios", "scénario", "scénarios", "Campagne", "Généré", "Aucun", "Aucune", "en attente",
    "Porte", "porte", "Empreinte", "Limitation connue", "Approuver", "Rejeter", "approuvé", "rejeté",
    "Version livrée", "Bonjour", "Rappel", "Fonctionnalité", "Traçabilité", "Rechercher", "Ouvrir",
    "Catalogue", "Étape", "étape", "Nature", "Constaté", "Attendu", "Critère", "Responsable", "Suivi",
    "Nouveautés", "vérifié", "Nouveau", "Corrigé", "Amélioré", "Retour", "liste",
)  # fmt: skip
ENGLISH = (
    "Recommendation", "Gap", "Gaps", "gap", "gaps", "non-conforming", "Approver", "Approvers",
    "approvers", "Requirement", "Requirements", "requirement", "requirements", "Summary",
    "Acceptance report", "passed", "failed", "skipped", "Decision", "decision", "Comment", "reservation",
    "reservations", "Role", "Severity", "blocking", "Trend", "Scenario", "Scenarios", "scenario",
    "scenarios", "Campaign", "Generated", "None", "pending", "awaiting", "Gate", "gate", "fingerprint",
    "Known limitation", "Approve", "Reject", "approved", "rejected", "Delivered release", "Hello",
    "Reminder", "Feature", "Traceability", "Search", "Open", "Step catalog", "Step", "step", "Kind",
    "Actual", "Expected", "Criterion", "Owner", "Tracking", "with", "the", "and", "of", "What's new",
    "verified", "New", "Fixed", "Improved", "Back", "list",
)  # fmt: skip
FOREIGN = {"en": FRENCH, "fr": ENGLISH}
COVERED = {  # every template file, each rendered below (the project/ scaffolds are the user's files)
    "report.html.j2", "report.md.j2", "digest.md.j2", "living_documentation.html.j2", "steps.html.j2",
    "steps.md.j2", "web/base.html.j2", "web/gates.html.j2", "web/gate.html.j2", "web/listing.html.j2",
    "web/message.html.j2", "web/manual.html.j2", "web/execution.html.j2",
    *(f"notifications/{kind}.{ext}.j2" for kind in EventKind for ext in ("txt", "html")),
    "notifications/_layout.txt.j2", "notifications/_layout.html.j2",
}  # fmt: skip
NOT_RENDERED_HERE: set[str] = set()


@dataclass(frozen=True)
class Sample:
    app: Application
    outcome: CampaignOutcome
    gates: list[GateState]


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Sample]:
    folder = tmp_path_factory.mktemp("languages")
    project = folder / "projet"
    for part in ("config", "features", "requirements", "release_notes"):
        shutil.copytree(REPO / part, project / part, ignore=shutil.ignore_patterns("__pycache__"))
    approvers = (project / "config" / "approvers.toml").read_text(encoding="utf-8")  # names and roles
    url = f"sqlite:///{folder / 'amoa.db'}"
    before = bootstrap(load_settings(project, environ={"AMOA_DATABASE_URL": url}))
    services.ingest(before.uow(), before.sources, "1.0.0")  # all passed: 1.1.0 then regresses
    passed = [replace(r, status=Status.PASSED, message=None) for r in RESULTS]
    key = services.campaign_key("recette", "1.0.0")
    services.record_campaign(
        before.uow(), before.settings.project_name, "recette", "1.0.0", key, passed, "runs/0",
        rules=before.settings.rules,
    )  # fmt: skip
    before.engine.dispose()
    app = prepared(project, url, approvers=approvers, results=(*RESULTS, BULLETIN, CONTROLE))  # 2 manual
    settings = app.settings
    outcome = services.campaign_outcome(
        app.uow(), settings.project_name, "recette", "1.1.0", services.campaign_key("recette", "1.1.0"),
        settings.rules,
    )  # fmt: skip
    [opened] = approvals.gate_states(app.uow(), app.gates(), "1.1.0")
    gap = next(g.identity for g in outcome.gaps)
    decided = Decision(
        "dupont", DecisionKind.APPROVE_WITH_RESERVATIONS, opened.gate.opened_at, "Conforme pour la paie",
        (Reservation(gap, "MOE PaieNova", opened.gate.opened_at.date()),),
    )  # fmt: skip
    yield Sample(app, outcome, [replace(opened, history=(decided,))])
    app.engine.dispose()


def user_words(outcome: CampaignOutcome, gates: list[GateState]) -> list[str]:
    """What people wrote, longest first: taken out of the text before searching it."""
    found: set[str] = {outcome.project, outcome.campaign_key, outcome.release.version, outcome.run_folder}
    for row in outcome.coverage:
        requirement = row.requirement
        found |= {requirement.code, requirement.title, requirement.domain, requirement.description}
    for result in outcome.results:
        found |= {result.scenario, result.feature_name, result.feature_path, result.key, result.message or ""}
        found |= {str(v) for _, v in (result.example or ())} | {k for k, _ in result.example}
        for step in result.steps:
            found |= {f"{step.keyword}{step.text}", step.text, step.doc_string or ""}
            found |= {cell for row in step.table or () for cell in row}
    for item in outcome.release.items:
        found |= {item.text, item.heading}
    for gap in outcome.gaps:
        found |= {*gap.item_texts, *gap.anomaly_refs, *gap.scenario_keys}  # its identity is no one's words
    for state in gates:
        found |= {state.definition.label, state.definition.checkpoint}
        found |= {a.name for a in state.definition.approvers} | {a.role for a in state.definition.approvers}
        for decision in state.decisions:
            found |= {decision.comment, *(r.owner for r in decision.reservations)}
    return sorted(found, key=len, reverse=True)


def visible(text: str, code: bool = True) -> str:
    """The words a reader sees: no styles, tags or entities (nor ``<code>`` without ``code``)."""
    text = re.sub(r"<(style|script)\b.*?</\1>", " ", text, flags=re.S | re.I)
    if not code:  # an id shown as code is a reference to type (amoa gaps, --reservation), not words
        text = re.sub(r"<code>.*?</code>", " ", text, flags=re.S)
    text = re.sub(r"<[^>]+>", " ", text)
    return " ".join(html.unescape(text).split())


def leaks(text: str, lang: str, data: list[str]) -> list[str]:
    """Each foreign word found, with what surrounds it (to fix it, or to see it was someone's text)."""
    seen = visible(text, code=False)
    for words in data:
        seen = seen.replace(" ".join(html.unescape(words).split()), " ")
    ids = "|".join(t.value for t in GapType)
    found = [f"raw id {m.group()!r}" for m in re.finditer(rf"(?<![\w-])(?:{ids}):\S+", seen)]
    found += [
        f"untranslated {key!r}" for key in re.findall(r"(?<![\w./-])[a-z]+(?:[._][a-z]+)+(?![\w/-])", seen)
    ]
    if lang == "en":  # French typography, a space before a colon, is French too
        spaced = re.finditer(r"\w :", seen)
        found += [f"' :' in …{seen[max(0, m.start() - 50) : m.end() + 30]}…" for m in spaced]
    for word in FOREIGN[lang]:
        for match in re.finditer(rf"(?<![\w-]){re.escape(word)}(?![\w-])", seen):
            found.append(f"{word!r} in …{seen[max(0, match.start() - 50) : match.end() + 30]}…")
    return found


def rendered(sample: Sample, lang: str, folder: Path) -> dict[str, str]:
    """Each template's output in ``lang``, keyed by the templates it exercises."""
    outcome, gates = sample.outcome, sample.gates
    report = HtmlReport(lang)
    pv = report.render(outcome, folder / f"pv-{lang}.html", gates=gates)
    out = {
        "report.html.j2": pv.read_text(encoding="utf-8"),
        "report.md.j2": pv.with_suffix(".md").read_text(encoding="utf-8"),
        "digest.md.j2": report.digest(outcome),
        "steps.html.j2": as_document([], lang, "html"),
        "steps.md.j2": as_document([], lang, "md"),
    }
    views = feature_views(sample)
    out["living_documentation.html.j2"] = living_documentation.render(
        views, [row.requirement for row in outcome.coverage], outcome.results, lang, outcome.project, "1.1.0"
    )
    messages = MessageTemplates(outcome.project)
    [state] = gates
    for event in events(state, outcome):
        message = messages.render(event, lang, "Claire Dupont")
        out[f"notifications/{event.kind}.txt.j2"] = message.title + "\n" + message.text
        out[f"notifications/{event.kind}.html.j2"] = message.html
    with TestClient(web_app(sample.app, ENVIRON), follow_redirects=False) as client:
        client.get(f"/l/{token()}")
        for name, path in (
            ("web/gates.html.j2", "/"),
            ("web/gate.html.j2", "/gates/1.1.0/vabf"),
            ("web/listing.html.j2", "/gates/1.1.0/vabf/requirements"),
            ("web/listing.html.j2 scenarios", "/gates/1.1.0/vabf/scenarios"),
            ("web/message.html.j2", "/nowhere"),
        ):
            out[name] = client.get(path, params={"lang": lang}).text
        client.cookies.clear()
        client.get(f"/l/{link_of('leroy')}")  # a tester's link: their scenarios to run by hand
        out["web/manual.html.j2"] = client.get("/manual", params={"lang": lang}).text
        ref = scenario_ref(CONTROLE.key)
        out["web/execution.html.j2"] = client.get(f"/manual/{ref}", params={"lang": lang}).text
    return out


def feature_views(sample: Sample) -> list[living_documentation.FeatureView]:
    project = sample.app.settings.project_dir
    return living_documentation.features(project / "features", project, sample.outcome.results, r"EXG-\d+")


def feature_words(views: list[living_documentation.FeatureView]) -> set[str]:
    """What the analysts wrote in the feature files (in French in the sample): titles, steps, tables."""
    found: set[str] = set()
    for view in views:
        found |= {view.path, view.title, view.description}
        for scenario in view.scenarios:
            found |= {scenario.name, *scenario.tags}
            for keyword, text, table, doc in scenario.steps:
                found |= {f"{keyword} {text}", text, doc or "", *(cell for row in table for cell in row)}
    return found


def events(state: GateState, outcome: CampaignOutcome) -> list[Event]:
    """One event of each kind, with the sample's facts."""
    [decision] = state.decisions
    facts = {"release": "1.1.0", "checkpoint": state.definition.label, "campaign": outcome.campaign_key}
    gaps = [
        {"severity": g.severity.value, "type": g.type.value, "requirement": g.requirement_code or "",
         "detail": ", ".join(g.scenario_keys)}
        for g in outcome.gaps
    ]  # fmt: skip
    return [
        Event(
            EventKind.CAMPAIGN_FINISHED,
            "c",
            facts
            | {
                "attempt": 1,
                "scenarios": len(outcome.results),
                "counts": outcome.counts,
                "gaps": gaps,
                "blocking": 1,
            },
        ),
        gate_events.approval_requested(state.definition, state.gate, outcome.gaps, "no_go"),
        Event(
            EventKind.REMINDER,
            "r",
            facts
            | {
                "opened_at": "2025-06-02 09:00 UTC",
                "days": 3,
                "number": 2,
                "escalation": False,
                "waiting_for": ["Paul Martin"],
            },
        ),
        gate_events.decision_recorded(state, decision),
        gate_events.gate_closed(state),
        Event(
            EventKind.REGRESSION_DETECTED,
            "g",
            facts
            | {
                "previous": "1.0.0",
                "requirements": [{"code": "EXG-001", "title": outcome.coverage[0].requirement.title}],
            },
        ),
        gate_events.signature_voided(state, "dupont", [g.identity for g in outcome.gaps[:1]]),
        *manual_events(outcome),
    ]


def manual_events(outcome: CampaignOutcome) -> list[Event]:
    """A tester's request and reminder, as the manual part of the campaign sends them."""
    opened = datetime(2025, 6, 2, 9, 0, tzinfo=UTC)
    opening = ManualOpening(outcome.campaign_key, "1.1.0", "recette", opened, opened + timedelta(hours=72))
    loads, links = [Workload("leroy", 3)], {"leroy": "https://recette.example/l/abc.unsigned"}
    return [
        *invitations(opening, loads, links),
        *manual_reminders_due(opening, loads, links, ReminderPolicy(), opened + timedelta(hours=40)),
    ]


def test_every_template_is_rendered_here() -> None:
    templates = {str(p.relative_to(TEMPLATES)) for p in TEMPLATES.rglob("*.j2") if "project" not in p.parts}
    assert templates == COVERED | NOT_RENDERED_HERE


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_no_word_of_the_other_language_in_any_template(sample: Sample, lang: str, tmp_path: Path) -> None:
    written = {*user_words(sample.outcome, sample.gates), *feature_words(feature_views(sample))}
    # Longest first; words, not bare numbers (a "12" taken out of a date would hide what is around it).
    data = sorted((w for w in written if len(w) > 2 and re.search(r"[^\W\d_]", w)), key=len, reverse=True)
    outputs = rendered(sample, lang, tmp_path)

    assert {name.split(" ")[0] for name in outputs} | {"web/base.html.j2"} >= COVERED - {
        "notifications/_layout.txt.j2",
        "notifications/_layout.html.j2",
        "web/base.html.j2",
    }
    found = [f"{name}: {leak}" for name, text in outputs.items() for leak in leaks(text, lang, data)]
    assert not found, "\n".join(found)
    other = "fr" if lang == "en" else "en"  # the search sees the words: each output has its own language's
    mute = [name for name, text in outputs.items() if not leaks(text, other, data)]
    assert not mute, mute


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_numbers_are_written_as_the_reader_writes_them(sample: Sample, lang: str, tmp_path: Path) -> None:
    """66,7 in French, 66.7 in English: the exit criteria's figures in the PV and on the gate's page."""
    outputs = rendered(sample, lang, tmp_path)
    assessment = sample.outcome.assessment
    assert assessment is not None
    figures = [f"{c.actual:.1f}" for c in assessment.recommendation.criteria]
    figures += [f"{c.expected:.1f}" for c in assessment.recommendation.criteria]
    shown = [f.replace(".", ",") for f in figures] if lang == "fr" else figures
    hidden = figures if lang == "fr" else [f.replace(".", ",") for f in figures]

    for name in ("report.html.j2", "report.md.j2", "web/gate.html.j2"):
        text = visible(outputs[name])
        assert [f for f in shown if f not in text] == [], name
        assert [f for f in hidden if re.search(rf"(?<![\d.,]){re.escape(f)}(?![\d])", text)] == [], name
