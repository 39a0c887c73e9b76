"""``amoa notifications``: the outbox of approver notifications: list, resend, deliver, remind.

Without options, lists what needs a look (pending, sending, failed, given up). ``--resend ID`` and
``--resend-failed`` queue rows again and deliver them; ``--deliver`` sends what is due;
``--remind`` runs one round of reminders (:func:`amoa_workflow.notify.reminders.remind`, as the
reminders flow does): gates still pending, testers with manual scenarios left before their
deadline, gates past their deadline, runs left waiting. Each calls one function of
:mod:`amoa_workflow.notify.services` or :mod:`amoa_workflow.notify.reminders`. Channels are shown
by name, never by URL. Notifications kept for people no channel reaches (``no_channel``) are
summed up in one line under the listing, naming them (``--status no_channel`` lists them); those
of people a channel reaches since, in a line of their own, as past (no channel at the time).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from amoa_workflow.cli.app import app, output_lang, project_settings, user_errors
from amoa_workflow.domain.notifications import Directory
from amoa_workflow.domain.outbox import DeliveryStatus, Notification
from amoa_workflow.ports import NotificationUnitOfWork

if TYPE_CHECKING:
    from amoa_workflow.bootstrap import Application

NEEDS_A_LOOK = [
    DeliveryStatus.PENDING, DeliveryStatus.SENDING, DeliveryStatus.FAILED, DeliveryStatus.UNKNOWN,
    DeliveryStatus.DEAD,
]  # fmt: skip


@app.command()
def notifications(
    status: Annotated[
        list[DeliveryStatus] | None,
        typer.Option("--status", help="Only these statuses (repeat); default: all but sent."),
    ] = None,
    resend: Annotated[
        list[int] | None, typer.Option("--resend", metavar="ID", help="Send notification ID again (repeat).")
    ] = None,
    resend_failed: Annotated[
        bool, typer.Option("--resend-failed", help="Send every failed or given-up notification again.")
    ] = False,
    deliver: Annotated[bool, typer.Option("--deliver", help="Send the notifications that are due.")] = False,
    remind: Annotated[
        bool,
        typer.Option(
            "--remind",
            help="Queue reminders for approvals still pending, expire gates past their deadline, then send.",
        ),
    ] = False,
) -> None:
    """Approver notifications: list pending and failed ones, resend, deliver what is due."""
    from amoa_workflow.bootstrap import bootstrap
    from amoa_workflow.checkpoint.services import utc_now
    from amoa_workflow.i18n import translator
    from amoa_workflow.notify import reminders
    from amoa_workflow.notify import services as use_cases

    with user_errors():
        application = bootstrap(project_settings())
        t = translator(output_lang())
        console = Console(soft_wrap=True)
        if resend or resend_failed or deliver or remind:
            settings = application.notifications()
            if resend or resend_failed:
                queued = use_cases.resend(application.uow(), utc_now, resend or (), resend_failed)
                console.print(t("notify.cli.queued", count=len(queued)), highlight=False)
            if remind:
                round_ = reminders.remind(application.reminding())
                console.print(t("notify.cli.reminders", count=round_.reminders), highlight=False)
                for state in round_.expired:
                    console.print(
                        t("notify.cli.expired", gate=state.gate.name, release=state.gate.release),
                        highlight=False,
                    )
                for run in round_.manual_woken:
                    console.print(t("notify.cli.woken_manual", run=run.name), highlight=False)
                for run in round_.left_waiting:
                    console.print(t("notify.cli.woken", run=run.name), highlight=False)
                report = round_.delivery
            else:
                report = use_cases.deliver_pending(
                    application.uow, application.notifier(settings), utc_now, settings.delivery
                )
            console.print(
                t(
                    "notify.cli.delivered",
                    sent=len(report.sent),
                    failed=len(report.failed),
                    dead=len(report.dead),
                ),
                highlight=False,
            )
        shown = status or NEEDS_A_LOOK
        _print(console, use_cases.listing(application.uow(), shown), [s.value for s in shown], t)
        if not status:  # kept no_channel: still out of reach, or before a channel was set (past)
            still, past = use_cases.reached_since(
                use_cases.unreached(application.uow()), _directory(application)
            )
            print_unreached(console, still, t)
            if past:
                names = ", ".join(dict.fromkeys(r.recipient for r in past))
                console.print(
                    escape(t("notify.cli.no_channel_then", names=names, count=len(past))), highlight=False
                )


def _directory(application: Application) -> Directory:
    """Who a channel reaches now; nobody when the configuration cannot be read (the listing still works)."""
    from amoa_workflow.errors import ConfigError

    try:
        return application.notifications().directory
    except ConfigError:
        return Directory()


def print_unreached(console: Console, rows: Sequence[Notification], t: Callable[..., str]) -> None:
    """One line for the notifications kept ``no_channel``: who was not told, and how to reach them."""
    if not rows:
        return
    names = list(dict.fromkeys(r.recipient for r in rows))
    variable = "AMOA_NOTIFY_" + re.sub(r"[^A-Z0-9]", "_", names[0].upper())
    console.print(
        escape(t("notify.cli.no_channel", names=", ".join(names), count=len(rows), variable=variable)),
        highlight=False,
    )


def print_unreached_since(console: Console, uow: NotificationUnitOfWork, since: datetime, lang: str) -> None:
    """After a command that notified (a decision, a results import, a run that voids signatures, a
    checkpoint): the line of :func:`print_unreached` for the notifications kept ``no_channel`` from
    ``since`` on, if any."""
    from amoa_workflow.i18n import translator
    from amoa_workflow.notify.services import unreached

    print_unreached(console, unreached(uow, since), translator(lang))


def _print(
    console: Console, rows: Sequence[Notification], statuses: list[str], t: Callable[..., str]
) -> None:
    words = ", ".join(t(f"notify.status.{s}") for s in statuses)
    if not rows:
        console.print(t("notify.cli.none", statuses=words), highlight=False)
        return
    table = Table(title=escape(t("notify.cli.title", statuses=words)))
    for column in (
        "id",
        "created",
        "event",
        "subject",
        "recipient",
        "channel",
        "status",
        "attempts",
        "next",
        "error",
    ):
        table.add_column(t(f"notify.col.{column}"))
    for row in rows:
        due = row.next_attempt_at if row.status in (DeliveryStatus.PENDING, DeliveryStatus.FAILED) else None
        table.add_row(
            str(row.id),
            row.created_at.strftime("%Y-%m-%d %H:%M"),
            t(f"notify.event.{row.event}"),
            escape(row.subject),
            escape(row.recipient),
            escape(row.target),
            t(f"notify.status.{row.status.value}"),
            str(row.attempts),
            due.strftime("%Y-%m-%d %H:%M:%S") if due else "",
            escape(t(row.last_error)) if row.last_error else "",
        )
    console.print(table)
