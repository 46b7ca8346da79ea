"""KPIs on the demo company tell the truth month by month: no gaps between campaigns, no censored lead cohorts."""

import math
import statistics
from datetime import date

import pytest

from metrics.base.filters import Filters
from metrics.scorecard.kpis import financial, process


def last_year(store) -> Filters:
    last = store.query("SELECT max(month) AS m FROM sales")["m"].iloc[0]
    end = date(last.year, last.month, 1)
    return Filters(date(end.year - 1, end.month, 1), end)


@pytest.mark.parametrize("kpi", [financial.marketing_roi, process.campaign_response_rate, process.campaign_roi],
                         ids=lambda k: k.__name__)
def test_campaign_kpis_have_a_value_every_month(demo_store, kpi):
    values = kpi(demo_store, last_year(demo_store))
    assert len(values) == 13
    assert all(math.isfinite(v) for v in values), values.to_dict()


def test_months_without_a_campaign_exist_so_the_window_matters(demo_store):
    months = demo_store.query("""
        SELECT count(DISTINCT date_trunc('month', contacted_on)) AS n FROM campaign_contact
        WHERE contacted_on >= DATE '2025-10-01'""")["n"].iloc[0]
    assert months < 13


def test_lead_conversion_of_the_last_month_is_not_censored(demo_store):
    values = process.lead_conversion_rate(demo_store, last_year(demo_store)).to_list()
    typical = statistics.median(values)
    assert 0.15 < typical < 0.5
    assert min(values) > typical / 2, values  # the censored version collapsed to ~5% in the last months

