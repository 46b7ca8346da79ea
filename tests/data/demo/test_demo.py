"""The demo company: deterministic, consistent, and carrying every planted effect at its size."""

import hashlib
import re

import numpy as np
import pandas as pd
import pytest
import statsmodels.api as sm
from sqlalchemy import select, text
from sqlmodel import Session

from data import db, models
from data.check import check
from data.demo import company
from data.demo.builder import build_demo


def read(engine, sql: str) -> pd.DataFrame:
    with engine.connect() as conn:
        return pd.read_sql_query(text(sql), conn)


def content_digest(engine) -> str:
    """A digest of every row of every table, in primary-key order."""
    digest = hashlib.sha256()
    with engine.connect() as conn:
        for table in db.tables():
            for row in conn.execute(select(table).order_by(*table.primary_key.columns)):
                digest.update(repr(tuple(row)).encode())
    return digest.hexdigest()


def test_same_seed_gives_the_same_content(tmp_path):
    digests = []
    for name, seed in [("a", 3), ("b", 3), ("c", 4)]:
        engine = db.get_engine(f"sqlite:///{tmp_path / name}.db")
        build_demo(engine, customers=300, seed=seed)
        digests.append(content_digest(engine))
        engine.dispose()
    assert digests[0] == digests[1]
    assert digests[0] != digests[2]


def test_demo_has_no_integrity_problems(demo_engine):
    report = check(demo_engine)
    assert report.ok, report.problems
    assert report.counts["employee"] >= 150
    assert report.counts["program_step"] == 12


def test_about_twenty_orders_per_customer_over_36_months(demo_engine):
    counts = read(demo_engine, "SELECT (SELECT count(*) FROM sales_order) AS orders, "
                               "(SELECT count(*) FROM customer) AS customers, "
                               "(SELECT min(ordered_on) FROM sales_order) AS first, "
                               "(SELECT max(ordered_on) FROM sales_order) AS last").iloc[0]
    assert 15 <= counts.orders / counts.customers <= 25
    assert counts["first"] == str(company.START) and counts["last"] == str(company.END)


def test_go_live_cuts_the_median_first_response(demo_engine):
    tickets = read(demo_engine, "SELECT opened_at, first_response_at FROM service_ticket "
                                "WHERE first_response_at IS NOT NULL")
    opened = pd.to_datetime(tickets.opened_at)
    hours = (pd.to_datetime(tickets.first_response_at) - opened).dt.total_seconds() / 3600
    after = opened >= pd.Timestamp(company.GO_LIVE)
    assert hours[~after].median() == pytest.approx(company.RESPONSE_MEDIAN_HOURS_BEFORE, rel=0.1)
    assert hours[after].median() == pytest.approx(company.RESPONSE_MEDIAN_HOURS_AFTER, rel=0.1)


def test_on_time_delivery_improves_at_go_live(demo_engine):
    orders = read(demo_engine, "SELECT ordered_on, delivered_on <= promised_on AS on_time FROM sales_order "
                               "WHERE delivered_on IS NOT NULL")
    after = pd.to_datetime(orders.ordered_on) >= pd.Timestamp(company.GO_LIVE)
    assert orders.on_time[~after].mean() == pytest.approx(0.85, abs=0.01)
    assert orders.on_time[after].mean() == pytest.approx(0.93, abs=0.01)


def test_each_hour_of_response_costs_csat(demo_engine):
    tickets = read(demo_engine, "SELECT opened_at, first_response_at, csat FROM service_ticket "
                                "WHERE csat IS NOT NULL AND first_response_at IS NOT NULL")
    hours = (pd.to_datetime(tickets.first_response_at) - pd.to_datetime(tickets.opened_at)).dt.total_seconds()
    x = np.minimum(hours / 3600, 24)
    inner = (x < 8)  # away from the clipping at 1 and 5 the slope is the planted one
    fit = sm.OLS(tickets.csat[inner], sm.add_constant(x[inner])).fit()
    assert fit.params.iloc[1] == pytest.approx(-company.CSAT_PER_HOUR, abs=0.03)


def satisfaction_panel(engine) -> pd.DataFrame:
    """Rebuild each customer's monthly satisfaction state from its tickets, with churn per month."""
    customers = read(engine, "SELECT id, acquired_on, churned_on FROM customer")
    tickets = read(engine, "SELECT customer_id, opened_at, csat FROM service_ticket WHERE csat IS NOT NULL")
    start = pd.Period(str(company.START), "M")
    tickets["m"] = (pd.to_datetime(tickets.opened_at).dt.to_period("M") - start).apply(lambda d: d.n)
    monthly = tickets.groupby(["customer_id", "m"]).csat.mean().unstack(fill_value=np.nan)
    monthly = monthly.reindex(index=customers.id, columns=range(company.MONTHS))
    state = np.full(len(customers), 4.0)
    history = np.empty((company.MONTHS, len(customers)))
    for m in range(company.MONTHS):
        seen = monthly[m].notna().to_numpy()
        state[seen] = 0.5 * state[seen] + 0.5 * monthly[m].to_numpy()[seen]
        history[m] = state
    acquired = (pd.to_datetime(customers.acquired_on).dt.to_period("M") - start).apply(lambda d: max(d.n, 0))
    churned = pd.to_datetime(customers.churned_on).dt.to_period("M")
    churn_m = churned.apply(lambda p: (p - start).n if pd.notna(p) else 10_000).to_numpy()
    rows = []
    lag = company.CHURN_LAG_MONTHS
    for m in range(lag, company.MONTHS - 1):
        at_risk = (acquired.to_numpy() < m) & (churn_m >= m)
        rows.append(pd.DataFrame({"lagged": history[m - lag][at_risk], "churned": churn_m[at_risk] == m}))
    return pd.concat(rows)


def test_satisfaction_lowers_churn_three_months_later(demo_engine):
    panel = satisfaction_panel(demo_engine)
    fit = sm.Logit(panel.churned.astype(float), sm.add_constant(panel.lagged - 4.0)).fit(disp=0)
    low, high = fit.conf_int().iloc[1]
    assert low <= -company.CHURN_SATISFACTION_SLOPE <= high
    assert high < 0


def test_training_raises_data_completeness(demo_engine):
    customers = read(demo_engine, """
        SELECT c.id, c.acquired_on,
               (CASE WHEN contact_name IS NULL THEN 0 ELSE 1 END + CASE WHEN email IS NULL THEN 0 ELSE 1 END
                + CASE WHEN phone IS NULL THEN 0 ELSE 1 END + CASE WHEN city IS NULL THEN 0 ELSE 1 END) / 4.0
                AS complete,
               (SELECT coalesce(sum(t.hours), 0) FROM training_record t WHERE t.employee_id = c.first_manager
                  AND t.course = 'CRM system and customer strategy' AND t.completed_on < c.acquired_on) AS hours
        FROM (SELECT c.*, coalesce((SELECT o.from_manager_id FROM customer_owner_change o WHERE o.customer_id = c.id
                                    ORDER BY o.changed_on LIMIT 1), c.manager_id) AS first_manager
              FROM customer c) c
        WHERE c.first_manager IS NOT NULL""")
    x = np.minimum(customers.hours, 40) / 40
    fit = sm.OLS(customers.complete, sm.add_constant(x)).fit()
    assert fit.params.iloc[0] == pytest.approx(0.45, abs=0.03)
    assert fit.params.iloc[1] == pytest.approx(0.50, abs=0.06)


def test_retail_chain_channel_loses_money_and_others_earn(demo_engine):
    profit = read(demo_engine, """
        WITH margin AS (
            SELECT o.customer_id, sum(l.quantity * (l.unit_price * (1 - l.discount) - l.unit_cost)) AS gm
            FROM sales_order o JOIN order_line l ON l.order_id = o.id GROUP BY o.customer_id),
        service AS (SELECT customer_id, sum(handling_cost) AS cost FROM service_ticket GROUP BY customer_id)
        SELECT c.channel, sum(coalesce(m.gm, 0) - coalesce(s.cost, 0) - c.acquisition_cost) AS profit
        FROM customer c LEFT JOIN margin m ON m.customer_id = c.id LEFT JOIN service s ON s.customer_id = c.id
        GROUP BY c.channel""").set_index("channel").profit
    assert profit["retail_chain"] < 0
    assert (profit.drop("retail_chain") > 0).all()


def test_trade_shows_lose_money_and_other_campaigns_earn(demo_engine):
    returns = read(demo_engine, """
        SELECT c.channel, sum(c.spend) AS spend,
               sum((SELECT coalesce(sum(k.revenue), 0) FROM campaign_contact k WHERE k.campaign_id = c.id)) AS revenue
        FROM campaign c GROUP BY c.channel""").set_index("channel")
    ratio = returns.revenue / returns.spend
    assert ratio["trade_show"] < 0.2
    assert (ratio.drop("trade_show") > 1).all()


def test_profit_is_pareto_shaped_with_an_unprofitable_tail(demo_engine):
    per_customer = read(demo_engine, """
        SELECT c.id,
          coalesce((SELECT sum(l.quantity * (l.unit_price * (1 - l.discount) - l.unit_cost))
                    FROM sales_order o JOIN order_line l ON l.order_id = o.id WHERE o.customer_id = c.id), 0)
          - coalesce((SELECT sum(handling_cost) FROM service_ticket t WHERE t.customer_id = c.id), 0) AS profit
        FROM customer c""").profit.sort_values(ascending=False)
    top = per_customer.iloc[: len(per_customer) // 5].sum()
    assert top / per_customer[per_customer > 0].sum() > 0.6
    assert 0.03 < (per_customer < 0).mean() < 0.4


def test_sales_reps_quote_different_discounts(demo_engine):
    lines = read(demo_engine, "SELECT o.sales_rep_id, o.channel, l.discount FROM order_line l "
                              "JOIN sales_order o ON o.id = l.order_id")
    base = lines.channel.map(company.CHANNEL_DISCOUNT)
    rep_offset = (lines.discount - base).groupby(lines.sales_rep_id).mean()
    assert rep_offset.std() == pytest.approx(0.03, abs=0.012)


def test_adoption_notes_and_alignment_rise(demo_engine):
    weekly = read(demo_engine, "SELECT occurred_on, kind FROM crm_activity")
    after = pd.to_datetime(weekly.occurred_on) >= pd.Timestamp(company.GO_LIVE) + pd.Timedelta(days=7)
    before = pd.to_datetime(weekly.occurred_on) < pd.Timestamp(company.GO_LIVE) - pd.Timedelta(days=7)
    kinds = weekly.kind
    interactions = kinds.isin(["call", "visit", "email"])
    notes = kinds == "note"
    assert notes[before].sum() / interactions[before].sum() == pytest.approx(0.25 * 0.35, abs=0.02)
    assert notes[after].sum() / interactions[after].sum() == pytest.approx(0.60 * 0.85, abs=0.03)
    survey = read(demo_engine, "SELECT surveyed_on, goal_alignment FROM employee_survey")
    change = company.month_start(company.PROGRAM_STEPS[company.CHANGE_STEP - 1][4])
    late = pd.to_datetime(survey.surveyed_on) >= pd.Timestamp(change)
    assert survey.goal_alignment[~late].mean() == pytest.approx(2.8, abs=0.15)
    assert survey.goal_alignment[late].mean() == pytest.approx(3.8, abs=0.15)


def test_half_the_customers_of_leavers_are_handed_over(demo_engine):
    handed = read(demo_engine, """
        SELECT count(*) FILTER (WHERE o.id IS NOT NULL) AS handed, count(*) AS orphaned_or_handed
        FROM customer c JOIN employee e ON e.id = coalesce(
            (SELECT o2.from_manager_id FROM customer_owner_change o2 WHERE o2.customer_id = c.id), c.manager_id)
        LEFT JOIN customer_owner_change o ON o.customer_id = c.id
        WHERE e.left_on IS NOT NULL AND c.acquired_on < e.left_on
          AND date(e.left_on, '+60 days') <= '2026-10-31'""").iloc[0]
    assert handed.handed / handed.orphaned_or_handed == pytest.approx(0.5, abs=0.06)
    changes = read(demo_engine, "SELECT o.changed_on, e.left_on, n.left_on AS new_left FROM customer_owner_change o "
                                "JOIN employee e ON e.id = o.from_manager_id JOIN employee n ON n.id = o.to_manager_id")
    assert (pd.to_datetime(changes.changed_on) >= pd.to_datetime(changes.left_on)).all()
    assert changes.new_left.isna().all()


def test_money_is_exact_to_the_cent(demo_engine):
    """What is stored, read without the ORM (which rounds NUMERIC(14, 2) on the way out): every money
    column of every table holds whole cents."""
    checked = 0
    with demo_engine.connect() as conn:
        tables = [r[0] for r in conn.exec_driver_sql("SELECT name FROM sqlite_master WHERE type = 'table'")]
        for table in tables:
            for _, column, declared, *_ in conn.exec_driver_sql(f'PRAGMA table_info("{table}")'):
                if declared.replace(" ", "").upper() != "NUMERIC(14,2)":
                    continue
                stored = conn.exec_driver_sql(
                    f'SELECT CAST("{column}" AS TEXT) FROM "{table}" WHERE "{column}" IS NOT NULL').scalars().all()
                bad = [v for v in stored if not re.fullmatch(r"-?\d+(\.\d{1,2})?", v)]
                assert not bad, f"{table}.{column}: {bad[:5]}"
                checked += len(stored)
    assert checked > 10_000


@pytest.mark.postgres
def test_postgresql_holds_the_same_demo_and_exact_sums(postgres_url, tmp_path):
    lite = db.get_engine(f"sqlite:///{tmp_path / 'same.db'}")
    pg = db.get_engine(postgres_url)
    counts_lite = build_demo(lite, customers=400, seed=11)
    counts_pg = build_demo(pg, customers=400, seed=11)
    assert counts_lite == counts_pg
    assert check(pg).ok
    with Session(lite) as session:
        lines = session.exec(select(models.OrderLine.quantity, models.OrderLine.unit_price,
                                    models.OrderLine.discount)).all()
    exact = sum(q * p * (1 - d) for q, p, d in lines)  # Decimal arithmetic, no float
    with pg.connect() as conn:
        in_postgres = conn.execute(text("SELECT sum(quantity * unit_price * (1 - discount)) FROM order_line"))
        assert in_postgres.scalar_one() == exact
    lite.dispose()
    pg.dispose()
