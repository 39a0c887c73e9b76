"""Each attack of issue 13, tried as an attacker would on the bundled sample, now failing to attack;
on SQLite and on PostgreSQL. The ``amoa`` command runs as a user runs it (a subprocess).

1. Anyone with a shell signs as anyone: ``amoa approve --approver martin``, ``AMOA_APPROVER``, a
   key of someone else, free text in the Prefect form.
2. The audit does not cover what matters: a decision changed, deleted or inserted, a gate's outcome
   set by SQL, the log deleted or cut, an entry rewritten and the chain hashed again.
3. Who may decide comes from today's configuration.
4. A release id from the vendor's notes is a path.
5. Exports carry active content (Markdown, CSV, XLSX).
6. Link tokens in plain sight: the access log, the stored notifications; a used link still reads;
   no revocation; a non-ASCII token gives 500; a password in the query string is printed;
   over-long ids give a driver traceback; an evidence pack's manifest made again goes unnoticed.
"""

from __future__ import annotations

import hashlib
import html
import os
import re
import subprocess
import time
import zipfile
from dataclasses import replace
from datetime import UTC, date, datetime
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi.testclient import TestClient
from markdown_it import MarkdownIt
from sqlalchemy import Engine, delete, insert, literal, select, text, update

from amoa_workflow.bootstrap import Application, bootstrap
from amoa_workflow.checkpoint.services import utc_now
from amoa_workflow.domain import audit
from amoa_workflow.domain.decisions import DecisionKind, Reservation
from amoa_workflow.domain.proofs import Proof, ProofKind
from amoa_workflow.errors import DecisionRefused, LinkRefused, TextTooLong
from amoa_workflow.gates import decisions
from amoa_workflow.settings.project import load_settings
from amoa_workflow.signatures import sshsig
from amoa_workflow.store import tables
from tests.receivers import HttpReceiver, free_port
from tests.security_sample import AMOA, KEYS, Sample, approvers
from tests.web_project import (
    ENVIRON,
    FORMULA,
    PAYLOAD,
    SECRET,
    hostile_results,
    make_hostile,
    prepared,
    token,
    web_app,
)

A, W = DecisionKind.APPROVE, DecisionKind.APPROVE_WITH_RESERVATIONS


def one_line(result: subprocess.CompletedProcess[str]) -> str:
    assert result.returncode == 2, result.stdout + result.stderr
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr, result.stderr
    return result.stderr


# 1. Anyone with a shell signs as anyone -------------------------------------------------------------


def test_a_decision_without_the_approvers_key_is_refused_in_one_line_and_writes_nothing(
    sample: Sample, tmp_path: Path
) -> None:
    before = sample.counts()
    nobody = {"AMOA_KEYS_DIR": str(tmp_path / "none")}
    assert "no private key here" in one_line(
        sample.amoa("approve", "--yes", "-r", "1.1.0", "-a", "martin", "-d", "approve", env=nobody)
    )
    assert "no private key here" in one_line(
        sample.amoa(
            "approve", "--yes", "-r", "1.1.0", "-d", "approve", env=nobody | {"AMOA_APPROVER": "dupont"}
        )
    )
    other = one_line(
        sample.amoa(
            "approve",
            "--yes",
            "-r",
            "1.1.0",
            "-a",
            "dupont",
            "-d",
            "approve",
            "--key",
            str(sample.keys / "martin.key"),
        )
    )
    assert f"not with dupont's ({KEYS.public('dupont').fingerprint})" in other
    (tmp_path / "forged.sig").write_text(
        "-----BEGIN SSH SIGNATURE-----\nU1NIU0lHAAAAAQ\n-----END SSH SIGNATURE-----\n"
    )
    assert "unreadable" in one_line(
        sample.amoa(
            "approve",
            "--yes",
            "-r",
            "1.1.0",
            "-a",
            "dupont",
            "-d",
            "approve",
            "--signature",
            str(tmp_path / "forged.sig"),
        )
    )
    assert sample.counts() == before

    genuine = sample.amoa(
        "approve", "--yes", "-r", "1.1.0", "-a", "dupont", "-d", "approve", "-c", "conforme"
    )
    assert genuine.returncode == 0, genuine.stderr
    assert KEYS.public("dupont").fingerprint in genuine.stdout
    verified = sample.amoa("audit", "verify")
    assert verified.returncode == 0 and "signatures verified: 1" in verified.stdout, verified.stderr


def test_a_signature_is_good_for_one_decision_only(sample: Sample) -> None:
    pv = sample.app.current_pv("1.1.0")
    request = decisions.DecisionRequest("1.1.0", "vabf", "dupont", A, "ok")
    statement = decisions.statement_for(sample.app.uow(), sample.app.gates(), request, pv)
    proof = Proof(ProofKind.SIGNATURE, sshsig.sign(KEYS.private("dupont"), statement.message()))
    decide = sample.app.uow, sample.app.gates()
    decisions.decide(
        decide[0](), decide[1], replace(request, proof=proof), pv, sample.app.proofs(), utc_now, print
    )
    before = sample.counts()
    replays = (
        request,  # the same decision again: the next one has another sequence number
        decisions.DecisionRequest("1.1.0", "vabf", "martin", A, "ok"),  # someone else's
        decisions.DecisionRequest("1.1.0", "vabf", "dupont", A, "autre commentaire"),  # another decision
    )
    for replayed in replays:
        with pytest.raises(DecisionRefused, match=r"signature|signed"):
            decisions.decide(
                decide[0](),
                decide[1],
                replace(replayed, proof=proof),
                pv,
                sample.app.proofs(),
                utc_now,
                print,
            )
    assert sample.counts() == before


@pytest.mark.parametrize("proof", ["martin", "je suis martin, j'approuve", "approve " * 4, "x" * 64])
def test_free_text_in_the_prefect_form_is_refused_and_writes_nothing(sample: Sample, proof: str) -> None:
    from flows.decision_input import DecisionInput, decision_request

    before = sample.counts()
    answer = DecisionInput(approver="martin", decision="approve", proof=proof.ljust(16))
    with pytest.raises(DecisionRefused) as refused:
        decision_request(answer, "1.1.0", "vabf", "prefect:run:vabf-r1-1")
    assert "free text is refused" in refused.value.render("en") and "\n" not in refused.value.render("en")
    assert sample.counts() == before


def test_the_prefect_form_needs_a_proof_and_a_forged_link_is_not_one(
    sample: Sample, monkeypatch: pytest.MonkeyPatch
) -> None:
    from pydantic import ValidationError

    from flows.decision_input import DecisionInput, decision_request

    monkeypatch.setenv("AMOA_WEB_SECRET", SECRET)  # links are proofs here
    with pytest.raises(ValidationError):
        DecisionInput(approver="martin", decision="approve")  # type: ignore[call-arg]
    forged = "http://testserver/l/" + "eyJ2IjoxfQ." + "A" * 43
    request = decision_request(
        DecisionInput(approver="martin", decision="approve", proof=forged),
        "1.1.0",
        "vabf",
        "prefect:run:vabf-r1-2",
    )
    before = sample.counts()
    with pytest.raises(LinkRefused, match="not genuine"):
        decisions.decide(
            sample.app.uow(),
            sample.app.gates(),
            request,
            sample.app.current_pv("1.1.0"),
            sample.app.proofs(),
            utc_now,
            print,
        )
    assert sample.counts() == before


# 2. The audit covers what matters, and cannot be cut or rewritten silently ---------------------------


def recompute_chain(engine: Engine, start: int) -> None:
    """What an attacker who knows the algorithm does after editing entry ``start``: hash again."""
    with engine.begin() as connection:
        rows = connection.execute(select(tables.audit_log).order_by(tables.audit_log.c.id)).all()
        previous = audit.GENESIS
        for row in rows:
            if row.id >= start:
                digest = audit.chain_hash(
                    previous, row.hashed_at, row.actor, row.action, row.subject, row.details
                )
                connection.execute(
                    update(tables.audit_log)
                    .where(tables.audit_log.c.id == row.id)
                    .values(prev_hash=previous, hash=digest)
                )
                previous = digest
            else:
                previous = row.hash


def first_decision_entry(engine: Engine) -> Any:
    with engine.connect() as connection:
        return connection.execute(
            select(tables.audit_log)
            .where(tables.audit_log.c.action == "gate.decision")
            .order_by(tables.audit_log.c.id)
        ).first()


def by_sql(*statements: Any) -> Any:
    """An attack: statements run straight on the database, as someone with its password would."""

    def attack(engine: Engine) -> None:
        with engine.begin() as connection:
            for statement in statements:
                connection.execute(statement)

    return attack


def cut_log(engine: Engine) -> None:
    with engine.connect() as connection:
        last = connection.execute(select(text("max(id)")).select_from(tables.audit_log)).scalar_one()
    by_sql(delete(tables.audit_log).where(tables.audit_log.c.id == last))(engine)


change_decision = by_sql(update(tables.decisions).values(decision="reject", comment="non"))
delete_decision = by_sql(delete(tables.decisions))
insert_decision = by_sql(
    insert(tables.decisions).from_select(
        ["gate_id", "approver", "sequence", "decision", "comment", "round", "reservations", "decided_at"],
        select(
            tables.gates.c.id,
            literal("martin"),
            literal(1),
            literal("approve"),
            literal(""),
            literal(1),
            literal([], tables.decisions.c.reservations.type),
            literal(datetime.now(UTC)),
        ),
    )
)
approve_gate = by_sql(update(tables.gates).values(status="closed", outcome="approved"))
delete_log = by_sql(delete(tables.audit_log))
waive_a_gap = by_sql(update(tables.tracked_gaps).values(status="waived", reason="par SQL"))


def rewrite_and_rehash(engine: Engine) -> None:
    entry = first_decision_entry(engine)
    with engine.begin() as connection:
        connection.execute(
            update(tables.audit_log)
            .where(tables.audit_log.c.id == entry.id)
            .values(details={**entry.details, "comment": "réécrit"})
        )
        connection.execute(update(tables.decisions).values(comment="réécrit"))
    recompute_chain(engine, entry.id)


@pytest.mark.parametrize(
    ("attack", "reported"),
    [
        (change_decision, "differs from its audit entry"),
        (delete_decision, "is missing from the decisions table"),
        (insert_decision, "has no audit entry"),
        (approve_gate, "the table says closed/approved"),
        (delete_log, "is gone: the log was cut"),
        (cut_log, "is gone: the log was cut"),
        (rewrite_and_rehash, "is not the one anchored"),
        (waive_a_gap, "without an audited decision or move"),
    ],
    ids=[
        "decision-changed",
        "decision-deleted",
        "decision-inserted",
        "outcome-set",
        "log-deleted",
        "log-cut",
        "chain-recomputed",
        "gap-waived",
    ],
)
def test_sql_tampering_is_reported_by_audit_verify_with_exit_1(
    sample: Sample, attack: Any, reported: str
) -> None:
    sample.decide("dupont", comment="conforme")
    assert sample.amoa("audit", "verify").returncode == 0
    attack(sample.engine())
    verified = sample.amoa("audit", "verify")
    assert verified.returncode == 1, verified.stdout
    assert verified.stderr.startswith("Audit log tampered with: ") and reported in verified.stderr


def test_with_a_key_a_recomputed_chain_shows_even_without_the_anchor_file(sample: Sample) -> None:
    key = {"AMOA_AUDIT_KEY": "k" * 40}
    keyed = bootstrap(load_settings(sample.folder, environ={"AMOA_DATABASE_URL": sample.url, **key}))
    KEYS.decide(keyed.uow, keyed.gates(), "1.1.0", "vabf", "dupont", A, pv=keyed.current_pv("1.1.0"))
    assert sample.amoa("audit", "verify", env=key).returncode == 0
    rewrite_and_rehash(sample.engine())
    (sample.folder / "data" / "audit-anchor.txt").unlink()
    verified = sample.amoa("audit", "verify", env=key)
    assert verified.returncode == 1 and "MAC is not the one AMOA_AUDIT_KEY gives" in verified.stderr
    keyed.engine.dispose()


def test_a_head_printed_in_a_pv_detects_a_cut_without_the_anchor_file(sample: Sample) -> None:
    sample.decide("dupont")
    with sample.engine().connect() as connection:
        last = connection.execute(select(tables.audit_log).order_by(tables.audit_log.c.id.desc())).first()
    (sample.folder / "data" / "audit-anchor.txt").unlink()
    cut_log(sample.engine())
    verified = sample.amoa("audit", "verify", "--head", f"{last.id}:{last.hash}")
    assert verified.returncode == 1 and "--head #1, is gone" in verified.stderr


# 3. The gate's rules are frozen when it opens -------------------------------------------------------


def test_an_approver_added_after_the_opening_cannot_decide_nor_change_the_quorum(
    sample: Sample, tmp_path: Path
) -> None:
    extra = f'[[approvers]]\nid = "intrus"\npublic_key = "{KEYS.public("intrus").line}"\n'
    config = approvers("any", extra).replace(
        'approvers = ["dupont", "martin"]', 'approvers = ["dupont", "martin", "intrus"]'
    )
    (sample.folder / "config" / "approvers.toml").write_text(config, encoding="utf-8")
    KEYS.write("intrus", sample.keys)
    refused = one_line(sample.amoa("approve", "--yes", "-r", "1.1.0", "-a", "intrus", "-d", "approve"))
    assert "'intrus' is not one of its approvers (dupont, martin)" in refused
    one = sample.amoa("approve", "--yes", "-r", "1.1.0", "-a", "dupont", "-d", "approve")
    assert one.returncode == 0 and "awaited from: martin" in one.stdout  # still "all", as at the opening


def test_a_public_key_swapped_in_the_configuration_after_the_opening_signs_nothing(sample: Sample) -> None:
    config = approvers().replace(KEYS.public("dupont").line, KEYS.public("mallory").line)
    (sample.folder / "config" / "approvers.toml").write_text(config, encoding="utf-8")
    KEYS.write("mallory", sample.keys)
    refused = one_line(
        sample.amoa(
            "approve",
            "--yes",
            "-r",
            "1.1.0",
            "-a",
            "dupont",
            "-d",
            "approve",
            "--key",
            str(sample.keys / "mallory.key"),
        )
    )
    assert f"not with dupont's ({KEYS.public('dupont').fingerprint})" in refused


# 4. Nothing from input becomes a path --------------------------------------------------------------

NOTES = """format: amoa-release-notes/1
product: PaieNova
releases:
  - version: {version}
    items:
      - kind: fixed
        text: rien
"""


@pytest.mark.parametrize("version", ["../../../../escaped", "1.1.0/../../escaped", "..", "x\x1b[2J"])
def test_a_release_id_from_the_notes_never_names_a_file_outside_the_data_folder(
    sample: Sample, tmp_path: Path, version: str
) -> None:
    notes = sample.folder / "release_notes" / "hostile.yaml"
    notes.write_text(NOTES.format(version=repr(version).replace("'", '"')), encoding="utf-8")
    ingested = one_line(sample.amoa("ingest", str(notes), "--release", version))
    assert "hostile.yaml: release" in ingested and "cannot name a file" in ingested
    for command in (
        ("report", "-r", version, "-f", "html", "-f", "md"),
        ("report", "-r", "1.1.0", "--campaign", version),
    ):
        assert "cannot name a file" in one_line(sample.amoa(*command))
    assert not list(tmp_path.parent.rglob("escaped*"))


# 5. Exports carry no active content ------------------------------------------------------------------


def test_markdown_csv_and_xlsx_exports_carry_no_active_content(
    sample_project: Path, database_url: str, tmp_path: Path
) -> None:
    make_hostile(sample_project)
    app = prepared(sample_project, database_url, approvers=approvers(), results=hostile_results())
    KEYS.decide(
        app.uow,
        app.gates(),
        "1.1.0",
        "vabf",
        "dupont",
        W,
        comment=PAYLOAD,
        reservations=[Reservation("reservation:" + PAYLOAD, FORMULA, date(2030, 1, 1))],
        pv=app.current_pv("1.1.0"),
    )
    written = {f: Path(p) for f, p in published(app, tmp_path, ["md", "digest", "csv", "xlsx"]).items()}
    renderer = MarkdownIt("commonmark", {"html": True}).enable("table")
    for form in ("md", "digest"):
        page = renderer.render(written[form].read_text(encoding="utf-8"))
        assert html.escape(PAYLOAD[:20], quote=False) in page  # shown…
        assert active_content(page) == []  # …as text only
    csv_text = written["csv"].read_text(encoding="utf-8-sig")
    assert ";\"'=HYPERLINK(" in csv_text and not re.search(r";=", csv_text)
    from openpyxl import load_workbook

    sheet = load_workbook(written["xlsx"]).active
    assert sheet is not None
    cells = [
        c for row in sheet.iter_rows() for c in row if isinstance(c.value, str) and c.value.startswith("=")
    ]
    assert cells and all(c.data_type == "s" for c in cells)
    with zipfile.ZipFile(written["xlsx"]) as book:
        assert "<f>" not in book.read("xl/worksheets/sheet1.xml").decode()
    app.engine.dispose()


class _Elements(HTMLParser):
    PLAIN = frozenset(
        {
            "h1",
            "h2",
            "h3",
            "p",
            "ul",
            "ol",
            "li",
            "strong",
            "em",
            "code",
            "table",
            "thead",
            "tbody",
            "tr",
            "th",
            "td",
            "br",
            "hr",
        }
    )

    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in self.PLAIN or any(name not in ("style", "align") for name, _ in attrs):
            self.found.append(f"<{tag} {attrs}>")


def active_content(page: str) -> list[str]:
    """Every element of a rendered page that is more than text and its layout (a tag, a link, a handler)."""
    parser = _Elements()
    parser.feed(page)
    return parser.found


def published(app: Application, folder: Path, formats: list[str]) -> dict[str, Path]:
    from amoa_workflow.checkpoint import services
    from amoa_workflow.gates import approvals
    from amoa_workflow.reporting import publication

    outcome = services.campaign_outcome(
        app.uow(), app.settings.project_name, "recette", "1.1.0", "recette-1.1.0", app.settings.rules
    )
    gates = approvals.gate_states(app.uow(), app.gates(), "1.1.0")
    return publication.publish(outcome, "fr", folder, formats, gates)


# 6. Tokens and secrets stay secret -------------------------------------------------------------------


def test_the_access_log_masks_link_tokens(sample: Sample) -> None:
    port = free_port()
    link = token("martin")
    environment = {k: v for k, v in os.environ.items() if not k.startswith(("AMOA_", "PREFECT_"))}
    environment |= ENVIRON | {"AMOA_DATABASE_URL": sample.url}
    server = subprocess.Popen(
        [str(AMOA), "web", "--port", str(port)],
        cwd=sample.folder,
        env=environment,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                httpx.get(base + "/healthz", timeout=1)
                break
            except httpx.TransportError:
                time.sleep(0.1)
        opened = httpx.get(f"{base}/l/{link}", timeout=10, follow_redirects=False)
        assert opened.status_code == 303
    finally:
        server.terminate()
        log, _ = server.communicate(timeout=30)
    assert "GET /l/*** HTTP/1.1" in log and link not in log and link.split(".")[1] not in log


def test_a_stored_notification_holds_no_usable_link(
    sample_project: Path, database_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    mailbox = HttpReceiver().start()
    monkeypatch.setenv("AMOA_WEB_SECRET", SECRET)
    monkeypatch.setenv("AMOA_WEB_URL", "http://testserver")
    monkeypatch.setenv("AMOA_NOTIFY_MARTIN", mailbox.url("/martin"))
    config = approvers().replace(
        'name = "Paul Martin"', 'name = "Paul Martin"\nurls_from = ["AMOA_NOTIFY_MARTIN"]'
    )
    app = prepared(sample_project, database_url, announce=True, approvers=config)
    try:
        with app.engine.connect() as connection:
            stored = " ".join(
                r.body + r.body_html + r.title for r in connection.execute(select(tables.notifications))
            )
        client = TestClient(web_app(app, ENVIRON), follow_redirects=False)
        kept = re.findall(r"/l/([^\s\"<]+)", stored)
        assert kept and all(client.get(f"/l/{t}").status_code == 403 for t in kept)
        [sent] = [r.body["message"] for r in mailbox.requests]
        usable = re.search(r"/l/([A-Za-z0-9_.-]+)", sent)
        assert usable and client.get(f"/l/{usable.group(1)}").status_code == 303  # signed when sent
    finally:
        mailbox.stop()
        app.engine.dispose()


MALFORMED = [
    "%C3%A9%C3%A9.%C3%A9",
    "é" * 40 + "." + "a" * 43,
    "%FF%FE%00.x",
    "a.b%0d%0aSet-Cookie:x=1",
    "%F0%9F%98%80" * 30,
    "\u202e" + "a" * 10 + "." + "a" * 43,
    "a" * 5000 + "." + "a" * 43,
]


@pytest.mark.parametrize("token", MALFORMED)
def test_a_malformed_token_of_any_encoding_is_403_with_the_usual_headers(sample: Sample, token: str) -> None:
    client = TestClient(web_app(sample.app, ENVIRON), follow_redirects=False)
    as_cookie = {"cookie": b"amoa_link=" + token.encode("utf-8")}  # the raw bytes a browser may send
    for response in (client.get(f"/l/{token}"), client.get("/", headers=as_cookie)):
        assert response.status_code == 403, response.text
        assert (
            response.headers["x-frame-options"] == "DENY"
            and "default-src 'none'" in response.headers["content-security-policy"]
        )


def test_a_used_or_revoked_link_reads_nothing(sample: Sample) -> None:
    client = TestClient(web_app(sample.app, ENVIRON), follow_redirects=False)
    link = token("martin")
    assert client.get(f"/l/{link}").status_code == 303 and client.get("/gates/1.1.0/vabf").status_code == 200
    revoked = sample.amoa("link", "revoke", f"http://testserver/l/{link}")
    assert revoked.returncode == 0 and "revoked" in revoked.stdout
    for path in ("/", "/gates/1.1.0/vabf", "/gates/1.1.0/vabf/pv", f"/l/{link}"):
        response = client.get(path)
        assert response.status_code == 403 and "lien révoqué" in response.text
        assert "EXG-004" not in response.text


def test_a_password_in_the_query_string_is_masked(sample: Sample) -> None:
    refused = sample.amoa(
        "gates",
        "-r",
        "1.1.0",
        env={"AMOA_DATABASE_URL": "postgresql+psycopg://amoa@127.0.0.1:1/x?password=hunter2&sslmode=disable"},
    )
    assert refused.returncode == 3 and "hunter2" not in refused.stderr and "password=***" in refused.stderr


def test_over_long_ids_and_texts_are_one_clear_line_on_every_database(sample: Sample) -> None:
    long_id = one_line(
        sample.amoa(
            "approve",
            "--yes",
            "-r",
            "1.1.0",
            "-a",
            "x" * 300,
            "-d",
            "approve",
            "--key",
            str(sample.keys / "dupont.key"),
        )
    )
    assert "is not one of its approvers" in long_id
    owner = one_line(
        sample.amoa(
            "approve",
            "--yes",
            "-r",
            "1.1.0",
            "-a",
            "dupont",
            "-d",
            "approve_with_reservations",
            "--reservation",
            f"requirement_failing:EXG-004|{'o' * 300}|2030-01-01",
        )
    )
    assert "tracked_gaps.owner: 300 characters, at most 128" in owner
    with pytest.raises(TextTooLong):
        sample.decide(
            "dupont",
            W,
            reservations=[Reservation("requirement_failing:EXG-004", "o" * 300, date(2030, 1, 1))],
        )
    assert sample.counts()[0] == 0


def test_an_evidence_pack_whose_manifest_was_made_again_is_reported(sample: Sample, tmp_path: Path) -> None:
    sample.decide("dupont")
    written = sample.amoa("report", "-r", "1.1.0", "-f", "evidence")
    assert written.returncode == 0, written.stderr
    pack = sample.folder / "data" / "reports" / "1.1.0" / "recette-1.1.0-preuves.zip"
    assert sample.amoa("evidence", "verify", str(pack)).returncode == 0
    with zipfile.ZipFile(pack) as original:
        files = {n: original.read(n) for n in original.namelist() if n != "MANIFEST.sha256"}
    files["pv-recette.md"] = files["pv-recette.md"].replace(b"Claire Dupont", b"Quelqu'un")
    manifest = "".join(f"{hashlib.sha256(d).hexdigest()}  {n}\n" for n, d in sorted(files.items()))
    edited = tmp_path / "preuves.zip"
    with zipfile.ZipFile(edited, "w") as remade:
        for name, data in files.items():
            remade.writestr(name, data)
        remade.writestr("MANIFEST.sha256", manifest)
    verified = sample.amoa("evidence", "verify", str(edited))
    assert verified.returncode == 1 and "is not the one recorded in the audit log" in verified.stderr
