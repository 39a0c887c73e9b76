"""Step definitions for the status feature set: some steps pass, one fails, some are missing,
one calls a system that is down, one waits for ever, one skips itself."""

import socket
import time

import pytest
from pytest_bdd import given, parsers, then, when


@given("a thing")
@given("une chose")
def a_thing() -> None:
    pass


@when(parsers.parse("I add {n:d}"))
@when(parsers.parse("j'ajoute {n:d}"))
def add(n: int) -> None:
    pass


@then(parsers.parse("the value is {value}"))
@then(parsers.parse("la valeur est {value}"))
def value_is(value: str) -> None:
    assert value == "ok", f"expected ok, got {value}"


@when("I call the system under test")
def call_down_system() -> None:
    with socket.socket() as listener:  # a port nobody listens on any more
        listener.bind(("127.0.0.1", 0))
        port = listener.getsockname()[1]
    socket.create_connection(("127.0.0.1", port), timeout=5)


@when("I wait for an answer that never comes")
def wait_for_ever() -> None:
    time.sleep(600)


@when("the step says it is not ready")
def not_ready() -> None:
    pytest.skip("feature not delivered yet")
