"""The engine (from ``DATABASE_URL``), sessions and schema creation."""

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import Engine, event, inspect, text
from sqlalchemy.engine import make_url
from sqlalchemy.schema import CreateIndex, CreateTable, DropTable
from sqlmodel import Session, SQLModel, create_engine

from data import models  # noqa: F401  (registers every table on SQLModel.metadata)

PROJECT_DIR = Path(__file__).resolve().parent.parent
DEFAULT_URL = f"sqlite:///{PROJECT_DIR / 'crm_scorecard.db'}"


def database_url() -> str:
    """The configured database URL: ``DATABASE_URL`` or a SQLite file in the project folder."""
    return os.environ.get("DATABASE_URL") or DEFAULT_URL


def masked_url(url: str) -> str:
    """The URL with its password hidden, safe to show on screen."""
    return make_url(url).render_as_string(hide_password=True)


def _enforce_sqlite_foreign_keys(dbapi_connection, _record) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def get_engine(url: str | None = None) -> Engine:
    """An engine for ``url`` (default: :func:`database_url`); SQLite enforces foreign keys."""
    url = url or database_url()
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url.removeprefix("postgresql://")
    engine = create_engine(url, pool_pre_ping=True)
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _enforce_sqlite_foreign_keys)
    return engine


@contextmanager
def session_scope(engine: Engine) -> Iterator[Session]:
    """One session per unit of work: committed on success, rolled back on error."""
    with Session(engine) as session:
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise


def tables() -> list:
    """All tables, parents before children."""
    return list(SQLModel.metadata.sorted_tables)


def create_schema(engine: Engine, *, with_indexes: bool = True) -> None:
    """Create every table that is missing; secondary indexes only when ``with_indexes``."""
    if with_indexes:
        SQLModel.metadata.create_all(engine)
        return
    existing = set(inspect(engine).get_table_names())
    with engine.begin() as conn:
        for table in tables():
            if table.name not in existing:
                conn.execute(CreateTable(table))


def create_indexes(engine: Engine) -> None:
    """Create the secondary indexes (after a bulk load, where they are cheaper)."""
    with engine.begin() as conn:
        existing = {
            ix["name"] for t in inspect(conn).get_table_names() for ix in inspect(conn).get_indexes(t)
        }
        for table in tables():
            for index in table.indexes:
                if index.name not in existing:
                    conn.execute(CreateIndex(index))


def drop_schema(engine: Engine) -> None:
    """Drop every table of the model (children first)."""
    existing = set(inspect(engine).get_table_names())
    with engine.begin() as conn:
        for table in reversed(tables()):
            if table.name in existing:
                conn.execute(DropTable(table))


def is_empty(engine: Engine) -> bool:
    """True when the database has no customer table or no customers in it."""
    if "customer" not in inspect(engine).get_table_names():
        return True
    with engine.connect() as conn:
        return conn.execute(text("SELECT count(*) FROM customer")).scalar_one() == 0
