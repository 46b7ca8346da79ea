"""The base aggregates of :mod:`metrics.base.facts`, read from the cube's cells instead of the facts.

Each function returns what the fact's own query returns (before the fact function's fill-ins), for the same
``Filters``: the same columns, one row per period with at least one fact (NaN elsewhere), floats. The
dimension filters are the facts' own (:func:`metrics.base.facts.dimension_filter`) on the cells' columns.

``FRAMES`` maps a fact's memo key (``metrics.base.facts._run``) to its cube function; a fact not in it (or a
store without the cube) runs its exact query: see :mod:`metrics.cube`.
"""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd

from metrics.base import facts
from metrics.base.facts import CALENDAR_CTE, calendar, dimension_filter, trailing_calendar
from metrics.base.filters import Filters
from metrics.base.store import Store


def _frame(store: Store, f: Filters, sql: str, params: dict) -> pd.DataFrame:
    frame = store.query(sql, {**calendar(f), **params})  # params last: a trailing calendar replaces the months
    frame["period"] = pd.to_datetime(frame["period"])
    return frame.set_index("period").reindex(f.period_index).astype(float)


def _cells(store: Store, f: Filters, table: str) -> str:
    """``table``, or its rollup over the managers when no manager is chosen and the store holds it."""
    return f"{table}_rollup" if not f.manager and getattr(store, "rollups", False) else table


def _distinct(table: str, measure: str, where: str) -> str:
    """Distinct customers (or pairs) of each period from a (month, prev) table: counted in their first month
    in the period, the one whose previous month falls before it."""
    return f"""SELECT pm.period, sum(x.{measure}) AS {measure} FROM {table} x JOIN pm ON pm.month = x.month
               WHERE (x.prev IS NULL OR x.prev < pm.period) {where} GROUP BY pm.period"""


def sales(store: Store, f: Filters) -> pd.DataFrame:
    where, params = dimension_filter(f, "s")
    on_x, _ = dimension_filter(f, "x")
    buyers = _distinct(_cells(store, f, "cube_buyers"), "customers", on_x)
    pairs = _distinct(_cells(store, f, "cube_pairs"), "pairs", on_x)
    sql = f"""
    WITH {CALENDAR_CTE},
    totals AS (SELECT pm.period, sum(s.revenue) AS revenue, sum(s.margin) AS margin,
                      sum(s.margin_known) AS margin_known, sum(s.cost) AS cost, sum(s.cost_known) AS cost_known,
                      sum(s.new_revenue) AS new_revenue, sum(s.existing_revenue) AS existing_revenue,
                      sum(s.lines) AS lines, sum(s.orders) AS orders
               FROM {_cells(store, f, "cube_sales")} s JOIN pm ON pm.month = s.month WHERE TRUE {where}
               GROUP BY pm.period),
    buyers AS ({buyers}), pairs AS ({pairs})
    SELECT period, revenue, CASE WHEN margin_known = lines THEN margin END AS margin,
           CASE WHEN cost_known = lines THEN cost END AS cost, new_revenue, existing_revenue, orders,
           coalesce(buyers.customers, 0) AS buyers, lines, coalesce(pairs.pairs, 0) AS categories_bought
    FROM totals LEFT JOIN buyers USING (period) LEFT JOIN pairs USING (period)
    """
    return _frame(store, f, sql, params)


def _states(condition: str) -> str:
    """A customer-state condition of :mod:`metrics.base.facts` on the ``cube_customer`` rows' months."""
    return (condition.replace("c.acquired_on", "c.acquired_month").replace("c.churned_on", "c.churned_month")
            .replace("c.manager_left_on", "c.manager_left_month").replace("c.referred_by_id IS NOT NULL",
                                                                        "c.referred"))


def customer_base(store: Store, f: Filters) -> pd.DataFrame:
    where, params = dimension_filter(f, "c")
    n = {name: f"coalesce(sum(c.customers) FILTER (WHERE {_states(rule)}), 0)" for name, rule in [
        ("active", facts.ACTIVE), ("at_start", facts.AT_START), ("retained", facts.RETAINED), ("new", facts.NEW),
        ("churned", facts.CHURNED), ("referrals", facts.REFERRED), ("alive_end", facts.ALIVE_END),
        ("unowned_end", facts.UNOWNED_END)]}
    alive = _states(facts.ALIVE_END)
    # the filtered cells first folded over the attributes (a customer's months are all the states need): a few
    # thousand rows, however many customers, before they meet every period
    sql = f"""
    WITH {CALENDAR_CTE}, periods AS (SELECT pe.*, pe.period AS first_day FROM pe),
    c AS (SELECT c.acquired_month, c.churned_month, c.manager_left_month, c.referred,
                 CASE WHEN c.manager_id IS NOT NULL THEN 1 END AS manager_id, sum(c.customers) AS customers,
                 sum(c.acquisition_cost) AS acquisition_cost, sum(c.completeness) AS completeness
          FROM {_cells(store, f, "cube_customer")} c WHERE TRUE {where} GROUP BY ALL)
    SELECT p.period, {', '.join(f'{sql} AS {name}' for name, sql in n.items())},
        sum(c.completeness) FILTER (WHERE {alive}) / sum(c.customers) FILTER (WHERE {alive}) AS completeness_end,
        coalesce(sum(c.acquisition_cost) FILTER (WHERE {_states(facts.NEW)}), 0) AS new_acquisition_cost
    FROM periods p CROSS JOIN c
    GROUP BY p.period
    """
    return _frame(store, f, sql, params)


def service(store: Store, f: Filters) -> pd.DataFrame:
    where, params = dimension_filter(f, "c")
    sql = f"""
    WITH {CALENDAR_CTE},
    cells AS (SELECT pm.period, sum(c.tickets) AS tickets, sum(c.complaints) AS complaints, sum(c.how_to) AS how_to,
                     sum(c.resolved) AS resolved, sum(c.resolved_in_time) AS resolved_in_time,
                     sum(c.complaints_resolved) AS complaints_resolved,
                     sum(c.complaint_days_sum) / nullif(sum(c.complaint_days_n), 0) AS complaint_days,
                     sum(c.handling_cost) AS handling_cost, sum(c.csat_sum) / nullif(sum(c.csat_n), 0) AS csat
              FROM {_cells(store, f, "cube_service")} c JOIN pm ON pm.month = c.month WHERE TRUE {where}
              GROUP BY pm.period),
    -- a median does not add up: the exact one, over the narrow table of answered tickets
    answered AS (SELECT pm.period, quantile_cont(c.hours, 0.5) AS median_first_response_hours
                 FROM cube_response c JOIN pm ON pm.month = c.month WHERE TRUE {where} GROUP BY pm.period)
    SELECT period, tickets, complaints, how_to, median_first_response_hours, resolved, resolved_in_time,
           complaints_resolved, complaint_days, handling_cost, csat
    FROM cells LEFT JOIN answered USING (period)
    """
    return _frame(store, f, sql, params)


def surveys(store: Store, f: Filters) -> pd.DataFrame:
    where, params = dimension_filter(f, "c")
    sql = f"""
    WITH {CALENDAR_CTE}
    SELECT pm.period, sum(c.responses) AS responses, sum(c.csat_sum) / nullif(sum(c.csat_n), 0) AS csat,
           sum(c.promoters) AS promoters, sum(c.detractors) AS detractors
    FROM {_cells(store, f, "cube_surveys")} c JOIN pm ON pm.month = c.month WHERE TRUE {where} GROUP BY pm.period
    """
    return _frame(store, f, sql, params)


def deliveries(store: Store, f: Filters) -> pd.DataFrame:
    where, params = dimension_filter(f, "c")
    sql = f"""
    WITH {CALENDAR_CTE}
    SELECT pm.period, sum(c.delivered) AS delivered, sum(c.on_time) AS on_time
    FROM {_cells(store, f, "cube_deliveries")} c JOIN pm ON pm.month = c.month WHERE TRUE {where} GROUP BY pm.period
    """
    return _frame(store, f, sql, params)


def campaigns(store: Store, f: Filters, window: int = 0) -> pd.DataFrame:
    where, params = dimension_filter(f, "c")
    if window:
        params = {**params, **trailing_calendar(f, window)}
    sql = f"""
    WITH {CALENDAR_CTE}
    SELECT pm.period, sum(c.contacts) AS contacts, sum(c.responded) AS responded, sum(c.converted) AS converted,
           sum(c.revenue) AS revenue, sum(c.spend) AS spend, sum(c.revenue_existing) AS revenue_existing,
           sum(c.spend_existing) AS spend_existing
    FROM {_cells(store, f, "cube_campaigns")} c JOIN pm ON pm.month = c.month WHERE TRUE {where} GROUP BY pm.period
    """
    return _frame(store, f, sql, params)


def development(store: Store, f: Filters) -> pd.DataFrame:
    where, params = dimension_filter(f, "x")
    sql = f"""
    WITH {CALENDAR_CTE},
    buyers AS ({_distinct(_cells(store, f, "cube_buyers"), "customers", where)}),
    crossed AS ({_distinct(_cells(store, f, "cube_cross"), "customers", where)})
    SELECT period, buyers.customers AS buyers, coalesce(crossed.customers, 0) AS cross_sold
    FROM buyers LEFT JOIN crossed USING (period)
    """
    return _frame(store, f, sql, params)


# a fact's memo key -> its cube function; the facts not here (customer_value: ranks and shares of the top
# customers; prices: a spread per product and month; leads, lead_cohorts, pipeline: leads and opportunities,
# filtered by the lead's own attributes; staff: employees) run their exact queries
FRAMES: dict[str, Callable[[Store, Filters], pd.DataFrame]] = {
    "sales": sales, "customer_base": customer_base, "service": service, "surveys": surveys,
    "deliveries": deliveries, "development": development,
    "campaigns_0": campaigns,
    f"campaigns_{facts.CAMPAIGN_WINDOW_MONTHS}": lambda store, f: campaigns(store, f, facts.CAMPAIGN_WINDOW_MONTHS),
}
