"""Each KPI equals an independent plain-Python computation over the fixture company."""

import math
from datetime import date

import pytest

from metrics.base.filters import Filters, add_months
from metrics.scorecard.registry import CATALOGUE
from tests.metrics.oracle import ORACLES, View

CASES = [  # (grain, first day of the period)
    ("month", date(2025, 3, 1)),
    ("month", date(2024, 11, 1)),
    ("quarter", date(2025, 1, 1)),
    ("year", date(2025, 1, 1)),
]


def test_every_kpi_has_an_oracle():
    assert {k.id for k in CATALOGUE} == set(ORACLES)


@pytest.mark.parametrize(("region", "manager"), [(None, None), ("East", None), (None, 1)],
                         ids=["all", "region", "manager"])
@pytest.mark.parametrize(("grain", "start"), CASES)
@pytest.mark.parametrize("kpi", CATALOGUE, ids=lambda k: k.id)
def test_kpi_matches_the_oracle(kpi, grain, start, region, manager, company, company_store):
    f = Filters(start, start, grain=grain, region=(region,) if region else (), manager=(manager,) if manager else ())
    got = kpi.compute(company_store, f).get(f.period_index[0], math.nan)
    expected = ORACLES[kpi.id](View(company, region, manager), start, add_months(start, f.months))
    if math.isnan(expected):
        assert math.isnan(got)
    else:
        assert got == pytest.approx(expected, rel=1e-9, abs=1e-9)


def test_fixture_gives_most_kpis_a_value(company, company_store):
    f = Filters(date(2025, 1, 1), date(2025, 1, 1), grain="quarter")
    missing = [k.id for k in CATALOGUE if math.isnan(k.compute(company_store, f).iloc[0])]
    assert missing == []
