"""``amoa approve`` and ``amoa gates``: decide on an approval gate, see where the gates stand.

Both call :mod:`amoa_workflow.gates.approvals` (the one service every way of deciding goes through).
A refusal (not an approver of the gate, gate closed, decision incomplete) is one line, exit code 2.
"""

from __future__ import annotations

import getpass
import os
from collections.abc import Sequence
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.markup import escape

from amoa_workflow.cli.app import app, output_lang, project_settings, user_errors
from amoa_workflow.domain.gates import DecisionKind
from amoa_workflow.i18n import translator

if TYPE_CHECKING:
    from amoa_workflow.gates.approvals import GateState

APPROVER_VARIABLE = "AMOA_APPROVER"


@app.command()
def approve(
    release: Annotated[str, typer.Option("--release", "-r", help="Release, e.g. 1.1.0.")],
    decision: Annotated[DecisionKind, typer.Option("--decision", "-d", help="Your decision.")],
    gate: Annotated[
        str | None, typer.Option("--gate", "-g", help="Gate name (default: the checkpoint's only gate).")
    ] = None,
    comment: Annotated[str, typer.Option("--comment", "-c", help="Why (required to reject).")] = "",
    approver: Annotated[
        str | None,
        typer.Option(
            "--approver", "-a", help=f"Your approver id (default: {APPROVER_VARIABLE}, then the user)."
        ),
    ] = None,
    reservation: Annotated[
        list[str] | None,
        typer.Option(
            "--reservation",
            help="GAP|OWNER|YYYY-MM-DD: a gap id or a text, who solves it, by when (repeat).",
        ),
    ] = None,
) -> None:
    """Record your decision on an approval gate; the gate closes when its quorum is reached."""
    from amoa_workflow.bootstrap import bootstrap
    from amoa_workflow.checkpoint.services import utc_now
    from amoa_workflow.gates import approvals

    with user_errors():
        try:
            reservations = approvals.reservations_from(reservation or [])
        except ValueError as wrong:
            raise typer.BadParameter(
                f"'{wrong}' is not GAP|OWNER|YYYY-MM-DD", param_hint="--reservation"
            ) from None
        application = bootstrap(project_settings())
        definitions = application.gates()
        name = gate or _only_gate(
            [d.name for d in definitions if d.checkpoint == application.settings.checkpoint]
        )
        who = approver or os.environ.get(APPROVER_VARIABLE) or getpass.getuser()
        announce = application.announcer(application.notifications())
        recorded = approvals.decide(
            application.uow(),
            definitions,
            release,
            name,
            who,
            decision,
            comment,
            reservations,
            utc_now,
            announce,
        )
        t = translator(output_lang())
        last = recorded.state.history[-1]
        typer.echo(
            t("cli.decision_recorded", approver=who, decision=t(decision.value), gate=name, release=release,
              sequence=last.sequence)
        )  # fmt: skip
        _print_states(Console(), [recorded.state], output_lang())


@app.command()
def gates(release: Annotated[str, typer.Option("--release", "-r", help="Release, e.g. 1.1.0.")]) -> None:
    """Where the approval gates of a release stand: outcome, decisions, who is awaited."""
    from amoa_workflow.bootstrap import bootstrap
    from amoa_workflow.gates import approvals

    with user_errors():
        application = bootstrap(project_settings())
        states = approvals.gate_states(application.uow(), application.gates(), release)
        if not states:
            typer.echo(translator(output_lang())("cli.no_gates", release=release))
            return
        _print_states(Console(), states, output_lang(), decisions=True)


def print_gates(console: Console, states: Sequence[GateState], lang: str) -> None:
    """After a checkpoint: each gate's state and, when pending, how to decide."""
    _print_states(console, states, lang, how=True)


def _print_states(
    console: Console, states: Sequence[GateState], lang: str, decisions: bool = False, how: bool = False
) -> None:
    t = translator(lang)
    for state in states:
        gate = state.gate
        console.print(
            t("cli.gate_state", gate=gate.name, label=escape(state.definition.label), release=gate.release,
              outcome=f"[bold]{t('gate.' + gate.outcome.value)}[/]"),
            highlight=False,
        )  # fmt: skip
        if gate.round > 1:
            console.print("  " + t("report.gate_round", round=gate.round), highlight=False)
        if decisions:
            for d in state.decisions:
                when = d.decided_at.strftime("%Y-%m-%d %H:%M UTC")
                console.print(
                    f"  {when}  {d.approver}: {t(d.kind.value)}  {escape(d.comment)}", highlight=False
                )
        if state.waiting_for:
            console.print("  " + t("cli.gate_waiting", names=", ".join(a.id for a in state.waiting_for)))
            if how:
                console.print(
                    "  " + escape(t("cli.gate_how", release=gate.release, gate=gate.name)), highlight=False
                )


def _only_gate(names: list[str]) -> str:
    if len(names) != 1:
        raise typer.BadParameter(f"choose among: {', '.join(names) or '-'}", param_hint="--gate")
    return names[0]
