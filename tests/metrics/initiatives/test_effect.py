"""The measured effect of an initiative: a seeded study of power and coverage (small: seconds), the reasons an effect
is not measured, the controls, the verdict, and the effects the demo plants found by the refresh step."""

import numpy as np
import pandas as pd
import pytest

from metrics.initiatives import effect
from metrics.initiatives.cost import initiative_earned_value
from metrics.initiatives.flags import covered_kpis, red_without_initiative

MONTHS = pd.date_range("2024-01-01", periods=30, freq="MS")
START = MONTHS[24]  # 24 months before, 6 since
RUNS = 8


def simulated(seed: int, effect_size: float) -> pd.Series:
    """A local level (sd 0.2 a month) plus noise (sd 1), and ``effect_size`` added from the start on."""
    rng = np.random.default_rng(seed)
    level = 10 + np.cumsum(rng.normal(0, 0.2, len(MONTHS)))
    y = level + rng.normal(0, 1, len(MONTHS))
    y[24:] += effect_size
    return pd.Series(y, index=MONTHS)


def measured(seed: int, effect_size: float) -> effect.Effect:
    return effect.measure(simulated(seed, effect_size), post_start=START, seed=seed, draws=200, parameter_draws=20)


def test_a_planted_effect_of_two_noise_sds_is_found_in_most_runs():
    found = [measured(seed, 2.0) for seed in range(RUNS)]
    assert sum(e.low > 0 for e in found) >= RUNS - 2  # power
    assert abs(np.mean([e.average for e in found]) - 2.0) < 0.6


def test_without_an_effect_the_interval_covers_zero_in_most_runs():
    found = [measured(100 + seed, 0.0) for seed in range(RUNS)]
    assert sum(e.low <= 0 <= e.high for e in found) >= RUNS - 1


def row(**values):
    return {"id": 7, "start_on": pd.Timestamp("2026-09-01"), "status": "active", **values}


def test_an_initiative_live_fewer_than_three_months_is_not_yet_measurable():
    monthly = pd.DataFrame({"churn_rate": simulated(1, 0.0).to_numpy()}, index=MONTHS)
    start = MONTHS[-2]
    found = effect.measure_pair(row(start_on=start), "churn_rate", monthly=monthly, last=MONTHS[-1], controls=None)
    assert found["reason"] == "too_few_months" and found["months"] == 2
    assert found["measurable_from"] == start + pd.DateOffset(months=3)
    planned = effect.measure_pair(row(start_on=MONTHS[10], status="planned"), "churn_rate", monthly=monthly,
                                  last=MONTHS[-1], controls=None)
    assert planned["reason"] == "not_started"
    early = effect.measure_pair(row(start_on=MONTHS[3]), "churn_rate", monthly=monthly, last=MONTHS[-1],
                                controls=None)
    assert early["reason"] == "short_history"
    gaps = monthly.copy()
    gaps.iloc[26, 0] = np.nan
    assert effect.measure_pair(row(start_on=START), "churn_rate", monthly=gaps, last=MONTHS[-1],
                               controls=None)["reason"] == "gaps"
    empty = monthly.assign(churn_rate=np.nan)
    assert effect.measure_pair(row(start_on=START), "churn_rate", monthly=empty, last=MONTHS[-1],
                               controls=None)["reason"] == "no_values"


def test_the_verdict_reads_the_interval_with_the_kpis_direction():
    assert effect.verdict(-5.4, -4.6, "lower") == "improved"
    assert effect.verdict(-5.4, -4.6, "higher") == "worsened"
    assert effect.verdict(-0.3, 0.2, "higher") == "unclear"
    assert effect.verdict(np.nan, np.nan, "higher") == "unclear"


def test_controls_are_untouched_kpis_that_move_with_the_kpi_before_the_start():
    base = simulated(3, 0.0)
    rng = np.random.default_rng(4)
    monthly = pd.DataFrame({"first_response_hours": base, "price_spread": base * 2 + rng.normal(0, 0.1, len(base)),
                            "lead_conversion_rate": rng.normal(0, 1, len(base)),
                            "average_csat": base + rng.normal(0, 0.1, len(base))}, index=MONTHS)
    touched = effect.downstream({"retain"})
    assert {"retain", "satisfy_customers"} <= touched and "consistent_quotes" not in touched
    chosen = effect.objective_controls(monthly, monthly["first_response_hours"], START, touched=touched,
                                       linked_anywhere={"first_response_hours"})
    # csat is downstream of fast service (touched), the conversion rate does not move with it: the price spread only
    assert list(chosen.columns) == ["price_spread"]


def test_a_stored_measure_is_shown_only_while_the_start_is_the_one_measured():
    measured_rows = pd.DataFrame([{**dict.fromkeys(effect.COLUMNS), "initiative_id": 1, "kpi_id": "churn_rate",
                                   "start": pd.Timestamp("2025-05-01"), "average": -0.01, "low": -0.02, "high": 0.0}])
    links = pd.DataFrame({"initiative_id": [1, 1], "kpi_id": ["churn_rate", "crm_adoption"]})
    same = pd.DataFrame({"id": [1], "start_on": [pd.Timestamp("2025-05-01")]})
    now = effect.current(measured_rows, same, links)
    assert list(now["reason"].fillna("")) == ["", "pending"] and now["average"].iloc[0] == -0.01
    moved = effect.current(measured_rows, same.assign(start_on=pd.Timestamp("2025-06-01")), links)
    assert list(moved["reason"]) == ["pending", "pending"] and moved["average"].isna().all()
    assert list(effect.current(None, same, links)["reason"]) == ["pending", "pending"]


def test_earned_value_of_initiatives_uses_the_programs_formulas():
    found = pd.DataFrame({"id": [1, 2], "start_on": pd.to_datetime(["2026-01-01", "2026-12-01"]),
                          "end_on": pd.to_datetime(["2026-12-31", "2027-12-31"]), "budget": [1000.0, 500.0],
                          "actual_cost": [600.0, 0.0], "percent_complete": [50.0, 0.0]})
    ev = initiative_earned_value(found, as_of=pd.Timestamp("2026-07-01")).set_index("initiative_id")
    assert ev.at[1, "earned_value"] == 500 and ev.at[1, "cpi"] == pytest.approx(500 / 600)
    assert ev.at[1, "spi"] == pytest.approx(500 / (1000 * 182 / 365))
    assert np.isnan(ev.at[2, "cpi"]) and np.isnan(ev.at[2, "spi"])  # nothing spent, nothing planned yet


def test_a_red_kpi_without_an_active_initiative_is_flagged():
    card = pd.DataFrame({"id": ["churn_rate", "first_response_hours", "crm_adoption", "revenue"],
                         "status": ["red", "red", "red", "green"]})
    initiatives = pd.DataFrame({"id": [1, 2, 3, 4], "status": ["active", "done", "planned", "active"],
                                "start_on": pd.to_datetime(["2026-01-01", "2025-01-01", "2027-01-01", "2025-01-01"]),
                                "end_on": pd.to_datetime(["2026-12-31", "2026-12-31", "2027-12-31", "2026-06-30"])})
    kpis = pd.DataFrame({"initiative_id": [2, 3, 4], "kpi_id": ["churn_rate", "churn_rate", "churn_rate"]})
    objectives = pd.DataFrame({"initiative_id": [1], "objective_id": ["retain"]})  # first response's objective
    covered = covered_kpis(initiatives, kpis, objectives, today=pd.Timestamp("2026-10-31"))
    # a done, a planned and an overdue initiative do not cover churn; the objective link covers first response
    assert red_without_initiative(card, covered) == ["churn_rate", "crm_adoption"]
    assert red_without_initiative(card, covered | {"churn_rate", "crm_adoption"}) == []


def test_the_refresh_finds_the_effects_the_demo_plants(demo_store):
    stored = effect.stored(demo_store).set_index(["initiative_id", "kpi_id"])
    planted = {(1, "first_response_hours"): -5.0,  # median first response 8 h before go-live, 3 h after
               (1, "on_time_delivery"): 0.08,  # 85% -> 93%
               (2, "crm_adoption"): 0.5}  # 35% -> 85% of customer-facing staff active
    for pair, size in planted.items():
        assert stored.loc[pair, "low"] < size < stored.loc[pair, "high"], pair
        assert stored.loc[pair, "months"] == 18 and pd.isna(stored.loc[pair, "reason"])
    assert stored.loc[(4, "cross_sell_rate"), "low"] < 0 < stored.loc[(4, "cross_sell_rate"), "high"]  # none planted
    assert stored.loc[(5, "price_spread"), "reason"] == "too_few_months"


def test_an_initiative_in_one_region_is_compared_with_the_rest_of_the_company(demo_store, tmp_path):
    import shutil

    import duckdb

    from metrics.base.store import Store

    path = tmp_path / "store.duckdb"
    shutil.copy(demo_store.path, path)
    connection = duckdb.connect(str(path))
    try:
        connection.execute("DELETE FROM initiative_kpi WHERE initiative_id <> 1 OR kpi_id <> 'first_response_hours'")
        connection.execute("DELETE FROM initiative_objective")
        connection.execute("UPDATE initiative SET region = 'East' WHERE id = 1")
        connection.execute("DELETE FROM initiative WHERE id <> 1")
        found = effect.compute(Store.building(connection, path))
    finally:
        connection.close()
    [row] = found.to_dict("records")
    # the go-live cut response times in every region: against the rest of the company, East moved no more
    assert row["controls_text"] == "rest_of_company" and row["low"] < 0 < row["high"]
