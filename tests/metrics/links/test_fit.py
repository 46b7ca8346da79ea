"""Strategy-map link tests: the panel estimator on series with a known answer, the q-values by hand, the roll-up
per link, the stored table and the CLI."""

import json

import numpy as np
import pandas as pd
import pytest

from cli.metrics import main
from metrics.links import fit as links
from metrics.links import what_if
from metrics.links.panel import panel_evidence
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
    fit = panel_evidence(frame, "src", "tgt", expected_sign=1)
    assert fit.lag_months == 1 and fit.verdict == "supported"
    assert fit.ci_low < 1.5 < fit.ci_high
    assert fit.ci_high - fit.ci_low < 0.5
    assert fit.n == units * (months - 7)
    assert panel_evidence(frame.iloc[:40], "src", "tgt", expected_sign=1).verdict == "not_enough_data"
    assert "not measured per region" in panel_evidence(frame, "src", "other", expected_sign=1).reason


def test_every_link_keeps_a_row_and_says_why_when_nothing_is_measured():
    table = links.fit_pairs(pd.DataFrame())
    assert set(zip(table.source_objective, table.target_objective, strict=True)) == set(LINKS)
    assert (table["evidence"] == "not_enough_data").all() and table["reason"].str.len().gt(0).all()
    assert set(links.link_evidence(table).values()) == {"not_enough_data"}


def test_q_values_are_benjamini_hochberg_over_the_measured_rows_and_evidence_follows_sign():
    rng = np.random.default_rng(1)
    months = pd.date_range("2024-01-01", periods=36, freq="MS")
    kpis = sorted({k for _, _, x, y in links.pairs() for k in (x, y)})
    monthly = pd.DataFrame({k: np.cumsum(rng.normal(size=36)) for k in kpis}, index=months)
    monthly["average_csat"] = np.nan  # one KPI without data: its pairs are not measured
    table = links.fit_pairs(monthly, replicates=99)
    measured = table[table["p_value"].notna()]
    assert (table.loc[table["p_value"].isna(), "evidence"] == "not_enough_data").all()
    # by hand: q_(i) = min over j >= i of p_(j) * m / j, in the order of p
    p = measured["p_value"].to_numpy()
    order = np.argsort(p)
    by_rank = p[order] * len(p) / np.arange(1, len(p) + 1)
    q = np.minimum.accumulate(by_rank[::-1])[::-1].clip(max=1)
    assert measured["q_value"].to_numpy()[order] == pytest.approx(q)
    for r in measured.to_dict("records"):
        expected = "not_shown" if r["q_value"] >= 0.05 else \
            "supported" if np.sign(r["effect"]) == r["expected_sign"] else "contradicted"
        assert r["evidence"] == expected
    assert links.expected_sign("first_response_hours", "average_csat") == -1
    assert links.expected_sign("average_csat", "net_promoter_score") == 1


def test_a_link_is_supported_by_any_row_else_contradicted_else_not_shown_else_not_enough_data():
    def rows(*evidence):
        return pd.DataFrame({"source_objective": "a", "target_objective": "b", "evidence": list(evidence)})

    assert links.link_evidence(rows("not_shown", "supported", "contradicted")) == {("a", "b"): "supported"}
    assert links.link_evidence(rows("not_shown", "contradicted")) == {("a", "b"): "contradicted"}
    assert links.link_evidence(rows("not_enough_data", "not_shown")) == {("a", "b"): "not_shown"}
    assert links.link_evidence(rows("not_enough_data")) == {("a", "b"): "not_enough_data"}


def test_refresh_stores_every_link_and_the_cli_prints_them(demo_url, demo_store, capsys):
    table = links.read(demo_store)
    assert set(zip(table.source_objective, table.target_objective, strict=True)) == set(LINKS)
    tested = table[table["p_value"].notna()]
    assert len(tested) >= len(LINKS)
    assert (tested["ci_low"] <= tested["effect"]).all() and (tested["effect"] <= tested["ci_high"]).all()
    assert tested["q_value"].between(0, 1).all() and (tested["q_value"] >= tested["p_value"] - 1e-12).all()
    assert tested["lag_months"].between(0, links.MAX_LAG).all()
    assert set(table["evidence"]) <= {"supported", "contradicted", "not_shown", "not_enough_data"}
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


def test_what_if_follows_no_link_without_enough_data():
    table = pd.DataFrame([{"source_kpi": "first_response_hours", "target_kpi": "average_csat",
                           "method": "time_series", "effect": float("nan"), "ci_low": float("nan"),
                           "ci_high": float("nan"), "lag_months": pd.NA, "evidence": "not_enough_data"}])
    assert what_if.chain(table).empty
    result = what_if.what_if(table, {"first_response_hours": -2.0})
    assert list(result["kpi_id"]) == ["first_response_hours"]
