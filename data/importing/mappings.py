"""Remembered column mappings of the Import page: per table, the company's header -> our column."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import Engine, inspect, text
from sqlmodel import Session, select

from data import db
from data.models import ImportMapping


def saved_mappings(engine: Engine) -> dict[str, dict[str, str]]:
    """Per table: the company's header -> our column, as last saved."""
    if "import_mapping" not in inspect(engine).get_table_names():
        return {}
    out: dict[str, dict[str, str]] = {}
    with engine.connect() as conn:
        rows = conn.execute(text("SELECT table_name, header, field_name FROM import_mapping"))
        for table_name, header, column in rows:
            out.setdefault(table_name, {})[header] = column
    return out


def save_mapping(engine: Engine, table_name: str, mapping: dict[str, str]) -> None:
    """Remember ``mapping`` (header -> our column) for ``table_name``."""
    db.create_schema(engine)
    with Session(engine) as session:
        for header, column in mapping.items():
            row = session.exec(select(ImportMapping).where(ImportMapping.table_name == table_name,
                                                           ImportMapping.header == header)).first()
            row = row or ImportMapping(table_name=table_name, header=header, field_name=column,
                                       saved_at=datetime.now(UTC))
            row.field_name, row.saved_at = column, datetime.now(UTC)
            session.add(row)
        session.commit()
