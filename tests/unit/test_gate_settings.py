"""Approval gates read from config/approvers.toml: the sample's, and each mistake as one clear line."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

from amoa_workflow.domain.gates import definition_from, rules_of
from amoa_workflow.domain.quorum import Outcome, Quorum
from amoa_workflow.errors import ConfigError
from amoa_workflow.settings.gates import load_gates

REPO = Path(__file__).resolve().parents[2]
PEOPLE = """
[[approvers]]
id = "dupont"
domains = ["Paie"]
[[approvers]]
id = "martin"
[[groups]]
id = "direction"
members = ["martin"]
"""


def gates_of(tmp_path: Path, text: str) -> object:
    (tmp_path / "config").mkdir(exist_ok=True)
    (tmp_path / "config" / "approvers.toml").write_text(PEOPLE + text, encoding="utf-8")
    return load_gates(tmp_path, "recette")


def test_the_sample_has_a_vabf_gate_of_two_approvers_needing_no_environment() -> None:
    [gate] = load_gates(REPO, "recette")
    assert (gate.name, gate.checkpoint, gate.quorum.kind) == ("vabf", "recette", Quorum.ALL)
    assert [a.id for a in gate.approvers] == ["dupont", "martin"]
    assert gate.timeout == timedelta(hours=72) and gate.escalate_to == ("direction",)
    assert gate.on_timeout is Outcome.EXPIRED  # the default: silence decides nothing


def test_a_gate_may_be_rejected_at_its_deadline_and_the_rule_is_frozen_with_it(tmp_path: Path) -> None:
    [gate] = gates_of(tmp_path, '[[gates]]\nname = "mep"\napprovers = ["dupont"]\ntimeout = 24\n'
                                'on_timeout = "rejected"\n')  # type: ignore[misc]  # fmt: skip
    assert gate.on_timeout is Outcome.REJECTED
    assert definition_from("mep", rules_of(gate)).on_timeout is Outcome.REJECTED
    frozen_before = {k: v for k, v in rules_of(gate).items() if k != "on_timeout"}  # a gate opened earlier
    assert definition_from("mep", frozen_before).on_timeout is Outcome.EXPIRED


def test_groups_bring_their_members_and_n_of_m_its_number(tmp_path: Path) -> None:
    [gate] = gates_of(tmp_path, '[[gates]]\nname = "mep"\napprovers = ["dupont", "direction"]\n'
                                'quorum = "n_of_m"\nrequired = 2\n')  # type: ignore[misc]  # fmt: skip
    assert [a.id for a in gate.approvers] == ["dupont", "martin"]
    assert (gate.quorum.kind, gate.quorum.required, gate.checkpoint) == (Quorum.N_OF_M, 2, "recette")


def test_no_file_no_gate(tmp_path: Path) -> None:
    assert load_gates(tmp_path, "recette") == ()


@pytest.mark.parametrize(
    "text, message",
    [
        ('[[gates]]\nname = "VABF"\napprovers = ["dupont"]\n', "must be lowercase letters, digits or dashes"),
        ('[[gates]]\nname = "vabf"\napprovers = ["inconnu"]\n', '"inconnu" is neither an approver'),
        ('[[gates]]\nname = "vabf"\napprovers = []\n', "approvers is empty"),
        ('[[gates]]\nname = "vabf"\napprovers = ["dupont"]\nquorum = "most"\n', "quorum must be one of"),
        ('[[gates]]\nname = "vabf"\napprovers = ["dupont"]\nquorum = "n_of_m"\nrequired = 3', "from 1 to 1"),
        ('[[gates]]\nname = "vabf"\napprovers = ["dupont"]\ntimeout = -1\n', "timeout must be a positive"),
        ('[[gates]]\nname = "vabf"\napprovers = ["dupont"]\ntimeout = 1e400\n', "at most 8760"),
        ('[[gates]]\nname = "vabf"\napprovers = ["dupont"]\nescalate_to = ["x"]\n', "unknown ids (x)"),
        ('[[gates]]\nname = "vabf"\napprovers = ["dupont"]\ntimeout = 24\non_timeout = "approved"\n',
         "gate vabf: on_timeout = \"approved\" is refused: silence never approves"),
        ('[[gates]]\nname = "vabf"\napprovers = ["dupont"]\ntimeout = 24\non_timeout = "refuse"\n',
         "gate vabf: on_timeout must be expired or rejected"),
        ('[[gates]]\nname = "vabf"\napprovers = ["dupont"]\non_timeout = "rejected"\n',
         "gate vabf: on_timeout needs a timeout"),
        ('[[gates]]\nname = "a"\napprovers = ["dupont"]\n[[gates]]\nname = "a"\napprovers = ["dupont"]\n',
         "gates named twice: a"),
    ],
)  # fmt: skip
def test_mistakes_are_one_line_naming_the_file(tmp_path: Path, text: str, message: str) -> None:
    with pytest.raises(ConfigError) as caught:
        gates_of(tmp_path, text)
    assert message in caught.value.render("en") and "approvers.toml" in caught.value.render("en")
    assert "\n" not in caught.value.render("fr")


@pytest.mark.parametrize(
    ("value", "shown"), [('["rejected"]', "['rejected']"), ("24", "24"), ("{ x = 1 }", "{'x': 1}")]
)
def test_an_on_timeout_that_is_not_text_names_the_file_and_the_gates_line(
    tmp_path: Path, value: str, shown: str
) -> None:
    text = ('[[gates]]\nname = "vabf"\napprovers = ["dupont"]\n\n[[gates]]\nname = "mep"\n'
            f'approvers = ["dupont"]\ntimeout = 24\non_timeout = {value}\n')  # fmt: skip
    with pytest.raises(ConfigError) as caught:
        gates_of(tmp_path, text)

    line = (PEOPLE + text).splitlines().index('name = "mep"')  # the line after [[gates]], numbered from 1
    assert caught.value.render("en").endswith(
        f'approvers.toml:{line}: gate mep: on_timeout must be expired or rejected (not "{shown}")'
    )
    assert "«" not in caught.value.render("en") and f"« {shown} »" in caught.value.render("fr")


def test_a_gate_may_not_take_the_name_the_manual_part_waits_at(tmp_path: Path) -> None:
    with pytest.raises(ConfigError) as caught:
        gates_of(tmp_path, '[[gates]]\nname = "manual"\napprovers = ["dupont"]\n')

    assert 'gate #1: the name "manual" is reserved' in caught.value.render("en")
    assert "« manual » est réservé" in caught.value.render("fr")
