"""The cyclic garbage collector waits while units of work are open, and only then."""

from __future__ import annotations

import gc
from collections.abc import Iterator

import pytest
from sqlalchemy import create_engine

from amoa_workflow.store.cyclic_collector import CollectorHold
from amoa_workflow.store.unit_of_work import SqlUnitOfWork


@pytest.fixture(autouse=True)
def collector_on() -> Iterator[None]:
    was = gc.isenabled()
    gc.enable()
    yield
    if was:
        gc.enable()
    else:
        gc.disable()


def test_the_collector_is_off_until_the_last_open_unit_of_work_closes() -> None:
    hold = CollectorHold()
    hold.hold()
    hold.hold()
    assert not gc.isenabled()
    hold.release()
    assert not gc.isenabled()  # one still open
    hold.release()
    assert gc.isenabled()


def test_a_collector_someone_else_turned_off_stays_off() -> None:
    gc.disable()
    hold = CollectorHold()
    hold.hold()
    hold.release()
    assert not gc.isenabled()


def test_a_unit_of_work_holds_it_for_its_transaction_even_when_it_fails() -> None:
    engine = create_engine("sqlite://")
    with SqlUnitOfWork(engine):
        assert not gc.isenabled()
    assert gc.isenabled()
    with pytest.raises(ZeroDivisionError), SqlUnitOfWork(engine):
        1 / 0  # noqa: B018 - the failure inside the transaction
    assert gc.isenabled()
    engine.dispose()
