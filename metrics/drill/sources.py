"""Per-customer rows behind the base aggregates of ``metrics.base.facts``, for one period.

Each function takes the store and ``Filters`` and returns one row per customer (``customer_id``) counted in the
period holding ``f.end`` (the period the scorecard shows), with the measures its aggregate sums. The SQL reuses
the aggregates' own building blocks (calendar, dimension filter, the customer rules ``facts.ACTIVE`` ...,
``facts.value_rows``, ``facts.PER_CONTACT``), so a list and its KPI count the same customers.
"""

from __future__ import annotations

from dataclasses import replace

import pandas as pd

from metrics.base import facts
from metrics.base.facts import CALENDAR_CTE, calendar, dimension_filter
from metrics.base.filters import Filters
from metrics.base.store import Store


def one_period(f: Filters) -> Filters:
    """``f`` narrowed to the period holding its end: the period a who list is about."""
    return replace(f, start=f.period_start(f.end))


def _query(store: Store, f: Filters, sql: str, params: dict, *, extra: dict | None = None) -> pd.DataFrame:
    single = one_period(f)
    frame = store.query(sql, {**calendar(single), **params, **(extra or {})})
    return frame.set_index("customer_id")


def _flag(rule: str) -> str:
    return f"coalesce({rule}, false)"


def base(store: Store, f: Filters) -> pd.DataFrame:
    """Customers active or new in the period: active, at_start, retained, lost (at the start, not retained),
    new, referred, alive_end, unowned_end (booleans), acquired_on, churned_on, completeness, acquisition_cost."""
    where, params = dimension_filter(f, "c")
    sql = f"""
    WITH {CALENDAR_CTE}, {facts.CUSTOMER_ROWS}
    SELECT c.id AS customer_id, {_flag(facts.ACTIVE)} AS active, {_flag(facts.AT_START)} AS at_start,
           {_flag(facts.RETAINED)} AS retained,
           {_flag(f"({facts.AT_START}) AND NOT ({facts.RETAINED})")} AS lost,
           {_flag(facts.NEW)} AS new, {_flag(facts.REFERRED)} AS referred, {_flag(facts.ALIVE_END)} AS alive_end,
           {_flag(facts.UNOWNED_END)} AS unowned_end, c.acquired_on, c.churned_on, c.completeness,
           c.acquisition_cost
    FROM periods p CROSS JOIN c
    WHERE (({facts.ACTIVE}) OR ({facts.NEW}) OR ({facts.ALIVE_END})) {where}
    """
    return _query(store, f, sql, params)


def value(store: Store, f: Filters) -> pd.DataFrame:
    """Customers alive in the period's last month, over the 12 months to it: orders_12m, revenue_12m, margin_12m,
    profit, and the rules buyer, repeat_buyer, unprofitable, top20, tier_a (booleans)."""
    where, params = dimension_filter(f, "t")
    sql = f"""
    WITH {CALENDAR_CTE}, {facts.value_rows(where)}
    SELECT customer_id, orders_12m, revenue_12m, margin_12m, profit,
           {_flag(facts.BUYER)} AS buyer, {_flag(facts.REPEAT_BUYER)} AS repeat_buyer,
           {_flag(facts.UNPROFITABLE)} AS unprofitable, {_flag(facts.TOP20)} AS top20,
           {_flag(facts.TIER_A)} AS tier_a
    FROM ranked
    """
    return _query(store, f, sql, params)


def sales(store: Store, f: Filters) -> pd.DataFrame:
    """Customers who ordered in the period: revenue, margin (unknown when a line's cost is), new_revenue (lines
    within a year of acquisition), orders, categories (distinct categories bought)."""
    where, params = dimension_filter(f, "s")
    sql = f"""
    WITH {CALENDAR_CTE}
    SELECT s.customer_id, sum(s.revenue) AS revenue,
           CASE WHEN bool_and(s.margin IS NOT NULL) THEN sum(s.margin) END AS margin,
           coalesce(sum(s.revenue) FILTER (WHERE s.is_new), 0) AS new_revenue,
           count(DISTINCT s.order_id) AS orders, count(DISTINCT s.category) AS categories
    FROM sales s JOIN pm ON pm.month = s.month
    WHERE TRUE {where}
    GROUP BY s.customer_id
    """
    return _query(store, f, sql, params)


def service(store: Store, f: Filters) -> pd.DataFrame:
    """Customers with tickets opened in the period: tickets, complaints, how_to, resolved, resolved_in_time,
    resolved_late, complaints_resolved, complaints_open, handling_cost."""
    where, params = dimension_filter(f, "c")
    sql = f"""
    WITH {CALENDAR_CTE}
    SELECT t.customer_id, count(*) AS tickets,
        count(*) FILTER (WHERE t.category = 'complaint') AS complaints,
        count(*) FILTER (WHERE t.category = 'how_to') AS how_to,
        count(t.resolved_at) AS resolved,
        count(*) FILTER (WHERE t.resolved_at <= t.promised_at) AS resolved_in_time,
        count(*) FILTER (WHERE t.resolved_at > t.promised_at) AS resolved_late,
        count(t.resolved_at) FILTER (WHERE t.category = 'complaint') AS complaints_resolved,
        count(*) FILTER (WHERE t.category = 'complaint' AND t.resolved_at IS NULL) AS complaints_open,
        coalesce(sum(t.handling_cost), 0) AS handling_cost
    FROM service_ticket t JOIN customer c ON c.id = t.customer_id
    JOIN pm ON pm.month = CAST(date_trunc('month', t.opened_at) AS DATE)
    WHERE TRUE {where}
    GROUP BY t.customer_id
    """
    return _query(store, f, sql, params)


def surveys(store: Store, f: Filters) -> pd.DataFrame:
    """Customers who answered a survey in the period: responses, csat_answers, csat_sum, csat (mean), promoters,
    detractors, nps (mean answer 0..10)."""
    where, params = dimension_filter(f, "c")
    sql = f"""
    WITH {CALENDAR_CTE}
    SELECT r.customer_id, count(*) AS responses, count(r.csat) AS csat_answers, sum(r.csat) AS csat_sum,
           avg(r.csat) AS csat, count(*) FILTER (WHERE r.nps >= 9) AS promoters,
           count(*) FILTER (WHERE r.nps <= 6) AS detractors, avg(r.nps) AS nps
    FROM survey_response r JOIN customer c ON c.id = r.customer_id
    JOIN pm ON pm.month = CAST(date_trunc('month', r.responded_on) AS DATE)
    WHERE TRUE {where}
    GROUP BY r.customer_id
    """
    return _query(store, f, sql, params)


def deliveries(store: Store, f: Filters) -> pd.DataFrame:
    """Customers with orders placed in the period and delivered: delivered, on_time, late."""
    where, params = dimension_filter(f, "c")
    sql = f"""
    WITH {CALENDAR_CTE}
    SELECT o.customer_id, count(o.delivered_on) AS delivered,
           count(*) FILTER (WHERE o.delivered_on <= o.promised_on) AS on_time,
           count(*) FILTER (WHERE o.delivered_on > o.promised_on) AS late
    FROM sales_order o JOIN customer c ON c.id = o.customer_id
    JOIN pm ON pm.month = CAST(date_trunc('month', o.ordered_on) AS DATE)
    WHERE TRUE {where}
    GROUP BY o.customer_id
    """
    return _query(store, f, sql, params)


def campaigns(store: Store, f: Filters, *, window: int | None = None) -> pd.DataFrame:
    """Customers contacted by campaigns in the period (with ``window``: in the ``window`` months to its end, as
    ``facts.campaigns``): contacts, responded, unanswered, spend_existing (retention and cross-sell spend)."""
    where, params = dimension_filter(f, "c")
    extra = facts.trailing_calendar(one_period(f), window) if window else None
    sql = f"""
    WITH {CALENDAR_CTE}, {facts.PER_CONTACT}
    SELECT k.customer_id, count(*) AS contacts, count(*) FILTER (WHERE k.responded) AS responded,
           count(*) FILTER (WHERE NOT coalesce(k.responded, false)) AS unanswered,
           coalesce(sum(pc.spend) FILTER (WHERE pc.purpose <> 'acquisition'), 0) AS spend_existing
    FROM campaign_contact k JOIN per_contact pc USING (campaign_id)
    JOIN customer c ON c.id = k.customer_id
    JOIN pm ON pm.month = CAST(date_trunc('month', k.contacted_on) AS DATE)
    WHERE TRUE {where}
    GROUP BY k.customer_id
    """
    return _query(store, f, sql, params, extra=extra)


def development(store: Store, f: Filters) -> pd.DataFrame:
    """Customers who ordered in the period: cross_sold (bought a category for the first time after having bought
    another one before)."""
    where, params = dimension_filter(f, "s")
    sql = f"""
    WITH {CALENDAR_CTE},
    first_buy AS (SELECT customer_id, min(first_month) AS first_month FROM customer_category_first GROUP BY 1),
    picked AS (SELECT DISTINCT s.customer_id FROM sales s JOIN pm ON pm.month = s.month WHERE TRUE {where}),
    crossed AS (SELECT DISTINCT f.customer_id
                FROM customer_category_first f JOIN first_buy b USING (customer_id)
                JOIN pm ON pm.month = f.first_month
                WHERE f.first_month > b.first_month)
    SELECT p.customer_id, x.customer_id IS NOT NULL AS cross_sold
    FROM picked p LEFT JOIN crossed x USING (customer_id)
    """
    return _query(store, f, sql, params)
