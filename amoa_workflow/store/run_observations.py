"""What one run observed, kept whole: every result with its steps, in one compressed document.

A run of an ERP recette observes tens of thousands of scenarios; the history keeps each run as it
was (later runs update the campaign's current results in place, not this). One row per run holds
them all: a JSON document of rows (lists, not objects: their fields are named once, in the
document's header), compressed with zlib. It is written in one encoding of the whole run, not one
per scenario, and read back only when someone asks what a run observed (``amoa runs show``). The
per-scenario statuses and durations the history's queries need stay in ``run_results``.

Format 1::

    {"format": 1, "fields": [...], "step_fields": [...],
     "results": [[key, feature_path, ..., [[position, keyword, ...], ...]], ...]}
"""

from __future__ import annotations

import json
import zlib
from collections.abc import Sequence
from typing import Any

from amoa_workflow.domain.model import ScenarioResult, Status, StepResult
from amoa_workflow.scenarios.records import argument

FORMAT = 1
FIELDS = ("key", "feature_path", "feature_name", "rule", "scenario", "line", "status", "tags",
          "requirement_codes", "example", "duration", "message", "steps")  # fmt: skip
STEP_FIELDS = ("position", "keyword", "text", "line", "status", "duration", "error", "traceback", "argument")
STATUSES = {status.value: status for status in Status}
LEVEL = 1  # zlib's fastest: a run's document shrinks about tenfold all the same


def pack(results: Sequence[ScenarioResult]) -> bytes:
    """The document of ``results``, compressed (statuses are ``StrEnum``: JSON writes their value)."""
    rows = [
        (r.key, r.feature_path, r.feature_name, r.rule, r.scenario, r.line, r.status, r.tags,
         r.requirement_codes, r.example, r.duration, r.message,
         [(s.position, s.keyword, s.text, s.line, s.status, s.duration, s.error, s.traceback,
           argument(s.table, s.doc_string) if s.table or s.doc_string is not None else None)
          for s in r.steps])
        for r in results
    ]  # fmt: skip
    document = {"format": FORMAT, "fields": FIELDS, "step_fields": STEP_FIELDS, "results": rows}
    # Rows built just above hold no cycle: the encoder need not track the lists it is inside of.
    text = json.dumps(document, ensure_ascii=False, check_circular=False)
    return zlib.compress(text.encode("utf-8"), LEVEL)


def unpack(body: bytes) -> list[ScenarioResult]:
    """The results a document holds, in the order they were packed."""
    document: dict[str, Any] = json.loads(zlib.decompress(body).decode("utf-8"))
    if document.get("format") != FORMAT:
        raise ValueError(f"run observations of format {document.get('format')!r}, {FORMAT} expected")
    return [_result(row) for row in document["results"]]


def _result(row: list[Any]) -> ScenarioResult:
    (key, path, name, rule, scenario, line, status, tags, codes, example, duration, message, steps) = row
    return ScenarioResult(
        key, path, name, scenario, line, STATUSES[status], tuple(tags), tuple(codes),
        tuple((str(k), str(v)) for k, v in example), duration, message,
        tuple(_step(step) for step in steps), rule,
    )  # fmt: skip


def _step(row: list[Any]) -> StepResult:
    position, keyword, text, line, status, duration, error, traceback, extra = row
    extra = extra or {}
    table = tuple(tuple(str(cell) for cell in cells) for cells in extra.get("table", ()))
    return StepResult(
        position,
        keyword,
        text,
        line,
        STATUSES[status],
        duration,
        error,
        traceback,
        table,
        extra.get("doc_string"),
    )
