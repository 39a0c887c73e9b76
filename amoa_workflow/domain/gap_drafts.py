"""Gaps being put together by :mod:`amoa_workflow.domain.gaps`: one per identity, gathering the
scenarios, facts and notes items that describe it, and judged once complete.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field

from amoa_workflow.domain.model import Criticality, Gap, GapType, Requirement, Severity

_ORDER = (Severity.BLOCKING, Severity.MAJOR, Severity.MINOR)
_TYPE_ORDER = {kind: position for position, kind in enumerate(GapType)}
# The gaps a vendor's known issue can explain (not a flaky or silently fixed scenario).
LIMITABLE = frozenset(
    {
        GapType.REQUIREMENT_FAILING,
        GapType.REQUIREMENT_UNCOVERED,
        GapType.FIX_STILL_FAILING,
        GapType.ANNOUNCED_UNTESTED,
        GapType.REGRESSION,
        GapType.NOT_EXECUTABLE,
    }
)


@dataclass
class Draft:
    identity: str
    kind: GapType
    requirement: Requirement | None
    default: Criticality  # judged as if its requirement had this criticality when it has none
    scenario_keys: dict[str, None] = field(default_factory=dict)
    facts: set[GapType] = field(default_factory=set)
    item_texts: dict[str, None] = field(default_factory=dict)
    anomaly_refs: dict[str, None] = field(default_factory=dict)

    def add_texts(self, texts: Iterable[str], anomalies: Iterable[str]) -> None:
        self.item_texts.update(dict.fromkeys(texts))
        self.anomaly_refs.update(dict.fromkeys(anomalies))

    def gap(self, matrix: Mapping[tuple[GapType, Criticality], Severity]) -> Gap:
        return Gap(
            identity=self.identity,
            type=self.kind,
            severity=self.severity(matrix),
            requirement_code=self.requirement.code if self.requirement else None,
            scenario_keys=tuple(self.scenario_keys),
            item_texts=tuple(self.item_texts),
            anomaly_refs=tuple(self.anomaly_refs),
            facts=tuple(sorted(self.facts, key=_TYPE_ORDER.__getitem__)),
        )

    def severity(self, matrix: Mapping[tuple[GapType, Criticality], Severity]) -> Severity:
        """The worst of its cause's and facts' severities; not due: minor; known: one level lower."""
        if self.kind is GapType.NOT_DUE:
            return Severity.MINOR
        criticality = self.requirement.criticality if self.requirement else self.default
        observed = [
            matrix[(kind, criticality)]
            for kind in (self.kind, *self.facts)
            if (kind, criticality) in matrix and kind is not GapType.KNOWN_LIMITATION
        ]
        worst = min(observed, key=_ORDER.index) if observed else Severity.MINOR
        if self.kind is GapType.KNOWN_LIMITATION:
            configured = matrix.get((GapType.KNOWN_LIMITATION, criticality))
            return configured or _ORDER[min(_ORDER.index(worst) + 1, len(_ORDER) - 1)]
        return worst


class Drafts:
    """The gaps found so far, by identity, in the order they were first found."""

    def __init__(self) -> None:
        self._by_identity: dict[str, Draft] = {}

    def __iter__(self) -> Iterator[Draft]:
        return iter(list(self._by_identity.values()))

    def add(
        self,
        identity: str,
        kind: GapType,
        requirement: Requirement | None,
        default: Criticality | None,
        scenario_key: str | None,
        facts: Iterable[GapType],
    ) -> Draft:
        draft = self._by_identity.get(identity)
        if draft is None:
            draft = Draft(identity, kind, requirement, default or Criticality.MAJOR)
            self._by_identity[identity] = draft
        elif draft.requirement is None:
            draft.requirement = requirement
        if scenario_key is not None:
            draft.scenario_keys[scenario_key] = None
        draft.facts.update(f for f in facts if f is not kind)
        return draft

    def declare_known(
        self,
        by_requirement: Mapping[str, list[str]],
        by_anomaly: Mapping[str, list[str]],
        tags: Mapping[str, tuple[str, ...]],
    ) -> None:
        """Turn each gap a known issue names (by requirement, or by an anomaly id on one of its
        scenarios or in its fix) into a known limitation with the same subject."""
        for draft in self:
            if draft.kind not in LIMITABLE:
                continue
            texts = list(by_requirement.get(draft.requirement.code, ())) if draft.requirement else []
            anomalies = [*draft.anomaly_refs, *(t for key in draft.scenario_keys for t in tags.get(key, ()))]
            texts += [text for ref in dict.fromkeys(anomalies) for text in by_anomaly.get(ref, ())]
            if not texts:
                continue
            del self._by_identity[draft.identity]
            subject = draft.identity.split(":", 1)[1]
            known = self.add(f"{GapType.KNOWN_LIMITATION}:{subject}", GapType.KNOWN_LIMITATION,
                             draft.requirement, draft.default, None, {draft.kind, *draft.facts})  # fmt: skip
            known.scenario_keys.update(draft.scenario_keys)
            known.add_texts([*draft.item_texts, *texts], draft.anomaly_refs)
