"""``amoa link`` prints an approver's link only for a gate they can decide on: opened for that
release (a mistyped release is refused, not a link to a 404) and still pending (a closed gate's
link would open a page with nothing to decide)."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from amoa_workflow.bootstrap import bootstrap
from amoa_workflow.domain.quorum import Outcome
from amoa_workflow.settings.project import load_settings
from amoa_workflow.signatures.links import DECIDE, LinkSigner
from tests.e2e.conftest import Amoa
from tests.e2e.test_cli_errors import assert_one_clear_line
from tests.web_project import prepared

WEB = {
    "AMOA_WEB_SECRET": "test-secret-0123456789-abcdefghijklmnop",
    "AMOA_WEB_URL": "https://recette.example",
}


@pytest.fixture
def recorded(sample_project: Path) -> Path:
    """The sample with release 1.1.0 recorded and its gate ``vabf`` opened (approvers dupont, martin)."""
    prepared(sample_project, f"sqlite:///{sample_project / 'data' / 'amoa.db'}").engine.dispose()
    return sample_project


def test_a_link_is_printed_for_an_approver_of_a_pending_gate(amoa: Amoa, recorded: Path) -> None:
    printed = amoa("link", "--release", "1.1.0", "--gate", "vabf", "--approver", "martin", env=WEB)

    assert printed.returncode == 0, printed.stderr
    assert printed.stdout.strip().startswith("https://recette.example/l/")


def test_a_link_for_a_release_whose_gate_is_not_open_is_refused_in_one_line(
    amoa: Amoa, recorded: Path
) -> None:
    mistyped = amoa("link", "--release", "1.1.O", "--gate", "vabf", "--approver", "martin", env=WEB)

    assert_one_clear_line(mistyped, 2, "porte « vabf » de la version 1.1.O : pas encore ouverte")
    assert "https://" not in mistyped.stdout


def test_a_link_for_a_closed_gate_is_refused_in_one_line(amoa: Amoa, recorded: Path) -> None:
    app = bootstrap(load_settings(recorded, environ={}))
    with app.uow() as uow:
        gate = uow.gates.get("1.1.0", "vabf")
        assert gate is not None
        uow.gates.close(gate, Outcome.REJECTED, datetime.now(UTC))
        uow.commit()
    app.engine.dispose()

    closed = amoa("link", "--release", "1.1.0", "--gate", "vabf", "--approver", "dupont", env=WEB)

    assert_one_clear_line(closed, 2, "la porte est close : refusée")
    assert "https://" not in closed.stdout


def test_a_decision_made_with_a_link_names_that_link(amoa: Amoa, recorded: Path) -> None:
    url = amoa("link", "--release", "1.1.0", "--gate", "vabf", "--approver", "dupont", env=WEB).stdout.strip()
    link_id = LinkSigner(WEB["AMOA_WEB_SECRET"].encode()).verify(
        url.rpartition("/l/")[2], datetime.now(UTC), DECIDE
    )

    decided = amoa(
        "approve", "--release", "1.1.0", "--gate", "vabf", "--approver", "dupont", "--decision", "approve",
        "--comment", "conforme", "--link", url, "--yes", env=WEB,
    )  # fmt: skip

    assert decided.returncode == 0, decided.stderr
    assert f"Par le lien {link_id.link_id} — PV " in decided.stdout
    assert "Par le lien link" not in decided.stdout
