"""Rules the rest of the suite let slip (each checked against a hand computation or plain Python):
the 7P repeat-buyer rule, the cohort boundary, the lifetime discount rate and the 万 threshold."""

from datetime import date
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd
import pytest

from metrics.base.filters import Filters
from metrics.base.format import format_number, format_value
from metrics.base.store import Store
from metrics.customers import clv, lifetime, profiles, segments
from metrics.scorecard.cohorts import cohort_retention


@pytest.fixture(scope="module")
def tiny_store():
    """Four customers written by hand; sales months Jan-Dec 2024."""
    conn = duckdb.connect()
    conn.execute("""CREATE TABLE customer AS SELECT * FROM (VALUES
        (1, DATE '2024-01-15', DATE '2024-04-01', 'East', 'direct', 'mining', 1),
        (2, DATE '2024-03-31', NULL, 'East', 'direct', 'mining', 1),
        (3, DATE '2024-04-01', DATE '2024-06-30', 'East', 'direct', 'mining', 1),
        (4, DATE '2023-12-31', NULL, 'East', 'direct', 'mining', 1))
        AS t(id, acquired_on, churned_on, region, channel, industry, manager_id)""")
    conn.execute("CREATE TABLE sales AS SELECT CAST(range AS DATE) AS month "
                 "FROM range(DATE '2024-01-01', DATE '2025-01-01', INTERVAL 1 MONTH)")
    yield Store(Path(":memory:"), connection=conn)
    conn.close()


def test_cohorts_by_acquisition_quarter_count_a_churn_on_the_boundary_day_as_still_active(tiny_store):
    """Q1 2024: customers 1 (churned 1 Apr) and 2; Q2: customer 3 (churned 30 Jun); customer 4 came before
    the data. A customer who churns on the boundary day was still a customer that day."""
    got = cohort_retention(tiny_store, Filters(date(2024, 12, 1), date(2024, 12, 1)))
    rows = {(r.cohort, r.months_since): (r.customers, r.retained) for r in got.itertuples()}
    assert rows == {
        ("2024-Q1", 0): (2, 2), ("2024-Q1", 3): (2, 2), ("2024-Q1", 6): (2, 1), ("2024-Q1", 9): (2, 1),
        ("2024-Q2", 0): (1, 1), ("2024-Q2", 3): (1, 0), ("2024-Q2", 6): (1, 0),
    }


def test_repeat_buyers_are_those_with_two_orders_or_more_in_the_last_12_months(demo_engine, demo_store):
    month = date(2026, 9, 1)
    f = Filters(month, month)
    table = segments.customer_table(demo_store, f)
    ids = [int(i) for i in table["customer_id"]]
    with demo_engine.connect() as conn:  # straight from the source tables
        orders = dict(conn.exec_driver_sql(
            "SELECT customer_id, count(*) FROM sales_order WHERE ordered_on >= '2025-10-01' "
            "AND ordered_on < '2026-10-01' GROUP BY customer_id").all())
    counts = [orders.get(i, 0) for i in ids]
    assert 0 in counts and 1 in counts and 2 in counts  # the boundary cases are there
    expected = sum(n >= 2 for n in counts) / len(ids)
    profile = profiles.seven_p(demo_store, f, table, lifetime.lifetime_values(demo_store, f), ids)
    got = profile.set_index("measure").loc["repeat_rate", "value"]
    assert got == pytest.approx(expected)



def test_a_groups_product_mix_never_bought_and_spend_trend_come_from_its_own_order_lines(demo_engine, demo_store):
    """A segment's product and performance measures, computed straight from the source tables in pandas: revenue
    share per category over the 12 months, the share of the group that never bought a category before the end,
    and the last 6 months' revenue against the 6 before."""
    month = date(2026, 9, 1)
    f = Filters(month, month)
    table = segments.customer_table(demo_store, f)
    ids = [int(i) for i in table.loc[table["segment"] == table["segment"].mode().iloc[0], "customer_id"]]
    with demo_engine.connect() as conn:
        lines = pd.read_sql("SELECT o.customer_id, o.ordered_on, p.category, "
                            "l.quantity * l.unit_price * (1 - l.discount) AS revenue FROM order_line l "
                            "JOIN sales_order o ON o.id = l.order_id JOIN product p ON p.id = l.product_id", conn)
    lines["ordered_on"] = pd.to_datetime(lines["ordered_on"])
    lines = lines[lines["customer_id"].isin(ids)]
    before_end = lines[lines["ordered_on"] < "2026-10-01"]
    year = before_end[before_end["ordered_on"] >= "2025-10-01"]
    shares = year.groupby("category")["revenue"].sum() / year["revenue"].sum()
    never = 1 - before_end.groupby("category")["customer_id"].nunique() / len(ids)
    recent = year.loc[year["ordered_on"] >= "2026-04-01", "revenue"].sum()
    trend = recent / year.loc[year["ordered_on"] < "2026-04-01", "revenue"].sum() - 1

    profile = profiles.seven_p(demo_store, f, table, lifetime.lifetime_values(demo_store, f), ids)
    got = profile.set_index("measure")["value"]
    assert got["revenue_change_last_6m"] == pytest.approx(trend)
    for category, share in shares.items():
        assert got[f"revenue_share:{category}"] == pytest.approx(share)
    for category, share in never.items():
        assert got[f"never_bought:{category}"] == pytest.approx(share)

class _StubFit:
    """A fitted model that buys exactly one purchase a month and spends ¥100 on each."""

    def __init__(self, names):
        self.names = list(names)
        self.params = pd.Series(1.0, index=self.names)
        self.bse = pd.Series(0.1, index=self.names)
        self.cov = np.eye(len(self.names)) * 0.01

    def conditional_expected_purchases(self, t, frequency, recency, T, params=None, pairs=None):
        return np.full(len(np.asarray(T)), float(t))

    def probability_alive(self, frequency, recency, T):
        return np.ones(len(np.asarray(T)))

    def conditional_expected_average_profit(self, frequency, monetary_value, params=None):
        return np.full(len(np.asarray(frequency)), 100.0)


def test_lifetime_value_discounts_one_percent_a_month(demo_store, monkeypatch):
    """With one purchase a month worth ¥100 of revenue: CLV = 100 x margin rate x sum(1 / 1.01 ** m, m = 1..12)
    = 100 x margin rate x 11.2551 (an annuity factor, by hand)."""
    monkeypatch.setattr(clv, "fit_bgnbd", lambda *a, **k: _StubFit(("r", "alpha", "a", "b")))
    monkeypatch.setattr(clv, "fit_gamma_gamma", lambda *a, **k: _StubFit(("p", "q", "gamma")))
    f = Filters(date(2026, 9, 1), date(2026, 9, 1))
    if hasattr(lifetime, "score"):  # fits at refresh time: score the histories directly
        end = f.end_exclusive
        table = lifetime.score(lifetime.purchase_histories(demo_store, end), calibration_end=end).table
    else:
        table = lifetime.lifetime_values(demo_store, f).table
    table = table[table["clv"].notna()]
    annuity = sum(1 / 1.01 ** m for m in range(1, 13))
    assert annuity == pytest.approx(11.2551, abs=1e-4)
    assert len(table) > 1000
    assert np.allclose(table["clv"], 100 * table["margin_rate"] * annuity)


@pytest.mark.parametrize(("value", "unit", "lang", "text"), [
    (9_999, "currency", "zh", "¥9,999"), (31_845, "currency", "zh", "¥31,845"), (99_999, "currency", "zh", "¥99,999"),
    (100_000, "currency", "zh", "¥10.0万"), (123_456, "currency", "zh", "¥12.3万"),
    (99_990_000, "currency", "zh", "¥9,999.0万"), (100_000_000, "currency", "zh", "¥1.00亿"),
    (10_000, "currency", "en", "¥10,000"), (-25_000, "currency", "zh", "-¥25,000"),
    (-250_000, "currency", "zh", "-¥25.0万"),
    (999_999, "currency", "en", "¥999,999"), (1_994_260_000, "currency", "en", "¥1.99B"),
    (546_741_000, "currency", "en", "¥546.74M"),
    (9_999, "count", "zh", "9,999"), (12_345, "count", "zh", "12,345"), (100_000, "count", "zh", "10.0万"),
    (3_000, "count", "en", "3,000"),
])
def test_chinese_amounts_keep_every_digit_below_a_hundred_thousand_then_wan_then_yi(value, unit, lang, text):
    """¥31,845, not ¥3.2万 (which drops ¥345): 万 from 100,000, where one decimal of 万 is within 0.5%."""
    assert format_value(value, unit, lang) == text


def test_the_page_numbers_and_the_kpi_values_share_one_threshold():
    assert format_number(100_000, "zh") == "10.0万" and format_number(99_999, "zh") == "99,999"
