"""Base aggregates per period, one query each, shared by the KPIs that read them.

Every function takes the store and ``Filters`` and returns a frame indexed by period start
(a ``DatetimeIndex`` named ``period`` covering every period of the filters, empty periods as
NaN or 0). Queries run in DuckDB over the analytical store; parameters are bound, and the SQL
text only varies by which filters are set.

Dimension filters apply to the customer behind a fact (region, channel, industry, manager). Where
a fact has no customer, they apply as follows: leads by their own region, channel and industry
(the manager filter does not apply: leads have no owner yet, so lead KPIs are empty under it);
opportunities by their lead's region, channel, industry and by their owner for the manager
filter; staff facts by the employee's region and, for the manager filter, by the employee.
"""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from metrics.base.filters import Filters, add_months
from metrics.base.store import Store


def calendar(f: Filters) -> dict:
    """Bound parameters describing the periods: month -> period, and each period's bounds."""
    months, month_period = [], []
    for period in f.periods:
        for k in range(f.months):
            months.append(add_months(period, k))
            month_period.append(period)
    periods = f.periods
    return {
        "months": months,
        "month_period": month_period,
        "periods": periods,
        "period_last_month": [add_months(p, f.months - 1) for p in periods],
        "period_end": [add_months(p, f.months) for p in periods],
    }


CALENDAR_CTE = """
    pm AS (SELECT unnest($months) AS month, unnest($month_period) AS period),
    pe AS (SELECT unnest($periods) AS period, unnest($period_last_month) AS last_month,
                  unnest($period_end) AS period_end)
"""


def dimension_filter(f: Filters, alias: str, *, columns: Iterable[str] = ("region", "channel", "industry"),
                     manager_column: str | None = "manager_id") -> tuple[str, dict]:
    """``AND ...`` conditions for the filters that are set, with their bound parameters."""
    clauses, params = [], {}
    for name in columns:
        values = getattr(f, name)
        if values:
            clauses.append(f"list_contains(${name}, {alias}.{name})")
            params[name] = list(values)
    if f.manager and manager_column:
        clauses.append(f"list_contains($manager, {alias}.{manager_column})")
        params["manager"] = list(f.manager)
    return "".join(f" AND {c}" for c in clauses), params


def _run(store: Store, key: str, f: Filters, sql: str, params: dict) -> pd.DataFrame:
    def build() -> pd.DataFrame:
        frame = store.query(sql, {**calendar(f), **params})
        frame["period"] = pd.to_datetime(frame["period"])
        frame = frame.set_index("period").reindex(f.period_index)
        return frame.astype(float)

    return store.frame((key, f), build)


def sales(store: Store, f: Filters) -> pd.DataFrame:
    """revenue, margin, cost, new_revenue, existing_revenue, orders, buyers, lines, categories_bought."""
    return sales_with_history(store, f).reindex(f.period_index)


def sales_with_history(store: Store, f: Filters) -> pd.DataFrame:
    """:func:`sales` from a year before ``f`` starts (for year-on-year growth), in one query."""
    f = f.shifted(f.periods_per_year)
    where, params = dimension_filter(f, "s")
    sql = f"""
    WITH {CALENDAR_CTE},
    picked AS (SELECT pm.period, s.customer_id, s.order_id, s.category, s.revenue, s.margin, s.cost, s.is_new
               FROM sales s JOIN pm ON pm.month = s.month WHERE TRUE {where}),
    totals AS (SELECT period, sum(revenue) AS revenue,
                      -- a line without a unit cost has an unknown margin: the period's margin is unknown, never 100 %
                      CASE WHEN bool_and(margin IS NOT NULL) THEN sum(margin) END AS margin,
                      CASE WHEN bool_and(cost IS NOT NULL) THEN sum(cost) END AS cost,
                      coalesce(sum(revenue) FILTER (WHERE is_new), 0) AS new_revenue,
                      coalesce(sum(revenue) FILTER (WHERE NOT is_new), 0) AS existing_revenue,
                      count(*) AS lines
               FROM picked GROUP BY period),
    -- the distinct counts each on its own (one hash aggregate apiece: faster than DISTINCT aggregates mixed
    -- with the sums); a buyer is a customer with at least one (customer, category) pair in the period
    orders AS (SELECT period, count(order_id) AS orders FROM (SELECT DISTINCT period, order_id FROM picked)
               GROUP BY period),
    pairs AS (SELECT period, count(DISTINCT customer_id) AS buyers, count(*) AS categories_bought
              FROM (SELECT DISTINCT period, customer_id, category FROM picked) GROUP BY period)
    SELECT period, revenue, margin, cost, new_revenue, existing_revenue, orders, buyers, lines, categories_bought
    FROM totals JOIN orders USING (period) JOIN pairs USING (period)
    """
    frame = _run(store, "sales", f, sql, params)
    counts = ["orders", "buyers", "lines", "categories_bought", "revenue", "new_revenue", "existing_revenue"]
    frame[counts] = frame[counts].fillna(0.0)
    no_sales = frame["lines"] == 0  # nothing sold: a margin of zero; sold at unknown cost: unknown
    frame.loc[no_sales, ["margin", "cost"]] = 0.0
    return frame


# Who counts where, for a period ``p`` (``first_day``, ``period_end``) and a customer ``c`` of ``CUSTOMER_ROWS``:
# the KPIs count these customers, and the who lists (``metrics.drill``) list the same ones.
ACTIVE = "c.acquired_on < p.period_end AND (c.churned_on IS NULL OR c.churned_on >= p.first_day)"
AT_START = "c.acquired_on < p.first_day AND (c.churned_on IS NULL OR c.churned_on >= p.first_day)"
RETAINED = "c.acquired_on < p.first_day AND (c.churned_on IS NULL OR c.churned_on >= p.period_end)"
NEW = "c.acquired_on >= p.first_day AND c.acquired_on < p.period_end"
CHURNED = "c.churned_on >= p.first_day AND c.churned_on < p.period_end"
REFERRED = f"{NEW} AND c.referred_by_id IS NOT NULL"
ALIVE_END = "c.acquired_on < p.period_end AND (c.churned_on IS NULL OR c.churned_on >= p.period_end)"
UNOWNED_END = f"{ALIVE_END} AND (c.manager_id IS NULL OR c.manager_left_on < p.period_end)"
CUSTOMER_ROWS = """
    periods AS (SELECT pe.*, pe.period AS first_day FROM pe),
    c AS (SELECT c.*, c.manager_id AS manager_id,
                 (CASE WHEN contact_name IS NULL THEN 0 ELSE 1 END + CASE WHEN email IS NULL THEN 0 ELSE 1 END
                  + CASE WHEN phone IS NULL THEN 0 ELSE 1 END + CASE WHEN city IS NULL THEN 0 ELSE 1 END) / 4.0
                   AS completeness,
                 e.left_on AS manager_left_on
          FROM customer c LEFT JOIN employee e ON e.id = c.manager_id)
"""


def customer_base(store: Store, f: Filters) -> pd.DataFrame:
    """active, at_start, retained, new, churned, referrals, alive_end, unowned_end, completeness_end,
    new_acquisition_cost."""
    where, params = dimension_filter(f, "c")
    sql = f"""
    WITH {CALENDAR_CTE}, {CUSTOMER_ROWS}
    SELECT p.period,
        count(*) FILTER (WHERE {ACTIVE}) AS active,
        count(*) FILTER (WHERE {AT_START}) AS at_start,
        count(*) FILTER (WHERE {RETAINED}) AS retained,
        count(*) FILTER (WHERE {NEW}) AS new,
        count(*) FILTER (WHERE {CHURNED}) AS churned,
        count(*) FILTER (WHERE {REFERRED}) AS referrals,
        count(*) FILTER (WHERE {ALIVE_END}) AS alive_end,
        count(*) FILTER (WHERE {UNOWNED_END}) AS unowned_end,
        avg(c.completeness) FILTER (WHERE {ALIVE_END}) AS completeness_end,
        coalesce(sum(c.acquisition_cost) FILTER (WHERE {NEW}), 0) AS new_acquisition_cost
    FROM periods p CROSS JOIN c WHERE TRUE {where}
    GROUP BY p.period
    """
    return _run(store, "customer_base", f, sql, params)


# Each customer alive in the last month of each period, over the 12 months to it (``customer_trailing``): its
# profit (margin less service and campaign cost), rank by profit and the positive margin ranked before it.
# Shared by :func:`metrics.base.value.customer_value` and the who lists (``metrics.drill``), with these rules:
BUYER, REPEAT_BUYER, UNPROFITABLE = "orders_12m >= 1", "orders_12m >= 2", "profit < 0"
TOP20 = "profit_rank <= ceil(0.2 * n)"
TIER_A = "coalesce(margin_before, 0) < 0.8 * positive_margin AND margin_12m > 0"


def value_rows(where: str) -> str:
    """The CTEs ``ends``, ``t`` and ``ranked`` (after :data:`CALENDAR_CTE`); ``where``: the dimension filter on
    alias ``t`` (:func:`dimension_filter`)."""
    return f"""
    ends AS (SELECT pe.period, least(pe.last_month, (SELECT max(month) FROM customer_trailing)) AS month FROM pe),
    t AS (SELECT ends.period, t.customer_id, t.region, t.orders_12m,
                 t.revenue_12m, t.margin_12m, t.margin_12m - t.service_cost_12m - t.campaign_cost_12m AS profit
          FROM customer_trailing t JOIN ends USING (month)
          WHERE TRUE {where}),
    ranked AS (
        SELECT *, row_number() OVER (PARTITION BY period ORDER BY profit DESC, customer_id) AS profit_rank,
               count(*) OVER (PARTITION BY period) AS n,
               sum(greatest(margin_12m, 0)) OVER (PARTITION BY period ORDER BY margin_12m DESC, customer_id
                   ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS margin_before,
               sum(greatest(margin_12m, 0)) OVER (PARTITION BY period) AS positive_margin
        FROM t)
    """


def service(store: Store, f: Filters) -> pd.DataFrame:
    """Tickets opened in each period: tickets, complaints, how_to, median_first_response_hours,
    resolved, resolved_in_time, complaints_resolved, complaint_days (mean), handling_cost, csat."""
    where, params = dimension_filter(f, "c")
    sql = f"""
    WITH {CALENDAR_CTE}
    SELECT pm.period, count(*) AS tickets,
        count(*) FILTER (WHERE t.category = 'complaint') AS complaints,
        count(*) FILTER (WHERE t.category = 'how_to') AS how_to,
        quantile_cont(epoch(t.first_response_at - t.opened_at) / 3600.0, 0.5)
            FILTER (WHERE t.first_response_at IS NOT NULL) AS median_first_response_hours,
        count(t.resolved_at) AS resolved,
        count(*) FILTER (WHERE t.resolved_at <= t.promised_at) AS resolved_in_time,
        count(t.resolved_at) FILTER (WHERE t.category = 'complaint') AS complaints_resolved,
        avg(epoch(t.resolved_at - t.opened_at) / 86400.0) FILTER (WHERE t.category = 'complaint')
            AS complaint_days,
        sum(t.handling_cost) AS handling_cost,
        avg(t.csat) AS csat
    FROM service_ticket t JOIN customer c ON c.id = t.customer_id
    JOIN pm ON pm.month = CAST(date_trunc('month', t.opened_at) AS DATE)
    WHERE TRUE {where}
    GROUP BY pm.period
    """
    frame = _run(store, "service", f, sql, params)
    counts = ["tickets", "complaints", "how_to", "resolved", "resolved_in_time", "complaints_resolved",
              "handling_cost"]
    frame[counts] = frame[counts].fillna(0.0)
    return frame


def surveys(store: Store, f: Filters) -> pd.DataFrame:
    """Customer survey answers in each period: responses, csat (mean 1..5), promoters, detractors."""
    where, params = dimension_filter(f, "c")
    sql = f"""
    WITH {CALENDAR_CTE}
    SELECT pm.period, count(*) AS responses, avg(r.csat) AS csat,
           count(*) FILTER (WHERE r.nps >= 9) AS promoters, count(*) FILTER (WHERE r.nps <= 6) AS detractors
    FROM survey_response r JOIN customer c ON c.id = r.customer_id
    JOIN pm ON pm.month = CAST(date_trunc('month', r.responded_on) AS DATE)
    WHERE TRUE {where}
    GROUP BY pm.period
    """
    return _run(store, "surveys", f, sql, params)


def deliveries(store: Store, f: Filters) -> pd.DataFrame:
    """Orders placed in each period and delivered: delivered, on_time (delivered by the promised day)."""
    where, params = dimension_filter(f, "c")
    sql = f"""
    WITH {CALENDAR_CTE}
    SELECT pm.period, count(o.delivered_on) AS delivered,
           count(*) FILTER (WHERE o.delivered_on <= o.promised_on) AS on_time
    FROM sales_order o JOIN customer c ON c.id = o.customer_id
    JOIN pm ON pm.month = CAST(date_trunc('month', o.ordered_on) AS DATE)
    WHERE TRUE {where}
    GROUP BY pm.period
    """
    return _run(store, "deliveries", f, sql, params)


def leads(store: Store, f: Filters) -> pd.DataFrame:
    """leads created, converted (of those), converted_in_period and their mean lead_days."""
    if f.manager:
        return pd.DataFrame(index=f.period_index, columns=["leads", "converted", "won_in_period", "lead_days"],
                            dtype=float)
    where, params = dimension_filter(f, "l", manager_column=None)
    sql = f"""
    WITH {CALENDAR_CTE},
    created AS (
        SELECT pm.period, count(*) AS leads, count(l.converted_customer_id) AS converted
        FROM lead l JOIN pm ON pm.month = CAST(date_trunc('month', l.created_on) AS DATE)
        WHERE TRUE {where} GROUP BY pm.period),
    won AS (
        SELECT pm.period, count(*) AS won_in_period, avg(l.converted_on - l.created_on) AS lead_days
        FROM lead l JOIN pm ON pm.month = CAST(date_trunc('month', l.converted_on) AS DATE)
        WHERE l.converted_on IS NOT NULL {where} GROUP BY pm.period)
    SELECT pe.period, created.leads, created.converted, won.won_in_period, won.lead_days
    FROM pe LEFT JOIN created USING (period) LEFT JOIN won USING (period)
    """
    return _run(store, "leads", f, sql, params)


def pipeline(store: Store, f: Filters) -> pd.DataFrame:
    """Opportunities: won and lost (closed in the period), cycle_days of the won, open_end (open at the
    period's end) and advanced_7d (of those, moved a stage in its last 7 days)."""
    where, params = dimension_filter(f, "l", manager_column="owner_id")
    sql = f"""
    WITH {CALENDAR_CTE},
    o AS (SELECT o.*, l.region, l.channel, l.industry FROM opportunity o LEFT JOIN lead l ON l.id = o.lead_id),
    l AS (SELECT * FROM o),
    closed AS (
        SELECT pm.period, count(*) FILTER (WHERE l.status = 'won') AS won,
               count(*) FILTER (WHERE l.status = 'lost') AS lost,
               avg(l.closed_on - l.created_on) FILTER (WHERE l.status = 'won') AS cycle_days
        FROM l JOIN pm ON pm.month = CAST(date_trunc('month', l.closed_on) AS DATE)
        WHERE TRUE {where} GROUP BY pm.period),
    moved AS (  -- the opportunities that changed stage in each period's last 7 days (a join, not a test per row)
        SELECT DISTINCT pe.period, s.opportunity_id FROM pe JOIN opportunity_stage_change s
        ON s.changed_on >= pe.period_end - 7 AND s.changed_on < pe.period_end),
    open_end AS (
        SELECT pe.period, count(*) AS open_end, count(m.opportunity_id) AS advanced_7d
        FROM pe JOIN l ON l.created_on < pe.period_end AND (l.closed_on IS NULL OR l.closed_on >= pe.period_end)
        LEFT JOIN moved m ON m.period = pe.period AND m.opportunity_id = l.id
        WHERE TRUE {where} GROUP BY pe.period)
    SELECT pe.period, closed.won, closed.lost, closed.cycle_days, open_end.open_end, open_end.advanced_7d
    FROM pe LEFT JOIN closed USING (period) LEFT JOIN open_end USING (period)
    """
    return _run(store, "pipeline", f, sql, params)


CAMPAIGN_WINDOW_MONTHS = 3  # campaigns run every six weeks: any three months hold at least one
LEAD_MATURITY_MONTHS = 4  # nine in ten converting leads convert within 4 months (106 days in the demo)


def trailing_calendar(f: Filters, window: int) -> dict:
    """Like :func:`calendar`, but each period takes the ``window`` months up to its end (its own months
    when it is longer); a month may belong to several periods."""
    months, month_period = [], []
    span = max(window, f.months)
    for period in f.periods:
        end = add_months(period, f.months)
        for k in range(span):
            months.append(add_months(end, k - span))
            month_period.append(period)
    return {"months": months, "month_period": month_period}


# each campaign's spend split evenly over its contacts, and its purpose (shared with ``metrics.drill``)
PER_CONTACT = """
    per_contact AS (SELECT k.campaign_id, any_value(g.spend) / count(*) AS spend, any_value(g.purpose) AS purpose
                    FROM campaign_contact k JOIN campaign g ON g.id = k.campaign_id GROUP BY k.campaign_id)
"""


def campaigns(store: Store, f: Filters, *, window: int | None = None) -> pd.DataFrame:
    """Campaign contacts made in each period: contacts, responded, converted, revenue (attributed),
    spend (each campaign's spend split evenly over its contacts); ``*_existing`` for retention and
    cross-sell campaigns only. With ``window``: the contacts made in the ``window`` months to each
    period's end instead (its own months when the period is longer)."""
    where, params = dimension_filter(f, "c")
    if window:
        params = {**params, **trailing_calendar(f, window)}
    sql = f"""
    WITH {CALENDAR_CTE}, {PER_CONTACT}
    SELECT pm.period, count(*) AS contacts, count(*) FILTER (WHERE k.responded) AS responded,
           count(*) FILTER (WHERE k.converted) AS converted, sum(k.revenue) AS revenue,
           sum(pc.spend) AS spend,
           coalesce(sum(k.revenue) FILTER (WHERE pc.purpose <> 'acquisition'), 0) AS revenue_existing,
           coalesce(sum(pc.spend) FILTER (WHERE pc.purpose <> 'acquisition'), 0) AS spend_existing
    FROM campaign_contact k JOIN per_contact pc USING (campaign_id)
    JOIN customer c ON c.id = k.customer_id
    JOIN pm ON pm.month = CAST(date_trunc('month', k.contacted_on) AS DATE)
    WHERE TRUE {where}
    GROUP BY pm.period
    """
    return _run(store, f"campaigns_{window or 0}", f, sql, params)


def lead_cohorts(store: Store, f: Filters, *, lag: int = LEAD_MATURITY_MONTHS) -> pd.DataFrame:
    """For each period, the leads created ``lag`` months before it (the period shifted back by ``lag``
    months) and how many of them had converted by the period's end: ``leads``, ``converted``."""
    if f.manager:
        return pd.DataFrame(index=f.period_index, columns=["leads", "converted"], dtype=float)
    where, params = dimension_filter(f, "l", manager_column=None)
    sql = f"""
    WITH {CALENDAR_CTE}
    SELECT pe.period, count(l.id) AS leads,
           count(l.id) FILTER (WHERE l.converted_on IS NOT NULL AND l.converted_on < pe.period_end) AS converted
    FROM pe JOIN lead l ON l.created_on >= CAST(pe.period - to_months($lag) AS DATE)
                       AND l.created_on < CAST(pe.period_end - to_months($lag) AS DATE)
    WHERE TRUE {where}
    GROUP BY pe.period
    """
    return _run(store, f"lead_cohorts_{lag}", f, sql, {**params, "lag": lag})


def development(store: Store, f: Filters) -> pd.DataFrame:
    """buyers and cross_sold: buyers who bought a category for the first time in the period after
    having bought another category before it."""
    where, params = dimension_filter(f, "s")
    sql = f"""
    WITH {CALENDAR_CTE},
    first_buy AS (SELECT customer_id, min(first_month) AS first_month FROM customer_category_first GROUP BY 1),
    picked AS (SELECT DISTINCT pm.period, s.customer_id FROM sales s JOIN pm ON pm.month = s.month
               WHERE TRUE {where}),
    crossed AS (SELECT DISTINCT pm.period, f.customer_id
                FROM customer_category_first f JOIN first_buy b USING (customer_id)
                JOIN pm ON pm.month = f.first_month
                WHERE f.first_month > b.first_month)
    SELECT p.period, count(*) AS buyers, count(x.customer_id) AS cross_sold
    FROM picked p LEFT JOIN crossed x USING (period, customer_id)
    GROUP BY p.period
    """
    return _run(store, "development", f, sql, params)


def prices(store: Store, f: Filters) -> pd.DataFrame:
    """price_spread: line-weighted mean, over product-months with 2+ lines, of the coefficient of
    variation of the net unit price paid."""
    where, params = dimension_filter(f, "s")
    sql = f"""
    WITH {CALENDAR_CTE},
    cells AS (SELECT pm.period, s.product_id, s.month, count(*) AS lines,
                     stddev_pop(s.net_price) / nullif(avg(s.net_price), 0) AS cv
              FROM sales s JOIN pm ON pm.month = s.month WHERE TRUE {where}
              GROUP BY ALL HAVING count(*) >= 2)
    SELECT period, sum(cv * lines) / sum(lines) AS price_spread FROM cells GROUP BY period
    """
    return _run(store, "prices", f, sql, params)


def staff(store: Store, f: Filters) -> pd.DataFrame:
    """Customer-facing staff: facing_headcount (employed during the period), training_hours,
    employee_weeks and active_weeks (weeks with a CRM login), interactions, notes, alignment (mean),
    and for all staff: headcount_start, leavers."""
    where, params = dimension_filter(f, "e", columns=("region",), manager_column="id")
    sql = f"""
    WITH {CALENDAR_CTE},
    e AS (SELECT * FROM employee e WHERE TRUE {where}),
    weeks AS (SELECT CAST(unnest(generate_series(date_trunc('week', min(pm.month) + INTERVAL 6 DAY),
                                                 least(max(pm.month) + INTERVAL 1 MONTH - INTERVAL 1 DAY,
                                                       (SELECT max(occurred_on) FROM crm_activity)),
                                                 INTERVAL 7 DAY)) AS DATE) AS week
              FROM pm),
    employed AS (
        SELECT e.id AS employee_id, w.week
        FROM weeks w JOIN e ON e.customer_facing AND e.hired_on <= w.week
                            AND (e.left_on IS NULL OR e.left_on > w.week)),
    logins AS (SELECT DISTINCT employee_id, CAST(date_trunc('week', occurred_on) AS DATE) AS week
               FROM crm_activity WHERE kind = 'login'),
    employed_weeks AS (
        SELECT pm.period, count(*) AS employee_weeks, count(l.employee_id) AS active_weeks
        FROM employed w JOIN pm ON pm.month = CAST(date_trunc('month', w.week) AS DATE)
        LEFT JOIN logins l USING (employee_id, week)
        GROUP BY pm.period),
    activity AS (
        SELECT pm.period,
               count(*) FILTER (WHERE a.kind IN ('call', 'visit', 'email')) AS interactions,
               count(*) FILTER (WHERE a.kind = 'note') AS notes
        FROM crm_activity a JOIN e ON e.id = a.employee_id AND e.customer_facing
        JOIN pm ON pm.month = CAST(date_trunc('month', a.occurred_on) AS DATE)
        GROUP BY pm.period),
    training AS (
        SELECT pm.period, sum(t.hours) AS training_hours
        FROM training_record t JOIN e ON e.id = t.employee_id AND e.customer_facing
        JOIN pm ON pm.month = CAST(date_trunc('month', t.completed_on) AS DATE)
        GROUP BY pm.period),
    survey AS (
        SELECT pm.period, avg(s.goal_alignment) AS alignment
        FROM employee_survey s JOIN e ON e.id = s.employee_id
        JOIN pm ON pm.month = CAST(date_trunc('month', s.surveyed_on) AS DATE)
        GROUP BY pm.period),
    people AS (
        SELECT pe.period,
               count(*) FILTER (WHERE e.customer_facing AND e.hired_on < pe.period_end
                                AND (e.left_on IS NULL OR e.left_on >= pe.period)) AS facing_headcount,
               count(*) FILTER (WHERE e.hired_on < pe.period
                                AND (e.left_on IS NULL OR e.left_on >= pe.period)) AS headcount_start,
               count(*) FILTER (WHERE e.left_on >= pe.period AND e.left_on < pe.period_end) AS leavers
        FROM pe CROSS JOIN e GROUP BY pe.period)
    SELECT pe.period, people.facing_headcount, coalesce(training.training_hours, 0) AS training_hours,
           employed_weeks.employee_weeks, coalesce(employed_weeks.active_weeks, 0) AS active_weeks,
           coalesce(activity.interactions, 0) AS interactions, coalesce(activity.notes, 0) AS notes,
           survey.alignment, people.headcount_start, people.leavers
    FROM pe LEFT JOIN people USING (period) LEFT JOIN training USING (period)
    LEFT JOIN employed_weeks USING (period) LEFT JOIN activity USING (period) LEFT JOIN survey USING (period)
    """
    return _run(store, "staff", f, sql, params)
