"""A KPI broken down by region, channel, industry or manager, on a tiny store written by hand."""

import math
import random
from datetime import date, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from metrics.base.filters import Filters
from metrics.scorecard import breakdown as breakdown_module
from metrics.scorecard.breakdown import breakdown
from metrics.scorecard.registry import CATALOGUE
from tests.metrics.stores import tiny_store as _store

KPI = {k.id: k for k in CATALOGUE}
REVENUE = KPI["revenue"]
MARCH = Filters(date(2025, 1, 1), date(2025, 3, 1))  # a range: the breakdown covers its last period only




@pytest.fixture(scope="module")
def tiny():
    """Six customers; customer 4 has no region, no industry and no manager. Employee 3 manages nobody.

    Revenue by hand (quantity x price x (1 - discount)):
      March 2025: c1 2 x 100 x 0.9 = 180, c2 50, c3 3 x 20 = 60, c4 1000  (total 1290)
      February 2025: c1 7;  January 2025: c6 300
    """
    store = _store(
        "INSERT INTO employee (id, name) VALUES (1, 'Ann'), (2, 'Bob'), (3, 'Cy')",
        """INSERT INTO customer (id, name, region, channel, industry, manager_id, acquired_on) VALUES
            (1, 'C1', 'East', 'direct', 'mining', 1, DATE '2024-01-01'),
            (2, 'C2', 'East', 'online', 'logistics', 2, DATE '2024-01-01'),
            (3, 'C3', 'West', 'direct', 'mining', 1, DATE '2024-01-01'),
            (4, 'C4', NULL, 'direct', NULL, NULL, DATE '2024-01-01'),
            (5, 'C5', 'North', 'online', 'mining', 2, DATE '2024-01-01'),
            (6, 'C6', 'West', 'online', 'logistics', 2, DATE '2024-01-01')""",
        "INSERT INTO product (id, name, category) VALUES (1, 'P1', 'machine')",
        """INSERT INTO sales_order (id, customer_id, ordered_on) VALUES
            (1, 1, DATE '2025-03-10'), (2, 2, DATE '2025-03-11'), (3, 3, DATE '2025-03-12'),
            (4, 4, DATE '2025-03-13'), (5, 1, DATE '2025-02-10'), (6, 6, DATE '2025-01-20')""",
        """INSERT INTO order_line (id, order_id, product_id, quantity, unit_price, unit_cost, discount) VALUES
            (1, 1, 1, 2, 100, 60, 0.1), (2, 2, 1, 1, 50, 30, 0), (3, 3, 1, 3, 20, 10, 0),
            (4, 4, 1, 1, 1000, 500, 0), (5, 5, 1, 1, 7, 1, 0), (6, 6, 1, 1, 300, 100, 0)""",
    )
    yield store
    store.close()


def _values(frame) -> dict:
    return dict(zip(frame["member"], frame["value"], strict=True))


def test_the_columns_are_member_label_and_value(tiny):
    assert list(breakdown(tiny, REVENUE, MARCH, "region").columns) == ["member", "label", "value"]


def test_revenue_by_region_covers_the_last_period_of_the_range_only(tiny):
    assert _values(breakdown(tiny, REVENUE, MARCH, "region")) == {"East": 230.0, "North": 0.0, "West": 60.0}


def test_a_quarter_breakdown_sums_the_quarters_months(tiny):
    f = Filters(date(2025, 1, 1), date(2025, 3, 1), grain="quarter")
    assert _values(breakdown(tiny, REVENUE, f, "region")) == {"East": 237.0, "North": 0.0, "West": 360.0}


def test_members_come_in_alphabetical_order_labelled_by_their_own_name(tiny):
    frame = breakdown(tiny, REVENUE, MARCH, "industry")
    assert frame["member"].tolist() == ["logistics", "mining"]
    assert frame["label"].tolist() == ["logistics", "mining"]
    assert frame["value"].tolist() == [50.0, 240.0]


def test_a_member_without_sales_in_the_period_shows_zero_revenue(tiny):
    assert _values(breakdown(tiny, REVENUE, MARCH, "region"))["North"] == 0.0


def test_the_parts_of_a_dimension_every_customer_has_add_up_to_the_total(tiny):
    frame = breakdown(tiny, REVENUE, MARCH, "channel")
    assert _values(frame) == {"direct": 1240.0, "online": 50.0}
    assert sum(frame["value"]) == 1290.0 == 180 + 50 + 60 + 1000


@pytest.mark.parametrize("dimension", ["region", "industry", "manager"])
def test_a_customer_without_a_member_counts_in_the_total_but_in_no_part(tiny, dimension):
    """Customer 4 (no region, industry or manager) bought 1000 in March: the parts miss exactly that."""
    parts = breakdown(tiny, REVENUE, MARCH, dimension)
    assert None not in parts["member"].tolist()
    assert 1290.0 - sum(parts["value"]) == 1000.0


def test_managers_come_largest_portfolio_first_labelled_by_name(tiny):
    """Bob manages customers 2, 5 and 6; Ann 1 and 3; Cy nobody, so Cy has no bar."""
    frame = breakdown(tiny, REVENUE, MARCH, "manager")
    assert frame["member"].tolist() == [2, 1]
    assert frame["label"].tolist() == ["Bob", "Ann"]
    assert frame["value"].tolist() == [50.0, 240.0]


def test_only_the_largest_portfolios_get_a_manager_bar(tiny, monkeypatch):
    monkeypatch.setattr(breakdown_module, "MAX_MANAGERS", 1)
    assert breakdown(tiny, REVENUE, MARCH, "manager")["label"].tolist() == ["Bob"]


def test_members_stay_within_the_filter_already_set_on_the_dimension(tiny):
    f = Filters(MARCH.start, MARCH.end, region=("West", "East"))
    assert _values(breakdown(tiny, REVENUE, f, "region")) == {"East": 230.0, "West": 60.0}
    f = Filters(MARCH.start, MARCH.end, manager=(1,))
    assert breakdown(tiny, REVENUE, f, "manager")["label"].tolist() == ["Ann"]


def test_filters_on_other_dimensions_still_apply_to_each_part(tiny):
    """Direct customers only: in East that is customer 1 (180), not customer 2 (online)."""
    f = Filters(MARCH.start, MARCH.end, channel=("direct",))
    assert _values(breakdown(tiny, REVENUE, f, "region")) == {"East": 180.0, "North": 0.0, "West": 60.0}


def test_a_filter_naming_no_known_member_gives_an_empty_breakdown(tiny):
    frame = breakdown(tiny, REVENUE, Filters(MARCH.start, MARCH.end, region=("South",)), "region")
    assert frame.empty and list(frame.columns) == ["member", "label", "value"]


@pytest.mark.parametrize("dimension", ["city", "Region", "", "period"])
def test_a_dimension_outside_region_channel_industry_manager_is_refused(tiny, dimension):
    with pytest.raises(ValueError, match="dimension must be one of"):
        breakdown(tiny, REVENUE, MARCH, dimension)


# --- the invariant: an additive KPI's parts add up to its total ----------------------------------------------

REGIONS, CHANNELS, INDUSTRIES, MANAGERS = ("East", "North", "West"), ("direct", "online"), ("mining", "oil"), (1, 2, 3)
ADDITIVE = [k for k in CATALOGUE if k.additive]
MONTHS = [date(2024 + m // 12, m % 12 + 1, 1) for m in range(18)]  # 2024-01 .. 2025-06


@pytest.fixture(scope="module")
def complete():
    """Fifteen customers, each with a region, a channel, an industry and a manager, and two years of orders."""
    rng = random.Random(11)
    customers, orders, lines = [], [], []
    for c in range(1, 16):
        acquired = date(2023, 6, 1) + timedelta(days=rng.randint(0, 700))
        churned = f"DATE '{acquired + timedelta(days=rng.randint(30, 400))}'" if rng.random() < 0.3 else "NULL"
        referrer = rng.randint(1, c - 1) if c > 2 and rng.random() < 0.3 else "NULL"
        customers.append(f"({c}, 'C{c}', '{rng.choice(REGIONS)}', '{rng.choice(CHANNELS)}', "
                         f"'{rng.choice(INDUSTRIES)}', {rng.choice(MANAGERS)}, DATE '{acquired}', {churned}, "
                         f"{referrer}, 100)")
        for _ in range(rng.randint(2, 8)):
            orders.append(f"({len(orders) + 1}, {c}, DATE '{date(2024, 1, 1) + timedelta(days=rng.randint(0, 545))}')")
            lines.append(f"({len(lines) + 1}, {len(orders)}, 1, {rng.randint(1, 5)}, {rng.randint(10, 900)}, "
                         f"{rng.randint(1, 9)}, {rng.choice(['0', '0.1', '0.25'])})")
    store = _store(
        "INSERT INTO employee (id, name) VALUES (1, 'Ann'), (2, 'Bob'), (3, 'Cy')",
        "INSERT INTO customer (id, name, region, channel, industry, manager_id, acquired_on, churned_on, "
        f"referred_by_id, acquisition_cost) VALUES {', '.join(customers)}",
        "INSERT INTO product (id, name, category) VALUES (1, 'P1', 'machine')",
        f"INSERT INTO sales_order (id, customer_id, ordered_on) VALUES {', '.join(orders)}",
        "INSERT INTO order_line (id, order_id, product_id, quantity, unit_price, unit_cost, discount) "
        f"VALUES {', '.join(lines)}",
    )
    yield store
    store.close()


MEMBERS = {"region": REGIONS, "channel": CHANNELS, "industry": INDUSTRIES, "manager": MANAGERS}


@st.composite
def cases(draw):
    dimension = draw(st.sampled_from(sorted(MEMBERS)))
    chosen = tuple(draw(st.sets(st.sampled_from(MEMBERS[dimension]))))
    grain = draw(st.sampled_from(["month", "quarter", "year"]))
    return draw(st.sampled_from(ADDITIVE)), dimension, chosen, grain, draw(st.sampled_from(MONTHS))


@settings(max_examples=20, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(case=cases())
def test_the_parts_of_an_additive_kpi_add_up_to_its_total(complete, case):
    kpi, dimension, chosen, grain, end = case
    f = Filters(end, end, grain=grain, **{dimension: chosen})
    parts = breakdown(complete, kpi, Filters(MONTHS[0], end, grain=grain, **{dimension: chosen}), dimension)
    assert sorted(parts["member"]) == sorted(chosen or MEMBERS[dimension])
    total = float(kpi.compute(complete, f).iloc[0])
    values = [v for v in parts["value"] if not math.isnan(v)]
    if math.isnan(total):
        assert values == []
    else:
        assert sum(values) == pytest.approx(total, rel=1e-9, abs=1e-9)
