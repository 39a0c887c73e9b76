"""A scenario's key fits where it is kept, stays the same from run to run, and tells rows apart."""

from __future__ import annotations

from amoa_workflow.domain.scenario_keys import KEY_LENGTH, is_shortened, scenario_key
from amoa_workflow.domain.selection import Selection

LONG = "indemnité de fin de contrat versée au salarié " * 6


def test_a_key_that_fits_is_the_file_the_name_and_the_row() -> None:
    assert (
        scenario_key("features/paie.feature", "Net", "Syntec-1500")
        == "features/paie.feature::Net[Syntec-1500]"
    )
    assert scenario_key("features/paie.feature", "Net") == "features/paie.feature::Net"
    assert not is_shortened("features/paie.feature::Net[Syntec-1500]")


def test_a_long_key_is_shortened_the_same_way_each_time_and_two_long_rows_keep_two_keys() -> None:
    first = scenario_key("features/paie.feature", "Libellé", f"Syntec-{LONG}")
    second = scenario_key("features/paie.feature", "Libellé", f"Métallurgie-{LONG}")

    assert len(first) == len(second) == KEY_LENGTH
    assert first == scenario_key("features/paie.feature", "Libellé", f"Syntec-{LONG}")
    assert first != second
    assert first.startswith("features/paie.feature::Libellé[Syntec-indemnité")
    assert is_shortened(first) and is_shortened(second)


def test_a_key_whose_name_alone_is_too_long_keeps_its_file() -> None:
    key = scenario_key("features/paie.feature", LONG)

    assert len(key) == KEY_LENGTH and key.startswith("features/paie.feature::indemnité")
    assert key.split("::", 1)[0] == "features/paie.feature"


def test_a_selection_of_shortened_keys_lets_the_plan_keep_their_file_for_the_run_to_choose() -> None:
    key = scenario_key("features/paie.feature", "Libellé", f"Syntec-{LONG}")
    selection = Selection(keys=frozenset({key}))

    assert selection.may_select("features/paie.feature", "Libellé", ())
    assert not selection.may_select("features/temps.feature", "Libellé", ())
    assert selection.matches(key, ())  # the run computes the same key and finds the row
    assert not selection.matches(scenario_key("features/paie.feature", "Libellé", f"Autre-{LONG}"), ())
