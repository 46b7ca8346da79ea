"""Unknown stays unknown: a company without unit costs, tickets, campaigns or managers sees margin, profit, cost to
serve, value tiers and portfolios as unknown or absent, never 0; with costs, the same figures recounted here."""

from __future__ import annotations

import math
from datetime import date

import pytest

from metrics.base import quality
from metrics.base.filters import Filters
from metrics.customers import coverage, lifetime, portfolios, profiles, segments
from tests.metrics.customers.minimal import rhythmic

F = Filters(date(2025, 6, 1), date(2025, 6, 1))


@pytest.fixture(scope="module")
def bare():
    """Customers and orders only."""
    return rhythmic().store()


@pytest.fixture(scope="module")
def costed():
    """The same company with a unit cost on every line, service tickets and customer managers."""
    co = rhythmic()
    co.unit_cost = 30.0
    co.tickets = [(c, date(2025, 3, 10)) for c in co.customers[:4]]
    co.managers = {c: 1 + c % 2 for c in co.customers}
    return co, co.store()


def test_without_unit_costs_margin_and_profit_are_unknown_not_zero(bare):
    table = segments.customer_table(bare, F)
    assert len(table) > 5
    assert table[["margin", "cost_to_serve", "profit"]].isna().all().all()
    assert table["tier"].isna().all()  # tiers rank by profit
    shares = segments.segment_shares(table)
    assert shares["profit_share"].isna().all() and shares["revenue_share"].sum() == pytest.approx(1.0)


def test_the_7p_profitability_is_unknown_without_costs(bare):
    table = segments.customer_table(bare, F)
    values = lifetime.lifetime_values(bare, F)
    profile = profiles.seven_p(bare, F, table, values, table["customer_id"]).set_index("measure")["value"]
    for measure in ("gross_margin", "profit_after_cost_to_serve", "cost_to_serve_per_customer",
                    "unprofitable_share"):
        assert math.isnan(profile[measure]), measure
    assert profile["revenue_12m"] == pytest.approx(table["monetary"].sum())


def test_with_costs_margin_is_the_recounted_sum_and_cost_to_serve_counts_tickets(costed):
    co, store = costed
    table = segments.customer_table(store, F)
    # each order: 2 units at 50 less 30, a margin of 40, for orders in the 12 months to the end of June 2025
    window = {c: sum(40 for _, k, d in co.orders if k == c and date(2024, 7, 1) <= d < date(2025, 7, 1))
              for c in co.customers}
    for row in table.itertuples():
        assert row.margin == pytest.approx(window[row.customer_id])
        assert row.cost_to_serve == (40.0 if row.customer_id in co.customers[:4] else 0.0)
        assert row.profit == pytest.approx(row.margin - row.cost_to_serve)
    assert table["tier"].notna().all()


def test_partly_known_costs_count_as_unknown_for_the_customers_they_touch():
    co = rhythmic()
    co.unit_cost = 30.0
    first = min(o for o, c, _ in co.orders if c == 2)
    co.costed_orders = {o for o, _, _ in co.orders} - {first}
    co.tickets = [(1, date(2024, 5, 2))]
    store = co.store()
    covered = coverage.coverage(store)
    assert covered.lines_with_cost == covered.lines - 1 and not covered.unit_costs
    assert covered.lacking("profit") == ["order_line.unit_cost"]
    histories = lifetime.purchase_histories(store, F.end_exclusive).set_index("customer_id")
    assert math.isnan(histories.loc[2, "margin_rate"])  # its lifetime value is a margin: unknown too
    assert histories.drop(index=2)["margin_rate"].notna().all()


def test_coverage_says_what_each_measure_lacks(bare, costed):
    lacking = coverage.coverage(bare)
    assert (lacking.lines_with_cost, lacking.cost_to_serve, lacking.managers) == (0, False, False)
    assert lacking.lacking("gross_margin") == ["order_line.unit_cost"]
    assert lacking.lacking("cost_to_serve") == ["service_ticket", "campaign"]
    assert lacking.lacking("revenue_12m") == []
    assert coverage.coverage(costed[1]).lacking("profit") == []


def test_portfolios_are_empty_without_managers(bare):
    table = segments.customer_table(bare, F)
    frame = portfolios.portfolios(bare, F, table, lifetime.lifetime_values(bare, F))
    assert frame.empty and {"manager", "customers", "predicted_value", "left_on"} <= set(frame.columns)


def test_portfolios_add_up_with_managers(costed):
    _, store = costed
    table = segments.customer_table(store, F)
    frame = portfolios.portfolios(store, F, table, lifetime.lifetime_values(store, F))
    assert set(frame["manager_id"]) == {1, 2}
    assert frame["customers"].sum() == len(table)
    assert frame["profit_12m"].sum() == pytest.approx(table["profit"].sum())


def test_no_predicted_value_means_no_picket_fence(bare):
    table = segments.customer_table(bare, F)
    values = lifetime.lifetime_values(bare, F)
    assert portfolios.picket_fence(table, values, bare, F).empty  # CLV is a margin: unknown without costs
    unknown = lifetime.not_estimable(values.table, calibration_end=F.end_exclusive, reason="not_converged")
    assert portfolios.predicted_values(table["customer_id"], unknown).isna().all()


def test_data_quality_finds_empty_churn_dates_and_empty_needed_columns(bare):
    found = quality.findings(bare)
    rules = " | ".join(found["rule"])
    days = int(bare.query("SELECT days FROM churn_rule")["days"].iloc[0])
    assert f"churn is inferred from inactivity (no purchase for {days} days)" in rules
    assert "unit costs of products empty on every row" in rules and "customer managers empty" in rules
    assert "unit_cost" not in rules and "manager_id" not in rules
    zh = " | ".join(quality.findings(bare, "zh")["rule"])
    assert "流失按不活跃推断" in zh and "产品单位成本" in zh


def test_completeness_counts_no_churn_date_where_they_are_inferred(bare):
    complete = quality.completeness(bare).set_index(["table", "column"])
    assert complete.loc[("customer", "churned_on"), "given"] == 0


def test_the_demo_has_no_such_findings(demo_store):
    assert quality.findings(demo_store).empty
