"""References found in the text of a release-note item.

Requirement and anomaly ids follow the project's patterns; tracker keys are recognised only
for the project keys in an allow-list, so ``UTF-8``, ``CVE-2021`` or ``PEP-696`` are not tickets.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property


@dataclass(frozen=True)
class ReferencePatterns:
    requirement: str
    anomaly: str
    tracker_keys: tuple[str, ...] = field(default=())

    @cached_property
    def _requirement(self) -> re.Pattern[str]:
        return re.compile(rf"(?<![\w-])(?:{self.requirement})(?![\w-])")

    @cached_property
    def _anomaly(self) -> re.Pattern[str]:
        return re.compile(rf"(?<![\w-])(?:{self.anomaly})(?![\w-])")

    @cached_property
    def _ticket(self) -> re.Pattern[str] | None:
        if not self.tracker_keys:
            return None
        keys = "|".join(re.escape(k) for k in sorted(self.tracker_keys, key=len, reverse=True))
        return re.compile(rf"(?<![\w-])(?:{keys})-\d+(?![\w-])")


_ISSUE = re.compile(r"(?<![\w/&#])#(\d+)\b")
# Links to pull/merge requests and to issues (« …/issues/710 »), GitHub- or GitLab-style.
_PULL_LINK = re.compile(r"https?://[^\s)>\]`]+/(?:pull|pulls|merge_requests|issues)/\d+")


@dataclass(frozen=True)
class References:
    requirements: tuple[str, ...]
    anomalies: tuple[str, ...]
    tickets: tuple[str, ...]
    issue_numbers: tuple[str, ...]
    links: tuple[str, ...]


def find_references(text: str, patterns: ReferencePatterns) -> References:
    ticket = patterns._ticket
    links = _unique(m.group(0) for m in _PULL_LINK.finditer(text))
    without_links = _PULL_LINK.sub(" ", text)
    return References(
        requirements=_unique(m.group(0) for m in patterns._requirement.finditer(text)),
        anomalies=_unique(m.group(0) for m in patterns._anomaly.finditer(text)),
        tickets=_unique(m.group(0) for m in ticket.finditer(text)) if ticket else (),
        issue_numbers=_unique(f"#{m.group(1)}" for m in _ISSUE.finditer(without_links)),
        links=links,
    )


def _unique(found: Iterable[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(found))
