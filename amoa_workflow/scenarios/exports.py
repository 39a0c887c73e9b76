"""JUnit XML and Cucumber JSON made from our own records, for import into other tools.

pytest-bdd's ``--cucumberjson`` reports an undefined step as passed, drops scenarios whose
first step is undefined, omits skipped ones and is empty under xdist. These exports say what
our records say, scenario by scenario and step by step:

* Cucumber JSON: step statuses ``passed``, ``failed``, ``skipped``, ``undefined`` (an ``error``
  step is ``failed``; the steps of a skipped scenario, an expected failure included, are
  ``skipped``). A scenario whose failure no step shows (setup or teardown error, a file that
  does not parse, a run stopped before it) gets a failed ``before`` / ``after`` hook with the
  message, as Cucumber does for hooks, with the ``embeddings`` list report tools need to count
  it (without it cucumber-html-reporter drops the hook and counts the scenario skipped or
  passed). Keywords are in the feature file's language (found from its step keywords). Element
  tags are the scenario's merged tags (feature, rule, scenario, examples), with their ``@``. A
  step's data table is its ``rows``, its doc string its ``doc_string``, as Cucumber writes them.
* JUnit XML, valid against the schema CI tools check it with (the Jenkins xunit plugin's
  ``junit-10.xsd``): one ``testsuite`` per feature file; ``failed`` is a ``<failure>``,
  ``undefined`` and ``error`` are an ``<error>`` (nothing ran as written), ``skipped`` is
  ``<skipped>``. A ``testcase`` has no properties, file or line in that schema: its location,
  status, tags, requirement ids and example values head its ``<system-out>``, then its steps
  with their data tables and doc strings.
"""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Sequence
from itertools import groupby
from typing import Any

from gherkin.dialect import DIALECTS, Dialect

from amoa_workflow.domain.model import ScenarioResult, Status, StepResult

_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_SLUG = re.compile(r"[^\w]+")
_EXPLAINS = (Status.FAILED, Status.UNDEFINED, Status.ERROR)


def cucumber_json(results: Iterable[ScenarioResult]) -> str:
    features = []
    for path, group in groupby(sorted(results, key=lambda r: r.key), key=lambda r: r.feature_path):
        scenarios = list(group)
        name = scenarios[0].feature_name or path
        dialect = _dialect(step.keyword for result in scenarios for step in result.steps)
        features.append(
            {
                "uri": path, "id": _slug(name), "keyword": dialect.feature_keywords[0], "name": name,
                "line": 1, "description": "", "tags": [],
                "elements": [_element(_slug(name), result, dialect) for result in scenarios],
            }
        )  # fmt: skip
    return json.dumps(features, ensure_ascii=False, indent=2) + "\n"


def _dialect(keywords: Iterable[str]) -> Dialect:
    """The Gherkin language whose step keywords include all of these (English when unsure)."""
    used = {k.strip() for k in keywords} - {"*", ""}
    english = _named("en")
    for name in ("en", "fr", *sorted(DIALECTS)):
        dialect = _named(name)
        known = {k.strip() for k in (*dialect.given_keywords, *dialect.when_keywords, *dialect.then_keywords,
                                     *dialect.and_keywords, *dialect.but_keywords)}  # fmt: skip
        if used and used <= known:
            return dialect
    return english


def _named(name: str) -> Dialect:
    dialect = Dialect.for_name(name)
    assert dialect is not None  # every name comes from gherkin's own list
    return dialect


def _element(feature_id: str, result: ScenarioResult, dialect: Dialect) -> dict[str, Any]:
    row = result.key.split("::", 1)[1][len(result.scenario) :] if "::" in result.key else ""
    outline = dialect.scenario_outline_keywords[0]
    element: dict[str, Any] = {
        "id": f"{feature_id};{_slug(result.scenario or result.feature_path)}"
        + (f";{_slug(row)}" if row else ""),
        "keyword": outline if result.example else dialect.scenario_keywords[-1],
        "type": "scenario",
        "name": result.scenario or result.feature_path,
        "line": result.line,
        "description": "",
        "tags": [{"name": f"@{tag}", "line": result.line} for tag in result.tags],
        "steps": [_step(result.feature_path, step, result.status) for step in result.steps],
    }
    if result.status in _EXPLAINS and not any(step.status in _EXPLAINS for step in result.steps):
        hook = "after" if (result.message or "").startswith("teardown") else "before"
        element[hook] = [
            {
                "match": {"location": f"{result.feature_path}:{result.line}"},
                "embeddings": [],
                "result": {
                    "status": "failed",
                    "duration": 0,
                    "error_message": result.message or result.status.value,
                },
            }
        ]
    return element


def _step(path: str, step: StepResult, scenario: Status) -> dict[str, Any]:
    status = "failed" if step.status is Status.ERROR else step.status.value
    if scenario is Status.SKIPPED and status == "failed":  # an expected failure (xfail): skipped
        status = "skipped"
    result: dict[str, Any] = {
        "status": status,
        "duration": int(step.duration * 1_000_000_000),
    }
    if step.traceback or step.error:
        result["error_message"] = step.traceback or step.error
    entry: dict[str, Any] = {
        "keyword": f"{step.keyword} ",
        "name": step.text,
        "line": step.line,
        "result": result,
    }
    if step.status is not Status.UNDEFINED:
        entry["match"] = {"location": f"{path}:{step.line}"}
    if step.table:
        entry["rows"] = [{"cells": list(row)} for row in step.table]
    if step.doc_string is not None:
        entry["doc_string"] = {"value": step.doc_string, "content_type": "", "line": step.line + 1}
    return entry


def junit_xml(results: Sequence[ScenarioResult], name: str) -> str:
    ordered = sorted(results, key=lambda r: r.key)
    totals = _counts(ordered, name)
    del totals["skipped"]  # not an attribute of <testsuites> in junit-10.xsd
    root = ET.Element("testsuites", totals)
    for path, group in groupby(ordered, key=lambda r: r.feature_path):
        scenarios = list(group)
        suite = ET.SubElement(root, "testsuite", _counts(scenarios, path))
        for result in scenarios:
            _testcase(suite, result)
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


def _counts(results: Sequence[ScenarioResult], name: str) -> dict[str, str]:
    def count(*statuses: Status) -> str:
        return str(sum(1 for r in results if r.status in statuses))

    return {
        "name": _text(name), "tests": str(len(results)), "failures": count(Status.FAILED),
        "errors": count(Status.ERROR, Status.UNDEFINED), "skipped": count(Status.SKIPPED, Status.PENDING),
        "time": f"{sum(r.duration for r in results):.3f}",
    }  # fmt: skip


def _testcase(suite: ET.Element, result: ScenarioResult) -> None:
    name = result.key.split("::", 1)[1] if "::" in result.key and result.scenario else result.feature_path
    case = ET.SubElement(
        suite, "testcase",
        {"classname": _text(result.feature_path), "name": _text(name), "time": f"{result.duration:.3f}"},
    )  # fmt: skip
    message = _text(result.message or result.status.value)
    details = "\n\n".join(s.traceback or s.error or "" for s in result.steps if s.status in _EXPLAINS)
    if result.status is Status.FAILED:
        ET.SubElement(case, "failure", {"message": message, "type": "failed"}).text = _text(
            details or message
        )
    elif result.status in (Status.ERROR, Status.UNDEFINED):
        kind = result.status.value
        ET.SubElement(case, "error", {"message": message, "type": kind}).text = _text(details or message)
    elif result.status in (Status.SKIPPED, Status.PENDING):  # pending: a manual execution to come
        ET.SubElement(case, "skipped", {"message": message})
    lines = [f"location: {result.feature_path}:{result.line}", f"status: {result.status.value}"]
    lines += [f"tags: {' '.join(result.tags)}"] if result.tags else []
    lines += [f"manual: executed by {result.executed_by}"] if result.executed_by else []
    lines += [f"requirements: {' '.join(result.requirement_codes)}"] if result.requirement_codes else []
    lines += [f"example: {', '.join(f'{k}={v}' for k, v in result.example)}"] if result.example else []
    for s in result.steps:
        lines.append(f"{s.status.value:>9}  {s.keyword} {s.text}  ({result.feature_path}:{s.line})")
        lines += [" " * 13 + "| " + " | ".join(row) + " |" for row in s.table]
        if s.doc_string is not None:
            lines += [
                " " * 13 + '"""',
                *(" " * 13 + line for line in s.doc_string.splitlines()),
                " " * 13 + '"""',
            ]
    ET.SubElement(case, "system-out").text = _text("\n".join(lines))


def _text(value: str) -> str:
    return _XML_INVALID.sub("\ufffd", value)


def _slug(text: str) -> str:
    return _SLUG.sub("-", text.lower()).strip("-")
