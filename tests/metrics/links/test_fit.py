"""Strategy-map link tests: the estimators on series with a known answer, the q-values by hand, the CLI."""

import json

import numpy as np
import pandas as pd
import pytest

from cli.metrics import main
from metrics.links import fit as links
from metrics.links import what_if
from metrics.scorecard.strategy import LINK_KPIS, LINKS


def ar1(rng, n, phi=0.6, sd=1.0):
    out = np.zeros(n)
    for t in range(1, n):
        out[t] = phi * out[t - 1] + rng.normal(0, sd)
    return out


def test_every_link_has_kpi_pairs_of_its_own_objectives():
    from metrics.scorecard.registry import get

    assert set(LINK_KPIS) == set(LINKS)
    for (source, target), kpi_pairs in LINK_KPIS.items():
        assert kpi_pairs
        for x, y in kpi_pairs:
            assert get(x).objective == source and get(y).objective == target


def test_time_series_recovers_a_planted_lag_and_slope():
    rng = np.random.default_rng(3)
    n = 36
    x = ar1(rng, n + 2, sd=2.0)
    t = np.arange(n)
    y = 5 + 0.05 * t + 0.5 * x[:-2] + rng.normal(0, 0.3, n)  # y_t depends on x_{t-2}
    fit = links.fit_time_series(pd.Series(x[2:]), pd.Series(y))
    assert fit["lag_months"] == 2
    assert fit["ci_low"] < 0.5 < fit["ci_high"] and fit["ci_low"] > 0
    # the point estimate is plain least squares of y_t on (1, t, x_{t-2}) over the rows where the lag exists
    xs, ys, ts = x[2:][:-2], y[2:], t[2:]
    slope = np.linalg.lstsq(np.column_stack([np.ones(n - 2), ts, xs]), ys, rcond=None)[0][2]
    assert fit["effect"] == pytest.approx(slope, rel=1e-9)
    assert fit["n"] == n - 2


def test_time_series_says_untestable_for_a_flat_or_short_source():
    y = pd.Series(np.arange(36, dtype=float))
    assert links.fit_time_series(pd.Series(np.ones(36)), y) is None
    assert links.fit_time_series(pd.Series(np.arange(8.0)), pd.Series(np.arange(8.0))) is None


def test_panel_fixed_effects_remove_a_shared_month_shock():
    """Each month hits every unit alike and moves x and y together; only the unit-level slope is 1.5."""
    rng = np.random.default_rng(11)
    units, months = 8, 36
    shock = rng.normal(0, 3, months)
    rows = []
    for u in range(units):
        x = ar1(rng, months + 1) + 2 * shock[np.r_[0, :months]]
        for m in range(months):
            y = 10 * u + 4 * shock[m] + 1.5 * x[m] + rng.normal(0, 0.5)  # x[m] is the source one month before
            rows.append({"unit": f"u{u}", "period": pd.Timestamp(2024, 1, 1) + pd.DateOffset(months=m),
                         "src": x[m + 1], "tgt": y})
    frame = pd.DataFrame(rows).set_index(["unit", "period"])
    fit = links.fit_panel(frame, "src", "tgt")
    assert fit["lag_months"] == 1
    assert fit["ci_low"] < 1.5 < fit["ci_high"]
    assert fit["ci_high"] - fit["ci_low"] < 0.5
    assert fit["n"] == units * (months - 1)


def test_q_values_are_benjamini_hochberg_and_evidence_follows_sign():
    monthly = pd.DataFrame()
    table = links.fit_pairs(monthly)  # nothing measurable: every link keeps one row, not measured
    assert set(zip(table.source_objective, table.target_objective, strict=True)) == set(LINKS)
    assert (table["method"] == "not_measured").all() and (table["evidence"] == "not_yet").all()

    p = np.array([0.001, 0.04, 0.03, 0.5])
    # by hand: sorted 0.001, 0.03, 0.04, 0.5 -> p*m/rank = 0.004, 0.06, 0.0533, 0.5 -> running min from the top
    expected = {0.001: 0.004, 0.03: 0.0533333, 0.04: 0.0533333, 0.5: 0.5}
    from statsmodels.stats.multitest import multipletests

    q = multipletests(p, method="fdr_bh")[1]
    assert [round(v, 6) for v in q] == [round(expected[v], 6) for v in p]
    row = {"q_value": 0.01, "effect": -0.1, "expected_sign": -1}
    assert links.row_evidence(row) == "supported"
    assert links.row_evidence({**row, "effect": 0.1}) == "contradicted"
    assert links.row_evidence({**row, "q_value": 0.2}) == "not_yet"
    assert links.expected_sign("first_response_hours", "average_csat") == -1
    assert links.expected_sign("average_csat", "net_promoter_score") == 1


def test_refresh_stores_every_link_and_the_cli_prints_them(demo_url, demo_store, capsys):
    table = links.read(demo_store)
    assert set(zip(table.source_objective, table.target_objective, strict=True)) == set(LINKS)
    tested = table[table["p_value"].notna()]
    assert len(tested) >= len(LINKS)
    assert (tested["ci_low"] <= tested["effect"]).all() and (tested["effect"] <= tested["ci_high"]).all()
    assert tested["q_value"].between(0, 1).all() and (tested["q_value"] >= tested["p_value"] - 1e-12).all()
    assert tested["lag_months"].between(0, links.MAX_LAG).all()
    assert main(["links", "--json", "--database-url", demo_url]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert len(rows) == len(table)
    for field in ("source_objective", "target_objective", "source_kpi", "target_kpi", "lag_months", "effect",
                  "ci_low", "ci_high", "p_value", "q_value", "n", "method"):
        assert field in rows[0]
    assert main(["links", "--database-url", demo_url]) == 0
    assert "first_response_hours -> average_csat" in capsys.readouterr().out


def test_what_if_multiplies_effects_along_the_chain_and_widens_with_their_uncertainty():
    def fitted(source, target, effect, half_width, lag):
        return {"source_kpi": source, "target_kpi": target, "method": "time_series", "effect": effect,
                "ci_low": effect - half_width, "ci_high": effect + half_width, "lag_months": lag,
                "evidence": "supported"}

    table = pd.DataFrame([fitted("first_response_hours", "average_csat", -0.1, 1e-9, 2),
                          fitted("average_csat", "churn_rate", -0.01, 1e-9, 3),
                          fitted("retention_rate", "cost_to_serve", -50.0, 1e-9, 1)])
    result = what_if.what_if(table, {"first_response_hours": -2.0}).set_index("kpi_id")
    # by hand: -2 h x -0.1 = +0.2 CSAT; x -0.01 = -0.002 churn; retention = -churn = +0.002; x -50 = -0.1
    assert result.loc["average_csat", "change"] == pytest.approx(0.2)
    assert result.loc["churn_rate", "change"] == pytest.approx(-0.002)
    assert result.loc["retention_rate", "change"] == pytest.approx(0.002)
    assert result.loc["cost_to_serve", "change"] == pytest.approx(-0.1)
    assert result.loc["cost_to_serve", "months"] == 6  # 2 + 3 + 0 + 1
    assert "net_promoter_score" not in result.index
    # a wide first link: the interval of the CSAT change is +-2 x its half-width, at 95%
    wide = what_if.what_if(pd.DataFrame([fitted("first_response_hours", "average_csat", -0.1, 0.1, 2)]),
                         {"first_response_hours": -2.0}, draws=20_000).set_index("kpi_id")
    assert wide.loc["average_csat", "low"] == pytest.approx(0.0, abs=0.01)
    assert wide.loc["average_csat", "high"] == pytest.approx(0.4, abs=0.01)
