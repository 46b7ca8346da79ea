"""The derived tables of the analytical store, built by SQL over the copied system of record.

Derived tables
--------------
sales            one row per order line: customer dimensions, category, month, net revenue,
                 cost and margin as exact decimals, ``is_new`` (ordered within 365 days of
                 the customer's acquisition)
customer_month   one row per customer and month of its relationship (acquisition month, or the
                 first month of data, to its churn month or the last month of data): revenue,
                 margin, orders, service cost, campaign cost
customer_trailing  the same rows with trailing-12-month sums (as DOUBLE: they feed rankings and
                 shares, never a money total shown to the cent)
customer_category_first  the month each customer first bought each product category
"""

DERIVED_SQL = [
    """
    CREATE TABLE sales AS
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
    ORDER BY o.ordered_on
    """,
    """
    CREATE TABLE customer_category_first AS
    SELECT customer_id, category, min(month) AS first_month FROM sales GROUP BY ALL
    """,
    """
    CREATE TABLE customer_month AS
    WITH bounds AS (
        SELECT min(month) AS first_month, max(month) AS last_month FROM sales
    ),
    spans AS (
        SELECT c.id AS customer_id, c.region, c.channel, c.industry, c.manager_id,
               CAST(greatest(date_trunc('month', c.acquired_on), b.first_month) AS DATE) AS start_month,
               CAST(least(coalesce(date_trunc('month', c.churned_on), b.last_month), b.last_month) AS DATE)
                   AS end_month
        FROM customer c, bounds b
    ),
    grid AS (
        SELECT customer_id, region, channel, industry, manager_id,
               CAST(unnest(generate_series(start_month, end_month, INTERVAL 1 MONTH)) AS DATE) AS month
        FROM spans WHERE start_month <= end_month
    ),
    bought AS (
        SELECT customer_id, month, sum(revenue) AS revenue,
               CASE WHEN bool_and(margin IS NOT NULL) THEN sum(margin) END AS margin,  -- unknown cost: unknown
               count(DISTINCT order_id) AS orders
        FROM sales GROUP BY ALL
    ),
    served AS (
        SELECT customer_id, CAST(date_trunc('month', opened_at) AS DATE) AS month,
               sum(handling_cost) AS service_cost, count(*) AS tickets
        FROM service_ticket GROUP BY ALL
    ),
    contact_cost AS (
        SELECT id AS campaign_id, spend / nullif((SELECT count(*) FROM campaign_contact k
                                                  WHERE k.campaign_id = campaign.id), 0) AS per_contact
        FROM campaign
    ),
    marketed AS (
        SELECT k.customer_id, CAST(date_trunc('month', k.contacted_on) AS DATE) AS month,
               sum(cc.per_contact) AS campaign_cost
        FROM campaign_contact k JOIN contact_cost cc USING (campaign_id) GROUP BY ALL
    )
    SELECT g.*,
           coalesce(b.revenue, 0) AS revenue,
           CASE WHEN b.customer_id IS NULL THEN 0 ELSE b.margin END AS margin,
           coalesce(b.orders, 0) AS orders, coalesce(s.tickets, 0) AS tickets,
           CAST(coalesce(s.service_cost, 0) AS DECIMAL(18, 2)) AS service_cost,
           CAST(coalesce(m.campaign_cost, 0) AS DOUBLE) AS campaign_cost
    FROM grid g
    LEFT JOIN bought b USING (customer_id, month)
    LEFT JOIN served s USING (customer_id, month)
    LEFT JOIN marketed m USING (customer_id, month)
    ORDER BY month, customer_id
    """,
    """
    CREATE TABLE customer_trailing AS
    SELECT customer_id, month, region, channel, industry, manager_id,
           CAST(sum(revenue) OVER w AS DOUBLE) AS revenue_12m, CAST(sum(margin) OVER w AS DOUBLE) AS margin_12m,
           sum(orders) OVER w AS orders_12m, CAST(sum(service_cost) OVER w AS DOUBLE) AS service_cost_12m,
           sum(campaign_cost) OVER w AS campaign_cost_12m
    FROM customer_month
    WINDOW w AS (PARTITION BY customer_id ORDER BY month
                 RANGE BETWEEN INTERVAL 11 MONTH PRECEDING AND CURRENT ROW)
    ORDER BY month, customer_id
    """,
]
