"""Lifetime values precomputed at refresh: stored with their fits, NULL for lost customers, read without
fitting, and a delta-method segment interval that matches parameter draws."""

from datetime import date

import numpy as np
import pandas as pd
import pytest

from metrics.base.filters import Filters
from metrics.customers import clv, lifetime

END = date(2026, 11, 1)  # the demo's latest month is 2026-10
F = Filters(date(2026, 10, 1), date(2026, 10, 1))


@pytest.fixture(scope="module")
def values(demo_store):
    return lifetime.lifetime_values(demo_store, F)


def test_the_refresh_stores_the_fits_with_standard_errors(demo_store):
    fit = demo_store.query("SELECT * FROM lifetime_fit")
    assert set(fit["param"]) == {"r", "alpha", "a", "b", "p", "q", "gamma"}
    assert (fit["se"] > 0).all() and (fit["value"] > 0).all()
    assert set(fit["calibration_end"].astype(str)) == {str(END)}
    stored = demo_store.query("SELECT count(*) AS n FROM customer_lifetime")["n"].iloc[0]
    with_orders = demo_store.query("SELECT count(DISTINCT customer_id) AS n FROM sales WHERE ordered_on < $end",
                                   {"end": END})["n"].iloc[0]
    assert stored == with_orders


def test_the_default_period_reads_without_fitting(demo_store, monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("fitted on the request path")

    monkeypatch.setattr(clv, "fit_bgnbd", refuse)
    monkeypatch.setattr(clv, "fit_gamma_gamma", refuse)
    east = lifetime.lifetime_values(demo_store, Filters(F.start, F.end, region=("East",)))
    assert len(east.table) and (east.table["region"] == "East").all()


def test_lost_customers_have_no_lifetime_value_and_no_probability_alive(demo_store, values):
    lost = set(demo_store.query("SELECT id FROM customer WHERE churned_on < $end", {"end": END})["id"])
    table = values.table.set_index("customer_id")
    assert lost & set(table.index)
    gone = table.loc[sorted(lost & set(table.index))]
    assert gone[["clv", "p_alive", "expected_purchases"]].isna().all().all()
    kept = table.drop(index=sorted(lost & set(table.index)))
    assert np.isfinite(kept[["clv", "p_alive", "expected_purchases"]]).all().all()
    assert lifetime.segment_forecast(values, gone.index)["value"].tolist() == [0.0, 0.0]


def _draw_interval(values: lifetime.LifetimeValues, ids, draws: int) -> dict[str, tuple[float, float]]:
    """The reference: sum the customers' scores at ``draws`` parameter vectors drawn from the fits' normal
    approximation, and take the 5% and 95% quantiles (the 100-draw method the pages used before)."""
    rows = values.table[values.table["customer_id"].isin(ids) & ~values.table["churned"]]
    params = values.fit.set_index("param")["value"]
    cov = values.cov.to_numpy()
    rng = np.random.default_rng(1)
    bgnbd, gg = clv.BgNbdFit(None), clv.GammaGammaFit(None)
    x, t_x, T, m = (rows[c].to_numpy() for c in ("frequency", "recency", "T", "monetary_value"))
    purchases, value = [], []
    for theta in rng.multivariate_normal(params[list(lifetime.PARAMS)].to_numpy(), cov, size=draws):
        b, g = theta[:4], theta[4:]
        if (theta <= 0).any() or g[1] <= 1:
            continue
        purchases.append(bgnbd.conditional_expected_purchases(12, x, t_x, T, b).sum())
        value.append((clv.customer_lifetime_value(bgnbd, gg, x, t_x, T, m, horizon=12, discount_rate=0.01,
                                                  purchase_params=b, spend_params=g) * rows["margin_rate"]).sum())
    return {"expected_purchases": tuple(np.quantile(purchases, [0.05, 0.95])),
            "clv": tuple(np.quantile(value, [0.05, 0.95]))}


@pytest.mark.parametrize("group", ["first_300", "direct", "everyone"])
def test_delta_interval_matches_parameter_draws(values, group):
    table = values.table
    ids = {"first_300": table["customer_id"][:300], "direct": table.loc[table["channel"] == "direct", "customer_id"],
           "everyone": table["customer_id"]}[group]
    delta = lifetime.segment_forecast(values, ids).set_index("statistic")
    drawn = _draw_interval(values, set(ids), draws=2000)
    for statistic, (low, high) in drawn.items():
        width = high - low
        assert width > 0
        assert delta.loc[statistic, "low"] == pytest.approx(low, abs=0.1 * width)
        assert delta.loc[statistic, "high"] == pytest.approx(high, abs=0.1 * width)
        assert delta.loc[statistic, "low"] < delta.loc[statistic, "value"] < delta.loc[statistic, "high"]


def test_the_point_scores_follow_the_published_formulas(values):
    # an independent recomputation of one repeat buyer's 12-month CLV from the stored parameters, by hand:
    # expected purchases in each month (FHL 2005 eq. 10 differences) x Gamma-Gamma spend (eq. 6) x margin, discounted
    row = values.table[(values.table["frequency"] > 2) & ~values.table["churned"]].iloc[0]
    r, alpha, a, b, p, q, gamma = values.fit.set_index("param")["value"][list(lifetime.PARAMS)]
    from scipy.special import hyp2f1

    def cumulative(t):
        x, t_x, T = row["frequency"], row["recency"], row["T"]
        z = t / (alpha + T + t)
        top = (a + b + x - 1) / (a - 1) * (1 - ((alpha + T) / (alpha + T + t)) ** (r + x)
                                            * hyp2f1(r + x, b + x, a + b + x - 1, z))
        return top / (1 + a / (b + x - 1) * ((alpha + T) / (alpha + t_x)) ** (r + x))

    spend = p * (gamma + row["frequency"] * row["monetary_value"]) / (p * row["frequency"] + q - 1)
    by_hand = sum((cumulative(k) - cumulative(k - 1)) * spend / 1.01 ** k for k in range(1, 13)) * row["margin_rate"]
    assert row["clv"] == pytest.approx(by_hand, rel=1e-9)
    assert row["expected_purchases"] == pytest.approx(cumulative(12), rel=1e-9)
    assert isinstance(values.table, pd.DataFrame)
