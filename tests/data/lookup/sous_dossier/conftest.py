from pytest_bdd import given


@given("a fixed phrase")
def fixed_here(trace: list[str]) -> None:
    trace.append("sub-string")
