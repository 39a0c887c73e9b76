"""Use cases of the manual part of a campaign: what is to do, by whom, how far it is, recording it."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol

from amoa_workflow.checkpoint import services
from amoa_workflow.domain.acceptance_rules import AcceptanceRules
from amoa_workflow.domain.attachments import Attachment, AttachmentPolicy, new_files
from amoa_workflow.domain.gates import GateStatus
from amoa_workflow.domain.manual import ManualExecution, apply, is_manual, unexecuted
from amoa_workflow.domain.manual_invitations import ManualOpening
from amoa_workflow.domain.model import Requirement, ScenarioResult, Status
from amoa_workflow.domain.selection import Selection
from amoa_workflow.domain.testers import Progress, Tester, assign, progress
from amoa_workflow.errors import CampaignNotFound, ManualWorkRefused
from amoa_workflow.ports import GateStore, UnitOfWork


class ManualWork(Protocol):
    def assignments(self, key: str) -> dict[str, str]: ...

    def assign(self, key: str, scenario_keys: Sequence[str], tester: str, by: str, at: datetime) -> None: ...

    def executions(self, key: str) -> dict[str, ManualExecution]: ...

    def release_of(self, key: str) -> str | None: ...

    def record(self, key: str, executions: Sequence[ManualExecution]) -> None: ...

    def attach(self, key: str, attachment: Attachment, content: bytes) -> Attachment: ...

    def opening(self, key: str) -> ManualOpening | None: ...

    def openings(self) -> list[ManualOpening]: ...

    def attachments(self, key: str) -> tuple[Attachment, ...]: ...

    def attachment(self, key: str, attachment_id: int) -> tuple[Attachment, bytes] | None: ...


class ManualUnitOfWork(UnitOfWork, Protocol):
    @property
    def manual(self) -> ManualWork: ...

    @property
    def gates(self) -> GateStore: ...


@dataclass(frozen=True)
class ManualPart:
    """A campaign's manual scenarios (as the run listed them), who executes each, what was recorded."""

    campaign: str
    scenarios: tuple[ScenarioResult, ...]
    assignment: Mapping[str, str | None]
    executions: Mapping[str, ManualExecution]
    testers: tuple[Tester, ...]
    requirements: Mapping[str, Requirement]
    attachments: tuple[Attachment, ...] = ()

    def of(self, tester: str) -> list[ScenarioResult]:
        return [s for s in self.scenarios if self.assignment.get(s.key) == tester]

    def progress(self) -> tuple[list[Progress], list[Progress]]:
        return progress(self.scenarios, self.assignment, self.executions, self.testers, self.requirements)


def read_part(
    uow: ManualUnitOfWork, campaign: str, testers: Sequence[Tester], manual_tags: Sequence[str]
) -> ManualPart:
    """The manual part of ``campaign`` (its own transaction)."""
    with uow:
        return _part(uow, campaign, testers, manual_tags)


def _part(
    uow: ManualUnitOfWork, campaign: str, testers: Sequence[Tester], manual_tags: Sequence[str]
) -> ManualPart:
    if uow.campaigns.find(campaign) is None:
        raise CampaignNotFound(campaign, uow.campaigns.keys())
    scenarios = tuple(r for r in uow.campaigns.results(campaign) if is_manual(r.tags, manual_tags))
    requirements = {r.code: r for r in uow.requirements.all()}
    explicit = uow.manual.assignments(campaign)
    assignment = assign(scenarios, testers, requirements, explicit)
    executions = uow.manual.executions(campaign)
    attachments = uow.manual.attachments(campaign)
    return ManualPart(campaign, scenarios, assignment, executions, tuple(testers), requirements, attachments)


def assign_scenarios(
    uow: ManualUnitOfWork,
    campaign: str,
    patterns: Sequence[str],
    tester: str,
    testers: Sequence[Tester],
    manual_tags: Sequence[str],
    by: str,
    clock: Callable[[], datetime],
) -> list[str]:
    """Assign to ``tester`` the manual scenarios whose key is, or starts with, one of ``patterns``
    (a feature file, ``file::scenario`` for every row of an outline); the keys assigned."""
    if tester not in {t.id for t in testers}:
        known = ", ".join(t.id for t in testers) or "-"
        raise ManualWorkRefused(
            campaign,
            why_en=f"unknown tester {tester} (known: {known})",
            why_fr=f"testeur inconnu {tester} (connus : {known})",
        )
    with uow:
        part = _part(uow, campaign, testers, manual_tags)
        chosen: list[str] = []
        for pattern in patterns:
            found = [s.key for s in part.scenarios if _matches(s.key, pattern)]
            if not found:
                raise ManualWorkRefused(
                    campaign,
                    why_en=f"no manual scenario matches {pattern}",
                    why_fr=f"aucun scénario manuel ne correspond à {pattern}",
                )
            chosen += [key for key in found if key not in chosen]
        uow.manual.assign(campaign, chosen, tester, by, clock())
        uow.audit.append(by, "manual.assigned", campaign, {"tester": tester, "scenarios": chosen})
        uow.commit()
    return chosen


def _matches(key: str, pattern: str) -> bool:
    return key == pattern or key.startswith((pattern + "::", pattern + "["))


@dataclass(frozen=True)
class Judging:
    """What recording manual results needs to judge the campaign again; ``after``: what follows a
    new judgement (the release's gates check their signatures: a tester's failure voids them)."""

    project: str
    checkpoint: str
    rules: AcceptanceRules
    after: Callable[[services.CampaignOutcome], object] | None = None


def record_executions(
    uow: ManualUnitOfWork,
    campaign: str,
    executions: Sequence[ManualExecution],
    actor: str,
    judging: Judging | None = None,
    via: str | None = None,
    attachments: Sequence[tuple[Attachment, bytes]] = (),
    tester_at: datetime | None = None,
    quota: AttachmentPolicy | None = None,
) -> services.CampaignOutcome | None:
    """Store the testers' executions and audit who recorded what (``via``: what carried it, e.g. a
    tester's link); with ``judging``, the scenarios they complete join the campaign as a partial
    run (results, gaps, tracked gaps, history). ``attachments`` (checked files and their bytes) are
    kept in the same transaction, their names, types and SHA-256 in the audit entry. ``tester_at``:
    a tester records at that time, refused unless the manual part is still open (:func:`still_open`).
    ``quota``: a file already on its step is kept once, and no more than the policy's number per
    tester and campaign (:class:`amoa_workflow.errors.AttachmentRefused`), counted under a lock."""
    with uow:
        if uow.campaigns.find(campaign) is None:
            raise CampaignNotFound(campaign, uow.campaigns.keys())
        if tester_at is not None:
            still_open(uow, campaign, actor, tester_at)
        if quota is not None and attachments:
            uow.lock(f"attachments:{campaign}")  # two sendings of one tester count one after the other
            before = uow.manual.attachments(campaign)
            chosen = new_files(quota, before, [a for a, _ in attachments], actor)
            attachments = [attachments[i] for i in chosen]
        uow.manual.record(campaign, executions)
        details: dict[str, Any] = {
            "executions": [{"scenario": e.scenario_key, "tester": e.tester, "status": e.status.value,
                            "source": e.source} for e in executions]
        }  # fmt: skip
        if via:
            details["via"] = via
        kept = [uow.manual.attach(campaign, a, content) for a, content in attachments]
        if kept:
            details["attachments"] = [
                {"id": a.id, "scenario": a.scenario_key, "step": a.position, "name": a.name,
                 "media_type": a.media_type, "size": a.size, "sha256": a.sha256} for a in kept
            ]  # fmt: skip
        uow.audit.append(actor, "manual.recorded", campaign, details)
        release = uow.manual.release_of(campaign)
        done = _judged(uow.campaigns.results(campaign), executions)
        uow.commit()
    if judging is None or not done or release is None:
        return None
    sources = sorted({e.source for e in executions})
    selection = Selection(
        keys=frozenset(r.key for r in done), origin=f"manual results ({', '.join(sources)}) by {actor}"
    )
    run = _run_name(executions, actor)
    outcome = services.record_campaign(
        uow, judging.project, judging.checkpoint, release, campaign, done, run, selection,
        rules=judging.rules,
    )  # fmt: skip
    if judging.after is not None:
        judging.after(outcome)
    return outcome


def _run_name(executions: Sequence[ManualExecution], actor: str) -> str:
    """The partial run of one recording: its time and what it holds, so that a correction recorded
    within the same second is a run of its own in the history (the same recording twice is one)."""
    stamp = max(e.recorded_at for e in executions).strftime("%Y%m%dT%H%M%S")
    held = [
        actor,
        *(
            f"{e.scenario_key}|{e.tester}|{e.recorded_at.isoformat()}|{e.comment}|"
            + ";".join(f"{s.position}:{s.verdict}:{s.comment}" for s in e.steps)
            for e in executions
        ),
    ]
    return f"manual-{stamp}-{hashlib.sha256(chr(0).join(held).encode()).hexdigest()[:12]}"


def _judged(results: Sequence[ScenarioResult], executions: Sequence[ManualExecution]) -> list[ScenarioResult]:
    """The results ``executions`` change: each applied to its scenario as no tester had executed it
    yet (the latest execution replaces an earlier one, failed or not), completed ones and those an
    earlier execution had completed (back to pending when steps are left to do again)."""
    latest = {e.scenario_key: e for e in executions}
    changed = []
    for result in results:
        execution = latest.get(result.key)
        if execution is None:
            continue
        judged = apply(unexecuted(result), execution)
        if judged.status is not Status.PENDING or result.status is not Status.PENDING:
            changed.append(judged)
    return changed


def still_open(uow: ManualUnitOfWork, campaign: str, tester: str, now: datetime) -> None:
    """:class:`ManualWorkRefused` once ``tester`` can no longer record in ``campaign``: past the
    deadline its manual part was opened with, or a gate judging the campaign is decided (its PV
    would change under the approvers' signatures)."""
    opening = uow.manual.opening(campaign)
    release = opening.release if opening else uow.manual.release_of(campaign) or "-"
    if opening is not None and now > opening.deadline:
        deadline = opening.deadline.strftime("%Y-%m-%d %H:%M UTC")
        raise ManualWorkRefused(
            campaign,
            why_en=f"release {release}: the manual part closed on {deadline}, {tester} can no longer record",
            why_fr=f"version {release} : la partie manuelle a fermé le {deadline}, {tester} ne peut plus "
            "enregistrer",
        )
    decided = [
        g.name for g in uow.gates.for_release(release)
        if g.status is not GateStatus.PENDING
        and (g.rules is None or services.campaign_key(g.rules.checkpoint, g.release) == campaign)
    ]  # fmt: skip
    if decided:
        names = ", ".join(decided)
        raise ManualWorkRefused(
            campaign,
            why_en=f"release {release}: gate {names} is decided, {tester} can no longer record",
            why_fr=f"version {release} : le point de contrôle {names} est décidé, {tester} ne peut plus "
            "enregistrer",
        )


def attachment_files(uow: ManualUnitOfWork, campaign: str) -> dict[str, bytes]:
    """The files testers attached, named as the PV links them (``attachments/<id>-<name>``), for the
    evidence pack; a file whose bytes no longer have the SHA-256 recorded with it is refused."""
    found: dict[str, bytes] = {}
    with uow:
        for attachment in uow.manual.attachments(campaign):
            kept = uow.manual.attachment(campaign, attachment.id)
            content = kept[1] if kept else b""
            if hashlib.sha256(content).hexdigest() != attachment.sha256:
                raise ManualWorkRefused(
                    campaign,
                    why_en=f"attachment {attachment.file} no longer matches its SHA-256 {attachment.sha256}",
                    why_fr=f"la pièce jointe {attachment.file} ne correspond plus à son SHA-256 "
                    f"{attachment.sha256}",
                )
            found[f"attachments/{attachment.file}"] = content
    return found
