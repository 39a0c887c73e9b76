"""``amoa manual``: the manual part of a campaign (tests utilisateurs): progress, assignment,
the XLSX workbook for testers and its import."""

from __future__ import annotations

import getpass
from pathlib import Path
from typing import Annotated

import typer

from amoa_workflow.cli.app import app, campaign_of, output_lang, project_settings, release_named, user_errors

manual_app = typer.Typer(
    help="Manual scenarios (tests utilisateurs): status, assign, export, import, a tester's link."
)
app.add_typer(manual_app, name="manual")

ReleaseOption = Annotated[
    str, typer.Option("--release", "-r", callback=release_named, help="Release, e.g. 1.1.0.")
]
CampaignOption = Annotated[str | None, typer.Option(help="Campaign key (default: <checkpoint>-<release>).")]


@manual_app.command()
def status(release: ReleaseOption, campaign: CampaignOption = None) -> None:
    """Progress of the manual scenarios per tester and per requirement."""
    from rich.console import Console

    from amoa_workflow.bootstrap import bootstrap
    from amoa_workflow.i18n import translator
    from amoa_workflow.manual.campaign import read_part
    from amoa_workflow.reporting.console import print_keyed
    from amoa_workflow.settings.testers import load_testers

    with user_errors():
        settings = project_settings()
        testers = load_testers(settings.project_dir)
        part = read_part(
            bootstrap(settings).uow(), campaign_of(release, campaign), testers, settings.manual_tags
        )
        t = translator(output_lang())
        per_tester, per_requirement = part.progress()
        console = Console()
        for title, rows, first in (
            ("manual.by_tester", per_tester, "manual.col.tester"),
            ("manual.by_requirement", per_requirement, "col.requirement"),
        ):
            columns = (first, "manual.col.done", "passed", "failed", "manual.col.blocked", "pending")
            headers = [t(column) for column in columns]
            cells = [
                (
                    (f"{row.name} ({row.label})" if row.label and row.label != row.name else row.name)
                    if row.name != "-"
                    else t("manual.unassigned"),
                    f"{row.done}/{row.total}",
                    *(str(row.counts[s]) for s in ("passed", "failed", "error", "pending")),
                )
                for row in rows
            ]
            print_keyed(console, t(title, count=len(part.scenarios)), headers, cells)  # ids never cut


@manual_app.command()
def assign(
    release: ReleaseOption,
    tester: Annotated[str, typer.Option("--tester", "-t", help="Tester id (config/testers.toml).")],
    scenarios: Annotated[
        list[str], typer.Argument(help="Scenario keys, or a feature file / scenario for all its rows.")
    ],
    campaign: CampaignOption = None,
    by: Annotated[str | None, typer.Option("--by", help="Who assigns (default: the system user).")] = None,
) -> None:
    """Assign manual scenarios to a tester explicitly (wins over tags and domains)."""
    from amoa_workflow.bootstrap import bootstrap
    from amoa_workflow.checkpoint.services import utc_now
    from amoa_workflow.i18n import translator
    from amoa_workflow.manual.campaign import assign_scenarios
    from amoa_workflow.settings.testers import load_testers

    with user_errors():
        settings = project_settings()
        testers = load_testers(settings.project_dir)
        key = campaign_of(release, campaign)
        chosen = assign_scenarios(
            bootstrap(settings).uow(), key, scenarios, tester, testers, settings.manual_tags,
            by or getpass.getuser(), utc_now,
        )  # fmt: skip
        typer.echo(translator(output_lang())("manual.assigned", count=len(chosen), tester=tester))


@manual_app.command("export")
def export_(
    release: ReleaseOption,
    target: Annotated[Path, typer.Argument(help="The XLSX workbook to write, e.g. tests-utilisateurs.xlsx.")],
    campaign: CampaignOption = None,
) -> None:
    """Write the manual scenarios to an XLSX workbook: one sheet per tester, a result to choose per step."""
    from amoa_workflow.bootstrap import bootstrap
    from amoa_workflow.checkpoint.services import utc_now
    from amoa_workflow.i18n import translator
    from amoa_workflow.manual.campaign import read_part
    from amoa_workflow.manual.workbook import check_target, export_workbook
    from amoa_workflow.settings.testers import load_testers

    with user_errors():
        check_target(target)  # the wrong name said before the database is looked for
        settings = project_settings()
        testers = load_testers(settings.project_dir)
        part = read_part(
            bootstrap(settings).uow(), campaign_of(release, campaign), testers, settings.manual_tags
        )
        written = export_workbook(part, target, output_lang(), utc_now())
        typer.echo(translator(output_lang())("manual.exported", path=written))


@manual_app.command("import")
def import_(
    source: Annotated[Path, typer.Argument(help="A workbook written by amoa manual export, filled in.")],
    by: Annotated[str | None, typer.Option("--by", help="Who imports (default: the system user).")] = None,
) -> None:
    """Record the results of a filled-in workbook; nothing is recorded if one cell is wrong."""
    from rich.console import Console

    from amoa_workflow.bootstrap import bootstrap
    from amoa_workflow.checkpoint.services import utc_now
    from amoa_workflow.cli.approvals import print_gates
    from amoa_workflow.cli.notifications import print_unreached_since
    from amoa_workflow.domain.gates import GateState
    from amoa_workflow.domain.model import Status
    from amoa_workflow.errors import FileMissing
    from amoa_workflow.i18n import translator
    from amoa_workflow.manual.campaign import Judging
    from amoa_workflow.manual.workbook_results import import_results
    from amoa_workflow.settings.testers import load_testers

    with user_errors():
        if not source.is_file():
            raise FileMissing(source)
        settings = project_settings()
        testers = load_testers(settings.project_dir)
        application = bootstrap(settings)
        reopened: list[GateState] = []  # a tester's failure voids the signatures given without it
        judging = Judging(
            settings.project_name, settings.checkpoint, settings.rules,
            lambda outcome: reopened.extend(application.check_signatures(outcome)),
        )  # fmt: skip
        started = utc_now()
        imported = import_results(
            application.uow(), source, testers, settings.manual_tags, by or getpass.getuser(),
            utc_now, output_lang(), judging,
        )  # fmt: skip
        application.wake_manual(imported.campaign)  # a checkpoint waiting for its testers goes on
        t = translator(output_lang())
        partial = [e.scenario_key for e in imported.executions if e.status is Status.PENDING]
        typer.echo(t(
            "manual.imported", count=len(imported.executions), campaign=imported.campaign,
            complete=len(imported.executions) - len(partial), partial=len(partial),
        ))  # fmt: skip
        if partial:
            typer.echo(t("manual.imported_partial", scenarios=", ".join(partial)))
        if reopened:
            print_gates(Console(), reopened, output_lang())
        # the approvers told of a voided signature, if no channel reaches them: said, not silent
        print_unreached_since(Console(), application.uow(), started, output_lang())


@manual_app.command("link")
def link(
    release: ReleaseOption,
    tester: Annotated[str, typer.Option("--tester", "-t", help="Tester id (config/testers.toml).")],
    campaign: CampaignOption = None,
    hours: Annotated[float, typer.Option(help="Hours the link stays valid.", min=0.1, max=24 * 90)] = 168,
) -> None:
    """Print a tester's signed, expiring link to execute their manual scenarios (amoa web, AMOA_WEB_URL)."""
    import os
    from datetime import timedelta

    from amoa_workflow.bootstrap import bootstrap
    from amoa_workflow.checkpoint.services import utc_now
    from amoa_workflow.settings.testers import load_testers
    from amoa_workflow.web import issuing
    from amoa_workflow.web.links import link_settings

    with user_errors():
        links = link_settings(os.environ, hours)
        settings = project_settings()
        application = bootstrap(settings)
        url = issuing.issue_tester_link(
            application.uow(), load_testers(settings.project_dir), links, tester,
            campaign_of(release, campaign), release, utc_now(), timedelta(hours=hours),
        )  # fmt: skip
        typer.echo(url)
