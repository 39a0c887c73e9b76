"""Requirements planned by lot: a requirement is due from its target release on.

A target names a release or a lot by its number (``2.1``, ``v2.1.0``, ``Lot 2``): the numbers in
it are compared with the numbers of the release being checked, missing places counting as 0
(``Lot 2`` is due from ``2.0`` on, not in ``1.4``). A requirement without a target is due now.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from amoa_workflow.domain.model import Requirement, RequirementCoverage

_NUMBER = re.compile(r"\d+")


def version_numbers(text: str) -> tuple[int, ...]:
    """The numbers of a version or lot, trailing zeros dropped: ``v2.1.0`` → (2, 1); ``Lot 2`` → (2,)."""
    numbers = [int(n) for n in _NUMBER.findall(text)]
    while numbers and numbers[-1] == 0:
        numbers.pop()
    return tuple(numbers)


def has_version_number(text: str) -> bool:
    return bool(_NUMBER.search(text))


def is_due(requirement: Requirement, version: str) -> bool:
    """True when ``requirement`` is expected to work in release ``version``."""
    if not requirement.target:
        return True
    return version_numbers(version) >= version_numbers(requirement.target)


def due_now(rows: Iterable[RequirementCoverage], version: str) -> tuple[RequirementCoverage, ...]:
    """The coverage rows of the requirements due in ``version`` (what the exit criteria count)."""
    return tuple(row for row in rows if is_due(row.requirement, version))
