"""Dates typed the French way or ISO, everywhere a date is typed; a gap id or a declared text."""

from __future__ import annotations

from datetime import date

import pytest

from amoa_workflow.domain.dates import typed_date
from amoa_workflow.domain.decisions import Reservation
from amoa_workflow.gates.reservations import reservations_from


@pytest.mark.parametrize("text", ["15/12/2026", "2026-12-15", " 15-12-2026 ", "15.12.2026", "15/12/2026"])
def test_french_and_iso_dates_are_read(text: str) -> None:
    assert typed_date(text) == date(2026, 12, 15)


@pytest.mark.parametrize("text", ["31/02/2026", "12/15/2026", "2026-12-15T10:00", "demain", "", "15/12/26"])
def test_anything_else_is_refused_saying_which_forms_are_read(text: str) -> None:
    with pytest.raises(ValueError, match="15/12/2026 or 2026-12-15"):
        typed_date(text)


def test_reservations_name_a_gap_or_are_declared_as_text() -> None:
    found = reservations_from(
        ["requirement_failing:EXG-004|MOE PaieNova|15/12/2026"], ["Former les gestionnaires|DRH|2027-01-31"]
    )

    assert found == [
        Reservation("requirement_failing:EXG-004", "MOE PaieNova", date(2026, 12, 15)),
        Reservation("reservation:Former les gestionnaires", "DRH", date(2027, 1, 31)),
    ]
    assert [r.text for r in found] == [None, "Former les gestionnaires"]


@pytest.mark.parametrize("text", ["EXG-004|MOE", "|MOE|15/12/2026", "x|MOE|15/13/2026"])
def test_a_malformed_reservation_is_refused_by_its_text(text: str) -> None:
    with pytest.raises(ValueError, match="MOE"):
        reservations_from([text])
