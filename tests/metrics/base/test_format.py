"""The one formatter: money in the company's currency, and nothing unknown written as a number."""

import math
from concurrent.futures import ThreadPoolExecutor
from decimal import Decimal

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from metrics.base import format as fmt

UNITS = ["currency", "percent", "count", "days", "hours", "score", "ratio", "something else"]
CURRENCIES = [None, "CNY", "USD", "EUR", "GBP", "JPY", "HKD", "SEK", "xyz"]
ANY_VALUE = st.none() | st.just(pd.NA) | st.floats(allow_nan=True, allow_infinity=True) | st.integers(-10**15, 10**15) \
    | st.decimals(allow_nan=False, allow_infinity=False, places=2, min_value=-10**12, max_value=10**12)
FORBIDDEN = ("nan", "none", "inf", "<na>")


def _clean(text: str) -> bool:
    return isinstance(text, str) and text and not any(word in text.lower() for word in FORBIDDEN)


@given(value=ANY_VALUE, unit=st.sampled_from(UNITS), lang=st.sampled_from(["en", "zh"]),
       currency=st.sampled_from(CURRENCIES), precise=st.booleans(), decimals=st.none() | st.integers(0, 3))
def test_no_formatter_writes_nan_none_or_inf(value, unit, lang, currency, precise, decimals):
    texts = [fmt.format_value(value, unit, lang, decimals=decimals, currency=currency),
             fmt.format_change(value, unit, lang, precise=precise, currency=currency),
             fmt.axis_text(value, unit, lang, currency=currency), fmt.money(value, lang, currency=currency),
             fmt.format_number(value, lang, decimals=decimals or 0), fmt.format_signed(value)]
    assert all(_clean(text) for text in texts), texts


@given(low=st.floats(allow_nan=True, allow_infinity=True), high=st.floats(allow_nan=True, allow_infinity=True))
def test_ticks_are_finite_numbers_or_none(low, high):
    ticks = fmt.nice_ticks(low, high)
    assert all(math.isfinite(t) for t in ticks) and len(ticks) <= 20


@pytest.mark.parametrize("value", [None, math.nan, math.inf, -math.inf, pd.NA])
def test_unknown_reads_as_a_dash(value):
    assert fmt.format_value(value, "currency") == "–" and fmt.format_change(value, "percent") == "–"
    assert fmt.money(value) == "–" and fmt.axis_text(value, "currency") == "–" and fmt.format_signed(value) == "–"


@pytest.mark.parametrize(("currency", "lang", "text"), [
    ("CNY", "en", "¥1,235"), ("CNY", "zh", "¥1,235"), ("USD", "en", "$1,235"), ("USD", "zh", "US$1,235"),
    ("EUR", "en", "€1,235"), ("GBP", "en", "£1,235"), ("JPY", "en", "¥1,235"), ("JPY", "zh", "JP¥1,235"),
    ("HKD", "zh", "HK$1,235"), ("SEK", "en", "SEK 1,235"), ("usd", "en", "$1,235"),
])
def test_money_is_written_in_the_currency_given(currency, lang, text):
    assert fmt.money(1234.6, lang, currency=currency) == text


def test_large_amounts_keep_their_currency_and_sign():
    assert fmt.format_value(-2_500_000, "currency", "en", currency="USD") == "-$2.50M"
    assert fmt.format_value(123_456, "currency", "zh", currency="USD") == "US$12.3万"
    assert fmt.format_change(-1500, "currency", "en", currency="EUR") == "-€1,500"
    assert fmt.axis_text(1_500_000, "currency", "en", currency="GBP") == "£1.5M"
    assert fmt.money(Decimal("10.40"), "en", currency="USD") == "$10.40"  # small: with its cents


def test_a_runs_currency_stays_in_its_thread():
    def run(code: str) -> str:
        fmt.use_currency(code)
        return fmt.money(5, "en")

    with ThreadPoolExecutor(2) as pool:
        dollars, euros = pool.submit(run, "USD").result(), pool.submit(run, "EUR").result()
    assert (dollars, euros) == ("$5.00", "€5.00")
    fmt.use_currency("USD")
    assert fmt.money(5, "en") == "$5.00" and fmt.money(5, "en", currency="CNY") == "¥5.00"
    fmt.use_currency(None)  # back to the default for the tests that follow
    assert fmt.money(5, "en") == "¥5.00"


@pytest.mark.parametrize(("value", "lang", "text"), [
    (1.2249, "en", "$1.22"), (0.05, "en", "$0.05"), (-37.5, "en", "-$37.50"), (99.99, "zh", "US$99.99"),
    (99.996, "en", "$100"), (100, "en", "$100"), (450.58, "en", "$451"), (-0.004, "en", "$0.00"),
])
def test_small_money_keeps_its_cents_and_big_money_stays_whole(value, lang, text):
    """Revenue per active customer of a small company is about $1.22: whole units would read $1."""
    assert fmt.money(value, lang, currency="USD") == text


@pytest.mark.parametrize(("change", "text"), [(0.05, "+$0.05"), (-1.22, "-$1.22"), (0.001, "$0.00"),
                                              (250.4, "+$250"), (-1500, "-$1,500")])
def test_small_money_changes_keep_cents_and_a_zero_change_has_no_sign(change, text):
    assert fmt.format_change(change, "currency", "en", currency="USD") == text


def test_small_money_ticks_are_not_rounded_to_whole_units():
    ticks = [fmt.axis_text(v, "currency", "en", currency="USD") for v in fmt.nice_ticks(0, 1.5)]
    assert ticks == ["$0", "$0.25", "$0.5", "$0.75", "$1", "$1.25", "$1.5"]
    assert fmt.axis_text(250, "currency", "zh", currency="USD") == "US$250"


@given(value=st.floats(min_value=-1e12, max_value=1e12, allow_nan=False))
def test_money_under_a_hundred_reads_back_to_the_cent(value):
    """Every amount under CENTS_BELOW reads back (symbol and separators removed) as the amount to the cent."""
    text = fmt.money(value, "en", currency="USD")
    if abs(round(value, 2)) < fmt.CENTS_BELOW:
        assert float(text.replace("$", "").replace(",", "")) == pytest.approx(round(value, 2), abs=0.0051)
    else:
        assert "." not in text or text.endswith(("M", "B"))  # big amounts as they were: whole units, or M / B


def test_cents_on_request_tell_apart_amounts_that_would_read_alike():
    assert fmt.money(450.58, "en", currency="USD") == fmt.money(451.44, "en", currency="USD") == "$451"
    assert fmt.format_value(450.58, "currency", "en", currency="USD", cents=True) == "$450.58"
    assert fmt.money(1234.5, "zh", currency="USD", cents=True) == "US$1,234.50"
    assert fmt.money(2_500_000, "en", currency="USD", cents=True) == "$2.50M"  # millions stay short
    assert fmt.money(123_456, "zh", currency="USD", cents=True) == "US$12.3万"


def test_a_change_that_rounds_to_zero_points_has_no_sign():
    assert fmt.format_change(-0.0001, "percent") == "0.0 pt"
    assert fmt.format_change(0.0004, "percent", "zh") == "0.0 个百分点"
    assert fmt.format_change(-0.0006, "percent") == "-0.1 pt"
    assert fmt.format_change(0.00004, "percent", precise=True) == "0.00 pt"
