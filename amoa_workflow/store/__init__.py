"""Relational storage: schema, migrations, repositories and the unit of work (SQLAlchemy).

``tables.py`` is the schema, ``migrations/`` its Alembic history (applied on first use by
``database.py``); one repository module per aggregate implements the ports of
:mod:`amoa_workflow.ports`; ``unit_of_work.py`` opens one transaction per use case, rolled back
unless committed.

May import: domain, errors, ports, scenarios.
"""
