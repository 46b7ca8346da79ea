"""The derived tables: churn inferred from inactivity where a company gives no churn dates (with its rule's days
recomputed here from the rows alone), recorded churn left as it is (the demo), unknown margins and costs to serve
kept unknown."""

from __future__ import annotations

import math
from datetime import date, timedelta
from itertools import pairwise

import pandas as pd
import pytest
from sqlalchemy import text

from data import derived
from tests.metrics.customers.minimal import Company, median, percentile, rhythmic
from tests.metrics.stores import tiny_store


def rhythm_days(co: Company) -> int:
    """T written from the rule's words: the 90th percentile of each repeat customer's median gap between
    purchase days, rounded up, within 30..730 days; 365 with fewer than 10 repeat customers."""
    usual = []
    for c in co.customers:
        days = co.days(c)
        if len(days) >= 2:
            usual.append(median([(b - a).days for a, b in pairwise(days)]))
    if len(usual) < 10:
        return 365
    return min(max(math.ceil(percentile(usual, 0.9)), 30), 730)


def inferred_churn(co: Company, days: int) -> dict[int, date]:
    """Customer -> the day it counts as lost: its last purchase (its acquisition without one) + ``days``, when
    that is on or before the data's last order date."""
    out = {}
    for c in co.customers:
        last = max([*co.days(c), co.acquired[c]])
        lost = last + timedelta(days=days)
        if lost <= co.data_end:
            out[c] = lost
    return out


def churn_dates(store) -> dict[int, date]:
    frame = store.query("SELECT id, churned_on FROM customer WHERE churned_on IS NOT NULL")
    return {int(i): d.date() for i, d in zip(frame["id"], frame["churned_on"], strict=True)}


def test_without_churn_dates_a_customer_is_lost_after_the_rhythms_days_of_silence():
    co = rhythmic()
    expected_days = rhythm_days(co)
    store = co.store()
    rule = store.query("SELECT * FROM churn_rule").iloc[0]
    assert bool(rule["inferred"]) and rule["basis"] == "purchase_rhythm"
    assert int(rule["days"]) == expected_days and 30 < expected_days < 730  # the rhythm itself, not a bound
    expected = inferred_churn(co, expected_days)
    assert expected and len(expected) < len(co.customers)  # some lost, some not
    assert churn_dates(store) == expected
    assert int(rule["lost"]) == len(expected)
    assert rule["data_end"].date() == co.data_end


def test_a_setting_overrides_the_rhythm_environment_first():
    co = rhythmic()
    co.settings = {derived.CHURN_SETTING: "45"}
    store = co.store()
    assert churn_dates(store) == inferred_churn(co, 45)
    assert store.query("SELECT basis FROM churn_rule")["basis"].iloc[0] == "setting"
    conn = tiny_store(*co.statements(), derived=False)._conn
    derived.build(conn, environ={derived.CHURN_ENV: "200"})
    assert conn.execute("SELECT days FROM churn_rule").fetchone()[0] == 200


@pytest.mark.parametrize("given", ["0", "-3", "soon", ""])
def test_a_setting_that_is_not_a_whole_number_of_days_is_ignored(given):
    co = rhythmic()
    co.settings = {derived.CHURN_SETTING: given}
    assert co.store().query("SELECT days FROM churn_rule")["days"].iloc[0] == rhythm_days(co)


def test_too_few_repeat_customers_give_the_default_days():
    co = rhythmic(customers=6, one_timers=10)
    store = co.store()
    rule = store.query("SELECT days, basis FROM churn_rule").iloc[0]
    assert (int(rule["days"]), rule["basis"]) == (365, "too_few_repeat_customers")
    assert churn_dates(store) == inferred_churn(co, 365)


def test_the_days_stay_within_their_bounds():
    fast = Company(customers=list(range(1, 13)))
    order_id = 0
    for c in fast.customers:  # everyone buys every 3 days: the rhythm says 3, the floor says 30
        fast.acquired[c] = date(2024, 1, 1)
        for k in range(5):
            order_id += 1
            fast.orders.append((order_id, c, date(2024, 1, 1) + timedelta(days=3 * k + c * 20)))
    assert fast.store().query("SELECT days FROM churn_rule")["days"].iloc[0] == derived.MIN_DAYS


def test_a_company_that_records_churn_keeps_its_own_dates():
    co = rhythmic()
    co.churned = {1: date(2024, 3, 1)}
    store = co.store()
    assert churn_dates(store) == {1: date(2024, 3, 1)}
    rule = store.query("SELECT * FROM churn_rule").iloc[0]
    assert not rule["inferred"] and rule["basis"] == "recorded" and pd.isna(rule["days"])
    assert int(rule["rhythm_days"]) == rhythm_days(co)  # what the rule would use, known all the same


def test_the_demo_keeps_its_recorded_churn_dates(demo_store, demo_engine):
    with demo_engine.connect() as conn:
        recorded = {int(i): d for i, d in conn.execute(text(
            "SELECT id, churned_on FROM customer WHERE churned_on IS NOT NULL")).all()}
    copied = churn_dates(demo_store)
    assert len(recorded) > 100
    assert {i: str(d) for i, d in copied.items()} == {i: str(d)[:10] for i, d in recorded.items()}
    rule = demo_store.query("SELECT * FROM churn_rule").iloc[0]
    assert not rule["inferred"] and rule["basis"] == "recorded"


def test_a_line_without_cost_makes_its_months_margin_unknown_not_zero():
    co = rhythmic(customers=12, one_timers=0)
    co.unit_cost, co.costed_orders = 30.0, {o for o, c, _ in co.orders if c != 1}  # customer 1: no costs
    store = co.store()
    trailing = store.query("SELECT customer_id, margin_12m, revenue_12m FROM customer_trailing")
    mine = trailing[trailing["customer_id"] == 1]
    bought = mine[mine["revenue_12m"] > 0]
    assert bought["margin_12m"].isna().all()  # every window with one of its orders: unknown
    others = trailing[(trailing["customer_id"] != 1)]
    assert others["margin_12m"].notna().all()
    # 2 units at 50 less 30 each: the margin is 40 per order, so 40 per 100 of revenue
    assert list(others["margin_12m"] * 100) == pytest.approx(list(others["revenue_12m"] * 40))


def test_cost_to_serve_is_unknown_without_tickets_or_campaigns_and_zero_for_a_customer_without_tickets():
    co = rhythmic(customers=12, one_timers=0)
    unknown = co.store().query("SELECT count(service_cost) AS s, count(campaign_cost) AS k FROM customer_month")
    assert (unknown["s"].iloc[0], unknown["k"].iloc[0]) == (0, 0)
    co.tickets = [(2, date(2024, 6, 3))]
    month = co.store().query("SELECT customer_id, month, service_cost, campaign_cost FROM customer_month")
    assert month["service_cost"].notna().all() and month["campaign_cost"].notna().all()
    served = month[(month["customer_id"] == 2) & (month["month"] == "2024-06-01")]
    assert float(served["service_cost"].iloc[0]) == 40.0
    assert float(month.loc[month["customer_id"] == 3, "service_cost"].sum()) == 0.0


def test_tables_built_in_parts_of_customers_equal_one_build(demo_engine, tmp_path, monkeypatch):
    """``customer_month`` and ``customer_trailing`` built in parts of customers (as at a million customers, where
    one statement ran out of memory) hold the same rows as built in one."""
    import duckdb as duck_module

    from data import analytics

    whole = analytics.build(demo_engine, path=tmp_path / "whole.duckdb").path
    monkeypatch.setattr(derived, "CUSTOMERS_PER_PART", 700)  # the demo's 3,000 customers in 5 parts
    parted = analytics.build(demo_engine, path=tmp_path / "parted.duckdb").path
    for name in derived.BY_PART:
        rows = []
        for path in (whole, parted):
            conn = duck_module.connect(str(path), read_only=True)
            rows.append(conn.execute(f"SELECT * FROM {name} ORDER BY ALL").fetchall())
            conn.close()
        assert len(rows[0]) > 10_000 and rows[0] == rows[1], name
