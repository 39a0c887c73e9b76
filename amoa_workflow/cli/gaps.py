"""``amoa gaps``: the gaps of a release with their tracking; accept one as a reservation, waive one."""

from __future__ import annotations

import getpass
from datetime import date
from typing import Annotated

import typer
from rich.console import Console

from amoa_workflow.cli.app import app, campaign_of, output_lang, project_settings, release_named, user_errors
from amoa_workflow.domain.dates import typed_date
from amoa_workflow.i18n import translator
from amoa_workflow.reporting.console import cause, print_keyed

gaps_app = typer.Typer(help="Gaps (écarts): list, accept as a reservation, waive.", no_args_is_help=False)
app.add_typer(gaps_app, name="gaps")

ReleaseOption = Annotated[
    str, typer.Option("--release", "-r", callback=release_named, help="Release, e.g. 1.1.0.")
]
CampaignOption = Annotated[str | None, typer.Option(help="Campaign key (default: <checkpoint>-<release>).")]
ByOption = Annotated[str | None, typer.Option("--by", help="Who decides (default: the system user).")]


@gaps_app.callback(invoke_without_command=True)
def gaps(
    context: typer.Context,
    release: Annotated[str | None, typer.Option("--release", "-r", callback=release_named)] = None,
    campaign: CampaignOption = None,
    output: Annotated[str, typer.Option("--format", help="table, or json (shape amoa.gaps/1).")] = "table",
) -> None:  # fmt: skip
    """List the gaps of a release's campaign, most severe first, with their tracking."""
    if context.invoked_subcommand is not None:
        return
    from amoa_workflow.bootstrap import bootstrap
    from amoa_workflow.checkpoint import services
    from amoa_workflow.checkpoint.services import utc_now
    from amoa_workflow.domain.gap_lifecycle import overdue

    with user_errors():
        if release is None:
            raise typer.BadParameter("--release is required", param_hint="--release")
        settings = project_settings()
        application = bootstrap(settings)
        key = campaign_of(release, campaign)
        if output not in ("table", "json"):
            raise typer.BadParameter(f"'{output}': table or json", param_hint="--format")
        outcome = services.campaign_outcome(
            application.uow(), settings.project_name, settings.checkpoint, release, key, settings.rules
        )
        if output == "json":
            from amoa_workflow.reporting.machine_readable import dumps, gaps_document

            typer.echo(dumps(gaps_document(outcome)))
            return
        t = translator(output_lang())
        tracked = {g.identity: g for g in outcome.assessment.tracked} if outcome.assessment else {}
        free_reservations = outcome.assessment.free_reservations if outcome.assessment else ()
        late = {g.identity for g in overdue([*tracked.values(), *free_reservations], utc_now().date())}
        rows = []
        for gap in outcome.gaps:
            state = tracked.get(gap.identity)
            status = t("gap." + state.status.value) if state else "-"
            if state and state.owner:
                status += f" ({state.owner}, {state.due})"
            if gap.identity in late:
                status += f" — {t('report.overdue')}"
            rows.append(
                [gap.identity, t(gap.severity.value), cause(gap, t), gap.requirement_code or "-", status]
            )
        for free in free_reservations:
            status = f"{t('gap.' + free.status.value)} ({free.owner}, {free.due})"
            status += f" — {t('report.overdue')}" if free.identity in late else ""
            reason = f"{t('reservation')} : « {free.reason} »"
            rows.append([free.identity, t(free.severity.value), reason, "-", status])
        headers = ["ID", *(t(c) for c in ("col.severity", "col.type", "col.requirement", "col.lifecycle"))]
        print_keyed(Console(), t("cli.gaps_title", count=len(outcome.gaps)), headers, rows)


@gaps_app.command("accept")
def accept_command(
    identity: Annotated[str, typer.Argument(help="The gap's id, e.g. requirement_failing:EXG-004.")],
    release: ReleaseOption,
    owner: Annotated[str, typer.Option(help="Who must solve it.")],
    due: Annotated[str, typer.Option(help="Due date, 15/12/2026 or 2026-12-15.")],
    note: Annotated[str, typer.Option(help="Comment kept in the gap's history.")] = "",
    by: ByOption = None,
) -> None:
    """Accept a gap as a reservation (réserve): an owner and a due date; it stays tracked until resolved."""
    from amoa_workflow.bootstrap import bootstrap
    from amoa_workflow.checkpoint.services import utc_now
    from amoa_workflow.gates import reservations

    with user_errors():
        when = _date(due)
        application = bootstrap(project_settings())
        moved = reservations.accept_gap(
            application.uow(), identity, release, owner, when, by or getpass.getuser(), note, utc_now().date()
        )
        typer.echo(f"{moved.identity}: {translator(output_lang())('gap.' + moved.status.value)}")


@gaps_app.command("waive")
def waive_command(
    identity: Annotated[str, typer.Argument(help="The gap's id.")],
    release: ReleaseOption,
    reason: Annotated[str, typer.Option(help="Why it will not be fixed.")],
    by: ByOption = None,
) -> None:
    """Waive a gap (dérogation): it will not be fixed, for a reason kept in its history."""
    from amoa_workflow.bootstrap import bootstrap
    from amoa_workflow.gates import reservations

    with user_errors():
        application = bootstrap(project_settings())
        moved = reservations.waive_gap(application.uow(), identity, release, reason, by or getpass.getuser())
        typer.echo(f"{moved.identity}: {translator(output_lang())('gap.' + moved.status.value)}")


def _date(text: str) -> date:
    try:
        return typed_date(text)
    except ValueError as wrong:
        raise typer.BadParameter(str(wrong), param_hint="--due") from None
