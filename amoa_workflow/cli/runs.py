"""``amoa run`` and ``amoa runs …``: run scenarios without a full checkpoint, look at past runs.

``amoa run`` ingests the release, runs all or some scenarios (by requirement, tag expression,
path, or those that failed in run N), sharded or not, and records the run. ``amoa runs list``
shows a campaign's runs, ``amoa runs export`` writes JUnit XML or Cucumber JSON from our records,
``amoa runs flaky`` lists the scenarios whose outcome keeps flipping. Each command calls one
function of :mod:`amoa_workflow.scenarios.runs`; Prefect is not involved.
"""

from __future__ import annotations

import dataclasses
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console

from amoa_workflow.cli.app import (
    app,
    campaign_of,
    interrupted,
    output_lang,
    project_settings,
    release_named,
    settling,
    user_errors,
    warn_without_api,
)
from amoa_workflow.cli.interruption import interruptible

if TYPE_CHECKING:
    from amoa_workflow.bootstrap import Application
    from amoa_workflow.checkpoint.services import CampaignOutcome
    from amoa_workflow.scenarios.runs import FlakinessRule, RunSummary
    from amoa_workflow.settings.project import Settings

runs_app = typer.Typer(
    name="runs",
    help="Past runs of a campaign: list, export (JUnit, Cucumber), flaky scenarios.",
    no_args_is_help=True,
)
app.add_typer(runs_app)

Release = Annotated[
    str, typer.Option("--release", "-r", callback=release_named, help="Release under acceptance, e.g. 1.1.0.")
]
Campaign = Annotated[
    str | None, typer.Option(help="Campaign key (default: <checkpoint>-<release>); same key = same campaign.")
]


class ExportFormat(StrEnum):
    JUNIT = "junit"
    CUCUMBER = "cucumber"


@app.command()
def run(
    release: Release,
    campaign: Campaign = None,
    requirement: Annotated[
        list[str] | None,
        typer.Option("--requirement", help="Only scenarios tagged with this requirement (repeat)."),
    ] = None,
    tags: Annotated[str | None, typer.Option(help='Tag expression, e.g. "@EXG-004 and not @wip".')] = None,
    path: Annotated[
        list[Path] | None, typer.Option("--path", help="Only this .feature file or folder (repeat).")
    ] = None,
    rerun_failed: Annotated[
        int | None, typer.Option(min=1, metavar="N", help="Only what failed in run N of the campaign.")
    ] = None,
    shards: Annotated[int, typer.Option(min=1, help="Split the run over N processes.")] = 1,
    workers: Annotated[int, typer.Option(min=0, help="xdist workers in each process (0: none).")] = 0,
    scenario_timeout: Annotated[
        float | None, typer.Option(min=0, help="Seconds per scenario (default: config; 0: no limit).")
    ] = None,
    run_timeout: Annotated[
        float | None, typer.Option(min=1, help="Seconds for the whole run (default: config).")
    ] = None,
    fail_on_failure: Annotated[
        bool, typer.Option(help="Exit with code 1 when a scenario failed, is undefined or in error.")
    ] = False,
) -> None:
    """Run the scenarios of a release (all, or a selection) and record the run in its campaign."""
    with settling():
        from amoa_workflow.bootstrap import bootstrap
        from amoa_workflow.checkpoint import services
        from amoa_workflow.domain.selection import Selection
        from amoa_workflow.i18n import translator
        from amoa_workflow.reporting.run_console import print_run, progress_bar
        from amoa_workflow.scenarios import runs
    with user_errors():
        settings = project_settings()
        settings = dataclasses.replace(
            settings,
            scenario_timeout=settings.scenario_timeout if scenario_timeout is None else scenario_timeout,
            run_timeout=run_timeout or settings.run_timeout,
        )
        warn_without_api(settings)
        application = bootstrap(settings)
        key = campaign_of(release, campaign)
        selection = Selection(
            requirements=frozenset(code.lstrip("@") for code in requirement or ()),
            tags=tags,
            paths=tuple(str(p.resolve()) for p in path or ()),
        )
        request = runs.RunRequest(release, key, selection, shards, workers)
        lang, rule = output_lang(), _rule(settings)
        with interruptible(), progress_bar(Console(stderr=True), lang) as progress:
            summary = runs.run_campaign(
                application.uow(), application.sources, application.runner, request, settings.project_name,
                settings.checkpoint, services.utc_now, rerun_failed, progress, settings.rules,
            )  # fmt: skip
        if summary.interrupted is not None:  # what finished is recorded: it may void signatures too
            if summary.outcome is not None:
                _void_signatures(application, summary.outcome)
            _interrupted(summary, lang)
        if summary.outcome is None:
            typer.echo(translator(lang)("run.nothing_to_rerun", attempt=rerun_failed, campaign=key))
            return
        print_run(Console(), summary, rule, lang)
        _void_signatures(application, summary.outcome)
        if fail_on_failure and any(result.status.is_failure for result in summary.ran):
            raise typer.Exit(1)


def _interrupted(summary: RunSummary, lang: str) -> None:
    from amoa_workflow.errors import Interrupted
    from amoa_workflow.i18n import translator

    t = translator(lang)
    outcome, stop = summary.outcome, Interrupted(summary.interrupted or 2)
    if outcome is None:
        interrupted(stop, t("run.interrupted_nothing"))
    else:
        detail = t(
            "run.interrupted_recorded", finished=len(summary.ran), attempt=outcome.attempt,
            campaign=outcome.campaign_key,
        )  # fmt: skip
        interrupted(stop, detail)


def _void_signatures(application: Application, outcome: CampaignOutcome) -> None:
    """A run that brings a new failure on an approved release voids its signatures (gates reopen)."""
    from amoa_workflow.checkpoint.services import utc_now
    from amoa_workflow.cli.approvals import print_gates
    from amoa_workflow.cli.notifications import print_unreached_since

    started = utc_now()
    reopened = application.check_signatures(outcome)
    if reopened:
        print_gates(Console(), reopened, output_lang())
        # the approvers told of their voided signature whom no channel reaches: said, not silent
        print_unreached_since(Console(), application.uow(), started, output_lang())


@runs_app.command("list")
def list_runs(
    release: Release,
    campaign: Campaign = None,
    output: Annotated[str, typer.Option("--format", help="table, or json (shape amoa.runs/1).")] = "table",
) -> None:
    """The runs of a campaign: when, what was selected, how many shards, their results."""
    from amoa_workflow.bootstrap import bootstrap
    from amoa_workflow.reporting.run_console import print_history
    from amoa_workflow.scenarios import runs

    with user_errors():
        if output not in ("table", "json"):
            raise typer.BadParameter(f"'{output}': table or json", param_hint="--format")
        settings = project_settings()
        key = campaign_of(release, campaign)
        history = runs.history(bootstrap(settings).uow(), key)
        if output == "json":
            from amoa_workflow.reporting.machine_readable import dumps, runs_document

            typer.echo(dumps(runs_document(key, history)))
            return
        print_history(Console(), key, history, output_lang())


@runs_app.command("export")
def export(
    release: Release,
    form: Annotated[ExportFormat, typer.Option("--format", help="junit or cucumber.")],
    campaign: Campaign = None,
    run_number: Annotated[
        int | None,
        typer.Option(
            "--run", min=1, metavar="N", help="Results of run N (default: the campaign's current ones)."
        ),
    ] = None,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="File to write (default: stdout).")
    ] = None,
) -> None:
    """JUnit XML or Cucumber JSON from our records (undefined and skipped reported as they are)."""
    from amoa_workflow.bootstrap import bootstrap
    from amoa_workflow.i18n import translator
    from amoa_workflow.scenarios import runs

    with user_errors():
        settings = project_settings()
        key = campaign_of(release, campaign)
        text = runs.export(bootstrap(settings).uow(), key, form.value, run_number)
        if output is None:
            typer.echo(text, nl=False)
            return
        output.parent.mkdir(parents=True, exist_ok=True)
        output.write_text(text, encoding="utf-8")
        Console(stderr=True).print(
            translator(output_lang())("run.export_written", path=output), soft_wrap=True
        )


@runs_app.command()
def flaky(
    release: Annotated[
        str | None,
        typer.Option("--release", "-r", callback=release_named, help="Only this release's campaign."),
    ] = None,
    campaign: Campaign = None,
    window: Annotated[
        int | None, typer.Option(min=2, help="Runs read per scenario (default: config).")
    ] = None,
    threshold: Annotated[
        int | None, typer.Option(min=1, help="Flips that make a scenario flaky (default: config).")
    ] = None,
    show_all: Annotated[
        bool, typer.Option("--all", help="Show every scenario with at least one flip.")
    ] = False,
) -> None:
    """Scenarios whose outcome flips between passing and failing over their last runs."""
    from amoa_workflow.bootstrap import bootstrap
    from amoa_workflow.reporting.run_console import print_flaky
    from amoa_workflow.scenarios import runs

    with user_errors():
        settings = project_settings()
        key = campaign_of(release or "", campaign) if release or campaign else None
        rule = _rule(settings, window, threshold)
        found = runs.flaky(bootstrap(settings).uow(), rule, key)
        print_flaky(Console(), [f for f in found if f.flaky or (show_all and f.flips)], rule, output_lang())


def _rule(settings: Settings, window: int | None = None, threshold: int | None = None) -> FlakinessRule:
    from amoa_workflow.scenarios.runs import FlakinessRule

    return FlakinessRule(window or settings.flaky_window, threshold or settings.flaky_threshold)
