"""The 7P profile of a group of customers, and one customer's whole history.

7P (Profiling, Persistency, Profitability, Performance, Prospecting, Product, Promotion) follows the
customer-analysis checklist of the source literature; every measure covers the 12 months to the
end of the selected period unless its name says otherwise. A measure whose inputs are unknown for one of the
group's customers (margin without unit costs, cost to serve without tickets or campaigns, lifetime value
when the models are not estimable) is unknown (NaN), never a sum of the known part.
"""

from __future__ import annotations

import pandas as pd

from metrics.base.dimensions import first_view
from metrics.base.filters import Filters, add_months
from metrics.base.store import Store, write_table
from metrics.customers import default_views, segments
from metrics.customers.lifetime import LifetimeValues, lifetime_values, segment_forecast

SEVEN_P = ("profiling", "persistency", "profitability", "performance", "prospecting", "product", "promotion")
OPENING_TABLE = "seven_p_opening"  # the rows of :func:`seven_p` for the group the Segments page opens on


def precompute(store: Store, connection) -> None:
    """``jobs.refresh`` step, after the customer views: the 7P profile of the group the Segments page opens on (the
    first of :func:`metrics.customers.segments.group_choices`) for the customer pages' first view
    (:mod:`metrics.customers.default_views`): its lines, campaigns and categories are read for each of the
    group's customers, 1.9 s of the page's cold visit at a million customers."""
    f = first_view(store)
    table = segments.customer_table(store, f) if f is not None else pd.DataFrame()
    if table.empty:
        return
    group = segments.group_choices(table)[0]
    rows = seven_p(store, f, table, lifetime_values(store, f), segments.members(table, group)["customer_id"])
    write_table(connection, OPENING_TABLE, rows.assign(chosen_group=group, position=range(len(rows))))


def opening_profile(store: Store, f: Filters, group: str) -> pd.DataFrame | None:
    """:func:`seven_p`'s rows for ``group`` under ``f`` as the refresh stored them (:func:`precompute`); ``None``
    for any other group or filters."""
    rows = default_views.read(store, OPENING_TABLE, f, where="WHERE chosen_group = $group", params={"group": group},
                              order_by="position")
    return None if rows is None or rows.empty else rows.drop(columns=["chosen_group", "position"])


def seven_p(store: Store, f: Filters, table: pd.DataFrame, values: LifetimeValues, customer_ids) -> pd.DataFrame:
    """Tidy ``p, measure, value, low, high, unit`` rows describing the customers ``customer_ids``
    (``table`` from :func:`metrics.customers.segments.customer_table`)."""
    ids = pd.Series(list(customer_ids)).tolist()  # plain Python values (whole numbers or text) to bind
    group = table[table["customer_id"].isin(ids)]
    scored = values.table[values.table["customer_id"].isin(ids)]
    end = f.end_exclusive
    rows: list[dict] = []

    def add(p: str, measure: str, value, unit: str, low=float("nan"), high=float("nan")) -> None:
        rows.append({"p": p, "measure": measure, "value": float(value) if value is not None else float("nan"),
                     "low": low, "high": high, "unit": unit})

    n = len(group)
    add("profiling", "customers", n, "count")
    for dimension in ("region", "channel", "industry"):
        top = group[dimension].value_counts(normalize=True)
        if len(top):  # a company that gives no channel (or industry) has no largest one
            add("profiling", f"top_{dimension}:{top.index[0]}", top.iloc[0], "percent")
    add("profiling", "tenure_years", group["tenure_days"].mean() / 365.25 if n else None, "ratio")
    add("persistency", "repeat_rate", (group["frequency"] >= 2).mean() if n else None, "percent")
    add("persistency", "probability_alive", scored["p_alive"].mean() if len(scored) and values.estimable else None,
        "percent")
    add("persistency", "days_since_last_order", group["recency_days"].median() if n else None, "days")
    add("profitability", "gross_margin", group["margin"].sum(skipna=False), "currency")
    add("profitability", "profit_after_cost_to_serve", group["profit"].sum(skipna=False), "currency")
    add("profitability", "cost_to_serve_per_customer", group["cost_to_serve"].mean(skipna=False) if n else None,
        "currency")
    known = n and group["profit"].notna().all()
    add("profitability", "unprofitable_share", (group["profit"] < 0).mean() if known else None, "percent")
    mix, trend = _bought_12m(store, ids, end)
    add("performance", "revenue_12m", group["monetary"].sum(), "currency")
    add("performance", "revenue_per_customer", group["monetary"].mean() if n else None, "currency")
    add("performance", "revenue_change_last_6m", trend, "percent")
    if len(scored):
        forecast = segment_forecast(values, ids).set_index("statistic")
        for statistic, unit in (("expected_purchases", "count"), ("clv", "currency")):
            row = forecast.loc[statistic]
            add("prospecting", f"{statistic}_next_12m", row["value"], unit, row["low"], row["high"])
    total = mix["revenue"].sum()
    for row in mix.dropna(subset=["category"]).itertuples():  # products without a category: no mix to show
        add("product", f"revenue_share:{row.category}", row.revenue / total if total else None, "percent")
    # a category bought before the period's end (a month's start) is one first bought in an earlier month
    bought = store.query("SELECT category, count(*) AS buyers FROM customer_category_first "
                         "WHERE customer_id IN (SELECT unnest($ids)) AND first_month < $end GROUP BY category",
                         {"ids": ids, "end": end}).set_index("category")["buyers"]
    categories = store.query("SELECT DISTINCT category FROM product WHERE category IS NOT NULL ORDER BY 1")["category"]
    for category in categories:
        add("product", f"never_bought:{category}", 1 - bought.get(category, 0) / n if n else None, "percent")
    promo = store.query("""
        WITH per_contact AS (SELECT campaign_id, any_value(g.spend) / count(*) AS spend FROM campaign_contact k
                             JOIN campaign g ON g.id = k.campaign_id GROUP BY campaign_id)
        SELECT count(*) AS contacts, count(*) FILTER (WHERE responded) AS responded, sum(k.revenue) AS revenue,
               sum(pc.spend) AS spend
        FROM campaign_contact k JOIN per_contact pc USING (campaign_id)
        WHERE k.customer_id IN (SELECT unnest($ids)) AND k.contacted_on >= $start AND k.contacted_on < $end""",
                        {"ids": ids, "start": add_months(end, -12), "end": end}).iloc[0]
    add("promotion", "campaign_contacts", promo["contacts"], "count")
    add("promotion", "campaign_response_rate", promo["responded"] / promo["contacts"] if promo["contacts"] else None,
        "percent")
    spend = promo["spend"]
    add("promotion", "campaign_roi", (promo["revenue"] - spend) / spend if spend and spend > 0 else None,
        "percent")  # a return on spend: -63% reads as a loss, where -0.63 read as nothing
    return pd.DataFrame(rows)


def _bought_12m(store: Store, ids: list, end) -> tuple[pd.DataFrame, float | None]:
    """The group's 12 months to ``end`` in one scan of its lines: revenue per category, largest first, and the
    change of the last 6 months' revenue on the 6 before (``None`` when those had none)."""
    mix = store.query("""
        SELECT category, sum(revenue) AS revenue,
               coalesce(sum(revenue) FILTER (WHERE ordered_on >= $mid), 0) AS recent,
               coalesce(sum(revenue) FILTER (WHERE ordered_on < $mid), 0) AS before
        FROM sales WHERE customer_id IN (SELECT unnest($ids)) AND ordered_on >= $start AND ordered_on < $end
        GROUP BY category ORDER BY revenue DESC""",
                      {"ids": ids, "start": add_months(end, -12), "mid": add_months(end, -6), "end": end})
    recent, before = mix["recent"].sum(), mix["before"].sum()
    return mix[["category", "revenue"]], (float(recent / before - 1) if before else None)


def customer_history(store: Store, customer_id: int) -> dict[str, pd.DataFrame]:
    """Everything recorded about one customer: ``facts`` (one row), ``orders``, ``products``,
    ``campaigns``, ``tickets``, ``surveys``, ``owners`` (hand-overs between managers)."""
    params = {"id": customer_id}
    return {
        "facts": store.query("""
            SELECT c.id, c.name, c.region, c.channel, c.industry, c.type, c.acquired_on, c.churned_on,
                   c.acquisition_cost, c.contact_name, c.email, c.phone, c.city, e.name AS manager,
                   e.left_on AS manager_left_on, r.name AS referred_by,
                   coalesce(c.code, CAST(c.id AS VARCHAR)) AS shown_id
            FROM customer c LEFT JOIN employee e ON e.id = c.manager_id LEFT JOIN customer r ON r.id = c.referred_by_id
            WHERE c.id = $id""", params),
        "orders": store.query("""
            SELECT order_id, ordered_on, any_value(order_channel) AS channel, count(*) AS lines,
                   sum(quantity) AS units, round(sum(revenue), 2) AS revenue,
                   CASE WHEN bool_and(margin IS NOT NULL) THEN round(sum(margin), 2) END AS margin  -- unknown cost
            FROM sales WHERE customer_id = $id GROUP BY order_id, ordered_on ORDER BY ordered_on DESC""", params),
        "products": store.query("""
            SELECT s.category, p.name AS product, sum(s.quantity) AS units, round(sum(s.revenue), 2) AS revenue,
                   min(s.ordered_on) AS first_bought, max(s.ordered_on) AS last_bought, count(*) AS lines
            FROM sales s JOIN product p ON p.id = s.product_id WHERE s.customer_id = $id
            GROUP BY s.category, p.name ORDER BY revenue DESC""", params),
        "campaigns": store.query("""
            SELECT g.name AS campaign, g.channel, g.purpose, k.contacted_on, k.responded, k.converted, k.revenue
            FROM campaign_contact k JOIN campaign g ON g.id = k.campaign_id WHERE k.customer_id = $id
            ORDER BY k.contacted_on DESC""", params),
        "tickets": store.query("""
            SELECT id AS ticket, category, channel, opened_at, first_response_at, resolved_at, promised_at, csat,
                   round(epoch(first_response_at - opened_at) / 3600.0, 1) AS response_hours
            FROM service_ticket WHERE customer_id = $id ORDER BY opened_at DESC""", params),
        "surveys": store.query("SELECT responded_on, nps, csat FROM survey_response WHERE customer_id = $id "
                               "ORDER BY responded_on DESC", params),
        "owners": store.query("""
            SELECT o.changed_on, f.name AS from_manager, t.name AS to_manager FROM customer_owner_change o
            LEFT JOIN employee f ON f.id = o.from_manager_id LEFT JOIN employee t ON t.id = o.to_manager_id
            WHERE o.customer_id = $id ORDER BY o.changed_on DESC""", params),
    }


def recent_orders(store: Store, *, limit: int = 10) -> pd.DataFrame:
    """The latest orders (one row per order, newest first): customer_id, name, ordered_on, revenue.

    Read from the days of the latest ``limit`` orders on (a sort of the orders alone, not a grouping of every
    line: 6 s at 1,000,000 customers); every order from there on, so the same rows as over all days, unless an
    order there has no line, when all days are read."""
    query = """
        SELECT s.customer_id, any_value(c.name) AS name, s.ordered_on, round(sum(s.revenue), 2) AS revenue
        FROM sales s JOIN customer c ON c.id = s.customer_id {since}
        GROUP BY s.order_id, s.customer_id, s.ordered_on ORDER BY s.ordered_on DESC, s.order_id DESC LIMIT $limit"""
    day = store.query("SELECT min(ordered_on) AS day FROM (SELECT ordered_on FROM sales_order "
                      "ORDER BY ordered_on DESC, id DESC LIMIT $limit)", {"limit": limit})["day"]
    if len(day) and pd.notna(day.iloc[0]):
        found = store.query(query.format(since="WHERE s.ordered_on >= $day"), {"limit": limit, "day": day.iloc[0]})
        if len(found) == limit:
            return found
    return store.query(query.format(since=""), {"limit": limit})


def find_customers(store: Store, text: str, *, limit: int = 50) -> pd.DataFrame:
    """Customers whose name or id matches ``text`` (case-insensitive), for a search box."""
    return store.query("""
        SELECT id, name, region, channel FROM customer
        WHERE contains(lower(name), lower($text)) OR CAST(id AS VARCHAR) = $text ORDER BY id LIMIT $limit""",
                       {"text": text.strip(), "limit": limit})
