"""The schema's one :data:`metadata` (its naming convention: the constraint names the migrations
use) and :class:`BoundedString`, which every module of tables applies with :func:`bounded`.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import MetaData, String, Table
from sqlalchemy.types import TypeDecorator

from amoa_workflow.errors import TextTooLong

metadata = MetaData(
    naming_convention={
        "ix": "ix_%(column_0_label)s",
        "uq": "uq_%(table_name)s_%(column_0_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    }
)


class BoundedString(TypeDecorator[str]):
    """``String(length)`` that refuses a longer value, alike on every database."""

    impl = String
    cache_ok = True

    def __init__(self, length: int, field: str) -> None:
        super().__init__(length)
        self.limit, self.field = length, field

    def process_bind_param(self, value: Any, dialect: Any) -> Any:
        if isinstance(value, str) and len(value) > self.limit:
            raise TextTooLong(field=self.field, length=len(value), limit=self.limit)
        return value


def bounded(*schema: MetaData | Table) -> None:
    """Make every ``String(n)`` column of these tables (all of a metadata's) a :class:`BoundedString`."""
    for item in schema:
        for table in item.tables.values() if isinstance(item, MetaData) else (item,):
            for column in table.columns:
                if type(column.type) is String and column.type.length:
                    column.type = BoundedString(column.type.length, f"{table.name}.{column.name}")
