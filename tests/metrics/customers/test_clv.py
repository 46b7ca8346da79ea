"""CLV fits against published maximum-likelihood estimates on CDNOW, and on the demo company."""

import importlib.util
from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from metrics.base.filters import Filters
from metrics.customers import clv, lifetime


@pytest.fixture(scope="module")
def cdnow() -> pd.DataFrame:
    """The CDNOW summary (2,357 customers, weeks) that the lifetimes package ships."""
    folder = Path(importlib.util.find_spec("lifetimes").submodule_search_locations[0]) / "datasets"
    return pd.read_csv(folder / "cdnow_customers_summary_with_transactions.csv")


@pytest.fixture(scope="module")
def cdnow_fit(cdnow) -> clv.BgNbdFit:
    return clv.fit_bgnbd(cdnow["x"], cdnow["t_x"], cdnow["T"])


def three_digits(value: float) -> float:
    return float(f"{value:.3g}")


def test_bgnbd_reproduces_fader_hardie_lee_2005(cdnow):
    fit = clv.fit_bgnbd(cdnow["x"], cdnow["t_x"], cdnow["T"])
    published = {"r": 0.243, "alpha": 4.41, "a": 0.793, "b": 2.43}  # FHL (2005), table 1, to 3 digits
    assert {k: three_digits(v) for k, v in fit.params.items()} == published
    assert fit.result.llf == pytest.approx(-9582.4, abs=0.05)
    assert (fit.bse > 0).all() and "alpha" in str(fit.summary())


def test_bgnbd_predictions_match_the_paper(cdnow):
    fit = clv.fit_bgnbd(cdnow["x"], cdnow["t_x"], cdnow["T"])
    # FHL (2005), section 5: customer with x=2, t_x=30.43, T=38.86 expects 1.226 purchases in 39 weeks
    assert fit.conditional_expected_purchases(39, 2, 30.43, 38.86) == pytest.approx(1.226, abs=0.001)
    assert fit.probability_alive(0, 0, 38.86) == 1.0
    alive = fit.probability_alive(cdnow["x"], cdnow["t_x"], cdnow["T"])
    assert ((alive > 0) & (alive <= 1)).all()


def test_gamma_gamma_reproduces_fader_hardie_2013(cdnow):
    fit = clv.fit_gamma_gamma(cdnow["x"], cdnow["zbar"])
    assert {k: three_digits(v) for k, v in fit.params.items()} == {"p": 6.25, "q": 3.74, "gamma": 15.4}
    p, q, gamma = fit.params
    spend = fit.conditional_expected_average_profit(cdnow["x"], cdnow["zbar"])
    repeaters = cdnow["x"] > 0
    # eq. 6 is a weighted mean of the population mean and the customer's own mean
    weight = (q - 1) / (p * cdnow["x"][repeaters] + q - 1)
    expected = weight * p * gamma / (q - 1) + (1 - weight) * cdnow["zbar"][repeaters]
    np.testing.assert_allclose(spend[repeaters], expected, rtol=1e-12)


def test_lifetime_value_discounts_and_grows_with_the_horizon(cdnow):
    purchases = clv.fit_bgnbd(cdnow["x"], cdnow["t_x"], cdnow["T"])
    spend = clv.fit_gamma_gamma(cdnow["x"], cdnow["zbar"])
    args = (purchases, spend, cdnow["x"][:50], cdnow["t_x"][:50], cdnow["T"][:50], cdnow["zbar"][:50])
    short, long = clv.customer_lifetime_value(*args, horizon=12), clv.customer_lifetime_value(*args, horizon=52)
    undiscounted = clv.customer_lifetime_value(*args, horizon=52, discount_rate=0.0)
    assert (long >= short).all() and (undiscounted >= long).all()
    expected = purchases.conditional_expected_purchases(52, *args[2:5]) * spend.conditional_expected_average_profit(
        args[2], args[5])
    np.testing.assert_allclose(undiscounted, expected, rtol=1e-9)


def test_intervals_contain_the_point_estimate(cdnow):
    fit = clv.fit_bgnbd(cdnow["x"], cdnow["t_x"], cdnow["T"])
    point = fit.conditional_expected_purchases(52, cdnow["x"], cdnow["t_x"], cdnow["T"]).sum()
    low, high = clv.interval(lambda p: fit.conditional_expected_purchases(52, cdnow["x"], cdnow["t_x"], cdnow["T"],
                                                                          p).sum(), fit)
    assert low < point < high


def test_direct_sales_customers_have_the_highest_lifetime_value(demo_store):
    values = lifetime.lifetime_values(demo_store, Filters(date(2026, 10, 1), date(2026, 10, 1)))
    by_channel = values.table.groupby("channel")["clv"].mean()
    assert by_channel.idxmax() == "direct"
    forecast = lifetime.segment_forecast(values, values.table["customer_id"][:200]).set_index("statistic")
    assert (forecast["low"] <= forecast["value"]).all() and (forecast["value"] <= forecast["high"]).all()


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 30), st.integers(0, 400), st.integers(0, 400)), min_size=1, max_size=60),
       st.integers(1, 52))
def test_scoring_by_distinct_frequency_and_age_equals_scoring_every_customer(cdnow_fit, histories, weeks):
    """The expected purchases computed once per distinct (x, T) equal those computed customer by customer, for
    histories that share pairs (ages in whole days) and differ in recency."""
    fit = cdnow_fit
    x = np.array([h[0] for h in histories], dtype=float)
    T = np.array([max(h[1], h[2]) for h in histories], dtype=float) / 7
    t_x = np.where(x > 0, np.array([min(h[1], h[2]) for h in histories], dtype=float) / 7, 0.0)
    pairs = clv.Pairs.of(x, T)
    assert len(pairs.x) == len({(a, b) for a, b in zip(x, T, strict=True)})
    each = fit.conditional_expected_purchases(weeks, x, t_x, T)
    assert np.allclose(fit.conditional_expected_purchases(weeks, x, t_x, T, pairs=pairs), each, rtol=1e-12, atol=0)
    assert np.allclose(clv.discounted_expected_purchases(fit, x, t_x, T, pairs=pairs),
                       clv.discounted_expected_purchases(fit, x, t_x, T), rtol=1e-12, atol=0)
