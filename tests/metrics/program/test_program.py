"""CRM program figures: earned value on a literal fixture, NPV and payback by hand, the planted benefit."""

import json
import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cli import metrics as cli
from data.demo.company import GO_LIVE, program_saving
from metrics.program import returns as pg_return
from metrics.program import tables as pg
from metrics.program.cost import earned_value
from metrics.program.indicators import benchmark_gaps, running_share
from metrics.program.returns import discount_factors, payback_month, program_returns

T = pd.Timestamp


def _steps() -> pd.DataFrame:
    # step 1: 2024-01-01..2024-01-31 (31 days), budget 1000, 100% done
    # step 2: 2024-02-01..2024-03-31 (60 days), budget 600, 25% done, as of 2024-02-15 (15 days elapsed)
    # step 3: starts 2024-04-01, budget 500, nothing planned or spent yet
    return pd.DataFrame({
        "id": [1, 2, 3], "phase": [1, 1, 2],
        "planned_start": [T("2024-01-01"), T("2024-02-01"), T("2024-04-01")],
        "planned_end": [T("2024-01-31"), T("2024-03-31"), T("2024-05-31")],
        "actual_start": [T("2024-01-03"), T("2024-02-05"), pd.NaT],
        "actual_end": [T("2024-02-02"), pd.NaT, pd.NaT],
        "budget": [1000.0, 600.0, 500.0], "percent_complete": [100.0, 25.0, 0.0],
    })


def _costs() -> pd.DataFrame:
    return pd.DataFrame({
        "step_id": [1, 1, 2, 2], "category": ["staff"] * 4, "amount": [700.0, 300.0, 200.0, 999.0],
        "incurred_on": [T("2024-01-10"), T("2024-01-30"), T("2024-02-10"), T("2024-02-20")],
    })


def test_earned_value_on_a_literal_fixture():
    ev = earned_value(_steps(), _costs(), as_of="2024-02-15").set_index("step_id")
    # step 1: EV 1000, PV 1000, AC 1000 -> CPI 1, SPI 1
    assert ev.loc[1, ["earned_value", "planned_value", "actual_cost", "cpi", "spi"]].tolist() == [1000, 1000, 1000,
                                                                                                 1, 1]
    # step 2: EV 600 x 25% = 150; PV 600 x 15/60 = 150; AC 200 (the 999 comes after the as-of day)
    assert ev.loc[2, "earned_value"] == 150
    assert ev.loc[2, "planned_value"] == pytest.approx(150)
    assert ev.loc[2, "actual_cost"] == 200
    assert ev.loc[2, "cpi"] == pytest.approx(0.75)
    assert ev.loc[2, "spi"] == pytest.approx(1.0)
    # step 3: nothing planned, nothing spent: the ratios are unknown, not zero
    assert np.isnan(ev.loc[3, "cpi"]) and np.isnan(ev.loc[3, "spi"])
    # the program: EV 1150, PV 1150, AC 1200
    assert ev.loc[0, "cpi"] == pytest.approx(1150 / 1200)
    assert ev.loc[0, "spi"] == pytest.approx(1.0)


def test_npv_roi_and_payback_against_hand_computed_cash_flows():
    # costs 1000 in January, 100 in February; benefits 400 a month from February to May; 12% a year
    # compounded monthly: 1% a month. Discount factors 1, 1/1.01, 1/1.01^2, ...
    months = pd.date_range("2024-01-01", periods=5, freq="MS")
    cost = pd.Series([1000.0, 100.0], index=months[:2])
    benefit = pd.Series([400.0] * 4, index=months[1:])
    draws = np.tile(benefit.to_numpy(), (5, 1))  # every path the same: the interval collapses on the point
    r = program_returns(cost, benefit, draws, rate=0.12)
    pv_cost = 1000 + 100 / 1.01
    pv_benefit = sum(400 / 1.01**t for t in (1, 2, 3, 4))
    assert r.pv_cost == pytest.approx(pv_cost)
    assert r.pv_benefit == pytest.approx(pv_benefit)
    assert r.npv == pytest.approx(pv_benefit - pv_cost)
    assert r.npv == pytest.approx(461.7763, abs=1e-3)  # 400 x 3.901965 - 1099.0099
    assert r.roi == pytest.approx((pv_benefit - pv_cost) / pv_cost)
    assert r.npv_low == pytest.approx(r.npv) and r.npv_high == pytest.approx(r.npv)
    # cumulative discounted net: -1000, -1000-99.01+396.04=-702.97, -310.85, +77.38 -> paid back in April
    assert r.payback == T("2024-04-01")
    assert r.paid_back_by.loc["2024-03-01"] == 0 and r.paid_back_by.loc["2024-04-01"] == 1
    assert r.probability_roi_positive == 1


def test_payback_is_the_month_from_which_the_program_stays_ahead():
    assert payback_month(np.array([-10.0, 20, -30, 40])).tolist() == [3]  # ahead in month 1, behind again in 2
    assert payback_month(np.array([-10.0, 5, 1])).tolist() == [-1]  # not yet
    assert payback_month(np.array([[5.0, 1], [-5.0, 6]])).tolist() == [0, 1]


def _program(costs: pd.DataFrame) -> pg.Program:
    empty = pd.DataFrame()
    return pg.Program(_steps(), costs, empty, empty, empty)


def test_phase_months_are_cut_at_each_phase_start():
    # phase 1 starts with step 1 on 3 January 2024 (actual), phase 2 with step 3's planned 1 April
    periods = pg_return.phase_periods(_steps())
    assert periods["phase"].tolist() == [1, 2]
    assert periods["first_month"].tolist() == [T("2024-01-01"), T("2024-04-01")]
    assert periods["last_month"].iloc[0] == T("2024-03-01") and pd.isna(periods["last_month"].iloc[1])


def test_phase_benefits_add_up_to_the_whole_benefit_and_say_nothing_before_go_live():
    # benefit from February to June 2024: phase 1 holds February and March, phase 2 April to June
    months = pd.date_range("2024-02-01", periods=5, freq="MS")
    impact = pd.DataFrame({"effect": [10.0, 20.0, 30.0, 40.0, 50.0]}, index=months)
    rng = np.random.default_rng(3)
    draws = impact["effect"].to_numpy() + rng.normal(0, 5, size=(400, 5))
    phases = pg_return.phase_benefits(_steps(), impact, draws).set_index("phase")
    assert phases.loc[1, "benefit"] == 30 and phases.loc[2, "benefit"] == 120
    assert phases["benefit"].sum() == pytest.approx(10 + 20 + 30 + 40 + 50)
    assert phases["months"].tolist() == [2, 3]
    # the interval is that of the phase's summed paths, not the sum of monthly bounds
    assert phases.loc[2, "benefit_low"] == pytest.approx(np.quantile(draws[:, 2:].sum(axis=1), 0.025))
    assert phases.loc[2, "benefit_high"] == pytest.approx(np.quantile(draws[:, 2:].sum(axis=1), 0.975))
    # a go-live in May: phase 1 has no measured benefit (unknown, not 0)
    late = pg_return.phase_benefits(_steps(), impact.iloc[3:], draws[:, 3:]).set_index("phase")
    assert late.loc[1, "months"] == 0 and np.isnan(late.loc[1, "benefit"]) and np.isnan(late.loc[1, "benefit_low"])


@given(effects=st.lists(st.floats(-1e6, 1e6), min_size=1, max_size=30), offset=st.integers(-6, 6))
@settings(max_examples=60, deadline=None)
def test_phase_benefits_always_sum_to_the_monthly_series(effects, offset):
    months = pd.date_range(T("2024-03-01") + pd.DateOffset(months=offset), periods=len(effects), freq="MS")
    impact = pd.DataFrame({"effect": effects}, index=months)
    draws = np.tile(np.array(effects), (3, 1))
    phases = pg_return.phase_benefits(_steps(), impact, draws)
    assert phases["months"].sum() == len(effects)
    assert np.nansum(phases["benefit"]) == pytest.approx(math.fsum(effects), abs=1e-6)


def test_cost_by_step_is_the_actual_cost_incurred():
    costs = pg_return.step_costs(_program(_costs())).set_index("step_id")
    assert costs["actual_cost"].tolist() == [1000, 1199, 0]  # 700 + 300; 200 + 999; step 3 spent nothing
    assert costs["budget"].tolist() == [1000, 600, 500] and costs["phase"].tolist() == [1, 1, 2]


def test_each_month_goes_to_the_steps_running_then():
    months = pd.date_range("2024-01-01", periods=4, freq="MS")
    share = running_share(_steps(), months, today=T("2024-03-15"))
    assert share.sum(axis=1).tolist() == [1, 1, 1, 1]
    assert share.loc["2024-01-01"].tolist() == [1, 0, 0]
    assert share.loc["2024-02-01"].tolist() == [0.5, 0.5, 0]  # step 1 ran to 2 February
    assert share.loc["2024-04-01"].tolist() == [0, 1, 0]  # step 2 still running (no actual end): runs to today


def test_discount_is_annual_compounded_monthly():
    months = pd.date_range("2024-01-01", periods=13, freq="MS")
    factor = discount_factors(months, start=months[0], rate=0.10)
    assert factor[12] == pytest.approx(1 / (1 + 0.10 / 12) ** 12)


@pytest.fixture(scope="module")
def stored(demo_store):
    return pg.read_impact(demo_store)


def test_the_counterfactual_covers_the_planted_program_benefit(demo_store, stored):
    """Planted effect 10 (data.demo.builder): unit costs lower by program_saving(month) from go-live; the benefit of
    a month is its cost of goods x s / (1 - s), computed here from the order lines and the generating rule."""
    cost = demo_store.query("SELECT month, CAST(sum(cost) AS DOUBLE) AS cost FROM sales GROUP BY month ORDER BY month")
    months = pd.to_datetime(cost["month"])
    index = (months.dt.year - 2023) * 12 + months.dt.month - 11
    saving = program_saving(index.to_numpy())
    planted = float((cost["cost"] * saving / (1 - saving)).sum())
    main = stored.checks.set_index("kind").loc["main"]
    assert pd.Timestamp(main["post_start"]) == pd.Timestamp(str(GO_LIVE))
    assert planted > 10e6
    assert main["cumulative_low"] <= planted <= main["cumulative_high"]
    # at 3,000 customers machine sales make monthly margin too noisy to tell 35 million from none
    # (the interval reaches below zero); at 100,000 customers it is found (README)
    assert main["cumulative_high"] < 4 * planted


def test_a_placebo_go_live_shows_no_effect(stored):
    placebo = stored.checks.set_index("kind").loc["placebo"]
    assert pd.Timestamp(placebo["post_start"]) == pd.Timestamp(str(GO_LIVE)) - pd.DateOffset(months=pg.PLACEBO_MONTHS)
    assert placebo["cumulative_low"] <= 0 <= placebo["cumulative_high"]
    assert not placebo["detected"]


def test_stored_draws_reproduce_the_stored_interval(stored):
    cumulative = stored.draws.sum(axis=1)
    last = stored.frame.iloc[-1]
    assert np.quantile(cumulative, 0.025) == pytest.approx(last["cumulative_low"])
    assert np.quantile(cumulative, 0.975) == pytest.approx(last["cumulative_high"])


def test_benchmark_band_and_gap():
    benchmarks = pd.DataFrame({"step_id": [1, 1], "kpi_id": ["x", "x"], "before": [10.0, 10.0],
                               "after": [11.0, 13.0], "illustrative": [True, True]})
    months = pd.date_range("2023-10-01", periods=8, freq="MS")
    kpi = pd.DataFrame({"kpi_id": "x", "month": months, "value": [10.0, 10, 10, 10, 10, 10, 15, 15]})
    steps = _steps()
    gaps = benchmark_gaps(benchmarks.assign(months=1), kpi, steps, {"x": "higher"}).iloc[0]
    # band +10%..+30%; ours: 3 months before January = 10, one month after the 2 February end (March) = 10
    assert (gaps["band_low"], gaps["band_high"]) == pytest.approx((0.1, 0.3))
    assert gaps["ours"] == pytest.approx(0.0)
    assert gaps["gap"] == pytest.approx(-0.1)


def test_cli_prints_phases_costs_npv_and_payback(demo_url, capsys):
    assert cli.main(["program", "--json", "--rate", "0.08", "--database-url", demo_url]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["rate"] == 0.08 and data["roi_definition"] == "(PV benefits - PV costs) / PV costs"
    assert [s["step_id"] for s in data["steps"]] == list(range(1, 13))
    assert not any("roi" in s for s in data["steps"])  # no return per step
    measured = [p for p in data["phases"] if p["months"]]
    assert all(p["benefit_low"] <= p["benefit"] <= p["benefit_high"] for p in measured)
    assert "association, not proof" in data["caveat"]
    assert data["npv_low"] <= data["npv"] <= data["npv_high"]
    assert cli.main(["program", "--lang", "zh", "--database-url", demo_url]) == 0
    out = capsys.readouterr().out
    assert "折现率" in out and "回本月份" in out and "关联，而非因果证明" in out


def test_cli_rejects_a_bad_rate(demo_url, capsys):
    assert cli.main(["program", "--rate", "7", "--database-url", demo_url]) == 2
    assert "--rate" in capsys.readouterr().err
