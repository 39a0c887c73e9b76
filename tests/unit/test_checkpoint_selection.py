"""The checkpoint flow's selection parameters are those of ``amoa run``: a partial checkpoint from the UI."""

from __future__ import annotations

import pytest

from amoa_workflow.domain.selection import EVERYTHING, Selection
from amoa_workflow.errors import TagExpressionError
from flows.checkpoint import chosen


def test_no_parameter_is_everything() -> None:
    assert chosen(None, None, None) == EVERYTHING
    assert chosen([], "", []) == EVERYTHING  # what an emptied UI form sends


def test_requirements_tags_and_paths_make_the_selection_amoa_run_makes() -> None:
    selection = chosen(["EXG-004", "EXG-011"], "@smoke and not @wip", ["features/paie.feature"])
    assert selection == Selection(
        requirements=frozenset({"EXG-004", "EXG-011"}), tags="@smoke and not @wip",
        paths=("features/paie.feature",),
    )  # fmt: skip
    assert selection.describe() == (
        '--requirement EXG-004 --requirement EXG-011 --tags "@smoke and not @wip" '
        "--path features/paie.feature"
    )


def test_a_tag_expression_that_does_not_parse_is_refused_before_anything_runs() -> None:
    with pytest.raises(TagExpressionError):
        chosen(None, "@smoke and", None)
