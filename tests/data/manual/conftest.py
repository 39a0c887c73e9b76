"""Step definitions for the manual feature set; every scenario that really runs is logged, so a
test can check that no manual one ever did."""

from pathlib import Path

import pytest
from pytest_bdd import given, parsers, then, when


@pytest.fixture(autouse=True)
def log_execution(request: pytest.FixtureRequest) -> None:
    with (Path.cwd() / "executed.log").open("a", encoding="utf-8") as log:
        log.write(request.node.nodeid + "\n")


@given("a thing")
def a_thing() -> None:
    pass


@when(parsers.parse("I add {n:d}"))
def add(n: int) -> None:
    pass


@then(parsers.parse("the value is {value}"))
def value_is(value: str) -> None:
    assert value == "ok", f"expected ok, got {value}"
