"""The members of each filter dimension, the months covered and the company's currency, for filter widgets,
breakdowns and the formatter."""

from dataclasses import dataclass
from datetime import date

import pandas as pd

from metrics.base.filters import Filters, default_filters, last_complete_month
from metrics.base.format import DEFAULT_CURRENCY
from metrics.base.store import Store


@dataclass(frozen=True)
class DimensionValues:
    region: tuple[str, ...]
    channel: tuple[str, ...]
    industry: tuple[str, ...]
    manager: tuple[tuple[int, str], ...]  # (employee id, name), largest portfolio first
    first_month: date | None
    last_month: date | None
    as_of: date | None  # the latest day any fact was recorded
    demo: bool = False  # the generated demo company: a fixed sample, never "stale"
    currency: str = DEFAULT_CURRENCY  # ISO 4217 code of the company's amounts (dataset_info key ``currency``)

    @property
    def complete_month(self) -> date | None:
        """The latest month the data covers to its last day (the default period)."""
        return None if self.last_month is None else last_complete_month(self.last_month, self.as_of)


def dimension_values(store: Store) -> DimensionValues:
    """Distinct regions, channels, industries and customer managers, and the first and last month of sales."""
    def distinct(column: str) -> tuple[str, ...]:
        frame = store.query(f"SELECT DISTINCT {column} AS v FROM customer WHERE {column} IS NOT NULL ORDER BY 1")
        return tuple(frame["v"])

    managers = store.query("""
        SELECT e.id, e.name, count(*) AS customers FROM customer c JOIN employee e ON e.id = c.manager_id
        GROUP BY e.id, e.name ORDER BY customers DESC, e.id""")
    months = store.query("SELECT min(month) AS first, max(month) AS last FROM sales").iloc[0]
    as_of = store.query("""
        SELECT greatest((SELECT max(ordered_on) FROM sales), (SELECT CAST(max(opened_at) AS DATE) FROM service_ticket),
                        (SELECT max(occurred_on) FROM crm_activity)) AS as_of""")["as_of"].iloc[0]
    return DimensionValues(
        region=distinct("region"), channel=distinct("channel"), industry=distinct("industry"),
        manager=tuple(zip(managers["id"].astype(int), managers["name"], strict=True)),
        first_month=None if months.isna()["first"] else months["first"].date(),
        last_month=None if months.isna()["last"] else months["last"].date(),
        as_of=None if pd.isna(as_of) else pd.Timestamp(as_of).date(),
        demo=store.has_table("dataset_info") and not store.query(
            "SELECT 1 FROM dataset_info WHERE key = 'source' AND value = 'demo'").empty,
        currency=dataset_currency(store),
    )


def dataset_currency(store: Store) -> str:
    """The company's currency: ``dataset_info`` key ``currency`` (an ISO 4217 code), CNY when absent."""
    if not store.has_table("dataset_info"):
        return DEFAULT_CURRENCY
    found = store.query("SELECT value FROM dataset_info WHERE key = 'currency'")
    code = str(found["value"].iloc[0]).strip().upper() if len(found) else ""
    return code if len(code) == 3 and code.isalpha() else DEFAULT_CURRENCY


def first_view(store: Store) -> Filters | None:
    """The filters a visitor sees first (the latest complete month, nothing filtered); ``None`` without sales."""
    values = dimension_values(store)
    return default_filters(values.first_month, values.last_month, data_end=values.as_of)
