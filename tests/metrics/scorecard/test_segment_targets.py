"""Targets under a filter: an additive KPI's target is the company's times the member's share of it in the
baseline period (so the members' targets add up to the company's), a rate keeps the company's, and the
scorecard scores every KPI it scored unfiltered."""

import math
import shutil
from pathlib import Path

import pandas as pd
import pytest

from data import db
from jobs import targets as targets_job
from metrics.base.dimensions import dimension_values
from metrics.base.filters import Filters, add_months
from metrics.base.store import Store
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


@pytest.fixture(scope="module")
def own_targets(demo_url, tmp_path_factory):
    """A copy of the demo with a region's own revenue target (every month, and one month of its own) and the
    company's churn target phased for one month, saved as the editor does and applied to the store."""
    folder = tmp_path_factory.mktemp("own_targets")
    source = Path(demo_url.removeprefix("sqlite:///"))
    shutil.copy(source, folder / "demo.db")
    shutil.copy(source.with_suffix(".duckdb"), folder / "demo.duckdb")
    engine = db.get_engine(f"sqlite:///{folder / 'demo.db'}")
    store = Store(folder / "demo.duckdb")
    values = dimension_values(store)
    month, region = values.complete_month, values.region[0]
    store.close()
    rows = pd.DataFrame([
        {"kpi_id": "revenue", "dimension": "region", "member": region, "month": None, "target": 123_456.0,
         "baseline": None},
        {"kpi_id": "revenue", "dimension": "region", "member": region, "month": f"{month:%Y-%m}", "target": 654_321.0,
         "baseline": 1000.0},
        {"kpi_id": "churn_rate", "dimension": "company", "member": "", "month": f"{month:%Y-%m}", "target": 0.0123,
         "baseline": None}])
    assert targets_job.save_segments_and_refresh(engine, rows, actor="ceo@example.com", source="import") == 3
    engine.dispose()
    store = Store(folder / "demo.duckdb")
    yield store, month, region
    store.close()


def test_own_targets_come_before_derived_ones_and_say_so(own_targets):
    store, month, region = own_targets
    card = scorecard(store, Filters(month, month, region=(region,))).set_index("id")
    assert card.loc["revenue", "target"] == pytest.approx(654_321.0)  # the month's own row first
    assert card.loc["revenue", "baseline"] == pytest.approx(1000.0)
    assert card.loc["revenue", "target_scope"] == "segment_month"
    before = add_months(month, -1)
    card = scorecard(store, Filters(before, before, region=(region,))).set_index("id")
    assert card.loc["revenue", "target"] == pytest.approx(123_456.0)  # then its every-month row
    assert card.loc["revenue", "target_scope"] == "segment"
    assert card.loc["new_customers", "target_scope"] == "derived"  # then derived from the company's
    other = dimension_values(store).region[1]
    card = scorecard(store, Filters(month, month, region=(other,))).set_index("id")
    assert card.loc["revenue", "target_scope"] == "derived"
    assert card.loc["churn_rate", "target"] == pytest.approx(0.0123)  # a rate keeps the (phased) company target
    assert card.loc["churn_rate", "target_scope"] == "month"


def test_the_company_target_phased_by_month(own_targets):
    store, month, _ = own_targets
    card = scorecard(store, Filters(month, month)).set_index("id")
    assert card.loc["churn_rate", "target"] == pytest.approx(0.0123)
    assert card.loc["churn_rate", "target_scope"] == "month"
    assert card.loc["revenue", "target_scope"] == "company"
    before = add_months(month, -1)
    card = scorecard(store, Filters(before, before)).set_index("id")
    assert card.loc["churn_rate", "target_scope"] == "company"
    assert card.loc["churn_rate", "target"] != pytest.approx(0.0123)
