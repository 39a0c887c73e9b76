"""Rows written in bulk: one statement per table (``COPY`` on PostgreSQL), not one per row.

A campaign of an ERP programme writes tens of thousands of results and steps at once. Through
SQLAlchemy's ``insert()`` each row's parameters are built and processed one by one, which costs
more than the database's own work; here each column's bind processor (the same one SQLAlchemy
would use: JSON, dates, :class:`~amoa_workflow.store.tables.BoundedString`'s length check) is
applied to the values, and the rows go to the driver in one call: ``executemany`` on SQLite,
``COPY … FROM STDIN`` on PostgreSQL. It writes inside the caller's transaction.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import Any

from sqlalchemy import JSON, Connection, Table
from sqlalchemy.exc import DBAPIError

from amoa_workflow.store.tables import BoundedString

Row = Mapping[str, Any]


def insert_rows(connection: Connection, table: Table, rows: Sequence[Row]) -> None:
    """Insert ``rows`` (all with the same keys, the names of ``table``'s columns) into ``table``."""
    if not rows:
        return
    names = list(rows[0])
    _insert(connection, table, names, _bound(connection, table, names, rows))


def insert_tuples(
    connection: Connection, table: Table, names: Sequence[str], rows: Sequence[tuple[Any, ...]]
) -> None:
    """Insert ``rows``, tuples of the values of ``table``'s columns ``names`` in that order, into
    ``table``: what :func:`insert_rows` does, without a dictionary per row (tens of thousands of
    step results are written at once)."""
    if not rows:
        return
    columns: list[Sequence[Any]] = list(zip(*rows, strict=True))
    if len(columns) != len(names):
        raise ValueError(f"{table.name}: {len(names)} columns named, rows of {len(columns)} values")
    processed = _processed(connection, table, list(names), columns)
    _insert(connection, table, names, list(zip(*columns, strict=True)) if processed else rows)


def _insert(
    connection: Connection, table: Table, names: Sequence[str], values: Sequence[tuple[Any, ...]]
) -> None:
    dialect = connection.dialect
    quote = dialect.identifier_preparer.quote
    columns = ", ".join(quote(name) for name in names)
    if dialect.name == "postgresql" and dialect.driver == "psycopg":
        raw: Any = connection.connection.dbapi_connection  # a psycopg.Connection, in our transaction
        statement = f"COPY {quote(table.name)} ({columns}) FROM STDIN"
        try:
            with raw.cursor() as cursor, cursor.copy(statement) as copy:
                for row_values in values:
                    copy.write_row(row_values)
        except dialect.loaded_dbapi.Error as exc:  # the same errors as a statement sent by SQLAlchemy
            raise DBAPIError.instance(statement, None, exc, dialect.loaded_dbapi.Error) from None
        return
    marker = _marker(connection)
    statement = f"INSERT INTO {quote(table.name)} ({columns}) VALUES ({', '.join([marker] * len(names))})"
    connection.exec_driver_sql(statement, values)


def update_rows(connection: Connection, table: Table, rows: Sequence[Row]) -> None:
    """Update the rows of ``table`` whose ``id`` each of ``rows`` gives, to its other values
    (all with the same keys), in one ``executemany``."""
    if not rows:
        return
    names = [name for name in rows[0] if name != "id"]
    values = _bound(connection, table, [*names, "id"], rows)
    quote = connection.dialect.identifier_preparer.quote
    marker = _marker(connection)
    assignments = ", ".join(f"{quote(name)} = {marker}" for name in names)
    statement = f"UPDATE {quote(table.name)} SET {assignments} WHERE {quote('id')} = {marker}"
    connection.exec_driver_sql(statement, values)


def _bound(
    connection: Connection, table: Table, names: list[str], rows: Sequence[Row]
) -> list[tuple[Any, ...]]:
    """The values of ``rows``' columns ``names`` as the driver takes them, row by row.

    Worked column by column (rows taken apart and put together again by ``zip``), so that the only
    loop in Python is a column's processor, where it has one."""
    columns: list[Sequence[Any]] = [[row[name] for row in rows] for name in names]
    _processed(connection, table, names, columns)
    return list(zip(*columns, strict=True))


def _processed(connection: Connection, table: Table, names: list[str], columns: list[Sequence[Any]]) -> bool:
    """Each of ``columns`` (the values of ``table``'s column of the same position in ``names``)
    checked and made what the driver takes, in place; whether any value was changed."""
    changed = False
    dialect = connection.dialect
    for position, name in enumerate(names):
        column_type = table.c[name].type
        if isinstance(column_type, BoundedString):  # the check alone: the driver takes a str as it is
            _check_lengths(column_type, iter(columns[position]))
            continue
        process: Callable[[Any], Any] | None = column_type.dialect_impl(dialect).bind_processor(dialect)
        if process is not None and isinstance(column_type, JSON):
            process = _with_constants(process)
        if process is not None:
            columns[position] = list(map(process, columns[position]))
            changed = True
    return changed


def _marker(connection: Connection) -> str:
    return "?" if connection.dialect.paramstyle == "qmark" else "%s"


def _with_constants(process: Callable[[Any], Any]) -> Callable[[Any], Any]:
    """``process`` serialising ``None`` and ``[]`` once, and a list of plain strings (printable ASCII,
    no quote, no backslash: tags, requirement codes) by joining them: most steps have no argument,
    most results no example, every result a few tags, and a JSON encoding costs a few microseconds
    even for those. The text is the one ``process`` writes, or ``process`` does it all."""
    null, empty = process(None), process([])
    joined = process(["A-1", "b c"]) == '["A-1", "b c"]'  # the driver takes JSON as json.dumps's text

    def serialised(value: Any) -> Any:
        if value is None:
            return null
        if value.__class__ is list:
            if not value:
                return empty
            if joined:
                try:
                    plain = _PLAIN("".join(value))
                except TypeError:  # not all strings
                    return process(value)
                if plain:
                    return '["' + '", "'.join(value) + '"]'
        return process(value)

    return serialised


_PLAIN = re.compile(r"[ !#-\[\]-~]*").fullmatch  # printable ASCII but '"' and '\\': JSON writes it as it is


def _check_lengths(column_type: BoundedString, values: Iterator[Any]) -> None:
    limit = column_type.limit
    texts = [v for v in values if v.__class__ is str or isinstance(v, str)]
    if texts and max(map(len, texts)) > limit:
        longest = max(texts, key=len)
        column_type.process_bind_param(longest, None)  # raises the column's TextTooLong
