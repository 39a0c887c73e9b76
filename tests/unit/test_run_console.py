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
