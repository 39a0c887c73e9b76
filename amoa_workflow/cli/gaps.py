"""``amoa gaps``: the gaps of a release with their tracking; accept one as a reservation, waive one."""

from __future__ import annotations

import getpass
import os
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console

from amoa_workflow.cli.app import app, campaign_of, output_lang, project_settings, release_named, user_errors
from amoa_workflow.domain.dates import typed_date
from amoa_workflow.i18n import translator
from amoa_workflow.reporting.console import cause, print_keyed

if TYPE_CHECKING:
    from amoa_workflow.bootstrap import Application
    from amoa_workflow.domain.gap_lifecycle import TrackedGap
    from amoa_workflow.gates.reservations import Move, MoveProof

gaps_app = typer.Typer(help="Gaps (écarts): list, accept as a reservation, waive.", no_args_is_help=False)
app.add_typer(gaps_app, name="gaps")

ReleaseOption = Annotated[
    str, typer.Option("--release", "-r", callback=release_named, help="Release, e.g. 1.1.0.")
]
CampaignOption = Annotated[str | None, typer.Option(help="Campaign key (default: <checkpoint>-<release>).")]
ByOption = Annotated[
    str | None,
    typer.Option(
        "--by",
        help="Who decides (default: AMOA_APPROVER, then the system user); for a blocking gap, an approver "
        "of the release's gates, who signs with their key.",
    ),
]
KeyOption = Annotated[
    Path | None,
    typer.Option(
        "--key",
        help="For a blocking gap: your private key (default: AMOA_KEYS_DIR or ~/.config/amoa/keys/<id>.key).",
    ),
]


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
    key: KeyOption = None,
) -> None:
    """Accept a gap as a reservation (réserve): an owner and a due date; it stays tracked until resolved.
    A blocking gap is accepted by an approver of the release's gates, signed with their key."""
    from amoa_workflow.checkpoint.services import utc_now
    from amoa_workflow.gates import reservations

    with user_errors():
        when = _date(due)
        move = reservations.Move(release, identity, "accept", _who(by), owner=owner, due=when, note=note)
        application, proof, fingerprint = _proved(move, key)
        moved = reservations.accept_gap(application.uow(), move, utc_now().date(), application.gates(), proof)
        _said(moved, fingerprint)


@gaps_app.command("waive")
def waive_command(
    identity: Annotated[str, typer.Argument(help="The gap's id.")],
    release: ReleaseOption,
    reason: Annotated[str, typer.Option(help="Why it will not be fixed.")],
    by: ByOption = None,
    key: KeyOption = None,
) -> None:
    """Waive a gap (dérogation): it will not be fixed, for a reason kept in its history. A blocking
    gap is waived by an approver of the release's gates, signed with their key."""
    from amoa_workflow.gates import reservations

    with user_errors():
        move = reservations.Move(release, identity, "waive", _who(by), reason=reason)
        application, proof, fingerprint = _proved(move, key)
        moved = reservations.waive_gap(application.uow(), move, application.gates(), proof)
        _said(moved, fingerprint)


def _who(by: str | None) -> str:
    from amoa_workflow.cli.approvals import APPROVER_VARIABLE

    return by or os.environ.get(APPROVER_VARIABLE) or getpass.getuser()


def _proved(move: Move, key: Path | None) -> tuple[Application, MoveProof, str]:
    """The application, and the move's proof: the operator and, for a blocking gap, the approver's
    signature of the move's statement with their private key (refused with another key)."""
    from amoa_workflow.bootstrap import bootstrap
    from amoa_workflow.gates import reservations

    application = bootstrap(project_settings())
    operator = getpass.getuser()
    to_sign = reservations.move_statement(application.uow(), application.gates(), move)
    if to_sign is None:
        return application, reservations.MoveProof(operator), ""
    from amoa_workflow.errors import GapMoveRefused
    from amoa_workflow.signatures import sshsig
    from amoa_workflow.signatures.keys import (
        PASSPHRASE_VARIABLE,
        default_key_path,
        load_private_key,
        parse_public_key,
        public_of,
    )
    from amoa_workflow.signatures.proofs import signer_fingerprint

    statement, public_key = to_sign
    private = load_private_key(
        key or default_key_path(move.by, os.environ), os.environ.get(PASSPHRASE_VARIABLE)
    )
    expected, used = parse_public_key(public_key).fingerprint, public_of(private).fingerprint
    if used != expected:
        raise GapMoveRefused(
            move.identity,
            why_en=f"signed with the key {used}, not with {move.by}'s ({expected})",
            why_fr=f"signée avec la clé {used}, pas avec celle de « {move.by} » ({expected})",
        )
    signature = sshsig.sign(private, statement.message())
    return application, reservations.MoveProof(operator, signature, signer_fingerprint), used


def _said(moved: TrackedGap, fingerprint: str) -> None:
    t = translator(output_lang())
    typer.echo(f"{moved.identity}: {t('gap.' + moved.status.value)}")
    if fingerprint:
        typer.echo(t("cli.gap_move_signed", approver=moved.moved_by, fingerprint=fingerprint))


def _date(text: str) -> date:
    try:
        return typed_date(text)
    except ValueError as wrong:
        raise typer.BadParameter(str(wrong), param_hint="--due") from None
