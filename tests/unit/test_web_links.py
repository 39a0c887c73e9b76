"""Approvers' links and form tokens, signed and checked without any server."""

from __future__ import annotations

import base64
import json
from datetime import UTC, date, datetime, timedelta

import pytest

from amoa_workflow.domain.notifications import Approver, Directory, Event, EventKind, Group
from amoa_workflow.errors import LinkRefused, WebSecretMissing
from amoa_workflow.signatures.links import unseal
from amoa_workflow.web.forms import parse_body, read_decision
from amoa_workflow.web.invitations import with_decision_links
from amoa_workflow.web.links import LinkSettings, LinkSigner, approval_link, link_settings, secret_from
from amoa_workflow.web.words import choose_lang, words

NOW = datetime(2025, 6, 1, 12, 0, tzinfo=UTC)
SIGNER = LinkSigner(b"k" * 32)


def refusal(token: str, now: datetime = NOW, signer: LinkSigner = SIGNER) -> str:
    with pytest.raises(LinkRefused) as caught:
        signer.verify(token, now)
    return caught.value.reason


def test_a_genuine_link_gives_back_its_claims_until_it_expires() -> None:
    token, claims = SIGNER.issue("dupont", "1.1.0", "vabf", NOW, timedelta(hours=72))
    assert SIGNER.verify(token, NOW + timedelta(hours=71)) == claims
    assert (claims.approver, claims.release, claims.gate) == ("dupont", "1.1.0", "vabf")
    assert refusal(token, NOW + timedelta(hours=72)) == "expired"


def test_each_link_has_its_own_id() -> None:
    ids = {SIGNER.issue("dupont", "1.1.0", "vabf", NOW)[1].link_id for _ in range(50)}
    assert len(ids) == 50


def test_a_link_signed_with_another_secret_is_forged() -> None:
    token, _ = LinkSigner(b"x" * 32).issue("dupont", "1.1.0", "vabf", NOW)
    assert refusal(token) == "forged"


@pytest.mark.parametrize("field, value", [("a", "martin"), ("g", "mep"), ("r", "9.9.9"), ("e", 4102444800)])
def test_changing_anything_in_the_payload_breaks_the_signature(field: str, value: object) -> None:
    token, _ = SIGNER.issue("dupont", "1.1.0", "vabf", NOW)
    payload, signature = token.split(".")
    fields = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    fields[field] = value
    tampered = base64.urlsafe_b64encode(json.dumps(fields).encode()).rstrip(b"=").decode()
    assert refusal(f"{tampered}.{signature}") == "forged"


@pytest.mark.parametrize("token", ["", "abc", "a.b", "a.!!!", "." * 3000, "e30.e30"])
def test_garbage_is_refused_without_an_exception_of_another_kind(token: str) -> None:
    assert refusal(token) in ("malformed", "forged")


def test_a_link_for_another_purpose_is_refused() -> None:
    token, _ = SIGNER.issue("dupont", "1.1.0", "vabf", NOW)
    with pytest.raises(LinkRefused) as caught:
        SIGNER.verify(token, NOW, purpose="read")
    assert caught.value.reason == "wrong_purpose"


def test_the_secret_comes_from_the_environment_only_and_must_be_long() -> None:
    with pytest.raises(WebSecretMissing) as missing:
        secret_from({})
    assert "AMOA_WEB_SECRET" in missing.value.render("fr") and "32" in missing.value.render("en")
    with pytest.raises(WebSecretMissing):
        secret_from({"AMOA_WEB_SECRET": "short"})
    assert secret_from({"AMOA_WEB_SECRET": "s" * 32}) == b"s" * 32
    assert "kkkk" not in repr(SIGNER)


def test_the_form_token_is_bound_to_the_link_and_the_secret() -> None:
    token = SIGNER.csrf_token("link-1")
    assert SIGNER.csrf_ok("link-1", token)
    assert not SIGNER.csrf_ok("link-2", token)
    assert not LinkSigner(b"x" * 32).csrf_ok("link-1", token)
    assert not SIGNER.csrf_ok("link-1", "") and not SIGNER.csrf_ok("link-1", "é" + token)


def test_an_approval_link_points_at_the_page_and_opens_only_once_signed_at_sending() -> None:
    settings = link_settings({"AMOA_WEB_SECRET": "k" * 32, "AMOA_WEB_URL": "https://recette.example.org/"})
    link = approval_link(settings, "dupont", "vabf", "1.1.0", NOW)
    assert link.startswith("https://recette.example.org/l/") and link.endswith(".unsigned")
    with pytest.raises(LinkRefused, match="unreadable"):  # as stored in the outbox: opens nothing
        SIGNER.verify(link.rsplit("/", 1)[1], NOW)
    sent = unseal(f"Votre lien : {link}\n", SIGNER)
    assert SIGNER.verify(sent.split("/l/")[1].strip(), NOW).approver == "dupont"


def test_an_approval_request_becomes_one_event_per_approver_each_with_its_own_link() -> None:
    directory = Directory(
        approvers=(
            Approver("dupont", "Claire", channels=("A",)),
            Approver("martin", "Paul", channels=("B",)),
        ),
        groups=(Group("moa", members=("dupont", "martin")),),
    )
    asked = Event(EventKind.APPROVAL_REQUESTED, "gate-1", {"gate": "vabf", "release": "1.1.0"}, to=("moa",))
    other = Event(EventKind.GATE_CLOSED, "gate-1", {"gate": "vabf", "release": "1.1.0"}, to=("moa",))
    events = with_decision_links([asked, other], directory, LinkSettings(SIGNER, "http://h"), NOW)
    assert [e.to for e in events] == [("dupont",), ("martin",), ("moa",)]
    sent = [unseal(str(e.facts["decision_link"]), SIGNER) for e in events[:2]]
    claims = [SIGNER.verify(link.rsplit("/", 1)[1], NOW) for link in sent]
    assert [c.approver for c in claims] == ["dupont", "martin"]
    assert "decision_link" not in events[2].facts


TODAY = date(2025, 6, 1)
GAPS = ["requirement_failing:EXG-004", "requirement_uncovered:EXG-013"]
PV = "0123456789abcdef" * 4
RESERVED = {"r-0-on": "1", "r-0-gap": GAPS[0]}


def test_a_decision_with_a_reservation_is_read() -> None:
    values = {"decision": "approve_with_reservations", "comment": " ok ", "r-0-gap": GAPS[0], "r-0-on": "1",
              "r-0-owner": "MOE", "r-0-due": "2025-06-30", "r-1-gap": GAPS[1], "pv": PV}  # fmt: skip
    reading = read_decision(values, TODAY, GAPS)
    assert reading.problems == ()
    assert reading.form is not None and reading.form.comment == "ok" and reading.form.pv == PV
    assert [(r.gap, r.owner, r.due) for r in reading.form.reservations] == [
        (GAPS[0], "MOE", date(2025, 6, 30))
    ]


@pytest.mark.parametrize(
    "values, problem",
    [
        ({}, "web.problem.decision"),
        ({"decision": "reject"}, "web.problem.comment_needed"),
        ({"decision": "approve_with_reservations"}, "web.problem.no_reservation"),
        ({"decision": "approve_with_reservations", **RESERVED, "r-0-due": "2025-07-01"}, "web.problem.owner"),
        ({"decision": "approve_with_reservations", **RESERVED, "r-0-owner": "MOE", "r-0-due": "2025-05-01"},
         "web.problem.due"),
        ({"decision": "approve_with_reservations", **RESERVED, "r-0-gap": "x", "r-0-owner": "MOE",
          "r-0-due": "2025-07-01"}, "web.problem.unknown_gap"),
        ({"decision": "approve", **RESERVED, "r-0-owner": "MOE", "r-0-due": "2025-07-01"},
         "web.problem.reservations_need_choice"),
    ],
)  # fmt: skip
def test_an_incomplete_decision_says_what_is_missing(values: dict[str, str], problem: str) -> None:
    reading = read_decision(values | {"pv": PV}, TODAY, GAPS)
    assert problem in reading.problems and reading.form is None


@pytest.mark.parametrize("pv", [None, "", "x" * 64, PV.upper(), PV + "0"])
def test_a_form_without_the_fingerprint_of_the_pv_shown_is_not_a_decision(pv: str | None) -> None:
    values = {"decision": "approve"} | ({"pv": pv} if pv is not None else {})
    reading = read_decision(values, TODAY, GAPS)
    assert reading.problems == ("web.problem.pv",) and reading.form is None


def test_bodies_are_read_safely() -> None:
    assert parse_body(b"decision=approve&comment=a+b%C3%A9") == {"decision": "approve", "comment": "a bé"}
    assert parse_body(b"\xff\xfe") == {} and parse_body(b"a=" + b"x" * 70_000) == {}


def test_the_language_is_the_query_then_the_cookie_then_the_browser_then_the_project() -> None:
    assert choose_lang("en", "fr", "fr", "fr") == "en"
    assert choose_lang(None, "en", "fr", "fr") == "en"
    assert choose_lang(None, None, "de-DE,en;q=0.8,fr;q=0.9", "en") == "fr"
    assert choose_lang(None, None, "", "en") == "en"
    assert set(words("fr")) == set(words("en"))


def test_the_approval_request_shows_the_approvers_link() -> None:
    from amoa_workflow.notify.messages import MessageTemplates

    link = "https://recette.example.org/l/abc.def"
    facts = {"release": "1.1.0", "checkpoint": "VABF", "gate": "vabf", "decision_link": link}
    message = MessageTemplates("Paie").render(
        Event(EventKind.APPROVAL_REQUESTED, "gate-1", facts), "fr", "Claire"
    )
    assert link in message.text and f'href="{link}"' in message.html
    assert "usage unique" in message.text
