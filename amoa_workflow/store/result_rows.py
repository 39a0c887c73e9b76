"""Scenario results as rows of ``scenario_results`` and ``step_results``, and back.

Tens of thousands of them are written and read per campaign: rows are built from plain tuples
and dictionaries, a status's value is looked up in a table (an enum's ``.value`` is a descriptor
call), and reading takes two queries whatever the number of results, all rows fetched at once,
a result's three JSON lists decoded in one go.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import Connection, Text, cast, select

from amoa_workflow.domain.model import ScenarioResult, Status, StepResult
from amoa_workflow.scenarios.records import argument
from amoa_workflow.store.tables import scenario_results, step_results

STATUSES = {status.value: status for status in Status}
VALUES = {status: status.value for status in Status}


STEP_COLUMNS = ("result_id", "position", "keyword", "text", "line", "status", "duration", "error",
                "traceback", "argument")  # fmt: skip


def step_tuples(results: Sequence[ScenarioResult], ids: Mapping[str, int]) -> list[tuple[Any, ...]]:
    """The ``step_results`` rows of ``results``' steps (columns :data:`STEP_COLUMNS`), each under
    its result's row id in ``ids``; a step's data table or doc string in ``argument``, else None."""
    return [
        (result_id, s.position, s.keyword, s.text, s.line, VALUES[s.status], s.duration, s.error, s.traceback,
         argument(s.table, s.doc_string) if s.table or s.doc_string is not None else None)
        for r in results
        for result_id in (ids[r.key],)
        for s in r.steps
    ]  # fmt: skip


def result_row(result: ScenarioResult) -> dict[str, Any]:
    """The columns of a ``scenario_results`` row but its campaign and key: the result without its steps."""
    return {
        "feature_path": result.feature_path,
        "feature_name": result.feature_name,
        "rule": result.rule,
        "scenario": result.scenario,
        "line": result.line,
        "status": VALUES[result.status],
        "tags": list(result.tags),
        "requirement_codes": list(result.requirement_codes),
        "example": [list(pair) for pair in result.example],
        "duration": result.duration,
        "message": result.message,
    }


RESULT_COLUMNS = ("campaign_id", "scenario_key", "feature_path", "feature_name", "rule", "scenario", "line",
                  "status", "tags", "requirement_codes", "example", "duration", "message")  # fmt: skip


def result_tuples(campaign_id: int, results: Sequence[ScenarioResult]) -> list[tuple[Any, ...]]:
    """The ``scenario_results`` rows of ``results`` in ``campaign_id`` (columns :data:`RESULT_COLUMNS`):
    :func:`result_row` with the campaign and the key, without a dictionary each."""
    return [
        (campaign_id, r.key, r.feature_path, r.feature_name, r.rule, r.scenario, r.line, VALUES[r.status],
         list(r.tags), list(r.requirement_codes), [list(pair) for pair in r.example], r.duration, r.message)
        for r in results
    ]  # fmt: skip


def read_results(connection: Connection, campaign_id: int, steps: bool = True) -> list[ScenarioResult]:
    """A campaign's current results by scenario key; without ``steps``, without their steps."""
    r = scenario_results.c
    lists = (
        "[" + cast(r.tags, Text) + "," + cast(r.requirement_codes, Text) + "," + cast(r.example, Text) + "]"
    )
    query = (
        select(r.id, r.scenario_key, r.feature_path, r.feature_name, r.scenario, r.line, r.status, lists,
               r.duration, r.message, r.rule)
        .where(r.campaign_id == campaign_id)
    )  # fmt: skip
    # By key, in code point order whatever the database's collation (as a full run is judged).
    rows = sorted(connection.execute(query).all(), key=lambda row: row[1])
    found: dict[int, list[StepResult]] = {}
    if steps:
        s = step_results.c
        step_rows = connection.execute(
            select(s.result_id, s.position, s.keyword, s.text, s.line, s.status, s.duration, s.error,
                   s.traceback, s.argument)
            .join(scenario_results, s.result_id == r.id)
            .where(r.campaign_id == campaign_id)
            .order_by(s.result_id, s.position)
        ).all()  # fmt: skip
        for result_id, position, keyword, text, line, status, duration, error, traceback, extra in step_rows:
            extra = extra or {}
            table = tuple(tuple(str(cell) for cell in row) for row in extra.get("table", ()))
            found.setdefault(result_id, []).append(
                StepResult(position, keyword, text, line, STATUSES[status], duration, error, traceback,
                           table, extra.get("doc_string"))
            )  # fmt: skip
    results = []
    for row_id, key, path, name, scenario, line, status, text, duration, message, rule in rows:
        tags, codes, example = json.loads(text)  # one decoding for the three lists
        results.append(
            ScenarioResult(key, path, name, scenario, line, STATUSES[status],
                           tuple(tags), tuple(codes), tuple((str(k), str(v)) for k, v in example), duration,
                           message, tuple(found.get(row_id, ())), rule)
        )  # fmt: skip
    return results


def read_outcomes(connection: Connection, campaign_id: int) -> list[ScenarioResult]:
    """A campaign's current results as another release is judged against them: each scenario's key,
    status and requirement codes, by key; their other fields left empty (one light query)."""
    r = scenario_results.c
    rows = connection.execute(
        select(r.scenario_key, r.status, cast(r.requirement_codes, Text)).where(r.campaign_id == campaign_id)
    ).all()
    return [
        ScenarioResult(key, "", "", "", 0, STATUSES[status], (), plain_list(codes))
        for key, status, codes in sorted(rows, key=lambda row: row[0])
    ]


def plain_list(text: str) -> tuple[str, ...]:
    """A JSON list of strings as json.dumps writes it; one without escapes is split, not parsed (an
    item holds no ``"`` then), anything else is parsed."""
    if text.startswith('["') and text.endswith('"]') and "\\" not in text:
        items = text[2:-2].split('", "')
        if not any('"' in item for item in items):
            return tuple(items)
    return tuple(json.loads(text))
