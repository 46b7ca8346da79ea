"""Baseline targets: the rule on literal series, the store's targets marked by source, a scorecard from day one."""

import math
from datetime import date

import pandas as pd
import pytest

from metrics.base.filters import Filters
from metrics.scorecard import baselines
from metrics.scorecard.registry import CATALOGUE, get
from metrics.scorecard.scoring import rollup, scorecard, target_table
from tests.metrics.scorecard.test_periods import STEADY
from tests.metrics.stores import tiny_store

MONTHS = pd.date_range("2024-01-01", periods=24, freq="MS")
JUNE = pd.Timestamp("2025-06-01")  # the 18th month
# 2024-01 .. 2025-12: 100, 110, ..., a rising line; June 2024 is 150
RISING = pd.Series([100.0 + 10 * k for k in range(24)], index=MONTHS)


def test_a_growing_kpi_aims_at_the_same_month_a_year_before():
    target, baseline, basis = baselines.baseline_of(get("revenue"), RISING, JUNE)
    assert (target, basis) == (150.0, "year_before")
    assert baseline == 150.0  # the trailing year's worst month (160) is better than the target: it starts there


def test_other_kpis_aim_at_the_trailing_twelve_month_median():
    # July 2024 .. June 2025: 160 .. 270, median 215; lower is better: the worst month is the highest
    target, baseline, basis = baselines.baseline_of(get("cost_to_serve"), RISING, JUNE)
    assert (target, baseline, basis) == (215.0, 270.0, "median_12")
    target, baseline, _ = baselines.baseline_of(get("gross_margin_pct"), RISING, JUNE)
    assert (target, baseline) == (215.0, 160.0)


def test_without_a_year_of_history_the_median_of_what_there_is():
    short = RISING[RISING.index >= "2025-03-01"]  # March .. June 2025 and later
    target, baseline, basis = baselines.baseline_of(get("revenue"), short, JUNE)
    assert basis == "median_12" and target == pytest.approx(short[short.index <= JUNE].median())
    assert baseline == short[short.index <= JUNE].min()


def test_no_known_value_no_baseline():
    assert baselines.baseline_of(get("revenue"), RISING * math.nan, JUNE) is None
    assert baselines.baseline_of(get("revenue"), RISING[RISING.index > JUNE], JUNE) is None


@pytest.fixture(scope="module")
def steady_without_targets():
    store = tiny_store(*STEADY)
    baselines.precompute(store, store._conn)
    yield store
    store.close()


def test_every_measured_kpi_gets_a_baseline_marked_so(steady_without_targets):
    targets = target_table(steady_without_targets).set_index("kpi_id")
    assert set(targets["source"]) == {"baseline"}
    card = scorecard(steady_without_targets, Filters(date(2025, 12, 1), date(2025, 12, 1))).set_index("id")
    measured = card[card["value"].notna()]
    assert len(measured) >= len(CATALOGUE) - 2
    assert (measured["target_source"] == "baseline").all()
    # every month the same: each target is the value itself, so every measured KPI is on target
    assert (measured["status"] == "green").all(), measured.loc[measured["status"] != "green", ["value", "target"]]
    assert math.isfinite(rollup(card.reset_index())["overall"])


def test_a_target_someone_set_is_kept_and_marked_set():
    store = tiny_store(*STEADY, "INSERT INTO kpi_target VALUES ('revenue', 9999, 1, 0.2, 3)")
    baselines.precompute(store, store._conn)
    baselines.apply(store, store._conn)  # again, as after a save of targets: nothing doubles
    assert len(store.query("SELECT * FROM kpi_target")) == 1  # the system of record's copy stays as copied
    targets = target_table(store).set_index("kpi_id")
    assert store.targets().set_index("kpi_id")["target"].to_dict() == targets["target"].to_dict()
    assert targets.loc["revenue"].to_dict() == {"target": 9999.0, "baseline": 1.0, "threshold": 0.2, "weight": 3.0,
                                                "source": "set"}
    assert targets.index.is_unique and (targets.drop(index="revenue")["source"] == "baseline").all()
    assert "revenue" in set(baselines.read(store)["kpi_id"])  # the baseline stays known (the editor offers it)


def test_the_demo_sets_every_target_itself(demo_store):
    targets = target_table(demo_store)
    assert set(targets["source"]) == {"set"} and set(targets["kpi_id"]) == {k.id for k in CATALOGUE}
