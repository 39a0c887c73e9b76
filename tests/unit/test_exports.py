"""JUnit XML and Cucumber JSON say what our records say: undefined, skipped and errors included."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET

from amoa_workflow.domain.model import ScenarioResult, Status, StepResult
from amoa_workflow.scenarios.exports import cucumber_json, junit_xml

GIVEN = StepResult(0, "Given", "a thing", 5, Status.PASSED, 0.001)
PASSED = ScenarioResult("f/a.feature::passes", "f/a.feature", "Every status", "passes", 4, Status.PASSED,
                        ("EXG-001",), ("EXG-001",), steps=(GIVEN,), duration=0.002)  # fmt: skip
UNDEFINED_FIRST = ScenarioResult(
    "f/a.feature::undefined first", "f/a.feature", "Every status", "undefined first", 8, Status.UNDEFINED,
    message="StepDefinitionNotFoundError: Step definition is not found",
    steps=(StepResult(0, "Given", "nothing defined", 9, Status.UNDEFINED, error="StepDefinitionNotFound"),
           StepResult(1, "When", "I add 3", 10, Status.SKIPPED)),
)  # fmt: skip
SKIPPED = ScenarioResult(
    "f/a.feature::skipped", "f/a.feature", "Every status", "skipped", 12, Status.SKIPPED,
    message="Skipped: unconditional skip", steps=(StepResult(0, "Given", "a thing", 13, Status.SKIPPED),),
)  # fmt: skip
ROW = ScenarioResult(
    "f/a.feature::outline[ko]", "f/a.feature", "Every status", "outline", 16, Status.FAILED,
    example=(("value", "ko"),), message="AssertionError: expected ok, got ko",
    steps=(GIVEN, StepResult(1, "Then", "the value is ko", 18, Status.FAILED, 0.01, "AssertionError: ok?",
                             "Traceback (most recent call last):\n  …\nAssertionError: expected ok")),
)  # fmt: skip
SETUP_ERROR = ScenarioResult(
    "f/b.feature::needs a server", "f/b.feature", "Server", "needs a server", 3, Status.ERROR,
    message="setup: ConnectionRefusedError: [Errno 111] Connection refused",
    steps=(StepResult(0, "Given", "a server", 4, Status.SKIPPED),),
)  # fmt: skip
BROKEN = ScenarioResult(
    "f/broken.feature::", "f/broken.feature", "", "", 4, Status.ERROR,
    message="f/broken.feature:4: ScenarioError: Misplaced or incorrect 'Scenario' keyword\x1b[0m",
)  # fmt: skip
ALL = [PASSED, UNDEFINED_FIRST, SKIPPED, ROW, SETUP_ERROR, BROKEN]


def elements(document: list[dict[str, object]]) -> dict[str, dict[str, object]]:
    return {
        f"{feature['uri']}::{element['name']}": element
        for feature in document
        for element in feature["elements"]
    }  # type: ignore[attr-defined]


def step_statuses(element: dict[str, object]) -> list[str]:
    return [step["result"]["status"] for step in element["steps"]]  # type: ignore[attr-defined, index]


def test_cucumber_json_keeps_every_scenario_with_its_real_step_statuses() -> None:
    document = json.loads(cucumber_json(ALL))

    found = elements(document)
    assert len(found) == len(ALL)
    assert step_statuses(found["f/a.feature::passes"]) == ["passed"]
    assert step_statuses(found["f/a.feature::undefined first"]) == ["undefined", "skipped"]  # never "passed"
    assert step_statuses(found["f/a.feature::skipped"]) == ["skipped"]
    assert step_statuses(found["f/a.feature::outline"]) == ["passed", "failed"]
    assert found["f/a.feature::outline"]["keyword"] == "Scenario Outline"


def test_an_error_no_step_shows_is_a_failed_hook_so_no_tool_counts_it_as_passed() -> None:
    found = elements(json.loads(cucumber_json(ALL)))

    setup = found["f/b.feature::needs a server"]
    assert setup["before"][0]["result"]["status"] == "failed"  # type: ignore[index]
    assert "Connection refused" in setup["before"][0]["result"]["error_message"]  # type: ignore[index]
    broken = found["f/broken.feature::f/broken.feature"]
    assert "broken.feature:4" in broken["before"][0]["result"]["error_message"]  # type: ignore[index]
    assert "before" not in found["f/a.feature::undefined first"]  # its step already says undefined


def test_cucumber_json_carries_tags_durations_in_nanoseconds_and_the_traceback() -> None:
    found = elements(json.loads(cucumber_json(ALL)))

    assert found["f/a.feature::passes"]["tags"] == [{"name": "@EXG-001", "line": 4}]
    assert found["f/a.feature::passes"]["steps"][0]["result"]["duration"] == 1_000_000  # type: ignore[index]
    failed_step = found["f/a.feature::outline"]["steps"][1]  # type: ignore[index]
    assert failed_step["result"]["error_message"].startswith("Traceback")


def test_junit_counts_each_status_where_tools_expect_it() -> None:
    root = ET.fromstring(junit_xml(ALL, "recette-1.1.0"))

    assert root.attrib | {"time": ""} == {
        "name": "recette-1.1.0", "tests": "6", "failures": "1", "errors": "3", "time": "",
    }  # fmt: skip
    assert [s.attrib["skipped"] for s in root.iter("testsuite")] == ["1", "0", "0"]
    cases = {f"{c.attrib['classname']}::{c.attrib['name']}": c for c in root.iter("testcase")}
    assert (
        cases["f/a.feature::passes"].find("failure") is None
        and cases["f/a.feature::passes"].find("error") is None
    )
    assert cases["f/a.feature::undefined first"].find("error").attrib["type"] == "undefined"  # type: ignore[union-attr]
    assert cases["f/a.feature::skipped"].find("skipped") is not None
    assert "AssertionError" in (cases["f/a.feature::outline[ko]"].find("failure").text or "")  # type: ignore[union-attr]
    assert cases["f/b.feature::needs a server"].find("error") is not None
    assert [s.attrib["name"] for s in root.iter("testsuite")] == [
        "f/a.feature",
        "f/b.feature",
        "f/broken.feature",
    ]


def test_junit_output_carries_location_tags_requirements_and_example_values() -> None:
    root = ET.fromstring(junit_xml(ALL, "x"))
    cases = {c.attrib["name"]: c for c in root.iter("testcase")}

    passes = (cases["passes"].findtext("system-out") or "").splitlines()
    assert passes[:4] == [
        "location: f/a.feature:4",
        "status: passed",
        "tags: EXG-001",
        "requirements: EXG-001",
    ]
    assert "example: value=ko" in (cases["outline[ko]"].findtext("system-out") or "")
    assert not list(root.iter("property"))  # no <properties> under <testcase> in junit-10.xsd


def test_junit_stays_well_formed_with_control_characters_in_messages() -> None:
    root = ET.fromstring(junit_xml([BROKEN], "x"))

    assert "\x1b" not in ET.tostring(root, encoding="unicode")


def test_exports_of_the_same_records_are_identical() -> None:
    assert junit_xml(ALL, "x") == junit_xml(list(reversed(ALL)), "x")
    assert cucumber_json(ALL) == cucumber_json(list(reversed(ALL)))


def test_cucumber_keywords_are_in_the_language_of_the_feature_file() -> None:
    french = ScenarioResult(
        "f/fr.feature::montant[1]", "f/fr.feature", "Paie", "montant", 3, Status.PASSED,
        example=(("n", "1"),),
        steps=(StepResult(0, "Étant donné", "un salarié", 4, Status.PASSED),
               StepResult(1, "Alors", "ok", 5, Status.PASSED)),
    )  # fmt: skip

    [feature] = json.loads(cucumber_json([french]))

    assert feature["keyword"] == "Fonctionnalité"
    assert feature["elements"][0]["keyword"] == "Plan du scénario"
    english = json.loads(cucumber_json([PASSED]))[0]
    assert (english["keyword"], english["elements"][0]["keyword"]) == ("Feature", "Scenario")


def test_the_steps_of_an_expected_failure_are_skipped_like_the_scenario() -> None:
    xfail = ScenarioResult(
        "f/a.feature::known bug", "f/a.feature", "Every status", "known bug", 20, Status.SKIPPED,
        message="XFAIL",
        steps=(GIVEN, StepResult(1, "Then", "it works", 22, Status.FAILED, 0.0, "AssertionError")),
    )  # fmt: skip

    [element] = json.loads(cucumber_json([xfail]))[0]["elements"]

    assert step_statuses(element) == ["passed", "skipped"]


def test_data_tables_and_doc_strings_are_exported_as_cucumber_and_junit_write_them() -> None:
    with_arguments = ScenarioResult(
        "f/a.feature::arguments", "f/a.feature", "Every status", "arguments", 30, Status.PASSED,
        steps=(StepResult(0, "When", "I send the fields", 31, Status.PASSED,
                          table=(("field", "value"), ("name", "Martin"))),
               StepResult(1, "Then", "the body is", 34, Status.PASSED, doc_string='{\n  "ok": true\n}')),
    )  # fmt: skip

    [element] = json.loads(cucumber_json([with_arguments]))[0]["elements"]
    junit = ET.fromstring(junit_xml([with_arguments], "x")).find(".//system-out")

    assert element["steps"][0]["rows"] == [{"cells": ["field", "value"]}, {"cells": ["name", "Martin"]}]
    assert element["steps"][1]["doc_string"] == {
        "value": '{\n  "ok": true\n}',
        "content_type": "",
        "line": 35,
    }
    assert (
        junit is not None and "| name | Martin |" in (junit.text or "") and '"ok": true' in (junit.text or "")
    )
