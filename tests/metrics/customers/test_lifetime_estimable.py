"""Lifetime value that cannot be estimated says so, with the reason: no orders, too few repeat customers, a fit
that does not converge or is degenerate. Every score is then unknown (never 100 % still active), the models'
warnings are caught, and the refresh stores the reason for the pages."""

from __future__ import annotations

import warnings
from datetime import date

import numpy as np
import pandas as pd
import pytest

from metrics.base.filters import Filters
from metrics.customers import lifetime
from tests.metrics.customers.minimal import rhythmic

END = date(1998, 6, 1)


def histories(n: int, *, seed: int = 1, repeat: bool = True) -> pd.DataFrame:
    """``n`` customers of a trading company that all keep buying at a steady pace to the end of 22.5 months (no
    one drops out: the BG/NBD drop-out has nothing to learn from); ``repeat=False``: one purchase each."""
    rng = np.random.default_rng(seed)
    rows = []
    for c in range(n):
        k = int(rng.poisson(9)) + 1 if repeat else 1
        first = rng.uniform(0, 22)
        times = np.sort(np.concatenate([[first], rng.uniform(first, 22.5, k - 1)]))
        rows.append({"customer_id": c, "region": None, "channel": None, "industry": None, "manager_id": None,
                     "churned": False, "frequency": float(k - 1), "recency": times[-1] - times[0],
                     "T": 22.5 - times[0], "monetary_value": float(rng.gamma(2, 700)) if k > 1 else 0.0,
                     "margin_rate": np.nan})
    return pd.DataFrame(rows, columns=["customer_id", "region", "channel", "industry", "manager_id", "churned",
                                       "frequency", "recency", "T", "monetary_value", "margin_rate"])


def scored_quietly(h: pd.DataFrame) -> tuple[lifetime.LifetimeValues, list]:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        values = lifetime.score(h, calibration_end=END)
    return values, caught


def assert_unknown(values: lifetime.LifetimeValues, n: int) -> None:
    assert not values.estimable and values.reason in lifetime.REASONS
    assert len(values.table) == n
    assert values.table[list(lifetime.SCORES)].isna().all().all()  # never 100 % alive, never 0 value
    forecast = lifetime.segment_forecast(values, values.table["customer_id"])
    assert forecast["value"].isna().all()


def test_no_orders_is_not_estimable():
    values, caught = scored_quietly(histories(0))
    assert values.reason == "no_orders" and not caught
    assert_unknown(values, 0)


def test_too_few_repeat_customers_is_not_estimable():
    h = pd.concat([histories(lifetime.MIN_REPEAT_CUSTOMERS - 1), histories(40, seed=2, repeat=False)],
                  ignore_index=True)
    h["customer_id"] = range(len(h))
    values, caught = scored_quietly(h)
    assert values.reason == "too_few_repeat_customers" and not caught
    assert_unknown(values, len(h))


def test_a_fit_that_does_not_hold_is_not_estimable_and_prints_no_warning():
    """The trading company of issue 17 (91 customers, nobody lost): the fit used to read 100 % for everyone."""
    values, caught = scored_quietly(histories(91))
    assert values.reason in ("not_converged", "degenerate")
    assert not caught  # no raw ConvergenceWarning / HessianInversionWarning reaches the console
    assert_unknown(values, 91)


def test_the_refresh_stores_the_reason_and_pages_read_it():
    co = rhythmic(customers=8, one_timers=20)  # 8 repeat customers
    store = co.store()
    end = lifetime.default_end(store)
    assert lifetime.stored_reason(store, end) == lifetime.NOT_STORED
    lifetime.precompute(store, store._conn)
    assert lifetime.stored_reason(store, end) == "too_few_repeat_customers"  # read without the customers' rows
    assert lifetime.stored_scores(store, month_ending(end)) is None
    status = store.query("SELECT calibration_end, reason FROM lifetime_status")
    assert status["reason"].tolist() == ["too_few_repeat_customers"]
    read = lifetime.stored(store, end)
    assert read is not None and read.reason == "too_few_repeat_customers"
    assert set(read.table["customer_id"]) == set(co.customers)
    assert read.table[list(lifetime.SCORES)].isna().all().all()
    filtered = lifetime.lifetime_values(store, Filters(date(2025, 1, 1), date(2025, 1, 1), region=("North",)))
    assert filtered.reason is not None  # a filter keeps the reason


def test_the_demo_fit_holds(demo_store):
    end = lifetime.default_end(demo_store)
    values = lifetime.stored(demo_store, end)
    assert values is not None and values.estimable
    assert demo_store.query("SELECT reason FROM lifetime_status")["reason"].isna().all()
    assert lifetime.stored_reason(demo_store, end) is None


@pytest.mark.parametrize("dimensions", [{}, {"region": ("East", "North")},
                                        {"channel": ("distributor",), "manager": ()}])
def test_the_scores_read_alone_are_the_stored_values_of_the_filters_customers(demo_store, dimensions):
    end = lifetime.default_end(demo_store)
    table = lifetime.stored(demo_store, end).table
    if "manager" in dimensions:  # the two managers with the most customers
        dimensions = {**dimensions, "manager": tuple(int(m) for m in table["manager_id"].value_counts().index[:2])}
    keep = pd.Series(True, index=table.index)
    for name, values in dimensions.items():
        keep &= table["manager_id" if name == "manager" else name].isin(values)
    expected = table[keep][["customer_id", *lifetime.SCORES]].reset_index(drop=True)
    got = lifetime.stored_scores(demo_store, month_ending(end, **dimensions))
    assert len(expected) > 0
    pd.testing.assert_frame_equal(got, expected, check_dtype=False)


def month_ending(end: date, **dimensions) -> Filters:
    """The month whose end (exclusive) is ``end``."""
    last = pd.Timestamp(end) - pd.Timedelta(days=1)
    f = Filters(date(last.year, last.month, 1), date(last.year, last.month, 1), **dimensions)
    assert f.end_exclusive == end
    return f


@pytest.mark.parametrize("reason", lifetime.REASONS)
def test_every_reason_is_worded_in_both_languages(reason):
    from dashboard.core import i18n

    for lang in ("en", "zh"):
        words = i18n.TEXT[f"cd_reason_{reason}"][lang]
        assert words and "_" not in words
