"""Who is behind a KPI: for each customer-based KPI, the customers its numerator and denominator count.

A ``Who`` is declared for its KPI in ``metrics.drill.catalogue`` (``Kpi.who`` in the catalogue). Its ``rows``
return one row per customer for the period holding ``f.end``:

``num``
    the customer's part of the KPI's numerator (1 for a customer counted, or the amount it adds: revenue,
    complaints, profit); NaN when the numerator does not hold it;
``den``
    its part of the denominator likewise (NaN when outside it, or when the KPI has no denominator);
``value``
    the measure shown beside it: what puts it on the list.

so that ``KPI = scale x sum(num) / sum(den)`` (``sum(num)`` without a denominator) over the rows, which
``tests/metrics/drill`` checks for every ``Who`` on the demo company.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

import numpy as np
import pandas as pd

from metrics.base import facts
from metrics.base.filters import Filters
from metrics.base.store import Store
from metrics.drill import sources

Part = Literal["numerator", "shortfall", "denominator"]


@dataclass(frozen=True)
class Who:
    rows: Callable[[Store, Filters], pd.DataFrame]
    numerator: dict[str, str]  # who the numerator holds, both languages
    value: dict[str, str]  # the name of the measure shown beside each customer
    unit: str  # its unit: currency, percent, count, score, date
    denominator: dict[str, str] | None = None  # who the denominator holds; None: the KPI is a count or a sum
    shortfall: dict[str, str] | None = None  # the denominator outside the numerator, when they are whom to see first
    scale: float = 1.0  # the KPI is scale x num / den (100: per 100 customers)
    lowest_first: bool = False  # the list starts from the lowest value (the worst scores, the least profitable)

    @property
    def parts(self) -> tuple[Part, ...]:
        """The parts a list can show, the one to open first first."""
        parts: list[Part] = ["shortfall"] if self.shortfall else []
        parts.append("numerator")
        if self.denominator:
            parts.append("denominator")
        return tuple(parts)

    def words(self, part: Part) -> dict[str, str]:
        return {"numerator": self.numerator, "shortfall": self.shortfall, "denominator": self.denominator}[part]


def _one(flags: pd.Series) -> pd.Series:
    """1 where ``flags`` holds, else NaN: a counted customer."""
    return pd.Series(np.where(flags.fillna(False).astype(bool), 1.0, np.nan), index=flags.index)


def _where(flags: pd.Series, amounts: pd.Series) -> pd.Series:
    return amounts.where(flags.fillna(False).astype(bool))


def _frame(num: pd.Series, value: pd.Series, den: pd.Series | None = None) -> pd.DataFrame:
    frame = pd.DataFrame({"num": num, "den": den if den is not None else np.nan, "value": value})
    frame.index.name = "customer_id"
    return frame[frame["num"].notna() | frame["den"].notna()]


def _days(frame: pd.DataFrame, column: str) -> pd.Series:
    return pd.to_datetime(frame[column])


def _joined(*frames: pd.DataFrame) -> pd.DataFrame:
    """Outer join on ``customer_id``; counts and amounts of a customer absent from a frame are 0."""
    out = frames[0]
    for other in frames[1:]:
        out = out.join(other, how="outer")
    return out


def _zero(frame: pd.DataFrame, *columns: str) -> pd.DataFrame:
    return frame.assign(**{c: frame[c].fillna(0.0) for c in columns})


# --- the customer base: active, new, kept, lost ---------------------------------------------------------------
def active(store: Store, f: Filters) -> pd.DataFrame:
    b = sources.base(store, f)
    return _frame(_one(b["active"]), _days(b, "acquired_on"))


def new(store: Store, f: Filters) -> pd.DataFrame:
    b = sources.base(store, f)
    return _frame(_one(b["new"]), _days(b, "acquired_on"))


def referred(store: Store, f: Filters) -> pd.DataFrame:
    b = sources.base(store, f)
    return _frame(_one(b["referred"]), _days(b, "acquired_on"))


def retained(store: Store, f: Filters) -> pd.DataFrame:
    b = sources.base(store, f)
    return _frame(_one(b["retained"] & b["at_start"]), _days(b, "churned_on"), _one(b["at_start"]))


def lost(store: Store, f: Filters) -> pd.DataFrame:
    b = sources.base(store, f)
    return _frame(_one(b["lost"]), _days(b, "churned_on"), _one(b["at_start"]))


def acquisition_cost(store: Store, f: Filters) -> pd.DataFrame:
    b = sources.base(store, f)
    cost = b["acquisition_cost"].fillna(0.0)
    return _frame(_where(b["new"], cost), cost, _one(b["new"]))


def unowned(store: Store, f: Filters) -> pd.DataFrame:
    b = sources.base(store, f)
    return _frame(_one(b["unowned_end"] & b["alive_end"]), _days(b, "acquired_on"), _one(b["alive_end"]))


def completeness(store: Store, f: Filters) -> pd.DataFrame:
    b = sources.base(store, f)
    return _frame(_where(b["alive_end"], b["completeness"]), b["completeness"], _one(b["alive_end"]))


# --- the last 12 months: repeat buyers, profit, value tiers -----------------------------------------------------
def repeat_buyers(store: Store, f: Filters) -> pd.DataFrame:
    v = sources.value(store, f)
    return _frame(_one(v["repeat_buyer"]), v["orders_12m"], _one(v["buyer"]))


def unprofitable(store: Store, f: Filters) -> pd.DataFrame:
    v = sources.value(store, f)
    return _frame(_one(v["unprofitable"]), v["profit"], _one(pd.Series(True, index=v.index)))


def top20(store: Store, f: Filters) -> pd.DataFrame:
    v = sources.value(store, f)
    return _frame(_where(v["top20"], v["profit"].fillna(0.0)), v["profit"], v["profit"])


def tier_a(store: Store, f: Filters) -> pd.DataFrame:
    v = sources.value(store, f)
    return _frame(_where(v["tier_a"], v["revenue_12m"]), v["revenue_12m"], v["revenue_12m"])


# --- the period's sales ---------------------------------------------------------------------------------------
def revenue(store: Store, f: Filters) -> pd.DataFrame:
    s = sources.sales(store, f)
    return _frame(s["revenue"], s["revenue"])


def margin(store: Store, f: Filters) -> pd.DataFrame:
    s = sources.sales(store, f)
    return _frame(s["margin"], s["margin"])


def margin_of_revenue(store: Store, f: Filters) -> pd.DataFrame:
    s = sources.sales(store, f)
    return _frame(s["margin"], s["margin"] / s["revenue"].where(s["revenue"] != 0), s["revenue"])


def new_revenue(store: Store, f: Filters) -> pd.DataFrame:
    s = sources.sales(store, f)
    buying = s["new_revenue"] > 0
    return _frame(_where(buying, s["new_revenue"]), s["new_revenue"])


def new_revenue_share(store: Store, f: Filters) -> pd.DataFrame:
    s = sources.sales(store, f)
    return _frame(_where(s["new_revenue"] > 0, s["new_revenue"]), s["new_revenue"], s["revenue"])


def revenue_per_active(store: Store, f: Filters) -> pd.DataFrame:
    both = _zero(_joined(sources.base(store, f)[["active"]], sources.sales(store, f)[["revenue"]]), "revenue")
    bought = both["revenue"] != 0
    return _frame(_where(bought, both["revenue"]), both["revenue"], _one(both["active"]))


def categories(store: Store, f: Filters) -> pd.DataFrame:
    s = sources.sales(store, f)
    return _frame(s["categories"], s["categories"], pd.Series(1.0, index=s.index))


def cross_sold(store: Store, f: Filters) -> pd.DataFrame:
    d = _zero(_joined(sources.development(store, f), sources.sales(store, f)[["revenue"]]), "revenue")
    return _frame(_one(d["cross_sold"]), d["revenue"], pd.Series(1.0, index=d.index))


# --- service, surveys, deliveries, campaigns ------------------------------------------------------------------
def cost_to_serve(store: Store, f: Filters) -> pd.DataFrame:
    both = _joined(sources.base(store, f)[["active"]], sources.service(store, f)[["handling_cost"]],
                   sources.campaigns(store, f)[["spend_existing"]])
    cost = both["handling_cost"].fillna(0.0) + both["spend_existing"].fillna(0.0)
    return _frame(cost.where(cost != 0), cost, _one(both["active"]))


def complaints(store: Store, f: Filters) -> pd.DataFrame:
    both = _joined(sources.base(store, f)[["active"]], sources.service(store, f)[["complaints"]])
    count = both["complaints"].fillna(0.0)
    return _frame(count.where(count > 0), count, _one(both["active"]))


def _tickets(part: str, whole: str, shown: str) -> Callable[[Store, Filters], pd.DataFrame]:
    def rows(store: Store, f: Filters) -> pd.DataFrame:
        s = sources.service(store, f)
        counted = s[whole] > 0
        return _frame(_where(counted & (s[part] > 0), s[part]), s[shown], _where(counted, s[whole]))
    return rows


complaints_resolved = _tickets("complaints_resolved", "complaints", "complaints_open")
tickets_in_time = _tickets("resolved_in_time", "resolved", "resolved_late")
how_to_tickets = _tickets("how_to", "tickets", "how_to")


def csat(store: Store, f: Filters) -> pd.DataFrame:
    s = sources.surveys(store, f)
    answered = s["csat_answers"] > 0
    return _frame(_where(answered, s["csat_sum"]), s["csat"], _where(answered, s["csat_answers"]))


def nps(store: Store, f: Filters) -> pd.DataFrame:
    s = sources.surveys(store, f)
    net = s["promoters"] - s["detractors"]
    return _frame(_where(net != 0, net), s["nps"], s["responses"])


def on_time(store: Store, f: Filters) -> pd.DataFrame:
    d = sources.deliveries(store, f)
    delivered = d["delivered"] > 0
    return _frame(_where(delivered & (d["on_time"] > 0), d["on_time"]), d["late"], _where(delivered, d["delivered"]))


def responses(store: Store, f: Filters) -> pd.DataFrame:
    c = sources.campaigns(store, f, window=facts.CAMPAIGN_WINDOW_MONTHS)
    return _frame(_where(c["responded"] > 0, c["responded"]), c["unanswered"], c["contacts"])
