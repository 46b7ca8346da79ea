"""Every who list holds exactly the customers behind its KPI: on the demo company, for two periods and a region,
the KPI equals scale x (the numerator's customers or amounts) / (the denominator's), and the lists of the customer
base match counts made here from the raw customer table."""

from __future__ import annotations

import math
from datetime import date

import pandas as pd
import pytest

from metrics.base.filters import Filters, add_months
from metrics.drill import lists
from metrics.drill.catalogue import NO_LIST, WHO
from metrics.scorecard.registry import CATALOGUE, get

WITH_LIST = [k.id for k in CATALOGUE if k.who is not None]


def _last_month(store) -> date:
    last = store.query("SELECT max(month) AS m FROM sales")["m"].iloc[0]
    return add_months(date(last.year, last.month, 1), -1)  # the last complete month


def cases(store) -> dict[str, Filters]:
    """The latest complete month, a quarter a year before, and the latest month in one region."""
    month = _last_month(store)
    quarter_start = add_months(date(month.year - 1, (month.month - 1) // 3 * 3 + 1, 1), 0)
    region = store.query("SELECT min(region) AS r FROM customer")["r"].iloc[0]
    return {"month": Filters(month, month),
            "quarter_a_year_before": Filters(quarter_start, quarter_start, grain="quarter"),
            "month_in_a_region": Filters(month, month, region=(region,))}


CASES = ("month", "quarter_a_year_before", "month_in_a_region")


def test_every_kpi_has_a_who_list_or_says_why_not():
    ids = {k.id for k in CATALOGUE}
    assert set(WHO) <= ids and set(NO_LIST) <= ids
    assert not set(WHO) & set(NO_LIST)
    assert set(WHO) | set(NO_LIST) == ids
    assert all(get(kpi_id).who is WHO[kpi_id] for kpi_id in WHO)


@pytest.mark.parametrize("case", CASES)
@pytest.mark.parametrize("kpi_id", WITH_LIST)
def test_the_list_makes_the_kpi(demo_store, kpi_id, case):
    kpi, f = get(kpi_id), cases(demo_store)[case]
    period = pd.Timestamp(f.period_start(f.end))
    expected = float(kpi.compute(demo_store, f).get(period, float("nan")))
    frame = lists.customers(demo_store, kpi.who, f)
    num = frame.loc[frame["numerator"], "num"].sum()  # the numerator's customers' parts, summed here
    if kpi.who.denominator is None:
        made = num
    else:
        den = frame.loc[frame["denominator"], "den"].sum()
        made = kpi.who.scale * num / den if den else float("nan")
    assert math.isfinite(expected), f"{kpi_id} has no value on the demo for {case}"
    assert made == pytest.approx(expected, rel=1e-9, abs=1e-9), (kpi_id, case, made, expected)
    assert frame["customer_id"].is_unique
    assert frame["name"].notna().all() and frame["shown_id"].notna().all()
    if f.region:
        assert set(frame["region"]) <= set(f.region)


@pytest.mark.parametrize("case", CASES)
def test_the_customer_base_lists_match_counts_from_the_raw_table(demo_store, case):
    f = cases(demo_store)[case]
    start, end = pd.Timestamp(f.period_start(f.end)), pd.Timestamp(f.end_exclusive)
    raw = demo_store.query("SELECT id, region, acquired_on, churned_on, referred_by_id FROM customer")
    if f.region:
        raw = raw[raw["region"].isin(f.region)]
    acquired, churned = pd.to_datetime(raw["acquired_on"]), pd.to_datetime(raw["churned_on"])
    at_start = raw[(acquired < start) & (churned.isna() | (churned >= start))]
    lost = at_start[pd.to_datetime(at_start["churned_on"]) < end]
    new = raw[(acquired >= start) & (acquired < end)]
    active = raw[(acquired < end) & (churned.isna() | (churned >= start))]

    def ids(kpi_id, part):
        return set(lists.part(lists.customers(demo_store, WHO[kpi_id], f), part)["customer_id"])

    assert ids("churn_rate", "numerator") == set(lost["id"]) and len(lost) > 0
    assert ids("churn_rate", "denominator") == set(at_start["id"])
    assert ids("retention_rate", "shortfall") == set(lost["id"])
    assert ids("new_customers", "numerator") == set(new["id"])
    assert ids("referrals", "numerator") == set(new.loc[new["referred_by_id"].notna(), "id"])
    assert ids("active_customers", "numerator") == set(active["id"])


def test_repeat_purchase_shortfall_is_who_ordered_once_in_the_last_twelve_months(demo_store):
    f = cases(demo_store)["month"]
    last = f.period_start(f.end)
    orders = demo_store.query("""
        SELECT o.customer_id, count(*) AS n FROM sales_order o JOIN customer c ON c.id = o.customer_id
        WHERE o.ordered_on >= $first AND o.ordered_on < $end
          AND (c.churned_on IS NULL OR c.churned_on >= $last)
        GROUP BY 1""", {"first": add_months(last, -11), "end": add_months(last, 1), "last": last})
    frame = lists.customers(demo_store, WHO["repeat_purchase_rate"], f)
    once = set(lists.part(frame, "shortfall")["customer_id"])
    assert once == set(orders.loc[orders["n"] == 1, "customer_id"])
    assert set(lists.part(frame, "numerator")["customer_id"]) == set(orders.loc[orders["n"] >= 2, "customer_id"])


def test_complaints_list_counts_the_complaint_tickets(demo_store):
    f = cases(demo_store)["month"]
    start = f.period_start(f.end)
    raw = demo_store.query("""
        SELECT customer_id, count(*) AS n FROM service_ticket
        WHERE category = 'complaint' AND opened_at >= $start AND opened_at < $end GROUP BY 1""",
                           {"start": start, "end": f.end_exclusive})
    frame = lists.part(lists.customers(demo_store, WHO["complaints_per_100"], f), "numerator")
    assert dict(zip(frame["customer_id"], frame["value"], strict=True)) == dict(zip(raw["customer_id"], raw["n"],
                                                                                    strict=True))


def test_a_list_is_ordered_by_its_value_worst_first_where_the_lowest_is_worst(demo_store):
    f = cases(demo_store)["month"]
    profit = lists.customers(demo_store, WHO["unprofitable_customer_share"], f)
    known = profit["value"].dropna()
    assert list(known) == sorted(known) and known.iloc[0] < 0
    revenue = lists.customers(demo_store, WHO["revenue"], f)["value"]
    assert list(revenue) == sorted(revenue, reverse=True)


def test_a_part_names_only_the_parts_there_are():
    with pytest.raises(ValueError, match="numerator, shortfall or denominator"):
        lists.part(pd.DataFrame({"numerator": [], "denominator": []}), "everyone")
    assert WHO["churn_rate"].parts == ("numerator", "denominator")
    assert WHO["repeat_purchase_rate"].parts == ("shortfall", "numerator", "denominator")
    assert WHO["revenue"].parts == ("numerator",)


def test_equal_values_are_ordered_by_revenue_then_last_order_and_each_row_says_them(demo_store):
    """The customers who did not repeat all ordered once: the list puts the largest 12-month revenue first (not
    the lowest customer number), and says each one's revenue, last order and manager."""
    f = cases(demo_store)["month"]
    frame = lists.part(lists.customers(demo_store, WHO["repeat_purchase_rate"], f), "shortfall")
    assert frame["value"].nunique() == 1 and len(frame) > 10
    revenue = list(frame["revenue_12m"])
    assert revenue == sorted(revenue, reverse=True) and revenue[0] > revenue[-1]
    assert list(frame["customer_id"]) != sorted(frame["customer_id"])
    first = int(frame["customer_id"].iloc[0])
    raw = demo_store.query("""
        SELECT sum(revenue) AS r, max(ordered_on) AS last FROM sales
        WHERE customer_id = $id AND ordered_on >= $start AND ordered_on < $end""",
                           {"id": first, "start": add_months(f.end_exclusive, -12), "end": f.end_exclusive})
    assert frame["revenue_12m"].iloc[0] == pytest.approx(float(raw["r"].iloc[0]))
    assert frame["last_order"].iloc[0].date() == pd.Timestamp(raw["last"].iloc[0]).date()
    managed = demo_store.query("SELECT count(*) AS n FROM customer WHERE manager_id IS NOT NULL")["n"].iloc[0]
    assert managed == 0 or frame["manager"].notna().any()
