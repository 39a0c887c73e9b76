"""The database's limits say what happened: a statement cut by statement_timeout, a lock held."""

from __future__ import annotations

import errno

import pytest
from sqlalchemy import text

from amoa_workflow.errors import DatabaseWriteFailed, StorageUnavailable
from amoa_workflow.store.database import open_database
from amoa_workflow.store.unit_of_work import SqlUnitOfWork


def test_a_statement_longer_than_the_statement_timeout_is_one_clear_error(database_url: str) -> None:
    if not database_url.startswith("postgresql"):
        pytest.skip("SQLite has no statement timeout (it waits for locks: connect_timeout)")
    engine = open_database(database_url, statement_timeout=1)
    uow = SqlUnitOfWork(engine)

    with pytest.raises(DatabaseWriteFailed) as caught, uow:
        uow._connection.execute(text("SELECT pg_sleep(3)"))  # type: ignore[union-attr]

    assert "statement_timeout" in caught.value.render("en")
    engine.dispose()


@pytest.mark.parametrize(
    ("number", "words"),
    [(errno.EACCES, "permission refusée"), (errno.EROFS, "lecture seule"), (errno.ENOSPC, "plus de place")],
)
def test_a_file_the_system_refuses_is_named_with_what_to_do(number: int, words: str) -> None:
    error = StorageUnavailable.from_os_error(OSError(number, "refused", "/srv/recette/data/amoa.db"))

    assert error.exit_code == 3
    assert error.render("fr").startswith("/srv/recette/data/amoa.db : ")
    assert words in error.render("fr")
