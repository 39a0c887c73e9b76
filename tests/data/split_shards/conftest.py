"""Steps of the split-shards set: the Background (« Contexte ») runs before each scenario, and a
module-scoped fixture counts how many times it is set up in one process."""

import os
from pathlib import Path

import pytest
from pytest_bdd import given, parsers, then, when


@pytest.fixture(scope="module")
def module_setup() -> int:
    marker = Path(os.environ["AMOA_TEST_SETUPS"]) / f"{os.getpid()}-{os.urandom(4).hex()}"
    marker.write_text("set up", encoding="utf-8")
    return 0


@pytest.fixture
def context() -> dict[str, int]:
    return {"served": 0}


@given("un contexte préparé")
def prepared(context: dict[str, int], module_setup: int) -> None:
    context["served"] += 1


@when(parsers.parse("j'ajoute {n:d}"))
@when(parsers.parse("I add {n:d}"))
def add(n: int, module_setup: int) -> None:
    pass


@then("le contexte a servi une fois")
def served_once(context: dict[str, int]) -> None:
    assert context["served"] == 1


@then("the context served once")
def small_served() -> None:
    pass
