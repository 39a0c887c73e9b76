"""The name each database's lines carry in the anchor file: the same database keeps it whatever the
way its URL is written; another database, server, schema or SQLite file gets another."""

from __future__ import annotations

from pathlib import Path

from amoa_workflow.store.database import database_identity

BASE = "postgresql+psycopg://amoa@db.example:5432/recette"


def test_the_same_postgresql_database_keeps_its_name_whatever_the_url_says_beside() -> None:
    same = [
        "postgresql+psycopg://amoa:secret@db.example:5432/recette",
        "postgresql://autre:pw@DB.example/recette",
        "postgresql+psycopg://amoa@db.example/recette?sslmode=require&connect_timeout=5",
        "postgresql+psycopg://amoa@db.example:5432/recette?password=secret",
    ]
    assert {database_identity(url) for url in same} == {database_identity(BASE)}


def test_another_server_port_database_or_schema_gets_another_name() -> None:
    others = [
        "postgresql+psycopg://amoa@db2.example:5432/recette",
        "postgresql+psycopg://amoa@db.example:5433/recette",
        "postgresql+psycopg://amoa@db.example:5432/recette2",
        "postgresql+psycopg://amoa@db.example:5432/recette?options=-csearch_path%3Dautre",
        "sqlite:////srv/projet/data/amoa.db",
    ]
    names = {database_identity(url) for url in [BASE, *others]}
    assert len(names) == len(others) + 1


def test_a_sqlite_file_is_named_by_its_place_beside_the_anchor_file(tmp_path: Path) -> None:
    anchor = tmp_path / "projet" / "data" / "audit-anchor.txt"
    moved = tmp_path / "ailleurs" / "data" / "audit-anchor.txt"
    here = database_identity(f"sqlite:///{anchor.parent / 'amoa.db'}", anchor)
    assert database_identity(f"sqlite+pysqlite:///{anchor.parent / 'amoa.db'}", anchor) == here
    assert database_identity(f"sqlite:///{moved.parent / 'amoa.db'}", moved) == here  # the folder moved
    assert database_identity(f"sqlite:///{anchor.parent / 'autre.db'}", anchor) != here
    outside = database_identity(f"sqlite:///{tmp_path / 'amoa.db'}", anchor)
    assert outside != here and outside != database_identity(f"sqlite:///{tmp_path / 'x' / 'amoa.db'}", anchor)
