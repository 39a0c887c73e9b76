"""The built-in REST steps against a real HTTP/1.1 server on loopback: one client per scenario
(one connection, its cookies), typographic apostrophes and verbs in any case, the extra checks,
cleanup requests sent even when the scenario fails, and no silent demo API when AMOA_API_URL is
unset (the project ``amoa init`` writes, with and without ``--demo``)."""

from __future__ import annotations

import json
import os
import subprocess
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from amoa_workflow.domain.model import ScenarioResult, Status
from amoa_workflow.scenarios.runner import PytestBddRunner
from tests.e2e.conftest import AMOA


class Api(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), Handler)
        self.connections = 0
        self.requests: list[tuple[str, str, str | None]] = []  # method, path, cookie
        self.balance = 1000

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True  # headers and body leave at once, as real servers send them
    server: Api

    def setup(self) -> None:
        super().setup()
        self.server.connections += 1

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def _answer(self, status: int, body: object, cookie: str | None = None) -> None:
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        if cookie:
            self.send_header("Set-Cookie", cookie)
        self.end_headers()
        self.wfile.write(data)

    def _handle(self) -> None:
        self.server.requests.append((self.command, self.path, self.headers.get("Cookie")))
        length = int(self.headers.get("Content-Length") or 0)
        if length:
            self.rfile.read(length)
        if self.path == "/session":
            self._answer(200, {"ok": True}, cookie="session=abc; Path=/")
        elif self.path == "/compte":
            self._answer(200, {"solde": self.server.balance, "lignes": [1, 2, 3]})
        elif self.path == "/paiement":
            self.server.balance -= 100
            self._answer(201, {"solde": self.server.balance})
        else:
            self._answer(200 if self.command != "DELETE" else 204, {"statut": "ok"})

    def do_GET(self) -> None:
        self._handle()

    def do_POST(self) -> None:
        self._handle()

    def do_DELETE(self) -> None:
        self._handle()


@pytest.fixture(scope="module")
def api() -> Iterator[Api]:
    server = Api()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


CONFTEST = "from amoa_workflow.steps.rest import *  # noqa: F403\n"
FEATURE = """# language: fr
Fonctionnalité: Compte
  Scénario: une session
    Étant donné l’API de recette
    Quand j’envoie une requête get sur "/session"
    Et j’envoie une requête Get sur "/compte"
    Et j'envoie une requête GET sur "/compte"
    Alors le code de réponse est 200

  Scénario: un paiement
    Étant donné l'API de recette
    Quand j'envoie une requête GET sur "/compte"
    Et je retiens le champ "solde" sous le nom "avant"
    Alors le champ "lignes" contient 3 éléments
    Et le champ "solde" est supérieur à 0
    Et à la fin du scénario, j'envoie une requête DELETE sur "/paiements/dernier"
    Quand j'envoie une requête POST sur "/paiement"
    Alors le champ "solde" a diminué de 100 par rapport à "${avant}"
    Et le champ "solde" est inférieur à 0

  Scénario: sans adresse
    Étant donné l'API de recette
    Quand j'envoie une requête GET sur "/sante"
"""


def run(tmp_path: Path) -> dict[str, ScenarioResult]:
    (tmp_path / "features").mkdir(exist_ok=True)
    (tmp_path / "features" / "conftest.py").write_text(CONFTEST, encoding="utf-8")
    (tmp_path / "features" / "compte.feature").write_text(FEATURE, encoding="utf-8")
    runner = PytestBddRunner(tmp_path, tmp_path / "features", tmp_path / "runs", r"EXG-\d{3}", timeout=120)
    return {r.scenario: r for r in runner.run("1.0.0", "api").results}


@pytest.fixture(scope="module")
def results(api: Api, tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, ScenarioResult]]:
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("AMOA_API_URL", api.url)
        yield run(tmp_path_factory.mktemp("rest"))


def test_a_scenario_uses_one_connection_and_keeps_the_cookies_the_api_sets(
    results: dict[str, ScenarioResult], api: Api
) -> None:
    assert results["une session"].status is Status.PASSED, results["une session"].message
    session = [r for r in api.requests if r[1] in ("/session",)] + [
        r for r in api.requests if r[1] == "/compte" and r[2] == "session=abc"
    ]
    assert len(session) == 3  # the two reads after /session sent its cookie back
    assert api.connections <= 3  # one per scenario that sent requests, not one per request


def test_typographic_apostrophes_and_verbs_in_any_case_are_understood(
    results: dict[str, ScenarioResult],
) -> None:
    assert [s.status for s in results["une session"].steps] == [Status.PASSED] * 5


def test_relative_checks_lengths_and_cleanup_sent_even_when_the_scenario_fails(
    results: dict[str, ScenarioResult], api: Api
) -> None:
    payment = results["un paiement"]

    assert [s.status for s in payment.steps] == [Status.PASSED] * 8 + [Status.FAILED]
    assert "solde" in (payment.message or "") and "inférieur à 0" in (payment.message or "")
    sent = [r[:2] for r in api.requests]
    assert sent.index(("DELETE", "/paiements/dernier")) == sent.index(("POST", "/paiement")) + 1


def test_without_amoa_api_url_the_health_step_fails_saying_so(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("AMOA_API_URL", raising=False)
    results = run(tmp_path)

    alone = results["sans adresse"]
    assert alone.status is Status.FAILED
    assert "AMOA_API_URL n'est pas défini" in (alone.message or "")
    assert "aucune API de démonstration" in (alone.message or "")


def init(tmp_path: Path, *options: str) -> Path:
    subprocess.run([str(AMOA), "init", str(tmp_path / "p"), *options], capture_output=True, check=True)
    return tmp_path / "p"


def run_project(project: Path) -> ScenarioResult:
    runner = PytestBddRunner(project, project / "features", project / "runs", r"EXG-\d{3}", timeout=120)
    [result] = runner.run("0.1.0", "init").results
    return result


def test_a_new_project_does_not_silently_test_a_demo_api(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("AMOA_API_URL", raising=False)
    project = init(tmp_path)

    result = run_project(project)

    assert not (project / "features" / "support").exists()
    assert result.status is Status.FAILED
    assert "AMOA_API_URL" in (result.message or "")


def test_the_demo_is_opt_in_and_deleting_it_is_harmless(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("AMOA_API_URL", raising=False)
    project = init(tmp_path, "--demo")
    assert run_project(project).status is Status.PASSED

    (project / "features" / "support" / "api_demo.py").unlink()
    result = run_project(project)

    assert result.status is Status.FAILED
    assert "AMOA_API_URL" in (result.message or "")


def test_failures_read_without_python_class_names(results: dict[str, ScenarioResult]) -> None:
    payment = results["un paiement"]

    assert payment.message is not None
    assert payment.message.startswith("le champ « solde » vaut")
    assert "StepFailure" not in payment.message and "amoa_workflow" not in payment.message
    [failed] = [s for s in payment.steps if s.status is Status.FAILED]
    assert failed.error is not None and failed.error.startswith("le champ « solde » vaut")


def test_an_undefined_step_reads_in_the_run_language_and_points_to_the_catalog(tmp_path: Path) -> None:
    (tmp_path / "features").mkdir()
    (tmp_path / "features" / "conftest.py").write_text(CONFTEST, encoding="utf-8")
    (tmp_path / "features" / "a.feature").write_text(
        "# language: fr\nFonctionnalité: f\n  Scénario: s\n    Soit une étape inconnue\n", encoding="utf-8"
    )
    runner = PytestBddRunner(
        tmp_path, tmp_path / "features", tmp_path / "runs", r"EXG-\d{3}", timeout=120, lang="fr"
    )

    [result] = runner.run("1.0.0", "undefined").results

    assert result.status is Status.UNDEFINED
    assert (
        result.message
        == "étape sans définition : Soit « une étape inconnue » (ligne 4) ; les étapes connues : amoa steps"
    )


def test_amoa_run_warns_before_starting_when_the_built_in_steps_have_no_api(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("AMOA_API_URL", raising=False)
    project = init(tmp_path)

    ran = subprocess.run(
        [str(AMOA), "--lang", "en", "--project", str(project), "run", "--release", "0.1.0"],
        capture_output=True, text=True, check=False, timeout=300,
        env={k: v for k, v in os.environ.items() if not k.startswith("AMOA_")},
    )  # fmt: skip
    demo = init(tmp_path / "demo", "--demo")
    with_demo = subprocess.run(
        [str(AMOA), "--lang", "en", "--project", str(demo), "run", "--release", "0.1.0"],
        capture_output=True, text=True, check=False, timeout=300,
        env={k: v for k, v in os.environ.items() if not k.startswith("AMOA_")},
    )  # fmt: skip

    assert "Warning: AMOA_API_URL is not set" in ran.stderr
    assert "Warning: AMOA_API_URL" not in with_demo.stderr  # its own amoa_api_url fixture decides
