"""Alembic environment: runs on the connection handed over by amoa-workflow, or on AMOA_DATABASE_URL."""

from __future__ import annotations

import os

from alembic import context
from sqlalchemy import Connection, create_engine

from amoa_workflow.store.tables import metadata

config = context.config
connection = config.attributes.get("connection")


def run_with(connection_: Connection) -> None:
    context.configure(connection=connection_, target_metadata=metadata, render_as_batch=True)
    with context.begin_transaction():
        context.run_migrations()


if connection is not None:
    run_with(connection)
else:
    url = os.environ.get("AMOA_DATABASE_URL") or config.get_main_option("sqlalchemy.url")
    if not url:
        raise SystemExit("Set AMOA_DATABASE_URL to the database to migrate.")
    with create_engine(url).connect() as own_connection:
        run_with(own_connection)
        own_connection.commit()
