"""RFM scores, named segments, value tiers and the reorder list against plain-Python computations."""

from datetime import date, timedelta

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from metrics.base.filters import Filters, add_months
from metrics.customers import segments
from tests.metrics.oracle import View, trailing

PERIOD = date(2025, 3, 1)


def ntile(keys: list, n: int = 5) -> dict:
    """SQL's ntile: sorted rows split into n buckets, the first ones one row larger."""
    ordered = sorted(keys)
    size, extra = divmod(len(ordered), n)
    out, start = {}, 0
    for bucket in range(n):
        count = size + (1 if bucket < extra else 0)
        for key in ordered[start:start + count]:
            out[key[-1]] = bucket + 1
        start += count
    return out


def name(r: int, fm: int) -> str:
    if r >= 4 and fm >= 4:
        return "champions"
    if r == 1 and fm == 5:
        return "cant_lose"
    if r <= 2 and fm >= 3:
        return "at_risk"
    if r >= 3 and fm >= 3:
        return "loyal"
    if r == 5 and fm == 1:
        return "new"
    if r >= 4 and fm in (2, 3):
        return "potential_loyalists"
    if r == 4 and fm == 1:
        return "promising"
    if r == 3 and fm == 1:
        return "about_to_sleep"
    if r == 2 and fm <= 2:
        return "hibernating"
    if r == 1 and fm <= 2:
        return "lost"
    return "need_attention"


def test_customer_table_matches_plain_python(company, company_store):
    view = View(company)
    end = add_months(PERIOD, 1)
    table = segments.customer_table(company_store, Filters(PERIOD, PERIOD)).set_index("customer_id")
    t = trailing(view, end)
    assert set(table.index) == set(t)
    last_order = {}
    for o in company.orders:
        if o.ordered_on < end:
            last_order[o.customer_id] = max(last_order.get(o.customer_id, o.ordered_on), o.ordered_on)
    recency = {c: (end - last_order[c]).days if c in last_order else None for c in t}
    r = ntile([(-(recency[c] if recency[c] is not None else 100000), c) for c in t])
    f = ntile([(t[c][2], c) for c in t])
    m = ntile([(t[c][0], c) for c in t])
    for c in t:
        row = table.loc[c]
        assert row["frequency"] == t[c][2] and row["monetary"] == pytest.approx(t[c][0])
        assert row["profit"] == pytest.approx(t[c][1] - t[c][3])
        assert (row["r_score"], row["f_score"], row["m_score"]) == (r[c], f[c], m[c])
        assert row["segment"] == name(r[c], (f[c] + m[c] + 1) // 2)
        if recency[c] is None:
            assert pd.isna(row["recency_days"])
        else:
            assert row["recency_days"] == recency[c]


def test_value_tiers_follow_cumulative_profit(company, company_store):
    table = segments.customer_table(company_store, Filters(PERIOD, PERIOD))
    ranked = sorted(zip(table["profit"], table["customer_id"], strict=True), key=lambda pc: (-pc[0], pc[1]))
    positive = sum(max(p, 0) for p, _ in ranked)
    before, expected = 0.0, {}
    for profit, customer in ranked:
        share = before / positive
        expected[customer] = "A" if profit > 0 and share < 0.8 else "B" if profit > 0 and share < 0.95 else "C"
        before += max(profit, 0)
    assert dict(zip(table["customer_id"], table["tier"], strict=True)) == expected


@given(st.lists(st.floats(-1e6, 1e6, allow_nan=False), min_size=1, max_size=60))
def test_tier_shares_and_order(profits):
    ids = pd.Series(range(len(profits)))
    tiers = segments.value_tiers(ids, pd.Series(profits))
    assert set(tiers) <= {"A", "B", "C"}
    order = {"A": 0, "B": 1, "C": 2}
    by_profit = sorted(zip(profits, tiers.map(order), strict=True), key=lambda pt: -pt[0])
    assert [t for _, t in by_profit] == sorted(t for _, t in by_profit)  # better tier, never less profit
    assert all(t == "C" for p, t in zip(profits, tiers, strict=True) if p <= 0)


def test_segment_shares_sum_to_one(demo_store):
    table = segments.customer_table(demo_store, Filters(date(2026, 9, 1), date(2026, 9, 1)))
    for by in ("segment", "tier"):
        shares = segments.segment_shares(table, by)
        for column in ("customers_share", "revenue_share", "profit_share"):
            assert shares[column].sum() == pytest.approx(1.0)


def test_the_unprofitable_tail_exists_in_the_demo(demo_store):
    table = segments.customer_table(demo_store, Filters(date(2026, 9, 1), date(2026, 9, 1)))
    assert (table["profit"] < 0).mean() > 0.03
    shares = segments.segment_shares(table, "tier").set_index("tier")
    assert shares.loc["A", "profit_share"] > 0.75 > shares.loc["A", "customers_share"]


def test_due_to_reorder_matches_plain_python(company, company_store):
    """Due now: past the usual interval by at most half of it or 30 days; win-back: further past; richest first."""
    end = add_months(PERIOD, 1)
    days: dict[tuple[int, str], set] = {}
    product = {p.id: p.category for p in company.products}
    order = {o.id: o for o in company.orders}
    revenue: dict[int, float] = {}
    for line in company.lines:
        o = order[line.order_id]
        if o.ordered_on < end:
            days.setdefault((o.customer_id, product[line.product_id]), set()).add(o.ordered_on)
            if o.ordered_on >= add_months(end, -12):
                amount = float(line.quantity * line.unit_price * (1 - line.discount))
                revenue[o.customer_id] = revenue.get(o.customer_id, 0.0) + amount
    alive = {c.id for c in company.customers if c.churned_on is None or c.churned_on >= end}
    due, lapsed = set(), set()
    for (customer, category), dates in days.items():
        if len(dates) < 3 or customer not in alive:
            continue
        interval = (max(dates) - min(dates)).days / (len(dates) - 1)
        since = (end - timedelta(days=1) - max(dates)).days
        grace = max(0.5 * interval, 30)
        if interval < since <= interval + grace:
            due.add((customer, category))
        elif since > interval + grace:
            lapsed.add((customer, category))
    got = segments.due_to_reorder(company_store, Filters(PERIOD, PERIOD))
    assert set(zip(got["customer_id"], got["category"], strict=True)) == due
    assert (got["overdue_days"] > 0).all()
    assert (got["overdue_days"] <= (0.5 * got["usual_interval_days"]).clip(lower=30)).all()
    ranked = [revenue.get(c, 0.0) for c in got["customer_id"]]
    assert ranked == sorted(ranked, reverse=True)
    back = segments.due_to_reorder(company_store, Filters(PERIOD, PERIOD), lapsed=True)
    assert set(zip(back["customer_id"], back["category"], strict=True)) == lapsed
    assert due and lapsed


def test_rules_cover_every_score_pair():
    r, f, m = (pd.Series(np.repeat(range(1, 6), 25)), pd.Series(np.tile(np.repeat(range(1, 6), 5), 5)),
               pd.Series(np.tile(range(1, 6), 25)))
    named = segments.rfm_segment(r, f, m)
    assert set(named) <= set(segments.SEGMENT_NAMES)
    assert all(name(a, (b + c + 1) // 2) == n for a, b, c, n in zip(r, f, m, named, strict=True))


def test_both_reorder_lists_in_one_pass_are_the_two_lists(company_store):
    f = Filters(PERIOD, PERIOD)
    both = segments.due_to_reorder(company_store, f, lapsed=None)
    for lapsed in (False, True):
        alone = segments.due_to_reorder(company_store, f, lapsed=lapsed)
        part = both[both["lapsed"] == lapsed].drop(columns="lapsed").reset_index(drop=True)
        pd.testing.assert_frame_equal(part, alone.reset_index(drop=True))
    assert len(both) == len(segments.due_to_reorder(company_store, f)) + len(
        segments.due_to_reorder(company_store, f, lapsed=True))


def test_call_list_has_one_row_per_customer_with_every_category_due():
    due = pd.DataFrame({
        "customer_id": [7, 7, 3, 9], "shown_id": ["C7", "C7", "3", "9"], "name": ["Gamma", "Gamma", "Alpha", "Beta"],
        "contact_name": ["Li", "Li", None, "Wu"], "phone": ["1", "1", None, "2"], "email": [None, None, "a@x", None],
        "category": ["loader", "crane", "crane", "repair"], "purchases": [3, 5, 4, 6],
        "last_purchase": pd.to_datetime(["2025-01-02", "2025-02-01", "2024-12-01", "2025-01-20"]),
        "usual_interval_days": [20.0, 10.0, 40.0, 30.0], "days_since": [58, 27, 89, 40],
        "overdue_days": [38.0, 17.0, 49.0, 10.0], "revenue_12m": [900.0, 900.0, 500.0, 500.0],
        "manager_id": [1, 2, 3, 4]})
    got = segments.calls_by_customer(due)
    expected = pd.DataFrame({
        "customer_id": [7, 3, 9], "shown_id": ["C7", "3", "9"], "name": ["Gamma", "Alpha", "Beta"],
        "contact_name": ["Li", None, "Wu"], "phone": ["1", None, "2"], "email": [None, "a@x", None],
        "categories_due": [("loader", "crane"), ("crane",), ("repair",)],  # most overdue first
        "overdue_days": [38.0, 49.0, 10.0],
        "last_purchase": pd.to_datetime(["2025-02-01", "2024-12-01", "2025-01-20"]),
        "revenue_12m": [900.0, 500.0, 500.0], "manager_id": [1, 3, 4]})  # ties in revenue: most overdue first
    pd.testing.assert_frame_equal(got, expected)
    assert segments.calls_by_customer(due, [9, 3])["customer_id"].tolist() == [3, 9]
    assert segments.calls_by_customer(due, []).empty


def test_call_lists_follow_the_segment(company_store):
    """Each segment's call list holds exactly its members due to reorder, once each, with all their categories."""
    f = Filters(PERIOD, PERIOD)
    due = segments.due_to_reorder(company_store, f)
    table = segments.customer_table(company_store, f)
    wanted: dict[int, set] = {}
    for customer, category in zip(due["customer_id"], due["category"], strict=True):
        wanted.setdefault(int(customer), set()).add(category)
    seen: set[int] = set()
    for segment in table["segment"].unique():
        ids = set(table.loc[table["segment"] == segment, "customer_id"].astype(int))
        calls = segments.calls_by_customer(due, ids)
        assert calls["customer_id"].is_unique and set(calls["customer_id"]) == ids & set(wanted)
        assert all(set(c) == wanted[int(i)] for i, c in zip(calls["customer_id"], calls["categories_due"], strict=True))
        assert not seen & set(calls["customer_id"])  # segments do not share customers
        seen |= set(calls["customer_id"])
    assert len(seen) > 1


def test_shown_ids_are_the_companys_own(company_store):
    f = Filters(PERIOD, PERIOD)
    table = segments.customer_table(company_store, f)
    codes = dict(company_store.query("SELECT id, coalesce(code, CAST(id AS VARCHAR)) FROM customer").itertuples(
        index=False))
    assert all(codes[i] == s for i, s in zip(table["customer_id"], table["shown_id"], strict=True))
