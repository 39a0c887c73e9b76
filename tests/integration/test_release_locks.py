"""One checkpoint of a release at a time: the second waits for the first, and is told once; another
release does not wait. On a SQLite file and, when a URL is given, PostgreSQL."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator

import pytest
from sqlalchemy import Engine

from amoa_workflow.store.database import open_database
from amoa_workflow.store.release_locks import checkpoint_of


@pytest.fixture
def engine(database_url: str) -> Iterator[Engine]:
    engine = open_database(database_url)
    yield engine
    engine.dispose()


def test_a_second_checkpoint_of_a_release_waits_for_the_first_and_is_told(engine: Engine) -> None:
    told: list[str] = []
    order: list[str] = []
    first_in = threading.Event()

    def second() -> None:
        first_in.wait(10)
        with checkpoint_of(engine, "1.1.0", lambda: told.append("second")):
            order.append("second")

    waiting = threading.Thread(target=second)
    waiting.start()
    with checkpoint_of(engine, "1.1.0", lambda: told.append("first")):
        first_in.set()
        while not told:  # the second has found the lock taken
            time.sleep(0.01)
        with checkpoint_of(engine, "1.2.0", lambda: told.append("other release")):
            order.append("other release")  # another release does not wait
        order.append("first")
    waiting.join(10)

    assert told == ["second"]
    assert order == ["other release", "first", "second"]
