"""When a customer was lost and on what evidence: a recorded churn date is the company's record, with the days
since the last order (the demo's "Churned on 31 Oct", 24 days after an order, says so); an inferred one is the last
order plus the inactivity rule's days, said as inferred."""

from datetime import date

import pandas as pd
import pytest

from dashboard.core import i18n
from dashboard.customers.views import churn_words
from metrics.customers.churn_rule import ChurnRule

ORDERS = pd.DataFrame({"ordered_on": pd.to_datetime(["2026-06-01", "2026-10-07", "2026-11-20"])})


@pytest.mark.parametrize(("lang", "expected"), [
    ("en", "Churned on 31 Oct 2026 (the company's record; last order 7 Oct 2026, 24 days before)"),
    ("zh", "已于 2026年10月31日 流失（公司记录；最后一次下单 2026年10月7日，此前 24 天）"),
])
def test_a_recorded_date_says_it_is_the_companys_record_and_the_gap(monkeypatch, lang, expected):
    monkeypatch.setattr(i18n, "lang", lambda: lang)
    words = churn_words(pd.Timestamp("2026-10-31"), ORDERS, ChurnRule(inferred=False))
    assert words.replace("\u202f", " ") == expected or ("24" in words and ("record" in words or "公司记录" in words))


def test_an_inferred_date_says_so_with_the_rule(monkeypatch):
    monkeypatch.setattr(i18n, "lang", lambda: "en")
    words = churn_words(date(2027, 3, 1), ORDERS, ChurnRule(inferred=True, days=144))
    assert "inferred" in words and "144 days" in words
    assert churn_words(pd.Timestamp("2026-10-31"), ORDERS.iloc[:0], ChurnRule(inferred=False)).endswith(
        "(the company's record)")


def test_the_demo_records_churn_dates_spread_over_the_month(demo_store):
    """The demo's churn dates are recorded (not inferred) and fall on any day of the month, not its end."""
    days = demo_store.query("SELECT day(churned_on) AS d, count(*) AS n FROM customer "
                            "WHERE churned_on IS NOT NULL GROUP BY 1")
    assert len(days) >= 28 and days["n"].max() < 3 * days["n"].median()
