"""The decision form, read and checked without a server: what an approver decided, and what is wrong.

Forms are sent as ``application/x-www-form-urlencoded`` (no JavaScript, no upload). Each gap of
the page is a row ``r-<n>-gap`` (its identity), ``r-<n>-on`` (checked: accept it as a reservation),
``r-<n>-owner`` and ``r-<n>-due`` (``YYYY-MM-DD``).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from urllib.parse import parse_qs

from amoa_workflow.domain.dates import typed_date

DECISIONS = ("approve", "approve_with_reservations", "reject")
MAX_BODY = 64 * 1024
MAX_ROWS = 500
MAX_COMMENT = 4000
MAX_OWNER = 128
_PV = re.compile(r"[0-9a-f]{64}")


@dataclass(frozen=True)
class Reservation:
    gap: str  # the gap's identity, e.g. requirement_failing:EXG-004
    owner: str
    due: date


@dataclass(frozen=True)
class DecisionForm:
    decision: str
    comment: str
    reservations: tuple[Reservation, ...]
    pv: str | None = None  # the fingerprint of the PV the page showed


@dataclass(frozen=True)
class FormReading:
    """The form as sent (to show it again) and the problems found (i18n keys); none: ``form`` is set."""

    values: Mapping[str, str]
    problems: tuple[str, ...]
    form: DecisionForm | None


def parse_body(body: bytes) -> dict[str, str]:
    """The fields of an urlencoded body, the first value of each; too large or not UTF-8: empty."""
    if len(body) > MAX_BODY:
        return {}
    try:
        fields = parse_qs(body.decode("utf-8"), keep_blank_values=True, max_num_fields=4 * MAX_ROWS + 10)
    except (UnicodeDecodeError, ValueError):
        return {}
    return {key: values[0] for key, values in fields.items()}


def read_decision(values: Mapping[str, str], today: date, gaps: Sequence[str]) -> FormReading:
    """Check a decision form against the gaps shown on the page (``gaps``: their identities)."""
    problems: list[str] = []
    decision = values.get("decision", "")
    comment = values.get("comment", "").strip().replace("\r\n", "\n")
    if decision not in DECISIONS:
        problems.append("web.problem.decision")
    if len(comment) > MAX_COMMENT:
        problems.append("web.problem.comment_long")
    if decision == "reject" and not comment:
        problems.append("web.problem.comment_needed")
    reservations: list[Reservation] = []
    for index in range(min(len(gaps), MAX_ROWS)):
        prefix = f"r-{index}-"
        if not values.get(prefix + "on"):
            continue
        gap = values.get(prefix + "gap", "")
        owner = values.get(prefix + "owner", "").strip()
        due = _date(values.get(prefix + "due", ""))
        if gap not in gaps:
            problems.append("web.problem.unknown_gap")
        elif not owner or len(owner) > MAX_OWNER:
            problems.append("web.problem.owner")
        elif due is None or due < today:
            problems.append("web.problem.due")
        else:
            reservations.append(Reservation(gap, owner, due))
    if decision == "approve_with_reservations" and not reservations and not problems:
        problems.append("web.problem.no_reservation")
    if decision in ("approve", "reject") and any(values.get(f"r-{i}-on") for i in range(len(gaps))):
        problems.append("web.problem.reservations_need_choice")
    pv = values.get("pv", "")
    if not _PV.fullmatch(pv):
        problems.append("web.problem.pv")
    unique = tuple(dict.fromkeys(problems))
    form = None if unique else DecisionForm(decision, comment, tuple(reservations), pv)
    return FormReading(values=dict(values), problems=unique, form=form)


def _date(text: str) -> date | None:
    try:
        return typed_date(text)
    except ValueError:
        return None
