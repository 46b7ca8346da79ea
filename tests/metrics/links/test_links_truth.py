"""Truth tests: the link tests recover the demo's planted effects (data/demo/company.py) with the right sign,
contradict no arrow, and do not find links where nothing was planted. At the tests' 3,000 customers the
monthly KPIs are noisy and, after Benjamini-Hochberg over every pair, no arrow is called supported; at 100,000
customers (README) the go-live, satisfaction -> churn and satisfaction -> NPS are.

No KPI pair is measured at the level an effect was planted on (a ticket, a customer), except the
go-live, which moves company-wide KPIs, so sizes are checked at the level each pair measures:
- go-live: CRM adoption rises from 35% to 85% as the median first response falls from 8 h to 3 h, so the
  monthly series imply (3 - 8) / (0.85 - 0.35) = -10 hours per unit of adoption;
- satisfaction -> churn: a customer's monthly churn probability is base(channel) x exp(-1.0 (s - 4)), so
  near s = 4 the churn rate moves by -1.0 x the customer-weighted base churn per point of mean satisfaction;
- response -> CSAT: each hour costs 0.12 of a ticket's CSAT, but the survey CSAT KPI follows the
  satisfaction state, which only moves for customers with tickets: the monthly effect is diluted, between
  -0.12 and 0.
"""

from pathlib import Path

import pandas as pd
import pytest

from data import analytics, db
from data.demo import company as demo
from data.demo.builder import build_demo
from metrics.base.store import Store
from metrics.links import fit as links


def row(table: pd.DataFrame, source: str, target: str, method: str = "time_series") -> dict:
    found = table[(table.source_kpi == source) & (table.target_kpi == target) & (table.method == method)]
    assert len(found) == 1, f"no {method} row for {source} -> {target}"
    return found.iloc[0].to_dict()


@pytest.fixture(scope="module")
def demo_links(demo_store) -> pd.DataFrame:
    return links.read(demo_store)


def test_go_live_moves_adoption_and_response_by_the_planted_amounts(demo_links):
    r = row(demo_links, "crm_adoption", "first_response_hours")
    planted = (demo.RESPONSE_MEDIAN_HOURS_AFTER - demo.RESPONSE_MEDIAN_HOURS_BEFORE) / (0.85 - 0.35)
    assert r["ci_low"] < planted < r["ci_high"] < 0
    assert r["lag_months"] == 0 and r["evidence"] != "contradicted"


def test_faster_response_goes_with_higher_csat_diluted_below_the_ticket_level(demo_links):
    r = row(demo_links, "first_response_hours", "average_csat")
    assert -demo.CSAT_PER_HOUR < r["effect"] < 0  # the right sign, diluted
    assert r["evidence"] != "contradicted"


def test_satisfaction_lowers_churn(demo_links):
    r = row(demo_links, "average_csat", "churn_rate")
    base = sum(share * demo.CHANNEL_BASE_CHURN[c] for c, share in zip(demo.CHANNELS, demo.CHANNEL_SHARE,
                                                                       strict=True))
    planted = -demo.CHURN_SATISFACTION_SLOPE * base
    assert r["ci_low"] < planted < r["ci_high"] and r["effect"] < 0
    assert r["lag_months"] >= 1  # churn follows satisfaction, it does not precede it
    assert r["left_out_months"] >= 1  # the first month's churn, before anyone could be seen leaving


def test_training_raises_completeness_with_the_right_sign(demo_links):
    """Training fills the contact fields of customers acquired later, so completeness (a stock over every
    customer) accumulates the training: the target's own past in the model reads it with the right sign."""
    for method in ("time_series", "panel_region"):
        r = row(demo_links, "training_hours_per_employee", "data_completeness", method)
        assert r["effect"] > 0 and r["evidence"] != "contradicted"


def test_no_arrow_of_the_map_is_contradicted_on_the_demo(demo_links):
    """Nothing the demo plants runs against an arrow of the map."""
    assert not (demo_links["evidence"] == "contradicted").any(), \
        demo_links.loc[demo_links["evidence"] == "contradicted", ["source_kpi", "target_kpi", "method"]]


def test_the_first_year_is_left_out_for_kpis_over_a_year_of_history(demo_links):
    r = row(demo_links, "new_customers", "new_customer_revenue")
    assert r["left_out_months"] == 12 and r["left_out_why"] == "history"
    assert pd.Timestamp(r["fit_from"]) == pd.Timestamp(str(demo.START)) + pd.DateOffset(months=12)


@pytest.fixture(scope="module")
def other_seeds(tmp_path_factory) -> list[pd.DataFrame]:
    """The link tests on two more small demos (1,500 customers, seeds 1 and 2)."""
    tables = []
    for seed in (1, 2):
        path: Path = tmp_path_factory.mktemp(f"seed{seed}") / "demo.db"
        engine = db.get_engine(f"sqlite:///{path}")
        build_demo(engine, customers=1500, seed=seed)
        store = Store(analytics.refresh(engine))
        tables.append(links.compute(store))
        store.close()
        engine.dispose()
    return tables


@pytest.mark.parametrize("source, target", [("price_spread", "average_csat"), ("crm_adoption", "price_spread")])
def test_links_with_nothing_planted_are_not_supported_in_most_seeds(demo_links, other_seeds, source, target):
    """Quote spread comes from fixed per-rep offsets: nothing ties it to adoption or satisfaction."""
    supported = []
    for table in (demo_links, *other_seeds):
        rows = table[(table.source_kpi == source) & (table.target_kpi == target)]
        supported.append(bool((rows["evidence"] == "supported").any()))
    assert sum(supported) <= 1, supported


def test_planted_effects_keep_their_sign_across_seeds(other_seeds):
    for table in other_seeds:
        assert row(table, "crm_adoption", "first_response_hours")["effect"] < 0
        assert row(table, "first_response_hours", "average_csat")["effect"] < 0
        assert not (table["evidence"] == "contradicted").any()
