"""Choosing what to run: tag expressions, requirements, paths, the keys of a previous run."""

from __future__ import annotations

import pytest

from amoa_workflow.domain.selection import EVERYTHING, Selection, parse_tag_expression
from amoa_workflow.errors import TagExpressionError


@pytest.mark.parametrize(
    ("expression", "tags", "expected"),
    [
        ("@smoke", {"smoke"}, True),
        ("smoke", {"smoke"}, True),  # the @ is optional, as pytest-bdd drops it from tags
        ("@smoke", {"slow"}, False),
        ("@a and @b", {"a"}, False),
        ("@a and @b", {"a", "b"}, True),
        ("@a or @b", {"b"}, True),
        ("not @wip", {"wip"}, False),
        ("not @wip", set(), True),
        ("@a or @b and @c", {"a"}, True),  # and binds tighter than or
        ("(@a or @b) and @c", {"a"}, False),
        ("(@a or @b) and not (@c or @d)", {"b", "x"}, True),
        ("not not @a", {"a"}, True),
        ("@EXG-004 and not @ANO-042", {"EXG-004", "ANO-042"}, False),
    ],
)
def test_a_tag_expression_selects_as_cucumber_does(expression: str, tags: set[str], expected: bool) -> None:
    assert parse_tag_expression(expression).matches(tags) is expected


@pytest.mark.parametrize(
    ("expression", "column", "words"),
    [
        ("@a and", 7, "missing"),
        ("@a @b", 4, "@b"),
        ("(@a or @b", 1, "closed"),
        ("@a or )", 7, ")"),
        ("", 1, "empty"),
        ("and @a", 1, "and"),
    ],
)
def test_a_wrong_tag_expression_names_the_column(expression: str, column: int, words: str) -> None:
    with pytest.raises(TagExpressionError) as caught:
        parse_tag_expression(expression)

    assert caught.value.params["column"] == column
    assert words in caught.value.render("en")
    assert f"colonne {column}" in caught.value.render("fr")


def test_a_selection_with_a_wrong_expression_fails_where_it_is_made() -> None:
    with pytest.raises(TagExpressionError):
        Selection(tags="@a and or @b")


KEY = "features/paie/heures.feature::Majoration[8-25]"
TAGS = ("EXG-004", "ANO-042", "paie")


def test_the_empty_selection_takes_everything() -> None:
    assert EVERYTHING.is_everything
    assert EVERYTHING.matches(KEY, TAGS)
    assert EVERYTHING.describe() == "all"


@pytest.mark.parametrize(
    ("selection", "expected"),
    [
        (Selection(requirements=frozenset({"EXG-004"})), True),
        (Selection(requirements=frozenset({"EXG-001", "EXG-004"})), True),  # several requirements: any
        (Selection(requirements=frozenset({"EXG-001"})), False),
        (Selection(paths=("features/paie",)), True),
        (Selection(paths=("features/paie/heures.feature",)), True),
        (Selection(paths=("features/pai",)), False),  # a folder, not a prefix of a name
        (Selection(keys=frozenset({KEY})), True),
        (Selection(keys=frozenset()), False),
        (
            Selection(requirements=frozenset({"EXG-004"}), tags="not @ANO-042"),
            False,
        ),  # criteria combine with AND
        (Selection(requirements=frozenset({"EXG-004"}), paths=("features/paie",), tags="@paie"), True),
    ],
)
def test_each_criterion_narrows_the_run(selection: Selection, expected: bool) -> None:
    assert selection.matches(KEY, TAGS) is expected


def test_a_selection_reads_as_the_options_that_make_it() -> None:
    selection = Selection(requirements=frozenset({"EXG-004", "EXG-001"}), tags="@paie and not @wip",
                          paths=("features/paie",))  # fmt: skip

    assert selection.describe() == (
        '--requirement EXG-001 --requirement EXG-004 --tags "@paie and not @wip" --path features/paie'
    )
    assert Selection(keys=frozenset({KEY}), origin="--rerun-failed 3").describe() == "--rerun-failed 3"


def test_a_selection_travels_as_json_to_the_run_process_unchanged() -> None:
    selection = Selection(
        requirements=frozenset({"EXG-004"}),
        tags="@paie",
        paths=("features",),
        keys=frozenset({KEY}),
        origin="x",
    )

    assert Selection.from_json(selection.to_json()) == selection


def test_selected_keys_tell_which_files_to_collect() -> None:
    selection = Selection(keys=frozenset({KEY, "features/a.feature::x", "features/a.feature::y"}))

    assert selection.files_of_keys() == ("features/a.feature", "features/paie/heures.feature")


def test_a_plan_weighs_a_scenario_some_of_whose_rows_are_selected_by_key() -> None:
    rerun = Selection(keys=frozenset({"f/a.feature::montant[2]", "f/a.feature::net"}))

    assert rerun.may_select("f/a.feature", "montant", ())
    assert rerun.may_select("f/a.feature", "net", ())
    assert not rerun.may_select("f/a.feature", "brut", ())
    assert not rerun.may_select("f/b.feature", "net", ())


def test_a_plan_weighs_a_scenario_by_every_tag_its_rows_may_carry() -> None:
    selection = Selection(requirements=frozenset({"EXG-001"}), tags="not wip")

    assert selection.may_select("f/a.feature", "net", ("EXG-001", "lot-1"))
    assert not selection.may_select("f/a.feature", "net", ("EXG-001", "wip"))
    assert not selection.may_select("f/a.feature", "net", ("EXG-002",))
