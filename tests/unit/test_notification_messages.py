"""Notification messages: every event in French and English, as text and HTML (autoescaped)."""

from __future__ import annotations

import pytest

from amoa_workflow.domain.notifications import Event, EventKind
from amoa_workflow.notify.messages import MessageTemplates

BASE = {"release": "1.1.0", "checkpoint": "recette", "campaign": "recette-1.1.0"}
FACTS: dict[EventKind, dict[str, object]] = {
    EventKind.CAMPAIGN_FINISHED: {
        "attempt": 2, "scenarios": 12, "counts": {"passed": 9, "failed": 3}, "blocking": 1,
        "gaps": [{"severity": "blocking", "type": "fix_still_failing", "requirement": "EXG-004",
                  "detail": "Heures sup. <b>+25 %</b>"}],
    },
    EventKind.APPROVAL_REQUESTED: {"gaps": 3, "blocking": 1, "recommendation": "no_go"},
    EventKind.REMINDER: {"opened_at": "2025-03-01 10:00 UTC", "days": 3, "number": 2, "escalation": False,
                         "waiting_for": ["Claire <Dupont>"]},
    EventKind.DECISION_RECORDED: {"approver": "Claire Dupont", "decision": "go_with_reservations",
                                  "comment": "<script>alert(1)</script>"},
    EventKind.GATE_CLOSED: {"outcome": "no_go", "reservations": ["EXG-004 <avant le 30/04>"]},
    EventKind.REGRESSION_DETECTED: {"previous": "1.0.0",
                                    "requirements": [{"code": "EXG-001", "title": "<Net>"}]},
    EventKind.SIGNATURE_VOIDED: {"approver": "Claire Dupont", "reason": "<erreur de saisie>"},
    EventKind.MANUAL_REQUESTED: {"scenarios": 4, "deadline": "2025-03-05 09:00 UTC",
                                 "execution_link": "https://recette.example/l/abc.unsigned"},
    EventKind.MANUAL_REMINDER: {"scenarios": 2, "deadline": "2025-03-05 09:00 UTC", "number": 1},
}  # fmt: skip
TITLES = {
    ("fr", EventKind.CAMPAIGN_FINISHED): "Recette 1.1.0 terminée : 1 écart(s)",
    ("en", EventKind.CAMPAIGN_FINISHED): "Acceptance of 1.1.0 finished: 1 gap(s)",
    ("fr", EventKind.APPROVAL_REQUESTED): "Votre décision est attendue : recette 1.1.0",
    ("en", EventKind.APPROVAL_REQUESTED): "Your decision is requested: recette 1.1.0",
    ("fr", EventKind.REMINDER): "Rappel n°2 : décision attendue sur recette 1.1.0",
    ("en", EventKind.REMINDER): "Reminder #2: decision awaited on recette 1.1.0",
    ("fr", EventKind.DECISION_RECORDED): "Décision de Claire Dupont : go avec réserves (recette 1.1.0)",
    ("en", EventKind.DECISION_RECORDED): "Decision of Claire Dupont: go with reservations (recette 1.1.0)",
    ("fr", EventKind.GATE_CLOSED): "recette 1.1.0 clos : no-go",
    ("en", EventKind.GATE_CLOSED): "recette 1.1.0 closed: no-go",
    ("fr", EventKind.REGRESSION_DETECTED): "Régression sur 1.1.0 : 1 exigence(s)",
    ("en", EventKind.REGRESSION_DETECTED): "Regression in 1.1.0: 1 requirement(s)",
    ("fr", EventKind.SIGNATURE_VOIDED): "Signature annulée : Claire Dupont (recette 1.1.0)",
    ("en", EventKind.SIGNATURE_VOIDED): "Signature voided: Claire Dupont (recette 1.1.0)",
    ("fr", EventKind.MANUAL_REQUESTED): "Tests utilisateurs à exécuter : recette 1.1.0",
    ("en", EventKind.MANUAL_REQUESTED): "User acceptance tests to execute: recette 1.1.0",
    (
        "fr",
        EventKind.MANUAL_REMINDER,
    ): "Rappel n°1 : tests utilisateurs à exécuter avant le 2025-03-05 09:00 UTC",
    (
        "en",
        EventKind.MANUAL_REMINDER,
    ): "Reminder #1: user acceptance tests to execute before 2025-03-05 09:00 UTC",
}
TEMPLATES = MessageTemplates("Paie & SIRH")


@pytest.mark.parametrize("lang", ["fr", "en"])
@pytest.mark.parametrize("kind", list(EventKind))
def test_every_event_renders_in_both_languages_as_text_and_html(kind: EventKind, lang: str) -> None:
    event = Event(
        kind, "recette-1.1.0", {**BASE, **FACTS[kind]}, attachment="/data/reports/recette-1.1.0.html"
    )

    message = TEMPLATES.render(event, lang, "Claire Dupont")

    assert message.title == TITLES[(lang, kind)]
    hello = "Bonjour Claire Dupont," if lang == "fr" else "Hello Claire Dupont,"
    attached = "Le procès-verbal est joint" if lang == "fr" else "The acceptance report is attached"
    for body in (message.text, message.html):
        assert hello in body and attached in body and "recette-1.1.0.html" in body
        assert "1.1.0" in body
    assert message.html.startswith("<!DOCTYPE html>") and f'<html lang="{lang}">' in message.html
    assert "<" not in message.text.replace("<Dupont>", "").replace("<b>+25 %</b>", "").replace(
        "<script>alert(1)</script>", ""
    ).replace("<avant le 30/04>", "").replace("<Net>", "").replace("<erreur de saisie>", "")


def test_html_is_escaped_and_text_is_kept_as_written() -> None:
    facts = {**BASE, **FACTS[EventKind.DECISION_RECORDED]}

    message = TEMPLATES.render(Event(EventKind.DECISION_RECORDED, "gate-12", facts), "fr", "Paul <Martin>")

    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in message.html and "<script>" not in message.html
    assert "Paul &lt;Martin&gt;" in message.html and "Paie &amp; SIRH" in message.html
    assert "<script>alert(1)</script>" in message.text and "Paie & SIRH" in message.text


def test_a_link_to_the_report_is_given_when_configured() -> None:
    event = Event(
        EventKind.APPROVAL_REQUESTED, "gate-12", {**BASE, "gaps": 0}, link="https://x.example/r?a=1&b=2"
    )

    message = TEMPLATES.render(event, "en", "Claire")

    assert "Acceptance report: https://x.example/r?a=1&b=2" in message.text
    assert 'href="https://x.example/r?a=1&amp;b=2"' in message.html
    assert "attached" not in message.text


def test_an_escalation_says_so_in_its_title() -> None:
    facts = {**BASE, **FACTS[EventKind.REMINDER], "escalation": True}

    message = TEMPLATES.render(Event(EventKind.REMINDER, "gate-12", facts), "fr", "Direction")

    assert message.title == "Escalade : recette 1.1.0 attend des décisions depuis 3 jour(s)"
    assert "attend des décisions depuis le 2025-03-01 10:00 UTC" in message.text


def test_gap_identities_in_a_closed_gate_or_a_voided_signature_are_shown_in_words() -> None:
    reserved = [
        "known_limitation:EXG-013 (MOE PaieNova, 2025-07-31)",
        "reservation:Former les <gestionnaires> (RH, 2025-08-01)",
    ]
    closed = Event(
        EventKind.GATE_CLOSED,
        "g",
        {**BASE, "outcome": "approved_with_reservations", "reservations": reserved},
    )
    reason = "regression:EXG-001, requirement_failing:EXG-004"
    voided = Event(EventKind.SIGNATURE_VOIDED, "v", {**BASE, "approver": "Claire Dupont", "reason": reason})

    fr = TEMPLATES.render(closed, "fr", "Paul Martin")
    en = TEMPLATES.render(voided, "en", "Paul Martin")

    assert "- Limitation connue annoncée par le fournisseur — EXG-013 (MOE PaieNova, 2025-07-31)" in fr.text
    assert "« Former les &lt;gestionnaires&gt; » (RH, 2025-08-01)" in fr.html  # the text, escaped
    assert "Regression — EXG-001, Requirement failing — EXG-004" in en.text
    assert ":EXG-" not in fr.text + fr.html + en.text + en.html
