"""Targets under a filter: an additive KPI's target is the company's times the member's share of it in the
baseline period (so the members' targets add up to the company's), a rate keeps the company's, and the
scorecard scores every KPI it scored unfiltered."""

import math

import pytest

from metrics.base.dimensions import dimension_values
from metrics.base.filters import Filters
from metrics.scorecard import segment_targets
from metrics.scorecard.registry import CATALOGUE
from metrics.scorecard.scoring import scorecard, target_table


@pytest.fixture(scope="module")
def month(demo_store):
    return dimension_values(demo_store).complete_month


def test_the_regions_shares_add_up_to_the_whole(demo_store, month):
    regions = dimension_values(demo_store).region
    shares = [segment_targets.shares(demo_store, Filters(month, month, region=(r,))) for r in regions]
    for kpi in (k for k in CATALOGUE if k.additive):
        total = sum(s[kpi.id] for s in shares)
        assert total == pytest.approx(1.0, abs=1e-9), kpi.id


def test_derived_targets_are_the_company_target_times_the_share(demo_store, month):
    company = target_table(demo_store).set_index("kpi_id")
    region = dimension_values(demo_store).region[0]
    f = Filters(month, month, region=(region,))
    out = segment_targets.filtered_targets(demo_store, f, target_table(demo_store)).set_index("kpi_id")
    window = segment_targets.baseline_window(demo_store)
    whole = demo_store.query("SELECT sum(revenue) AS r FROM sales WHERE month BETWEEN $a AND $b",
                             {"a": window.start, "b": window.end})["r"].iloc[0]
    part = demo_store.query("SELECT sum(s.revenue) AS r FROM sales s JOIN customer c ON c.id = s.customer_id "
                            "WHERE s.month BETWEEN $a AND $b AND c.region = $region",
                            {"a": window.start, "b": window.end, "region": region})["r"].iloc[0]
    assert out.loc["revenue", "target"] == pytest.approx(company.loc["revenue", "target"] * part / whole, rel=1e-6)
    assert out.loc["revenue", "scope"] == "derived"
    assert out.loc["churn_rate", "target"] == company.loc["churn_rate", "target"]
    assert out.loc["churn_rate", "scope"] == "company"


def test_a_region_is_scored_on_every_kpi_with_a_value(demo_store, month):
    region = dimension_values(demo_store).region[0]
    card = scorecard(demo_store, Filters(month, month, region=(region,)))
    additive = card[card["id"].isin([k.id for k in CATALOGUE if k.additive])]
    assert additive["target"].map(math.isfinite).all() and (additive["status"] != "none").all()
    assert set(additive["target_scope"]) == {"derived"}
