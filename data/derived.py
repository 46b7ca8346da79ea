"""The derived tables of the analytical store, built by SQL over the copied system of record.

:func:`build` runs at every refresh: first the churn rule (below), then ``DERIVED_SQL``.

Derived tables
--------------
churn_rule       one row: whether churn is ``inferred`` from inactivity, the ``days`` of inactivity used
                 (NULL when the company records its own churn dates), the ``rhythm_days`` its purchase
                 rhythm gives (computed either way), the percentile behind them and over how many repeat
                 customers, the ``basis`` of the days (``purchase_rhythm``, ``setting``,
                 ``too_few_repeat_customers``, ``recorded``, ``no_orders``), the data's end and how many
                 customers the rule marks lost
sales            one row per order line: customer dimensions, category, month, net revenue,
                 cost and margin as exact decimals, ``is_new`` (ordered within 365 days of
                 the customer's acquisition)
customer_month   one row per customer and month of its relationship (acquisition month, or the
                 first month of data, to its churn month or the last month of data): revenue,
                 margin, orders, service cost, campaign cost
customer_trailing  the same rows with trailing-12-month sums (as DOUBLE: they feed rankings and
                 shares, never a money total shown to the cent)
customer_category_first  the month each customer first bought each product category

Unknown stays unknown
---------------------
A line without a unit cost has an unknown margin (NULL); a customer-month with such a line has an unknown
margin, and a trailing 12 months holding such a month an unknown ``margin_12m``: partly known is treated as
unknown (never a sum of the known part shown as the whole). Cost to serve (service handling cost plus each
campaign's spend split over its contacts) is unknown when the company records neither service tickets nor
campaigns with contacts and a spend; when it records one, the other counts as none, and a customer with
no ticket and no contact costs 0.

Churn inferred from inactivity
------------------------------
When the company gives no churn date at all (``customer.churned_on`` NULL on every row) while it has orders,
the copy's ``customer.churned_on`` (never the system of record) is set by an inactivity rule: a customer is
lost ``T`` days after its last order (after its acquisition when it has none) when that day is on or before
the data's end (its latest order date). ``T`` is the company's own purchase rhythm: each customer with two or more
purchase days has a usual gap (the median of the days between its consecutive purchase days), and ``T`` is
the 90th percentile (``GAP_PERCENTILE``, linear interpolation) of the usual gaps over those customers, rounded
up and kept within ``MIN_DAYS``..``MAX_DAYS``; with fewer than ``MIN_REPEAT_CUSTOMERS`` such customers,
``DEFAULT_DAYS``. Customers count once each: pooling every gap would let the most frequent buyers set the
rhythm (on the demo, whose churn dates are recorded: 56 days against 144; of its 3,000 customers, 1,036
called lost that its records keep, against 651, and 76% agreeing with the records by its last day, against
65%). A setting overrides it: the environment variable
``CHURN_INACTIVITY_DAYS`` (for one refresh, e.g. ``CHURN_INACTIVITY_DAYS=120 python -m data refresh``), else
the ``dataset_info`` key ``churn_inactivity_days``; a whole number of days of at least 1, taken as it is.
Every view that shows churn, retention or active customers says so (``metrics.customers.churn_rule``).
"""

import logging
import math
import os
import time
from collections.abc import Mapping
from datetime import date

import duckdb

log = logging.getLogger(__name__)

GAP_PERCENTILE = 0.9
MIN_DAYS, MAX_DAYS, DEFAULT_DAYS = 30, 730, 365
MIN_REPEAT_CUSTOMERS = 10
CHURN_SETTING = "churn_inactivity_days"
CHURN_ENV = "CHURN_INACTIVITY_DAYS"

CHURN_FACTS_SQL = """
    WITH days AS (SELECT DISTINCT customer_id, ordered_on FROM sales_order),
    gaps AS (SELECT customer_id,
                    ordered_on - lag(ordered_on) OVER (PARTITION BY customer_id ORDER BY ordered_on) AS gap
             FROM days),
    usual AS (SELECT customer_id, median(gap) AS gap FROM gaps WHERE gap IS NOT NULL GROUP BY customer_id)
    SELECT (SELECT count(*) FROM sales_order) AS orders,
           (SELECT count(churned_on) FROM customer) AS recorded,
           (SELECT max(ordered_on) FROM sales_order) AS data_end,
           count(*) AS repeat_customers, quantile_cont(gap, $percentile) AS gap_percentile
    FROM usual
"""
INFER_CHURN_SQL = """
    UPDATE customer SET churned_on = lost.churned_on
    FROM (SELECT c.id, CAST(greatest(max(o.ordered_on), c.acquired_on) + to_days(CAST($days AS INTEGER)) AS DATE)
                     AS churned_on
          FROM customer c LEFT JOIN sales_order o ON o.customer_id = c.id
          GROUP BY c.id, c.acquired_on) lost
    WHERE lost.id = customer.id AND lost.churned_on <= $data_end
"""


def _setting(duck: duckdb.DuckDBPyConnection, environ: Mapping[str, str]) -> int | None:
    """The days of inactivity a setting asks for (environment first, then ``dataset_info``), if valid."""
    given = environ.get(CHURN_ENV)
    if given is None and duck.execute("SELECT count(*) FROM information_schema.tables "
                                      "WHERE table_name = 'dataset_info'").fetchone()[0]:
        row = duck.execute("SELECT value FROM dataset_info WHERE key = $key", {"key": CHURN_SETTING}).fetchone()
        given = row[0] if row else None
    try:
        days = int(str(given).strip()) if given is not None else None
    except ValueError:
        return None
    return days if days is not None and days >= 1 else None


def rhythm_days(repeat_customers: int, gap_percentile: float | None) -> tuple[int, str]:
    """``T`` from the purchase rhythm and its basis: the percentile rounded up within the bounds, or the
    default with too few repeat customers."""
    if repeat_customers < MIN_REPEAT_CUSTOMERS or gap_percentile is None or not math.isfinite(gap_percentile):
        return DEFAULT_DAYS, "too_few_repeat_customers"
    return min(max(math.ceil(gap_percentile), MIN_DAYS), MAX_DAYS), "purchase_rhythm"


def infer_churn(duck: duckdb.DuckDBPyConnection, *, environ: Mapping[str, str] | None = None) -> None:
    """The churn rule of this copy (table ``churn_rule``); churn dates inferred from inactivity when the
    company gives none (see the module's docstring)."""
    environ = os.environ if environ is None else environ
    present = {row[0] for row in duck.execute("SELECT table_name FROM information_schema.tables").fetchall()}
    if not {"customer", "sales_order"} <= present:  # a partial test store: nothing to infer from
        return
    orders, recorded, data_end, repeat_customers, percentile = duck.execute(
        CHURN_FACTS_SQL, {"percentile": GAP_PERCENTILE}).fetchone()
    rhythm, basis = rhythm_days(int(repeat_customers), None if percentile is None else float(percentile))
    setting = _setting(duck, environ)
    inferred = bool(orders) and not recorded
    days, lost = None, 0
    if inferred:
        days = setting if setting is not None else rhythm
        basis = "setting" if setting is not None else basis
        duck.execute(INFER_CHURN_SQL, {"days": days, "data_end": data_end})
        lost = duck.execute("SELECT count(churned_on) FROM customer").fetchone()[0]
    else:
        basis = "recorded" if orders else "no_orders"
    duck.execute("CREATE OR REPLACE TABLE churn_rule (inferred BOOLEAN, days INTEGER, rhythm_days INTEGER, "
                 "gap_percentile DOUBLE, repeat_customers BIGINT, basis VARCHAR, data_end DATE, lost BIGINT)")
    duck.execute("INSERT INTO churn_rule VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                 [inferred, days, rhythm if orders else None, percentile, repeat_customers, basis, data_end, lost])


def build(duck: duckdb.DuckDBPyConnection, *, environ: Mapping[str, str] | None = None) -> None:
    """Every derived table of the store, on a copy of the system of record."""
    infer_churn(duck, environ=environ)
    tables(duck)


def tables(duck: duckdb.DuckDBPyConnection, since: date | None = None) -> None:
    """The derived tables (after :func:`infer_churn`); with ``since``, the previous store's tables (set aside as
    ``previous_<name>``, :mod:`data.appended`) keep their rows of the months before it and only the rest is built."""
    customers = duck.execute("SELECT count(*) FROM customer").fetchone()[0]
    parts = max(1, math.ceil(customers / CUSTOMERS_PER_PART))
    conditions, params = (FULL, {}) if since is None else (SINCE, {"since": since})
    for name, (month, sql) in DERIVED_SQL.items():
        started = time.perf_counter()
        duck.execute("CHECKPOINT")  # what was written before goes to the file: the statement gets the memory
        if since is None:
            duck.execute(f"CREATE TABLE {name} AS {sql.format(**conditions, part=_part(name, parts, 0))}")
        else:
            duck.execute(f"ALTER TABLE previous_{name} RENAME TO {name}")
            duck.execute(f"DELETE FROM {name} WHERE {month} >= $since", params)
            duck.execute(f"INSERT INTO {name} BY NAME {sql.format(**conditions, part=_part(name, parts, 0))}",
                         params)
        for part in range(1, parts if name in BY_PART else 1):
            duck.execute("CHECKPOINT")
            duck.execute(f"INSERT INTO {name} BY NAME {sql.format(**conditions, part=_part(name, parts, part))}",
                         params)
        log.info("derived table %s in %.1f s", name, time.perf_counter() - started)


def _part(name: str, parts: int, part: int) -> str:
    """The condition that keeps one part of the customers (``{part}`` in a statement, on ``customer_id``)."""
    return f"AND hash(customer_id) % {parts} = {part}" if name in BY_PART and parts > 1 else ""


# customer_month and customer_trailing are built in parts of at most this many customers (each its own statement:
# at 1,000,000 customers in one, their joins and windows ran out of 3 GB now and then)
CUSTOMERS_PER_PART = 250_000
BY_PART = ("customer_month", "customer_trailing")
# the conditions that build only the months from $since on (:func:`tables`), and none for a full build
FULL = {"orders": "", "months": "", "start": "", "window": "", "new_pairs": ""}
SINCE = {"orders": "WHERE o.ordered_on >= $since", "months": "AND month >= $since", "start": ", $since",
         "window": "AND month >= $since - INTERVAL 11 MONTH",
         "new_pairs": "AND NOT EXISTS (SELECT 1 FROM customer_category_first f "  # the months kept
                      "WHERE f.customer_id = sales.customer_id AND f.category = sales.category)"}
# table -> (its month column, the SELECT that builds it)
DERIVED_SQL: dict[str, tuple[str, str]] = {
    "sales": ("month", """
    SELECT l.id AS line_id, o.id AS order_id, o.customer_id, l.product_id, p.category,
           o.ordered_on, CAST(date_trunc('month', o.ordered_on) AS DATE) AS month,
           o.channel AS order_channel, o.sales_rep_id,
           c.region, c.channel, c.industry, c.manager_id,
           l.quantity, l.unit_price, l.discount,
           CAST(l.unit_price * (1 - l.discount) AS DECIMAL(18, 6)) AS net_price,
           CAST(l.quantity * l.unit_price * (1 - l.discount) AS DECIMAL(18, 6)) AS revenue,
           CAST(l.quantity * l.unit_cost AS DECIMAL(18, 6)) AS cost,
           CAST(l.quantity * (l.unit_price * (1 - l.discount) - l.unit_cost) AS DECIMAL(18, 6)) AS margin,
           o.ordered_on < c.acquired_on + INTERVAL 365 DAY AS is_new
    FROM order_line l
    JOIN sales_order o ON o.id = l.order_id
    JOIN product p ON p.id = l.product_id
    JOIN customer c ON c.id = o.customer_id
    {orders}
    ORDER BY o.ordered_on
    """),
    "customer_category_first": ("first_month", """
    SELECT customer_id, category, min(month) AS first_month FROM sales WHERE TRUE {months} {new_pairs} GROUP BY ALL
    """),
    "customer_month": ("month", """
    WITH bounds AS (
        SELECT min(month) AS first_month, max(month) AS last_month FROM sales
    ),
    spans AS (
        SELECT c.id AS customer_id, c.region, c.channel, c.industry, c.manager_id,
               CAST(greatest(date_trunc('month', c.acquired_on), b.first_month{start}) AS DATE) AS start_month,
               CAST(least(coalesce(date_trunc('month', c.churned_on), b.last_month), b.last_month) AS DATE)
                   AS end_month
        FROM (SELECT *, id AS customer_id FROM customer) c, bounds b WHERE TRUE {part}
    ),
    grid AS (
        SELECT customer_id, region, channel, industry, manager_id,
               CAST(unnest(generate_series(start_month, end_month, INTERVAL 1 MONTH)) AS DATE) AS month
        FROM spans WHERE start_month <= end_month
    ),
    per_order AS (  -- by order first: a count of distinct orders per customer-month holds them all in memory
        SELECT customer_id, month, order_id, sum(revenue) AS revenue, sum(margin) AS margin,
               bool_and(margin IS NOT NULL) AS margin_known
        FROM sales WHERE TRUE {months} {part} GROUP BY ALL
    ),
    bought AS (
        SELECT customer_id, month, sum(revenue) AS revenue,
               CASE WHEN bool_and(margin_known) THEN sum(margin) END AS margin,  -- unknown cost: unknown
               count(*) AS orders
        FROM per_order GROUP BY ALL
    ),
    served AS (
        SELECT customer_id, CAST(date_trunc('month', opened_at) AS DATE) AS month,
               sum(handling_cost) AS service_cost, count(*) AS tickets
        FROM service_ticket WHERE TRUE {part} GROUP BY ALL
    ),
    contact_cost AS (
        SELECT id AS campaign_id, spend / nullif((SELECT count(*) FROM campaign_contact k
                                                  WHERE k.campaign_id = campaign.id), 0) AS per_contact
        FROM campaign
    ),
    marketed AS (
        SELECT k.customer_id, CAST(date_trunc('month', k.contacted_on) AS DATE) AS month,
               sum(cc.per_contact) AS campaign_cost
        FROM campaign_contact k JOIN contact_cost cc USING (campaign_id) WHERE TRUE {part} GROUP BY ALL
    ),
    costs AS (  -- neither tickets nor campaigns recorded: cost to serve unknown, not 0
        SELECT EXISTS (SELECT 1 FROM service_ticket)
               OR EXISTS (SELECT 1 FROM campaign_contact k JOIN campaign g ON g.id = k.campaign_id
                          WHERE g.spend IS NOT NULL) AS known
    )
    SELECT g.*,
           coalesce(b.revenue, 0) AS revenue,
           CASE WHEN b.customer_id IS NULL THEN 0 ELSE b.margin END AS margin,
           coalesce(b.orders, 0) AS orders, coalesce(s.tickets, 0) AS tickets,
           CASE WHEN costs.known THEN CAST(coalesce(s.service_cost, 0) AS DECIMAL(18, 2)) END AS service_cost,
           CASE WHEN costs.known THEN CAST(coalesce(m.campaign_cost, 0) AS DOUBLE) END AS campaign_cost
    FROM grid g CROSS JOIN costs
    LEFT JOIN bought b USING (customer_id, month)
    LEFT JOIN served s USING (customer_id, month)
    LEFT JOIN marketed m USING (customer_id, month)
    ORDER BY month, customer_id
    """),
    "customer_trailing": ("month", """
    SELECT * FROM (
    SELECT customer_id, month, region, channel, industry, manager_id,
           CAST(sum(revenue) OVER w AS DOUBLE) AS revenue_12m,
           -- a month of unknown margin in the window: the 12 months' margin is unknown, not the known part
           CASE WHEN count(margin) OVER w = count(*) OVER w THEN CAST(sum(margin) OVER w AS DOUBLE) END
               AS margin_12m,
           sum(orders) OVER w AS orders_12m, CAST(sum(service_cost) OVER w AS DOUBLE) AS service_cost_12m,
           sum(campaign_cost) OVER w AS campaign_cost_12m
    FROM customer_month WHERE TRUE {window} {part}
    WINDOW w AS (PARTITION BY customer_id ORDER BY month
                 RANGE BETWEEN INTERVAL 11 MONTH PRECEDING AND CURRENT ROW)
    ) WHERE TRUE {months}
    ORDER BY month, customer_id
    """),
}
