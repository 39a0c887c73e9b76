"""Scenario records: the JSON form of a scenario result.

The results plugin writes one record per line while the scenarios run; the runner reads them
back into :class:`~amoa_workflow.domain.model.ScenarioResult`; the run history keeps them as
they are. One format, so what is stored is exactly what was observed.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from amoa_workflow.domain.model import ScenarioResult, Status, StepResult


def read_lines(path: Path) -> list[dict[str, Any]]:
    """The records of a JSON-lines file; a line cut short by a killed process is ignored."""
    if not path.is_file():
        return []
    records = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        try:
            records.append(json.loads(line))
        except json.JSONDecodeError:
            continue
    return records


def to_result(record: dict[str, Any], requirement_pattern: re.Pattern[str] | None = None) -> ScenarioResult:
    """The domain result of a record; requirement ids come from the tags when a pattern is given."""
    tags = tuple(record.get("tags", ()))
    if requirement_pattern is not None:
        codes = tuple(t for t in tags if requirement_pattern.fullmatch(t))
    else:
        codes = tuple(record.get("requirement_codes", ()))
    return ScenarioResult(
        key=record["key"],
        feature_path=record["feature_path"],
        feature_name=record.get("feature_name", ""),
        scenario=record.get("scenario", ""),
        line=int(record.get("line", 0)),
        status=Status(record["status"]),
        tags=tags,
        requirement_codes=codes,
        example=tuple((str(k), str(v)) for k, v in record.get("example", ())),
        duration=float(record.get("duration", 0.0)),
        message=record.get("message"),
        steps=tuple(
            StepResult(
                position=int(step.get("position", index)),
                keyword=step["keyword"],
                text=step["text"],
                line=int(step["line"]),
                status=Status(step["status"]),
                duration=float(step.get("duration", 0.0)),
                error=step.get("error"),
                traceback=step.get("traceback"),
                table=tuple(tuple(str(cell) for cell in row) for row in step.get("table") or ()),
                doc_string=step.get("doc_string"),
            )
            for index, step in enumerate(record.get("steps", ()))
        ),
        rule=record.get("rule"),
    )


def to_record(result: ScenarioResult) -> dict[str, Any]:
    """The record of a result (the inverse of :func:`to_result` without a pattern).

    Tens of thousands are written per run: a status's value is ``str(status)`` (a C call, where
    ``.value`` is a descriptor), and a step's argument is looked at only when it has one.
    """
    return {
        "key": result.key,
        "feature_path": result.feature_path,
        "feature_name": result.feature_name,
        "rule": result.rule,
        "scenario": result.scenario,
        "line": result.line,
        "status": str(result.status),
        "tags": list(result.tags),
        "requirement_codes": list(result.requirement_codes),
        "example": [list(pair) for pair in result.example],
        "duration": result.duration,
        "message": result.message,
        "steps": [
            {
                "position": s.position, "keyword": s.keyword, "text": s.text, "line": s.line,
                "status": str(s.status), "duration": s.duration, "error": s.error, "traceback": s.traceback,
                **(argument(s.table, s.doc_string) if s.table or s.doc_string is not None else {}),
            }
            for s in result.steps
        ],
    }  # fmt: skip


def not_run(declared: dict[str, Any], message: str) -> dict[str, Any]:
    """An error record for a collected scenario that never reported (its run was stopped)."""
    steps = [
        {**step, "position": position, "status": "skipped", "duration": 0.0, "error": None, "traceback": None}
        for position, step in enumerate(declared.get("declared_steps", ()))
    ]
    record = {k: v for k, v in declared.items() if k != "declared_steps"}
    return {**record, "status": "error", "duration": 0.0, "message": message, "steps": steps}


def argument(table: Any, doc_string: str | None) -> dict[str, Any]:
    """A step's data table or doc string as record fields (none when it has neither)."""
    found: dict[str, Any] = {}
    if table:
        found["table"] = [[str(cell) for cell in row] for row in table]
    if doc_string is not None:
        found["doc_string"] = doc_string
    return found
