"""``amoa approve`` and ``amoa gates``: decide on an approval gate, see where the gates stand.

``amoa approve`` calls :func:`amoa_workflow.gates.decisions.decide` (the one service every way of
deciding goes through), ``amoa gates`` :func:`amoa_workflow.gates.approvals.gate_states`.
``amoa approve`` signs the decision's statement with the approver's private key (or takes a
signature made elsewhere, e.g. ``ssh-keygen -Y sign`` with ssh-agent, or the approver's link); the
service records it only if the proof holds. A refusal (no key, a wrong key, not an approver of the
gate, gate closed, decision incomplete, an older PV) is one line, exit code 2, and nothing is written.
"""

from __future__ import annotations

import getpass
import os
import sys
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.markup import escape

from amoa_workflow.cli.app import app, output_lang, project_settings, release_named, user_errors
from amoa_workflow.domain.decisions import DecisionKind
from amoa_workflow.i18n import translator

if TYPE_CHECKING:
    from amoa_workflow.domain.exit_criteria import Recommendation
    from amoa_workflow.domain.gates import GateState
    from amoa_workflow.gates.decisions import DecisionRequest

APPROVER_VARIABLE = "AMOA_APPROVER"


@app.command()
def approve(
    release: Annotated[
        str, typer.Option("--release", "-r", callback=release_named, help="Release, e.g. 1.1.0.")
    ],
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
            help="GAP|OWNER|DATE: a gap's id (amoa gaps), who solves it, by when (15/12/2026 or "
            "2026-12-15; repeat).",
        ),
    ] = None,
    reservation_text: Annotated[
        list[str] | None,
        typer.Option(
            "--reservation-text",
            help="TEXT|OWNER|DATE: a reservation in your own words, who solves it, by when (repeat).",
        ),
    ] = None,
    key: Annotated[
        Path | None,
        typer.Option(
            "--key", help="Your private key (default: AMOA_KEYS_DIR or ~/.config/amoa/keys/<id>.key)."
        ),
    ] = None,
    signature: Annotated[
        Path | None,
        typer.Option(
            "--signature", help="Your signature of the statement (ssh-keygen -Y sign -n amoa-decision)."
        ),
    ] = None,
    link: Annotated[
        str | None, typer.Option("--link", help="Your approval link, as proof instead of a signature.")
    ] = None,
    pv: Annotated[
        str | None, typer.Option("--pv", help="Fingerprint of the PV you read (default: the current one).")
    ] = None,
    print_statement: Annotated[
        bool, typer.Option("--print-statement", help="Print what to sign, record nothing.")
    ] = False,
    print_signature: Annotated[
        bool,
        typer.Option("--print-signature", help="Sign, print the proof for the Prefect form, record nothing."),
    ] = False,
    yes: Annotated[
        bool, typer.Option("--yes", "-y", help="Sign even if the PV's recommendation is NO GO (no question).")
    ] = False,
) -> None:
    """Record your signed decision on an approval gate; the gate closes when its quorum is reached.

    The decision is signed with your private key (``amoa keys generate``) and refused unless the
    signature verifies with the public key recorded for you when the gate opened. Approving a PV
    whose recommendation is NO GO is said first, with the exit criteria missed, and asked (``--yes``
    in a script).
    """
    from amoa_workflow.bootstrap import bootstrap
    from amoa_workflow.checkpoint.services import utc_now
    from amoa_workflow.cli.notifications import print_unreached_since
    from amoa_workflow.domain.proofs import Proof, ProofKind
    from amoa_workflow.gates import decisions
    from amoa_workflow.gates.reservations import reservations_from
    from amoa_workflow.signatures import sshsig
    from amoa_workflow.signatures.keys import PASSPHRASE_VARIABLE, default_key_path, load_private_key

    with user_errors():
        try:
            reservations = reservations_from(reservation or [], reservation_text or [])
        except ValueError as wrong:
            parts = str(wrong).split("|")
            t = translator(output_lang())
            why = (
                t("cli.reservation_bad_date", text=str(wrong), date=parts[2].strip())
                if len(parts) == 3 and parts[0].strip()
                else t("cli.reservation_malformed", text=str(wrong))
            )
            raise typer.BadParameter(why, param_hint="--reservation / --reservation-text") from None
        application = bootstrap(project_settings())
        definitions = application.gates()
        name = gate or _only_gate(
            [d.name for d in definitions if d.checkpoint == application.settings.checkpoint]
        )
        checkpoint = next((d.checkpoint for d in definitions if d.name == name), None)
        who = approver or os.environ.get(APPROVER_VARIABLE) or getpass.getuser()
        read = application.pv_read(release, checkpoint)
        current, seen = read.fingerprint, read.gaps
        request = decisions.DecisionRequest(
            release, name, who, decision, comment, tuple(reservations), pv_sha256=pv
        )
        if link is not None:
            proof = Proof(ProofKind.LINK, link)
        elif signature is not None:
            proof = Proof(ProofKind.SIGNATURE, _read(signature))
        else:
            statement = decisions.statement_for(application.uow(), definitions, request, current)
            if print_statement:
                _against_no_go(read.recommendation, request, ask=False)
                typer.echo(statement.text(), nl=False)
                return
            private = load_private_key(
                key or default_key_path(who, os.environ), os.environ.get(PASSPHRASE_VARIABLE)
            )
            _against_no_go(read.recommendation, request, ask=not print_signature, yes=yes)
            signed = sshsig.sign(private, statement.message())
            if print_signature:
                typer.echo(f"pv_sha256: {statement.pv_sha256}\nproof: {''.join(signed.splitlines()[1:-1])}")
                return
            proof = Proof(ProofKind.SIGNATURE, signed)
        if link is not None or signature is not None:
            _against_no_go(read.recommendation, request, ask=True, yes=yes)
        started = utc_now()
        recorded = decisions.decide(
            application.uow(), definitions, replace(request, proof=proof), current, application.proofs(),
            utc_now, application.announcer(application.notifications()), seen,
        )  # fmt: skip
        t = translator(output_lang())
        last = recorded.state.history[-1]
        typer.echo(
            t("cli.decision_recorded", approver=who, decision=t(decision.value), gate=name, release=release,
              sequence=last.sequence)
        )  # fmt: skip
        if last.key_fingerprint:  # the key's fingerprint, the same for each decision of this approver
            typer.echo(t("cli.decision_signed", fingerprint=last.key_fingerprint, pv=last.pv_sha256))
        else:
            typer.echo(t("cli.decision_by_link", link=recorded.link_id or "-", pv=last.pv_sha256))
        _print_states(Console(), [recorded.state], output_lang())
        print_doubts([recorded.state], output_lang())  # a decision forged before: named, not counted
        # the people told of the decision whom no channel reaches: said, not silent
        print_unreached_since(Console(), application.uow(), started, output_lang())


def _against_no_go(
    recommendation: Recommendation | None, request: DecisionRequest, ask: bool, yes: bool = False
) -> None:
    """Approving a PV whose recommendation is NO GO: said first, with the exit criteria missed. To
    sign, a script says ``--yes``; someone at a terminal answers (no by default); else nothing is
    signed. ``ask=False``: nothing is recorded here (a statement, a proof printed): said on stderr."""
    from amoa_workflow.domain.exit_criteria import Outcome

    if recommendation is None or recommendation.outcome is not Outcome.NO_GO or not request.kind.approves:
        return
    from amoa_workflow.errors import DecisionRefused
    from amoa_workflow.reporting.console import missed_criteria

    def no_go(lang: str) -> str:
        t = translator(lang)
        return t("cli.no_go", missed=missed_criteria(recommendation, lang))

    if ask and not yes and not sys.stdin.isatty():
        raise DecisionRefused(
            request.gate, request.release, why_en=translator("en")("cli.no_go_refused", no_go=no_go("en")),
            why_fr=translator("fr")("cli.no_go_refused", no_go=no_go("fr")),
        )  # fmt: skip
    t = translator(output_lang())
    warning = escape(t("cli.no_go_warning", no_go=no_go(output_lang())))
    Console(stderr=not ask, soft_wrap=True).print(f"[bold yellow]{warning}[/]", highlight=False)
    if ask and not yes and not typer.confirm(t("cli.no_go_confirm"), default=False):
        typer.echo(t("cli.no_go_declined"), err=True)
        raise typer.Exit(1)


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8", errors="replace")[: 64 * 1024]
    except OSError as exc:
        from amoa_workflow.errors import FileMissing, InputFileError

        if isinstance(exc, FileNotFoundError):
            raise FileMissing(path) from None
        raise InputFileError(
            path, why_en=exc.strerror or "unreadable", why_fr=exc.strerror or "illisible"
        ) from None


@app.command()
def gates(
    release: Annotated[
        str, typer.Option("--release", "-r", callback=release_named, help="Release, e.g. 1.1.0.")
    ],
    output: Annotated[str, typer.Option("--format", help="table, or json (shape amoa.gates/1).")] = "table",
) -> None:
    """Where the approval gates of a release stand: outcome, decisions, who is awaited."""
    from amoa_workflow.bootstrap import bootstrap
    from amoa_workflow.gates import approvals

    with user_errors():
        if output not in ("table", "json"):
            raise typer.BadParameter(f"'{output}': table or json", param_hint="--format")
        application = bootstrap(project_settings())
        states = approvals.gate_states(application.uow(), application.gates(), release, signature_holds)
        if output == "json":
            from amoa_workflow.reporting.machine_readable import dumps, gates_document

            typer.echo(dumps(gates_document(release, states)))
        elif not states:
            typer.echo(translator(output_lang())("cli.no_gates", release=release))
        else:
            _print_states(Console(), states, output_lang(), decisions=True)
        if print_doubts(states, output_lang()):
            raise typer.Exit(1)


def signature_holds(public_key: str, statement: str, signature: str) -> bool:
    """The signature check, its cryptography loaded only when a signed decision is shown."""
    from amoa_workflow.signatures.proofs import signature_holds as holds

    return holds(public_key, statement, signature)


def print_doubts(states: Sequence[GateState], lang: str) -> bool:
    """On stderr, each decision shown that does not verify and each gate whose outcome does not
    follow from its verified decisions; whether there was any."""
    from amoa_workflow.reporting.console import doubt_lines

    lines = doubt_lines(states, lang)
    for line in lines:
        typer.echo(line, err=True)
    return bool(lines)


def print_gates(console: Console, states: Sequence[GateState], lang: str) -> None:
    """After a checkpoint: each gate's state and, when pending, how to decide."""
    _print_states(console, states, lang, how=True)


def _print_states(
    console: Console, states: Sequence[GateState], lang: str, decisions: bool = False, how: bool = False
) -> None:
    t = translator(lang)
    for state in states:
        gate, check = state.gate, state.check
        outcome = "not_established" if check is not None and not check.established else gate.outcome.value
        console.print(
            t("cli.gate_state", gate=gate.name, label=escape(state.definition.label), release=gate.release,
              outcome=f"[bold]{t('gate.' + outcome)}[/]"),
            highlight=False,
        )  # fmt: skip
        if gate.round > 1:
            console.print("  " + t("report.gate_round", round=gate.round), highlight=False)
        if decisions:
            for d in state.decisions:
                when = d.decided_at.strftime("%Y-%m-%d %H:%M UTC")
                why = check.doubt(d) if check is not None else None
                flag = t("report.not_verified")
                doubt = f"  [bold red]{flag}[/] ({t('report.doubt_' + why)})" if why else ""
                console.print(
                    f"  {when}  {d.approver}: {t(d.kind.value)}  {escape(d.comment)}{doubt}", highlight=False
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
