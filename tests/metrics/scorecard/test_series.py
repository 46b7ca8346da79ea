"""The KPIs' monthly series stored once per refresh equal each KPI computed over one month alone; readers get them
only for the months, KPIs and filters they hold."""

import math
from dataclasses import replace

import pandas as pd
import pytest

from metrics.base.filters import Filters, default_filters
from metrics.base.store import series_filters
from metrics.links import fit as links
from metrics.scorecard import registry, series
from metrics.scorecard import scoring as scorecards

KPIS = [k.id for k in registry.CATALOGUE]


def stored_months(store) -> list[pd.Timestamp]:
    found = store.query(f"SELECT DISTINCT period FROM {series.TABLE} ORDER BY 1")["period"]
    return [pd.Timestamp(p) for p in found]


def probe_months(store) -> list[pd.Timestamp]:
    """The window's first month, one in the middle and the last: the edges of the window are where a value
    computed over many months could borrow from a neighbour."""
    months = stored_months(store)
    return [months[0], months[len(months) // 2], months[-1]]


def one_month(store, kpi_id: str, month: pd.Timestamp, **dimensions) -> float:
    """The KPI's own compute over a filter of that single month (no series, no stored table)."""
    f = Filters(month.date(), month.date(), grain="month", **dimensions)
    value = registry.get(kpi_id).compute(store, f).reindex(f.period_index).astype(float).iloc[0]
    return float(value)


def same(a: float, b: float) -> bool:
    return (math.isnan(a) and math.isnan(b)) or a == pytest.approx(b, rel=1e-9, abs=1e-12)


def test_the_refresh_stored_every_kpi_over_the_series_window_and_the_scorecard_trend(demo_store):
    months = stored_months(demo_store)
    assert months == list(pd.date_range(months[0], months[-1], freq="MS"))  # every month, none skipped
    rows = demo_store.query(f"SELECT kpi_id, count(*) AS n FROM {series.TABLE} GROUP BY 1")
    assert set(rows["kpi_id"]) == set(KPIS) and (rows["n"] == len(months)).all()
    values = demo_store.query("SELECT min(month) AS first, max(month) AS last FROM sales").iloc[0]
    windows = [series_filters(demo_store),
               scorecards.trend_filters(default_filters(values["first"].date(), values["last"].date()))]
    for w in windows:
        assert months[0] <= w.period_index[0] and w.period_index[-1] <= months[-1]


@pytest.mark.parametrize("kpi_id", KPIS)
def test_a_stored_month_is_the_kpi_computed_over_that_month_alone(demo_store, kpi_id):
    for month in probe_months(demo_store):
        stored = demo_store.query(f"SELECT value FROM {series.TABLE} WHERE kpi_id = $k AND period = $p",
                                  {"k": kpi_id, "p": month.to_pydatetime()})["value"]
        assert len(stored) == 1
        assert same(float(stored.iloc[0]), one_month(demo_store, kpi_id, month)), (kpi_id, month)


@pytest.mark.parametrize("kpi_id", links.unit_kpi_ids())
def test_a_stored_region_month_is_the_kpi_computed_for_that_region_and_month_alone(demo_store, kpi_id):
    regions = series.units(demo_store, "region")
    assert len(regions) >= 3
    rows = demo_store.query(f"SELECT unit, period, value FROM {series.UNIT_TABLE} "
                            "WHERE dimension = 'region' AND kpi_id = $k", {"k": kpi_id})
    assert set(rows["unit"]) == set(regions)
    stored = {(u, pd.Timestamp(p)): v for u, p, v in rows.itertuples(index=False)}
    for region in regions[:2]:
        for month in probe_months(demo_store):
            assert same(float(stored[(region, month)]), one_month(demo_store, kpi_id, month, region=(region,))), \
                (kpi_id, region, month)


def test_readers_get_the_stored_series_only_for_what_the_table_holds(demo_store):
    months = stored_months(demo_store)
    inside = Filters(months[2].date(), months[-3].date(), grain="month")
    wide = series.stored(demo_store, inside, ["revenue", "churn_rate"])
    assert list(wide.columns) == ["revenue", "churn_rate"] and wide.index.equals(inside.period_index)
    assert same(float(wide["revenue"].iloc[0]), one_month(demo_store, "revenue", months[2]))
    before = Filters((months[0] - pd.DateOffset(months=1)).date(), months[3].date(), grain="month")
    assert series.stored(demo_store, before) is None  # a month the refresh did not store
    assert series.stored(demo_store, Filters(months[0].date(), months[-1].date(), grain="quarter")) is None
    assert series.stored(demo_store, replace(inside, region=("East",))) is None
    assert series.stored(demo_store, inside, ["revenue", "no_such_kpi"]) is None


def test_the_link_tests_and_forecasts_read_the_same_series_the_kpis_compute(demo_store):
    f = series_filters(demo_store)
    stored = links.monthly_series(demo_store, f)
    computed = series.compute(demo_store, f, links.kpi_ids())
    pd.testing.assert_frame_equal(stored, computed, check_names=False, rtol=1e-9)
    panel = links.unit_series(demo_store, f)
    assert panel.index.names == ["unit", "period"] and list(panel.columns) == links.unit_kpi_ids()
    assert series.stored_units(demo_store, f, ["no_such_kpi"], "region") is None


def test_the_stored_scorecard_values_are_the_trend_of_the_default_filters(demo_store):
    values = demo_store.query("SELECT min(month) AS first, max(month) AS last FROM sales").iloc[0]
    f = default_filters(values["first"].date(), values["last"].date())
    stored = series.stored_values(demo_store, f)
    assert set(stored) == set(KPIS)
    trend = scorecards.trend_filters(f)
    for kpi_id in ("revenue", "retention_rate", "top20_profit_share"):
        assert stored[kpi_id].index.equals(trend.period_index)
        month = trend.period_index[-1]
        assert same(float(stored[kpi_id].iloc[-1]), one_month(demo_store, kpi_id, month))
    assert series.stored_values(demo_store, replace(f, region=("East",))) is None
