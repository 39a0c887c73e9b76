"""Use cases of scenario runs: run a campaign (all or a selection, sharded), rerun what failed in
run N, list the runs, find flaky scenarios, export results for other tools.

Each takes its dependencies (unit of work, runner, sources) and reads or writes in one
``with uow:`` block; the CLI and the flows only call them.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Literal

from amoa_workflow.checkpoint import scenario_runs, services
from amoa_workflow.checkpoint.outcomes import as_held
from amoa_workflow.domain import flakiness
from amoa_workflow.domain.acceptance_rules import AcceptanceRules
from amoa_workflow.domain.model import RunRecord, ScenarioResult
from amoa_workflow.domain.selection import EVERYTHING, Selection
from amoa_workflow.errors import CampaignNotFound, signal_name
from amoa_workflow.ports import UnitOfWork

ExportFormat = Literal["junit", "cucumber"]


@dataclass(frozen=True)
class RunRequest:
    """What to run: a release, its campaign, which scenarios and how spread out."""

    release: str
    campaign: str
    selection: Selection = EVERYTHING
    shards: int = 1
    workers: int = 0


@dataclass(frozen=True)
class FlakinessRule:
    window: int = 10  # the last N runs of each scenario
    threshold: int = 2  # flips that make a scenario flaky


@dataclass(frozen=True)
class RunSummary:
    """What ``amoa run`` reports: the recorded outcome (None when there was nothing to run) and
    the flakiness of the scenarios it ran."""

    selection: Selection
    outcome: services.CampaignOutcome | None  # the campaign as a whole after this run
    ran: tuple[ScenarioResult, ...] = ()  # the scenarios it ran, as the campaign holds them after it
    flakiness: tuple[flakiness.Flakiness, ...] = ()
    interrupted: int | None = None  # the signal that stopped the run; ``ran`` is what had finished


def run_campaign(
    uow: UnitOfWork,
    sources: services.Sources,
    runner: scenario_runs.ScenarioRunner,
    request: RunRequest,
    project: str,
    checkpoint: str,
    clock: Callable[[], datetime],
    rerun_failed_of: int | None = None,
    progress: Callable[[int, int], None] | None = None,
    rules: AcceptanceRules | None = None,
) -> RunSummary:
    """Ingest the release, run the selected scenarios (or those that failed in run
    ``rerun_failed_of``), record the run and the gaps, and assess the flakiness of what ran (over the
    campaign's last runs, as ``rules`` say; the recording judged it from the run history it read).

    An interrupted run (Ctrl-C, SIGTERM) is recorded as a partial run of the scenarios that
    finished (:func:`interrupted_selection`); when none had, nothing is recorded."""
    selection = request.selection
    if rerun_failed_of is not None:
        failed = failures_of_run(uow, request.campaign, rerun_failed_of)
        selection = replace(selection, keys=failed.keys, origin=failed.origin)
        if not failed.keys:
            return RunSummary(selection, None)
    version = services.ingest(uow, sources, request.release).release  # as the notes number it
    run = services.run_scenarios(
        runner, version, request.campaign, clock, selection, request.shards, request.workers, progress
    )
    if run.interrupted is not None:
        if not run.results:
            return RunSummary(selection, None, interrupted=run.interrupted)
        selection = interrupted_selection(selection, run.results, run.interrupted)
    outcome = services.record_campaign(
        uow, project, checkpoint, version, request.campaign, run.results, str(run.folder),
        selection, request.shards, rules,
    )  # fmt: skip
    ran = frozenset(result.key for result in run.results)
    judged = outcome.assessment.flakiness if outcome.assessment else ()
    flakes = tuple(f for f in judged if f.key in ran)
    return RunSummary(selection, outcome, as_held(run.results, outcome.results), flakes, run.interrupted)


def interrupted_selection(asked: Selection, finished: Sequence[ScenarioResult], signum: int) -> Selection:
    """What an interrupted run is recorded as: the scenarios that finished, a partial run that
    updates only them; its history line says it was interrupted and how far it got."""
    keys = frozenset(result.key for result in finished)
    origin = f"interrupted ({signal_name(signum)}) after {len(keys)} scenarios of {asked.describe()}"
    return Selection(keys=keys, origin=origin)


def failures_of_run(uow: UnitOfWork, campaign: str, attempt: int) -> Selection:
    """The scenarios that did not pass (failed, undefined, error) in run ``attempt`` of ``campaign``."""
    with uow:
        results = _run_results(uow, campaign, attempt)
    failed = frozenset(r.key for r in results if r.status.is_failure)
    return Selection(keys=failed, origin=f"--rerun-failed {attempt}")


def history(uow: UnitOfWork, campaign: str) -> list[RunRecord]:
    with uow:
        _check(uow, campaign)
        return uow.campaigns.runs(campaign)


def flaky(
    uow: UnitOfWork, rule: FlakinessRule, campaign: str | None = None, keys: frozenset[str] | None = None
) -> list[flakiness.Flakiness]:
    """Scenarios (of ``campaign``, or of every campaign) with their flips over the last runs; flaky first."""
    with uow:
        if campaign is not None:
            _check(uow, campaign)
        statuses = uow.campaigns.history(rule.window, campaign)
    if keys is not None:
        statuses = {key: value for key, value in statuses.items() if key in keys}
    return flakiness.assess(statuses, rule.window, rule.threshold)


def export(uow: UnitOfWork, campaign: str, form: ExportFormat, attempt: int | None = None) -> str:
    """The campaign's current results (or those of run ``attempt``) as JUnit XML or Cucumber JSON."""
    with uow:
        results = _run_results(uow, campaign, attempt) if attempt is not None else _current(uow, campaign)
    from amoa_workflow.scenarios import exports  # with Gherkin's dialects: only to export

    name = campaign if attempt is None else f"{campaign} #{attempt}"
    return exports.junit_xml(results, name) if form == "junit" else exports.cucumber_json(results)


def _check(uow: UnitOfWork, campaign: str) -> None:
    if uow.campaigns.find(campaign) is None:
        raise CampaignNotFound(campaign, uow.campaigns.keys())


def _current(uow: UnitOfWork, campaign: str) -> list[ScenarioResult]:
    _check(uow, campaign)
    return uow.campaigns.results(campaign)


def _run_results(uow: UnitOfWork, campaign: str, attempt: int) -> list[ScenarioResult]:
    _check(uow, campaign)
    results = uow.campaigns.run_results(campaign, attempt)
    if results is None:
        known = [str(run.attempt) for run in uow.campaigns.runs(campaign)]
        raise CampaignNotFound(campaign, known, attempt)
    return results
