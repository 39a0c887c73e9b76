"""What the terminal shows while scenarios run."""

from __future__ import annotations

import io

from rich.console import Console

from amoa_workflow.reporting.run_console import progress_bar


def test_the_progress_bar_counts_the_scenarios_reported_out_of_those_selected() -> None:
    screen = io.StringIO()

    with progress_bar(Console(file=screen, force_terminal=True, width=100), "fr") as update:
        update(3, 15)

    assert "Scénarios" in screen.getvalue()
    assert "3/15" in screen.getvalue()


def test_no_bar_is_drawn_into_a_file_or_a_pipe() -> None:
    output = io.StringIO()

    with progress_bar(Console(file=output, force_terminal=False), "en") as update:
        update(3, 15)

    assert output.getvalue() == ""


def test_a_long_message_is_cut_between_words_never_inside_one() -> None:
    from amoa_workflow.reporting.run_console import clipped

    message = "système testé injoignable : " + "GET http://127.0.0.1:9/sante : l'API ne répond pas " * 2
    message += "([Errno 111] Connection refused)"

    shown = clipped(message)

    assert len(shown) <= 120 and shown.endswith("…")
    assert message.startswith(shown[:-1])
    assert message[len(shown) - 1] == " "  # the cut falls on a space
    assert clipped("court") == "court"


def test_the_run_history_says_how_each_run_was_chosen_in_the_readers_language() -> None:
    from datetime import UTC, datetime

    from amoa_workflow.domain.model import RunRecord
    from amoa_workflow.reporting.run_console import print_history

    at = datetime(2026, 12, 1, 9, 30, tzinfo=UTC)
    chosen = [
        "all",
        "manual results (xlsx) by sophie.leroy",
        "interrupted (SIGINT) after 12 scenarios of all",
        "--rerun-failed 1",
    ]
    records = [RunRecord("recette-1.1.0", n, f"k{n}", text, 1, at, at) for n, text in enumerate(chosen, 1)]
    screen = io.StringIO()

    print_history(Console(file=screen, width=300), "recette-1.1.0", records, "fr")

    shown = screen.getvalue()
    assert "résultats manuels (xlsx) par sophie.leroy" in shown
    assert "interrompue (SIGINT) après 12 scénarios de : tous les scénarios" in shown
    assert "--rerun-failed 1" in shown
    assert "manual results" not in shown and "interrupted" not in shown
