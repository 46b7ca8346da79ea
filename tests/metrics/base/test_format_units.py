"""Ratios say what they count per, days keep their half day."""

import pytest

from metrics.base import format as fmt


@pytest.mark.parametrize(("value", "lang", "per", "text"), [
    (3.2, "en", "per_100", "3.20 per 100"), (3.2, "zh", "per_100", "3.20/百"),
    (1.854, "en", "per_customer", "1.85 per customer"), (1.854, "en", None, "1.85")])
def test_a_ratio_names_what_it_counts_per(value, lang, per, text):
    assert fmt.format_value(value, "ratio", lang, per=per) == text


def test_a_change_of_a_ratio_names_it_too():
    assert fmt.format_change(-1.28, "ratio", "en", per="per_100") == "-1.28 per 100"


@pytest.mark.parametrize(("days", "text"), [(1.5, "1.5 d"), (36.0, "36 d"), (36.44, "36.4 d"), (0.04, "0 d")])
def test_days_keep_a_decimal_when_they_have_one(days, text):
    assert fmt.format_value(days, "days", "en") == text
