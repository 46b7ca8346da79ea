"""What is loaded: description, rows and date range per table, the data's "as of" date."""

from dataclasses import dataclass
from datetime import date

import pandas as pd
from sqlalchemy import Engine
from sqlalchemy.exc import DBAPIError, OperationalError

from data import db
from data.check import table_stats

FACT_TABLES = ("sales_order", "service_ticket", "crm_activity", "survey_response", "lead")


class DatabaseUnavailable(RuntimeError):
    """The database cannot be reached; ``url`` is safe to show (password masked)."""

    def __init__(self, url: str, reason: str) -> None:
        super().__init__(f"{url}: {reason}")
        self.url = url
        self.reason = reason


@dataclass(frozen=True)
class DatasetSummary:
    url: str  # masked
    description: dict[str, str]  # language -> text
    source: str
    tables: pd.DataFrame  # table, rows, first, last
    as_of: date | None  # latest fact date loaded

    @property
    def demo(self) -> bool:
        """The generated demo company (a fixed sample)."""
        return self.source == "demo"

    def rows(self, table: str) -> int:
        match = self.tables.loc[self.tables["table"] == table, "rows"]
        return int(match.iloc[0]) if len(match) else 0

    @property
    def empty(self) -> bool:
        return self.rows("customer") == 0


def connect(url: str | None = None) -> Engine:
    """An engine for the configured system of record."""
    return db.get_engine(url)


def dataset_summary(engine: Engine) -> DatasetSummary:
    """Rows and date range per table, the description and the latest fact date.

    Raises
    ------
    DatabaseUnavailable
        When the database cannot be reached or holds no schema.
    """
    url = db.masked_url(engine.url.render_as_string(hide_password=False))
    try:
        stats, info = table_stats(engine)
    except (OperationalError, DBAPIError) as error:
        raise DatabaseUnavailable(url, str(getattr(error, "orig", error)).strip()) from error
    frame = pd.DataFrame(
        [(name, rows, first, last) for name, (rows, first, last) in stats.items()],
        columns=["table", "rows", "first", "last"],
    )
    facts = frame[frame["table"].isin(FACT_TABLES)]["last"].dropna()
    as_of = date.fromisoformat(max(facts)) if len(facts) else None
    return DatasetSummary(
        url=url,
        description={"en": info.get("description", ""),
                     "zh": info.get("description_zh") or info.get("description", "")},
        source=info.get("source", ""),
        tables=frame,
        as_of=as_of,
    )
