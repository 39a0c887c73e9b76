"""Screenshots and files on a step result, through the testers' page on the real database: kept
with their SHA-256, served inert to the tester and to approvers; oversized, disguised, active or
oddly named files refused or neutralised, and nothing recorded when one is refused."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urljoin

import anyio
import httpx2 as httpx
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from amoa_workflow.bootstrap import Application
from amoa_workflow.checkpoint import services
from amoa_workflow.manual.execution import scenario_ref
from amoa_workflow.reporting import archive
from amoa_workflow.store.tables import audit_log, manual_attachments
from tests.integration.test_manual_web import BULLETIN, RESULTS, hidden_csrf, link_of, open_as
from tests.unit.test_attachments import PNG
from tests.web_project import ENVIRON, prepared, token, web_app

SCRIPTED_SVG = b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><script>alert(2)</script></svg>'
SETTINGS = """
attachment_max_mb = 0.01
attachment_types = ["image/png", "text/plain"]
"""


@pytest.fixture
def app(sample_project: Path, database_url: str) -> Iterator[Application]:
    config = sample_project / "config" / "amoa.toml"
    text = config.read_text(encoding="utf-8")
    config.write_text(re.sub(r"attachment_max_mb.*\nattachment_types.*\n", SETTINGS, text), encoding="utf-8")
    application = prepared(sample_project, database_url, results=RESULTS)
    yield application
    application.engine.dispose()


@pytest.fixture
def client(app: Application) -> Iterator[TestClient]:
    with TestClient(web_app(app, ENVIRON), follow_redirects=False) as test_client:
        open_as(test_client)
        yield test_client


def upload(
    client: TestClient, files: list[tuple[str, tuple[str, bytes, str]]], **fields: str
) -> httpx.Response:
    ref = scenario_ref(BULLETIN.key)
    data = {"csrf": hidden_csrf(client.get(f"/manual/{ref}").text), "s-0-verdict": "passed"} | fields
    return client.post(f"/manual/{ref}", data=data, files=files)


def kept(app: Application) -> list[tuple[str, str, int, str]]:
    table = manual_attachments
    with app.engine.connect() as connection:
        rows = connection.execute(select(table.c.name, table.c.media_type, table.c.size, table.c.sha256))
        return [tuple(row) for row in rows]  # type: ignore[misc]


def test_a_screenshot_is_kept_with_its_sha256_and_served_inert_to_the_tester_and_approvers(
    app: Application, client: TestClient
) -> None:
    sent = upload(
        client, [("s-1-file", ("../../écran net.png", PNG, "text/html"))],
        **{"s-1-verdict": "failed", "s-1-comment": "le net est illisible"},
    )  # fmt: skip
    page = client.get(f"/manual/{scenario_ref(BULLETIN.key)}").text
    link = re.search(r'href="(/manual/attachments/(\d+-ecran_net\.png))"', page)

    assert sent.status_code == 303, sent.text
    assert kept(app) == [("ecran_net.png", "image/png", len(PNG), hashlib.sha256(PNG).hexdigest())]
    assert link, page
    served = client.get(link.group(1))
    assert served.status_code == 200 and served.content == PNG
    assert served.headers["content-type"] == "image/png"
    assert served.headers["x-content-type-options"] == "nosniff"
    assert "sandbox" in served.headers["content-security-policy"]
    with app.engine.connect() as connection:
        details = connection.execute(
            select(audit_log.c.details).where(audit_log.c.action == "manual.recorded")
        ).scalar_one()
    assert details["attachments"][0]["sha256"] == hashlib.sha256(PNG).hexdigest()

    approver = client.get(f"/l/{token()}")  # the approver's cookie alongside
    assert approver.status_code == 303
    pv = client.get("/gates/1.1.0/vabf/pv").text
    gaps = pv[pv.index('<table id="gaps">') : pv.index("</table>", pv.index('<table id="gaps">'))]
    assert '<q class="tester">leroy: le net est illisible</q>' in gaps
    assert f'<a class="attachment" href="attachments/{link.group(2)}">ecran_net.png</a>' in gaps
    assert hashlib.sha256(PNG).hexdigest() in gaps
    from_gate = client.get(f"/gates/1.1.0/vabf/attachments/{link.group(2)}")  # the PV's relative link
    assert from_gate.status_code == 200 and from_gate.content == PNG
    assert client.get(f"/gates/1.1.0/vabf/attachments/{link.group(2)}x").status_code == 404
    client.cookies.clear()
    assert client.get(link.group(1)).status_code == 401  # no link, no file


def test_a_text_file_is_a_download_whatever_its_name_said(app: Application, client: TestClient) -> None:
    sent = upload(client, [("s-0-file", ("journal.html", b"erreur 500 a 09:31\n", "text/html"))])
    [(name, media_type, _, _)] = kept(app)
    page = client.get(f"/manual/{scenario_ref(BULLETIN.key)}").text
    href = re.search(r'href="(/manual/attachments/\d+-journal\.txt)"', page)

    assert sent.status_code == 303 and (name, media_type) == ("journal.txt", "text/plain")
    assert href
    served = client.get(href.group(1))
    assert served.headers["content-type"] == "text/plain; charset=utf-8"
    assert served.headers["content-disposition"].startswith('attachment; filename="journal.txt"')


@pytest.mark.parametrize(
    ("file", "problem"),
    [
        (("capture.png", PNG + bytes(11_000), "image/png"), "un fichier dépasse la taille permise"),
        (("capture.png", b"<html><script>alert(1)</script>", "image/png"), "type de fichier non permis"),
        (("schema.svg", SCRIPTED_SVG, "image/svg+xml"), "image SVG refusée"),
        (
            ("capture.png", b'<svg><set attributeName="onmouseover" to="alert(1)"/></svg>', "image/png"),
            "joignez une capture PNG ou JPEG",
        ),
        (("setup.exe", b"MZ\x90\x00\x03\x00", "application/octet-stream"), "type de fichier non permis"),
    ],
)
def test_a_refused_file_records_nothing_and_says_why(
    app: Application, client: TestClient, file: tuple[str, bytes, str], problem: str
) -> None:
    refused = upload(client, [("s-1-file", file)], **{"s-1-verdict": "passed"})

    assert refused.status_code == 422 and problem in refused.text
    assert kept(app) == []
    with app.engine.connect() as connection:
        recorded = select(audit_log.c.id).where(audit_log.c.action == "manual.recorded")
        assert not connection.execute(recorded).all()


def test_a_body_beyond_every_limit_is_refused_before_it_is_read(app: Application, client: TestClient) -> None:
    huge = upload(client, [("s-1-file", ("capture.png", PNG + bytes(400_000), "image/png"))])
    client.cookies.set("amoa_lang", "en")
    english = upload(client, [("s-1-file", ("capture.png", PNG + bytes(400_000), "image/png"))])

    assert huge.status_code == 413 and kept(app) == []
    assert "<h1>Envoi trop volumineux</h1>" in huge.text
    assert english.status_code == 413 and "<h1>Upload too large</h1>" in english.text


def test_every_page_not_found_says_so_in_the_readers_language(app: Application, client: TestClient) -> None:
    missing_scenario = client.get("/manual/0123456789abcdef")
    missing_file = client.get("/manual/attachments/99-rien.png")
    no_route = client.get("/nulle-part")

    for page in (missing_scenario, missing_file, no_route):
        assert page.status_code == 404 and "<h1>Page introuvable</h1>" in page.text, page.text


def _post_counting_reads(
    app: Application, headers: list[tuple[bytes, bytes]], chunk: bytes, chunks: int
) -> tuple[int, int]:
    """POST to a scenario straight to the application, the body given chunk by chunk on demand:
    the answer's status and how many chunks the application asked for."""
    asgi = web_app(app, ENVIRON)
    read = 0
    status = 0

    async def receive() -> dict[str, object]:
        nonlocal read
        read += 1
        return {"type": "http.request", "body": chunk, "more_body": read < chunks}

    async def send(message: dict[str, object]) -> None:
        nonlocal status
        if message["type"] == "http.response.start":
            status = int(message["status"])  # type: ignore[call-overload]

    scope = {
        "type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": "POST",
        "scheme": "http", "path": f"/manual/{scenario_ref(BULLETIN.key)}", "raw_path": b"",
        "query_string": b"", "root_path": "", "headers": [(b"host", b"testserver"), *headers],
        "client": ("127.0.0.1", 50000), "server": ("testserver", 80),
    }  # fmt: skip
    anyio.run(asgi, scope, receive, send)
    return status, read


@pytest.mark.parametrize(
    "declared",
    [
        [(b"content-length", b"50000000"), (b"content-type", b"multipart/form-data; boundary=x")],
        [(b"transfer-encoding", b"chunked"), (b"content-type", b"multipart/form-data; boundary=x")],
    ],
    ids=["oversize", "chunked"],
)
def test_a_post_without_a_testers_link_is_refused_before_its_body_is_read(
    app: Application, declared: list[tuple[bytes, bytes]]
) -> None:
    status, read = _post_counting_reads(app, declared, bytes(64 * 1024), chunks=400)

    assert (status, read) == (401, 0)


def test_a_post_from_another_site_is_refused_before_its_body_is_read(app: Application) -> None:
    cookie = f"amoa_tester={link_of()}".encode()
    headers = [(b"cookie", cookie), (b"origin", b"http://evil.example"), (b"transfer-encoding", b"chunked"),
               (b"content-type", b"multipart/form-data; boundary=x")]  # fmt: skip
    status, read = _post_counting_reads(app, headers, bytes(64 * 1024), chunks=400)

    assert (status, read) == (403, 0)


def test_a_file_is_served_to_its_tester_and_to_approvers_of_its_gate_only(
    app: Application, client: TestClient
) -> None:
    assert upload(client, [("s-1-file", ("capture.png", PNG, "image/png"))]).status_code == 303
    page = client.get(f"/manual/{scenario_ref(BULLETIN.key)}").text
    found = re.search(r'href="/manual/attachments/(\d+-capture\.png)"', page)
    assert found, page
    file = found.group(1)
    assert client.get(f"/manual/attachments/{file}").status_code == 200  # leroy's own

    client.cookies.clear()
    assert client.get(f"/l/{link_of('benali')}").status_code == 303  # another tester, same campaign
    other_tester = client.get(f"/manual/attachments/{file}")
    client.cookies.clear()
    for release, gate in (("1.0.0", "vabf"), ("1.1.0", "vsr")):  # an approver of another gate
        assert client.get(f"/l/{token(gate=gate, release=release)}").status_code == 303
        other_gate = client.get(f"/gates/1.1.0/vabf/attachments/{file}")
        assert other_gate.status_code == 403 and other_gate.content != PNG, (release, gate)
    assert client.get(f"/l/{token()}").status_code == 303
    own_gate = client.get(f"/gates/1.1.0/vabf/attachments/{file}")

    assert other_tester.status_code == 404 and other_tester.content != PNG
    assert own_gate.status_code == 200 and own_gate.content == PNG


def test_a_tester_attaches_up_to_the_quota_a_file_already_on_the_step_is_kept_once(
    sample_project: Path, database_url: str
) -> None:
    config = sample_project / "config" / "amoa.toml"
    text = config.read_text(encoding="utf-8")
    quota = text.replace("attachment_max_mb", "attachment_max_per_tester = 2\nattachment_max_mb", 1)
    config.write_text(quota, encoding="utf-8")
    application = prepared(sample_project, database_url, results=RESULTS)
    try:
        with TestClient(web_app(application, ENVIRON), follow_redirects=False) as test_client:
            open_as(test_client)
            first = upload(test_client, [("s-0-file", ("a.png", PNG, "image/png"))])
            again = upload(test_client, [("s-0-file", ("b.png", PNG, "image/png"))])  # same bytes, step
            second = upload(test_client, [("s-1-file", ("c.png", PNG, "image/png"))])  # another step
            beyond = upload(test_client, [("s-2-file", ("d.png", PNG + b"x", "image/png"))])
        assert (first.status_code, again.status_code, second.status_code) == (303, 303, 303)
        assert [name for name, *_ in kept(application)] == ["a.png", "c.png"]
        assert beyond.status_code == 409 and "Traceback" not in beyond.text, beyond.text
        assert "pièce jointe d refusée" in beyond.text and "au plus 2 fichiers" in beyond.text
    finally:
        application.engine.dispose()


def test_the_stored_pvs_attachment_links_lead_to_the_files(
    app: Application, client: TestClient, tmp_path: Path
) -> None:
    assert upload(client, [("s-1-file", ("capture.png", PNG, "image/png"))]).status_code == 303
    assert client.get(f"/l/{token()}").status_code == 303
    pv = tmp_path / "pv.html"
    pv.write_bytes(client.get("/gates/1.1.0/vabf/pv").content)
    outcome = services.campaign_outcome(
        app.uow(), app.settings.project_name, "recette", "1.1.0", "recette-1.1.0", app.settings.rules
    )
    archive.keep(app.uow(), outcome, {"html": pv}, services.utc_now)
    address = "/gates/1.1.0/vabf/stored/html"
    stored = client.get(address)
    found = re.search(r'<a class="attachment" href="([^"]+)"', stored.text)
    assert stored.status_code == 200 and found, stored.text
    followed = urljoin(address, found.group(1))

    served = client.get(followed)

    assert followed.startswith("/gates/1.1.0/vabf/stored/attachments/")
    assert served.status_code == 200 and served.content == PNG
    assert "sandbox" in served.headers["content-security-policy"]
    client.cookies.clear()
    assert client.get(followed).status_code == 401
    assert client.get(f"/l/{token(release='1.0.0')}").status_code == 303
    assert client.get(followed).status_code == 403
