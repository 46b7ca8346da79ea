"""Customer segments: one row per customer built in SQL, RFM scores and names, Pareto value tiers.

The customer table covers customers alive at the end of the selected period, with their last 12
months (revenue, orders, margin, cost to serve, profit after it) and their whole history up to then.
Margin, cost to serve and profit are unknown (NaN) where their inputs are (``data.derived``: a line without a
unit cost, a company recording neither tickets nor campaigns); sums over customers stay unknown when one of
them is, and value tiers (ranked by profit) are unknown when any profit is.
"""

from __future__ import annotations

from itertools import pairwise

import numpy as np
import pandas as pd

from metrics.base.dimensions import first_view
from metrics.base.facts import dimension_filter
from metrics.base.filters import Filters, add_months
from metrics.base.keys import shown_id_sql
from metrics.base.store import Store
from metrics.customers import default_views

# Named RFM segments on the recency score (R) and the rounded mean of frequency and monetary
# scores (FM), both 1..5: the first rule that matches names the customer.
RFM_SEGMENTS: tuple[tuple[str, tuple[int, int], tuple[int, int]], ...] = (
    ("champions", (4, 5), (4, 5)),
    ("cant_lose", (1, 1), (5, 5)),
    ("at_risk", (1, 2), (3, 5)),
    ("loyal", (3, 5), (3, 5)),
    ("new", (5, 5), (1, 1)),
    ("potential_loyalists", (4, 5), (2, 3)),
    ("promising", (4, 4), (1, 1)),
    ("need_attention", (3, 3), (2, 3)),
    ("about_to_sleep", (3, 3), (1, 1)),
    ("hibernating", (2, 2), (1, 2)),
    ("lost", (1, 1), (1, 2)),
)
SEGMENT_NAMES: dict[str, dict[str, str]] = {
    "champions": {"en": "Champions", "zh": "冠军客户"}, "loyal": {"en": "Loyal", "zh": "忠诚客户"},
    "potential_loyalists": {"en": "Potential loyalists", "zh": "潜在忠诚客户"}, "new": {"en": "New", "zh": "新客户"},
    "promising": {"en": "Promising", "zh": "有潜力客户"}, "need_attention": {"en": "Need attention", "zh": "需要关注"},
    "about_to_sleep": {"en": "About to sleep", "zh": "即将沉睡"}, "at_risk": {"en": "At risk", "zh": "流失风险"},
    "cant_lose": {"en": "Can't lose them", "zh": "不能失去"}, "hibernating": {"en": "Hibernating", "zh": "休眠客户"},
    "lost": {"en": "Lost", "zh": "已流失"},
}
TIER_LIMITS = {"A": 0.80, "B": 0.95}  # cumulative share of positive profit a tier closes at
DEFAULT_PURCHASES = 3  # purchase days of a category before a usual interval is read from them
DUE_ORDER = "revenue_12m DESC, overdue_days DESC, customer_id, category"
CUSTOMER_TABLE, REORDER_TABLE = "customer_table_default", "reorder_default"  # the first view's rows


def customer_table(store: Store, f: Filters) -> pd.DataFrame:
    """One row per customer alive at the end of the selected period.

    Columns: customer_id, shown_id (the company's own id: ``metrics.base.keys``), name, region, channel,
    industry, manager_id, acquired_on, tenure_days,
    first_order, last_order, recency_days (to the period's end; NaN without orders), orders (all
    time), frequency (orders in the last 12 months), monetary (revenue, last 12 months), margin,
    cost_to_serve (service and campaign cost) and profit (margin less cost to serve), all over the last 12
    months and NaN where unknown, categories (all time),
    tickets, complaints, nps (latest answer), r_score, f_score, m_score (quintiles 1..5, 5 best).
    """
    frame = default_views.read(store, CUSTOMER_TABLE, f, order_by="customer_id")
    if frame is None:
        return with_groups(store.query(*customer_query(f)))
    return frame if "segment" in frame else with_groups(frame)  # a store refreshed before the groups were stored


def with_groups(frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` (:func:`customer_query`'s rows) with each customer's ``segment`` and value ``tier``."""
    frame["segment"] = rfm_segment(frame["r_score"], frame["f_score"], frame["m_score"])
    frame["tier"] = value_tiers(frame["customer_id"], frame["profit"])
    return frame


def customer_query(f: Filters) -> tuple[str, dict]:
    """The SQL of :func:`customer_table` before its segments and tiers, and its parameters."""
    where, params = dimension_filter(f, "t")
    last = add_months(f.period_start(f.end), f.months - 1)
    return f"""
        WITH last AS (SELECT least(CAST($last AS DATE), (SELECT max(month) FROM customer_trailing)) AS month),
        base AS (
            SELECT t.customer_id, t.region, t.channel, t.industry, t.manager_id, t.orders_12m AS frequency,
                   t.revenue_12m AS monetary, t.margin_12m AS margin,
                   t.service_cost_12m + t.campaign_cost_12m AS cost_to_serve,
                   t.margin_12m - t.service_cost_12m - t.campaign_cost_12m AS profit
            FROM customer_trailing t JOIN last USING (month) WHERE TRUE {where}),
        life AS (
            SELECT customer_id, min(ordered_on) AS first_order, max(ordered_on) AS last_order,
                   count(DISTINCT order_id) AS orders, count(DISTINCT category) AS categories
            FROM sales WHERE ordered_on < $end GROUP BY customer_id),
        service AS (
            SELECT customer_id, count(*) AS tickets, count(*) FILTER (WHERE category = 'complaint') AS complaints
            FROM service_ticket WHERE opened_at < $end GROUP BY customer_id),
        voice AS (SELECT customer_id, arg_max(nps, responded_on) AS nps FROM survey_response
                  WHERE responded_on < $end GROUP BY customer_id)
        SELECT b.customer_id, {shown_id_sql('c')} AS shown_id, c.name, b.region, b.channel, b.industry,
               b.manager_id, c.acquired_on,
               CAST($end AS DATE) - c.acquired_on AS tenure_days, l.first_order, l.last_order,
               CAST($end AS DATE) - l.last_order AS recency_days, coalesce(l.orders, 0) AS orders,
               b.frequency, b.monetary, b.margin, b.cost_to_serve, b.profit, coalesce(l.categories, 0) AS categories,
               coalesce(s.tickets, 0) AS tickets, coalesce(s.complaints, 0) AS complaints, v.nps,
               ntile(5) OVER (ORDER BY coalesce(CAST($end AS DATE) - l.last_order, 100000) DESC, b.customer_id)
                   AS r_score,
               ntile(5) OVER (ORDER BY b.frequency, b.customer_id) AS f_score,
               ntile(5) OVER (ORDER BY b.monetary, b.customer_id) AS m_score
        FROM base b JOIN customer c ON c.id = b.customer_id
        LEFT JOIN life l USING (customer_id) LEFT JOIN service s USING (customer_id)
        LEFT JOIN voice v USING (customer_id)
        ORDER BY b.customer_id
        """, {**params, "last": last, "end": f.end_exclusive}


def rfm_segment(r: pd.Series, f: pd.Series, m: pd.Series) -> pd.Series:
    """The named segment of each customer from its R, F and M scores (``RFM_SEGMENTS``, first match)."""
    fm = (f.astype(int) + m.astype(int) + 1) // 2
    r = r.astype(int)
    conditions = [(r.between(*rs)) & (fm.between(*fms)) for _, rs, fms in RFM_SEGMENTS]
    return pd.Series(np.select(conditions, [name for name, _, _ in RFM_SEGMENTS], default="need_attention"),
                     index=r.index)


def value_tiers(customer_id: pd.Series, profit: pd.Series) -> pd.Series:
    """A/B/C by cumulative profit (Pareto): ranked by profit, A closes at 80% of the positive profit,
    B at 95%; customers without positive profit are C. Unknown (None) for everyone when a profit is unknown:
    a ranking of the known part would misplace the others."""
    if profit.isna().any():
        return pd.Series(None, index=profit.index, dtype=object)
    order = pd.DataFrame({"id": customer_id, "profit": profit}).sort_values(["profit", "id"], ascending=[False, True])
    positive = order["profit"].clip(lower=0)
    total = positive.sum()
    before = positive.cumsum() - positive
    tier = np.where((order["profit"] > 0) & (before < TIER_LIMITS["A"] * total), "A",
                    np.where((order["profit"] > 0) & (before < TIER_LIMITS["B"] * total), "B", "C"))
    return pd.Series(tier, index=order.index).reindex(profit.index)


def segment_shares(table: pd.DataFrame, by: str = "segment") -> pd.DataFrame:
    """Each group's share of customers, revenue and profit (last 12 months); shares sum to 1. A profit unknown
    for one customer leaves the profit shares unknown (NaN). Largest revenue share first."""
    grouped = table.groupby(by).agg(customers=("customer_id", "size"), revenue=("monetary", "sum"),
                                    profit=("profit", lambda v: v.sum(skipna=False)))
    for column in ("customers", "revenue", "profit"):
        total = grouped[column].sum(skipna=False)
        grouped[f"{column}_share"] = grouped[column] / total if total else np.nan
    return grouped.reset_index().sort_values(["revenue_share", "customers_share", by], ascending=[False, False, True],
                                             ignore_index=True)


DUE_WITHIN = 0.5  # "due now": the usual interval has passed by at most half an interval more,
DUE_WITHIN_DAYS = 30  # or by at most a month for short intervals


def due_to_reorder(store: Store, f: Filters, *, customer_id: int | None = None,
                   min_purchases: int = DEFAULT_PURCHASES,
                   lapsed: bool | None = False) -> pd.DataFrame:
    """The grocer's call list: customers due now to reorder a category, most valuable first.

    For each customer alive at the period's end and each category bought on ``min_purchases`` or more
    days up to then: the mean days between those purchases (``usual_interval_days``), the days since
    the last one and ``overdue_days`` (how far past the usual interval). Due now: past the interval by
    at most ``DUE_WITHIN`` of it or ``DUE_WITHIN_DAYS`` days, whichever is longer. With ``lapsed``: the
    win-back list instead, those past it by more; with ``lapsed=None`` both, in one pass, told apart by a
    column ``lapsed``.
    Ordered by the customer's revenue over the 12 months to the period's end (``revenue_12m``), then by
    overdue days. Columns: customer_id, shown_id (the company's own id), name, contact_name, phone, email (whom to
    call), category, purchases, last_purchase, usual_interval_days, days_since, overdue_days, revenue_12m, manager_id.
    """
    if customer_id is None and min_purchases == DEFAULT_PURCHASES:
        stored = default_views.read(store, REORDER_TABLE, f, order_by=DUE_ORDER,
                                    where="" if lapsed is None else "WHERE lapsed = $lapsed",
                                    params={} if lapsed is None else {"lapsed": lapsed})
        if stored is not None:
            return stored if lapsed is None else stored.drop(columns="lapsed")
    return store.query(*due_query(f, customer_id=customer_id, min_purchases=min_purchases, lapsed=lapsed))


def due_query(f: Filters, *, customer_id: int | None = None, min_purchases: int = DEFAULT_PURCHASES,
              lapsed: bool | None = False) -> tuple[str, dict]:
    """The SQL of :func:`due_to_reorder` and its parameters."""
    where, params = dimension_filter(f, "s")
    only = "AND s.customer_id = $customer_id" if customer_id is not None else ""
    extra = {"customer_id": customer_id} if customer_id is not None else {}
    grace = f"greatest({DUE_WITHIN} * g.usual_interval_days, {DUE_WITHIN_DAYS})"
    overdue = "CAST($end AS DATE) - 1 - g.last_purchase - g.usual_interval_days"
    window = "TRUE" if lapsed is None else f"{overdue} > {grace}" if lapsed else f"{overdue} <= {grace}"
    flag = f", {overdue} > {grace} AS lapsed" if lapsed is None else ""
    return f"""
        WITH days AS (
            SELECT DISTINCT s.customer_id, s.category, s.ordered_on, s.manager_id FROM sales s
            WHERE s.ordered_on < $end {where} {only}),
        gaps AS (
            SELECT customer_id, category, any_value(manager_id) AS manager_id, count(*) AS purchases,
                   max(ordered_on) AS last_purchase,
                   (max(ordered_on) - min(ordered_on)) / (count(*) - 1) AS usual_interval_days
            FROM days GROUP BY customer_id, category HAVING count(*) >= $min_purchases),
        alive AS (SELECT c.id, {shown_id_sql('c')} AS shown_id, c.name, c.contact_name, c.phone, c.email
                  FROM customer c WHERE c.churned_on IS NULL OR c.churned_on >= $end),
        value AS (SELECT customer_id, sum(revenue) AS revenue_12m FROM sales
                  WHERE ordered_on >= CAST($end AS DATE) - INTERVAL 12 MONTH AND ordered_on < $end
                  GROUP BY customer_id)
        SELECT g.customer_id, a.shown_id, a.name, a.contact_name, a.phone, a.email, g.category, g.purchases,
               g.last_purchase, g.usual_interval_days,
               CAST($end AS DATE) - 1 - g.last_purchase AS days_since,
               {overdue} AS overdue_days,
               coalesce(v.revenue_12m, 0) AS revenue_12m, g.manager_id{flag}
        FROM gaps g JOIN alive a ON a.id = g.customer_id LEFT JOIN value v ON v.customer_id = g.customer_id
        WHERE {overdue} > 0 AND {window}
        ORDER BY {DUE_ORDER}
        """, {**params, **extra, "end": f.end_exclusive, "min_purchases": min_purchases}


def calls_by_customer(due: pd.DataFrame, customer_ids=None) -> pd.DataFrame:
    """The reorder list ``due`` (:func:`due_to_reorder`, one row per customer and category) as one row per customer:
    whom to call once, with every category due.

    ``customer_ids``: keep only these customers (a segment's members); ``None`` keeps all. Columns: customer_id,
    shown_id, name, contact_name, phone, email, categories_due (a tuple of category codes, most overdue
    first), overdue_days (the most overdue category's), last_purchase (the latest of them), revenue_12m, manager_id
    (of the most overdue category's orders). Ordered as :func:`due_to_reorder`: richest first, then most overdue.
    """
    rows = due if customer_ids is None else due[due["customer_id"].isin(pd.Series(list(customer_ids)))]
    rows = rows.sort_values(["customer_id", "overdue_days", "category"], ascending=[True, False, True],
                            ignore_index=True)
    # each customer's rows are one run (a groupby's tuples per customer took 1.1 s a list at a million customers)
    customer = rows["customer_id"].to_numpy()
    starts = np.flatnonzero(np.r_[True, customer[1:] != customer[:-1]]) if len(rows) else np.array([], dtype=int)
    bounds = np.r_[starts, len(rows)]
    run = np.repeat(np.arange(len(starts)), np.diff(bounds))
    firsts = rows.iloc[starts].reset_index(drop=True)
    categories = rows["category"].to_numpy(dtype=object)
    whole = firsts[["customer_id", "shown_id", "name", "contact_name", "phone", "email"]].assign(
        categories_due=[tuple(categories[a:b]) for a, b in pairwise(bounds)],
        overdue_days=firsts["overdue_days"],
        last_purchase=rows["last_purchase"].groupby(run).max().to_numpy() if len(rows) else firsts["last_purchase"],
        revenue_12m=firsts["revenue_12m"], manager_id=firsts["manager_id"])
    return whole.sort_values(["revenue_12m", "overdue_days", "customer_id"], ascending=[False, False, True],
                             ignore_index=True)

def rfm_counts(table: pd.DataFrame) -> pd.DataFrame:
    """Customers per recency score and frequency-and-monetary score (``r_score, fm_score, customers``)."""
    fm = (table["f_score"].astype(int) + table["m_score"].astype(int) + 1) // 2
    return (table.assign(fm_score=fm).groupby(["r_score", "fm_score"]).size().rename("customers")
            .reset_index())


def members(table: pd.DataFrame, group: str) -> pd.DataFrame:
    """The customers of ``segment:<name>``, ``tier:<A|B|C>`` or ``custom:filters`` (every customer of
    the table: a custom segment is whatever combination of filters built the table), most profitable
    first."""
    kind, _, value = group.partition(":")
    if group == "custom:filters":
        return table.sort_values("profit", ascending=False)
    if kind not in ("segment", "tier"):
        raise ValueError(f"a group is segment:<name>, tier:<A|B|C> or custom:filters, not {group!r}")
    return table[table[kind] == value].sort_values("profit", ascending=False)


def tiers_known(table: pd.DataFrame) -> bool:
    """Value tiers rank by profit: known only when every customer's profit is."""
    return bool(len(table)) and table["tier"].notna().all()


def group_choices(table: pd.DataFrame) -> list[str]:
    """The groups a marketer picks from for ``table`` (:func:`members`), in the order offered; a page opens on the
    first: the RFM segments present, the value tiers when known, the custom group."""
    groups = [f"segment:{s}" for s in SEGMENT_NAMES if (table["segment"] == s).any()]
    return groups + [f"tier:{tier}" for tier in ("A", "B", "C") if tiers_known(table)] + ["custom:filters"]


def precompute(store: Store, connection) -> None:
    """``jobs.refresh`` step: the customer table and both reorder lists of the customer pages' first view
    (:mod:`metrics.customers.default_views`)."""
    f = first_view(store)
    queries = {} if f is None else {CUSTOMER_TABLE: customer_query(f), REORDER_TABLE: due_query(f, lapsed=None)}
    default_views.write(connection, f, queries)
    if f is not None:  # the customers' segments and tiers too (ranking a million customers: a second a visit)
        scores = store.query(f"SELECT customer_id, r_score, f_score, m_score, profit FROM {CUSTOMER_TABLE}")
        groups = with_groups(scores)
        default_views.add_columns(connection, CUSTOMER_TABLE, groups[["customer_id", "segment", "tier"]],
                                  key="customer_id")
