"""How the store knows a customer is lost: the company's own churn dates, or inferred from inactivity.

The refresh decides (``data.derived.infer_churn``, which documents the rule and its settings) and records
its decision in the table ``churn_rule``; every view showing churn, retention or active customers reads
:func:`churn_rule` and, when churn is inferred, says so with the days of inactivity used.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pandas as pd

from metrics.base.store import Store


@dataclass(frozen=True)
class ChurnRule:
    """``inferred``: churn dates come from inactivity (no purchase for ``days`` days), not from the company.

    ``basis``: where ``days`` comes from (``purchase_rhythm``, ``setting``, ``too_few_repeat_customers``), or
    ``recorded`` / ``no_orders`` when nothing is inferred. ``rhythm_days``: what the purchase rhythm gives
    (known even when the company records churn); ``lost``: customers the rule marks lost by ``data_end``.
    """

    inferred: bool
    days: int | None = None
    basis: str = "recorded"
    rhythm_days: int | None = None
    lost: int = 0
    data_end: date | None = None


def churn_rule(store: Store) -> ChurnRule:
    """The churn rule the store was built with (recorded dates for a store built before the rule existed)."""
    if not store.has_table("churn_rule"):
        return ChurnRule(inferred=False)
    rows = store.query("SELECT inferred, days, basis, rhythm_days, lost, data_end FROM churn_rule")
    if rows.empty:
        return ChurnRule(inferred=False)
    row = rows.iloc[0]

    def whole(value) -> int | None:
        return None if pd.isna(value) else int(value)

    return ChurnRule(inferred=bool(row["inferred"]), days=whole(row["days"]), basis=str(row["basis"]),
                     rhythm_days=whole(row["rhythm_days"]), lost=whole(row["lost"]) or 0,
                     data_end=None if pd.isna(row["data_end"]) else pd.Timestamp(row["data_end"]).date())


# KPIs that count active, retained or lost customers: read from churn dates, inferred ones included
CHURN_KPIS = frozenset({"active_customers", "retention_rate", "churn_rate", "complaints_per_100",
                        "revenue_per_active_customer", "cost_to_serve", "data_completeness",
                        "unowned_customer_share"})


def reads_churn(kpi_id: str) -> bool:
    """True when ``kpi_id`` counts active, retained or lost customers (so inferred churn shapes it)."""
    return kpi_id in CHURN_KPIS
