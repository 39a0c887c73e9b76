"""The PV and the evidence pack kept in the database as rendered (SQLite and PostgreSQL): rendered
in one folder, the files deleted, then read from another folder that holds only the configuration
and the database URL — by ``amoa report --stored`` and by the approvers' web page — byte for byte,
SHA-256 checked; the PV rendered again when a gate closes is the one kept, with its decisions."""

from __future__ import annotations

import base64
import hashlib
import os
import re
import shutil
import subprocess
import sys
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select, update

from amoa_workflow.bootstrap import Application, bootstrap
from amoa_workflow.checkpoint import services
from amoa_workflow.domain.decisions import DecisionKind
from amoa_workflow.errors import StoredReportAltered, StoredReportMissing
from amoa_workflow.gates import approvals
from amoa_workflow.reporting import archive
from amoa_workflow.settings.project import load_settings
from amoa_workflow.store import tables
from amoa_workflow.web.headers import REPORT_POLICY
from tests.browser import find_browser
from tests.security_sample import KEYS, approvers
from tests.web_project import ENVIRON, HOSTILE, RESULTS, prepared, token, web_app

AMOA = Path(sys.executable).with_name("amoa")
APPROVERS = approvers(quorum="any")  # dupont and martin, with keys of the security sample's key ring
PV = "data/reports/1.1.0/recette-1.1.0.html"
PDF = "data/reports/1.1.0/recette-1.1.0.pdf"


@dataclass
class TwoFolders:
    app: Application  # the folder that renders
    rendering: Path
    reading: Path  # only config/: no data/, no features, no reports
    url: str

    def amoa(self, folder: Path, *args: str) -> subprocess.CompletedProcess[str]:
        environment = {k: v for k, v in os.environ.items() if not k.startswith(("AMOA_", "PREFECT_"))}
        environment |= {"AMOA_DATABASE_URL": self.url, "AMOA_LANG": "en"}
        return subprocess.run(
            [str(AMOA), "-p", str(folder), *args], cwd=folder, env=environment, capture_output=True,
            text=True, timeout=180, check=False,
        )  # fmt: skip

    readers: list[Application]

    def reader(self) -> Application:
        """The application of the reading folder (disposed of with the fixture)."""
        self.readers.append(bootstrap(load_settings(self.reading, environ={"AMOA_DATABASE_URL": self.url})))
        return self.readers[-1]


@pytest.fixture
def folders(sample_project: Path, database_url: str, tmp_path: Path) -> Iterator[TwoFolders]:
    app = prepared(sample_project, database_url, approvers=APPROVERS)
    reading = tmp_path / "ailleurs"
    shutil.copytree(sample_project / "config", reading / "config")
    both = TwoFolders(app, sample_project, reading, database_url, [])
    yield both
    for application in (app, *both.readers):
        application.engine.dispose()


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_amoa_report_in_another_folder_writes_the_stored_pv_and_pack_byte_for_byte(
    folders: TwoFolders,
) -> None:
    rendered = folders.amoa(folders.rendering, "report", "-r", "1.1.0", "-f", "html", "-f", "evidence")
    assert rendered.returncode == 0, rendered.stderr
    pv, pack = folders.rendering / PV, folders.rendering / "data/reports/1.1.0/recette-1.1.0-preuves.zip"
    expected = {"html": sha256(pv), "evidence": sha256(pack)}
    shutil.rmtree(folders.rendering / "data" / "reports")  # the rendering worker's disk is gone

    served = folders.amoa(
        folders.reading, "report", "-r", "1.1.0", "--stored", "-f", "html", "-f", "evidence"
    )

    assert served.returncode == 0, served.stderr
    assert sha256(folders.reading / PV) == expected["html"]
    assert sha256(folders.reading / "data/reports/1.1.0/recette-1.1.0-preuves.zip") == expected["evidence"]
    assert f"sha256 {expected['html']}" in served.stdout
    assert not (folders.reading / "features").exists()  # nothing but the configuration was needed
    french = folders.amoa(folders.reading, "--lang", "fr", "report", "-r", "1.1.0", "--stored", "-f", "html")
    assert french.returncode == 0, french.stderr
    assert french.stdout.startswith("html : ") and f"(sha256 {expected['html']}, " in french.stdout


def test_a_pv_altered_in_the_database_is_refused_with_one_line(folders: TwoFolders) -> None:
    assert folders.amoa(folders.rendering, "report", "-r", "1.1.0").returncode == 0
    with folders.app.engine.begin() as connection:
        connection.execute(update(tables.stored_reports).values(content=b"<p>rewritten</p>"))

    served = folders.amoa(folders.reading, "report", "-r", "1.1.0", "--stored")

    assert served.returncode == 1
    assert "the stored html was altered" in served.stderr and "Traceback" not in served.stderr
    assert not (folders.reading / PV).exists()


def test_nothing_stored_is_said_in_one_line(folders: TwoFolders) -> None:
    served = folders.amoa(folders.reading, "report", "-r", "1.1.0", "--stored", "-f", "pdf")

    assert served.returncode == 2
    assert "no PDF PV stored in the database" in served.stderr and "Traceback" not in served.stderr


def test_the_same_bytes_are_kept_once_and_bytes_survive_the_round_trip(folders: TwoFolders) -> None:
    outcome = services.campaign_outcome(
        folders.app.uow(), folders.app.settings.project_name, "recette", "1.1.0", "recette-1.1.0",
        folders.app.settings.rules,
    )  # fmt: skip
    binary = folders.rendering / "pack.zip"
    binary.write_bytes(bytes(range(256)) * 64)  # every byte value, NUL included
    for _ in range(2):
        archive.keep(folders.app.uow(), outcome, {"evidence": binary, "csv": binary}, services.utc_now)

    kept = archive.stored(folders.reader().uow(), "1.1.0", "evidence")

    assert kept.content == binary.read_bytes() and kept.sha256 == sha256(binary)
    assert (kept.campaign, kept.attempt, kept.file_name) == ("recette-1.1.0", 1, "recette-1.1.0-preuves.zip")
    with folders.app.engine.connect() as connection:
        assert len(connection.execute(tables.stored_reports.select()).all()) == 1  # csv is not kept
    with pytest.raises(StoredReportAltered):
        replace(kept, content=b"x").verified()


def open_gate(client: TestClient) -> None:
    door = client.get(f"/l/{token()}")
    assert door.status_code == 303, door.text


def test_the_web_page_of_another_folder_serves_the_stored_pv_safely(folders: TwoFolders) -> None:
    assert (
        folders.amoa(folders.rendering, "report", "-r", "1.1.0", "-f", "html", "-f", "evidence").returncode
        == 0
    )
    expected = sha256(folders.rendering / PV)
    shutil.rmtree(folders.rendering / "data" / "reports")
    reader = folders.reader()
    with TestClient(web_app(reader, ENVIRON), follow_redirects=False) as client:
        assert client.get("/gates/1.1.0/vabf/stored/html").status_code == 401  # no link, nothing
        open_gate(client)
        gate_page = client.get("/gates/1.1.0/vabf").text
        page = client.get("/gates/1.1.0/vabf/stored/html")
        pack = client.get("/gates/1.1.0/vabf/stored/evidence")
        missing = client.get("/gates/1.1.0/vabf/stored/pdf")
        unknown = client.get("/gates/1.1.0/vabf/stored/exe")

    assert 'href="/gates/1.1.0/vabf/stored/html"' in gate_page  # the gate's page links to it
    assert 'href="/gates/1.1.0/vabf/stored/evidence"' in gate_page
    assert page.status_code == 200
    assert hashlib.sha256(page.content).hexdigest() == expected
    assert page.headers["content-type"] == "text/html; charset=utf-8"
    assert page.headers["content-security-policy"] == REPORT_POLICY  # no script runs in the PV
    assert page.headers["x-content-type-options"] == "nosniff"
    assert page.headers["repr-digest"] == f"sha-256=:{base64.b64encode(bytes.fromhex(expected)).decode()}:"
    assert HOSTILE not in page.text  # the hostile scenario name is escaped in the stored PV
    assert pack.status_code == 200 and pack.headers["content-type"] == "application/zip"
    assert pack.headers["content-disposition"].startswith("attachment;")
    assert "sandbox" in pack.headers["content-security-policy"]
    assert (missing.status_code, unknown.status_code) == (404, 404)


def test_the_pv_rendered_again_when_the_gate_closes_is_the_one_kept(folders: TwoFolders) -> None:
    from flows.checkpoint_tasks import render_report
    from flows.gates import render_pv

    app = folders.app
    outcome = services.campaign_outcome(
        app.uow(), app.settings.project_name, "recette", "1.1.0", "recette-1.1.0", app.settings.rules
    )
    render_report.fn(app, outcome)  # the checkpoint's PV, before any decision
    before = archive.stored(app.uow(), "1.1.0", "html")
    pv = app.current_pv("1.1.0")
    KEYS.decide(app.uow, app.gates(), "1.1.0", "vabf", "dupont", DecisionKind.APPROVE, "Conforme paie", pv=pv)
    state = next(s for s in approvals.gate_states(app.uow(), app.gates(), "1.1.0") if s.gate.name == "vabf")

    render_pv.fn(app, state)

    after = archive.stored(folders.reader().uow(), "1.1.0", "html")
    assert "Conforme paie" not in before.content.decode() and "Conforme paie" in after.content.decode()
    assert after.sha256 != before.sha256 and after.created_at >= before.created_at


def test_a_pdf_rendered_by_amoa_report_is_kept_and_served(folders: TwoFolders) -> None:
    find_browser(("chromium", "chromium-browser"))
    assert folders.amoa(folders.rendering, "report", "-r", "1.1.0", "-f", "pdf").returncode == 0
    expected = sha256(folders.rendering / "data/reports/1.1.0/recette-1.1.0.pdf")
    reader = folders.reader()
    with TestClient(web_app(reader, ENVIRON), follow_redirects=False) as client:
        open_gate(client)
        pdf = client.get("/gates/1.1.0/vabf/stored/pdf")

    assert pdf.status_code == 200 and pdf.headers["content-type"] == "application/pdf"
    assert hashlib.sha256(pdf.content).hexdigest() == expected and pdf.content.startswith(b"%PDF")


def test_with_a_report_store_the_bytes_live_there_and_the_database_keeps_where(
    folders: TwoFolders, tmp_path: Path
) -> None:
    store = tmp_path / "depot-pv"
    for folder in (folders.rendering, folders.reading):
        config = folder / "config" / "amoa.toml"
        config.write_text(config.read_text(encoding="utf-8") + f'\n[reports]\nstore = "{store.as_uri()}"\n')
    rendered = folders.amoa(folders.rendering, "report", "-r", "1.1.0", "-f", "html", "-f", "evidence")
    assert rendered.returncode == 0, rendered.stderr
    expected = sha256(folders.rendering / PV)
    shutil.rmtree(folders.rendering / "data" / "reports")

    served = folders.amoa(folders.reading, "report", "-r", "1.1.0", "--stored")

    assert served.returncode == 0, served.stderr
    assert sha256(folders.reading / PV) == expected
    kept = sorted(path.relative_to(store).as_posix() for path in store.rglob("*") if path.is_file())
    assert kept == sorted(
        [f"1.1.0/recette-1.1.0/1/{expected}.html", next(p for p in kept if p.endswith(".zip"))]
    )
    with folders.app.engine.connect() as connection:
        rows = connection.execute(
            select(tables.stored_reports.c.content, tables.stored_reports.c.location)
        ).all()
    assert all(content is None and location.startswith(store.as_uri()) for content, location in rows)
    (store / f"1.1.0/recette-1.1.0/1/{expected}.html").write_text("<p>rewritten</p>")  # changed in the store
    altered = folders.amoa(folders.reading, "report", "-r", "1.1.0", "--stored")
    assert altered.returncode == 1 and "the stored html was altered" in altered.stderr


def test_a_removed_release_takes_its_stored_pvs_with_it(folders: TwoFolders) -> None:
    assert folders.amoa(folders.rendering, "report", "-r", "1.1.0").returncode == 0
    with folders.app.uow() as uow:
        uow.releases.remove("1.1.0")
        uow.commit()

    with pytest.raises(StoredReportMissing):
        archive.stored(folders.app.uow(), "1.1.0", "html")


def test_the_stored_evidence_pack_is_verified_from_another_folder(folders: TwoFolders) -> None:
    written = folders.amoa(folders.rendering, "report", "-r", "1.1.0", "-f", "evidence")
    assert written.returncode == 0, written.stderr
    shutil.rmtree(folders.rendering / "data" / "reports")

    verified = folders.amoa(folders.reading, "evidence", "verify", "--release", "1.1.0")

    assert verified.returncode == 0, verified.stderr
    assert "match the manifest" in verified.stdout and "recorded in the audit log" in verified.stdout
    both = folders.amoa(folders.reading, "evidence", "verify", "pack.zip", "--release", "1.1.0")
    assert both.returncode == 2 and "not both" in both.stderr


def test_an_approver_of_another_gate_reads_nothing_stored_of_this_one(folders: TwoFolders) -> None:
    rendered = folders.amoa(folders.rendering, "report", "-r", "1.1.0", "-f", "html", "-f", "evidence")
    assert rendered.returncode == 0, rendered.stderr
    with TestClient(web_app(folders.reader(), ENVIRON), follow_redirects=False) as client:
        for release, gate in (("1.0.0", "vabf"), ("1.1.0", "vsr")):
            assert client.get(f"/l/{token(gate=gate, release=release)}").status_code == 303
            for kind in ("html", "evidence"):
                refused = client.get(f"/gates/1.1.0/vabf/stored/{kind}")
                assert refused.status_code == 403, (release, gate, kind)
        open_gate(client)
        assert client.get("/gates/1.1.0/vabf/stored/html").status_code == 200


PACK = "data/reports/1.1.0/recette-1.1.0-preuves.zip"
STORED_LINE = re.compile(
    r"^(html|pdf|evidence): .+ \(sha256 [0-9a-f]{64}, \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC\)$"
)


def later_run_and_decision(app: Application) -> None:
    """What the flows do after a first checkpoint: a second run keeps its PV, then an approver
    decides and the gate keeps the PV with the decision."""
    from flows.checkpoint_tasks import render_report
    from flows.gates import render_pv

    second = services.record_campaign(
        app.uow(), app.settings.project_name, "recette", "1.1.0", "recette-1.1.0", RESULTS, "runs/y",
        rules=app.settings.rules,
    )  # fmt: skip
    assert second.attempt == 2
    render_report.fn(app, second)
    pv = app.current_pv("1.1.0")
    KEYS.decide(app.uow, app.gates(), "1.1.0", "vabf", "dupont", DecisionKind.APPROVE, "Conforme paie", pv=pv)
    state = next(s for s in approvals.gate_states(app.uow(), app.gates(), "1.1.0") if s.gate.name == "vabf")
    render_pv.fn(app, state)


def test_an_evidence_pack_kept_once_is_kept_again_with_every_later_pv(folders: TwoFolders) -> None:
    first = folders.amoa(folders.rendering, "report", "-r", "1.1.0", "-f", "evidence")
    assert first.returncode == 0, first.stderr
    before = archive.stored(folders.app.uow(), "1.1.0", "evidence")

    later_run_and_decision(folders.app)

    served = folders.amoa(
        folders.reading, "report", "-r", "1.1.0", "--stored", "-f", "html", "-f", "evidence"
    )
    assert served.returncode == 0, served.stderr
    assert all(STORED_LINE.match(line) for line in served.stdout.splitlines()), served.stdout
    with zipfile.ZipFile(folders.reading / PACK) as pack:
        inside_pv = pack.read("pv-recette.html")
    assert "Conforme paie" in (folders.reading / PV).read_text(encoding="utf-8")
    assert inside_pv == (folders.reading / PV).read_bytes()  # the pack holds the very PV kept with it
    reader = folders.reader()
    html, evidence = (archive.stored(reader.uow(), "1.1.0", kind) for kind in ("html", "evidence"))
    assert (evidence.attempt, evidence.created_at) == (html.attempt, html.created_at) == (2, html.created_at)
    assert evidence.sha256 != before.sha256


def test_a_pdf_kept_once_is_kept_again_with_every_later_pv(folders: TwoFolders) -> None:
    find_browser(("chromium", "chromium-browser"))
    first = folders.amoa(folders.rendering, "report", "-r", "1.1.0", "-f", "pdf")
    assert first.returncode == 0, first.stderr
    before = archive.stored(folders.app.uow(), "1.1.0", "pdf")

    later_run_and_decision(folders.app)

    served = folders.amoa(folders.reading, "report", "-r", "1.1.0", "--stored", "-f", "pdf")
    assert served.returncode == 0, served.stderr
    reader = folders.reader()
    html, pdf = (archive.stored(reader.uow(), "1.1.0", kind) for kind in ("html", "pdf"))
    assert (pdf.attempt, pdf.created_at) == (2, html.created_at) and pdf.sha256 != before.sha256
    assert pdf.content.startswith(b"%PDF") and sha256(folders.reading / PDF) == pdf.sha256


def test_a_stored_format_older_than_the_pv_is_refused_in_one_line_naming_both_times(
    folders: TwoFolders,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    caplog: pytest.LogCaptureFixture,
) -> None:
    """The gate's worker has no Chromium: the PV kept with the decision has no PDF of its moment;
    the PDF of the first run is not served as if it were the signed one."""
    app = folders.app
    outcome = services.campaign_outcome(
        app.uow(), app.settings.project_name, "recette", "1.1.0", "recette-1.1.0", app.settings.rules
    )
    old_pdf = tmp_path / "premier.pdf"
    old_pdf.write_bytes(b"%PDF-1.4 premier passage")
    archive.keep(app.uow(), outcome, {"pdf": old_pdf}, services.utc_now)
    monkeypatch.setenv("PATH", str(tmp_path / "sans-chromium"))  # the gate's worker: no Chromium

    later_run_and_decision(app)

    monkeypatch.undo()
    said = capsys.readouterr().err + caplog.text  # where it happens (Prefect's log handler, or not)
    assert "PV PDF" in said and "amoa report -r 1.1.0 -f pdf" in said
    served = folders.amoa(folders.reading, "report", "-r", "1.1.0", "--stored", "-f", "pdf")
    french = folders.amoa(folders.reading, "--lang", "fr", "report", "-r", "1.1.0", "--stored", "-f", "pdf")
    html = archive.stored(folders.reader().uow(), "1.1.0", "html")
    with folders.app.engine.connect() as connection:
        pdf_kept = connection.execute(
            select(tables.stored_reports.c.created_at).where(tables.stored_reports.c.kind == "pdf")
        ).scalar_one()
    assert served.returncode == 2 and "Traceback" not in served.stderr
    assert len(served.stderr.strip().splitlines()) == 1, served.stderr
    line = served.stderr.strip()
    assert "1.1.0" in line and "PDF" in line and "amoa report -r 1.1.0 -f pdf" in line
    assert f"{pdf_kept:%Y-%m-%d %H:%M:%S} UTC" in line and f"{html.created_at:%Y-%m-%d %H:%M:%S} UTC" in line
    assert french.returncode == 2 and "antérieur" in french.stderr
    assert not (folders.reading / PDF).exists()
    with TestClient(web_app(folders.reader(), ENVIRON), follow_redirects=False) as client:
        open_gate(client)
        refused = client.get("/gates/1.1.0/vabf/stored/pdf")
        current = client.get("/gates/1.1.0/vabf/stored/html")
    assert refused.status_code == 409 and b"premier passage" not in refused.content
    assert current.status_code == 200 and "Conforme paie" in current.text


def test_a_stored_pv_kept_before_decisions_says_so_and_amoa_report_keeps_it_with_them(
    folders: TwoFolders,
) -> None:
    """Decisions made with no gate flow waiting (amoa approve, the web page) are in the PV once it
    is kept again: until then ``--stored`` serves the PV it has, and says what it lacks."""
    assert folders.amoa(folders.rendering, "report", "-r", "1.1.0").returncode == 0
    app = folders.app
    pv = app.current_pv("1.1.0")
    KEYS.decide(app.uow, app.gates(), "1.1.0", "vabf", "dupont", DecisionKind.APPROVE, "Conforme paie", pv=pv)

    lagging = folders.amoa(folders.reading, "report", "-r", "1.1.0", "--stored")
    kept_again = folders.amoa(folders.rendering, "report", "-r", "1.1.0")
    current = folders.amoa(folders.reading, "report", "-r", "1.1.0", "--stored")

    assert lagging.returncode == 0, lagging.stderr
    assert "1 decision(s) recorded since this PV was kept" in lagging.stderr
    assert "amoa report -r 1.1.0 keeps it with them" in lagging.stderr
    assert kept_again.returncode == 0 and current.returncode == 0
    assert current.stderr == "" and "Conforme paie" in (folders.reading / PV).read_text(encoding="utf-8")
