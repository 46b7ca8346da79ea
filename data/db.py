"""The engine (from ``DATABASE_URL``), sessions and schema creation."""

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import Engine, event, inspect, text
from sqlalchemy.engine import make_url
from sqlalchemy.schema import CreateIndex, CreateTable, DropTable
from sqlmodel import Session, SQLModel, create_engine

from data import models  # noqa: F401  (registers every table on SQLModel.metadata)
from data.initiatives import models as initiative_models  # noqa: F401  (the same, one module per capability)
from data.location import DEFAULT_URL, PROJECT_DIR, database_url, normalised_url  # noqa: F401  (read as db.*)
from data.notifications import models as notification_models  # noqa: F401
from data.review import models as review_models  # noqa: F401

SQLITE_BUSY_S = 60.0


def masked_url(url: str) -> str:
    """The URL with its password hidden, safe to show on screen."""
    return make_url(url).render_as_string(hide_password=True)


def _enforce_sqlite_foreign_keys(dbapi_connection, _record) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def get_engine(url: str | None = None) -> Engine:
    """An engine for ``url`` (default: :func:`database_url`); SQLite enforces foreign keys."""
    url = normalised_url(url)
    # SQLite: a writer waits up to SQLITE_BUSY_S for another to finish ("database is locked" becomes waiting)
    sqlite = make_url(url).get_backend_name() == "sqlite"
    engine = create_engine(url, pool_pre_ping=True, **({"connect_args": {"timeout": SQLITE_BUSY_S}} if sqlite else {}))
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
    add_missing_columns(engine)
    if with_indexes:
        SQLModel.metadata.create_all(engine)
        return
    existing = set(inspect(engine).get_table_names())
    with engine.begin() as conn:
        for table in tables():
            if table.name not in existing:
                conn.execute(CreateTable(table))


def add_missing_columns(engine: Engine) -> None:
    """An older database gains the model's newer nullable columns (``code``, ``order_line.line_no``) and their
    indexes; nothing else about it changes."""
    inspector = inspect(engine)
    existing = set(inspector.get_table_names())
    with engine.begin() as conn:
        for table in tables():
            if table.name not in existing:
                continue
            present = {c["name"] for c in inspector.get_columns(table.name)}
            added = [c for c in table.columns if c.name not in present and c.nullable and not c.primary_key]
            for column in added:
                kind = column.type.compile(dialect=conn.dialect)
                conn.exec_driver_sql(f'ALTER TABLE "{table.name}" ADD COLUMN "{column.name}" {kind}')
            for index in table.indexes:
                if any(c in added for c in index.columns):
                    conn.execute(CreateIndex(index, if_not_exists=True))


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
