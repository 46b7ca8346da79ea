"""Status history: each month judged against the targets in force at its end, so a target changed today leaves last
quarter's status as it was."""

import shutil
from datetime import UTC, datetime
from pathlib import Path

import pandas as pd
import pytest
from sqlalchemy import text
from sqlalchemy.engine import make_url

from data import db
from data import targets as target_rows
from jobs import targets as targets_job
from metrics.base.store import Store
from metrics.review import history

NOW = pd.DataFrame([{"kpi_id": "churn_rate", "target": 0.005, "baseline": 0.02, "threshold": 0.5}])
MONTHS = [pd.Timestamp("2026-06-01"), pd.Timestamp("2026-07-01"), pd.Timestamp("2026-08-01")]


def changes(*rows) -> pd.DataFrame:
    return pd.DataFrame([dict(zip(history.CHANGE_COLUMNS, r, strict=True)) for r in rows],
                        columns=history.CHANGE_COLUMNS)


def test_targets_in_force_are_rebuilt_from_the_change_log():
    log = changes(("churn_rate", "target", 0.010, 0.008, datetime(2026, 7, 15, tzinfo=UTC)),
                  ("churn_rate", "target", 0.008, 0.005, datetime(2026, 9, 1, 0, 0, tzinfo=UTC)),  # after August
                  ("churn_rate", "threshold", None, 0.5, datetime(2026, 6, 30, 23, 0)),  # set in June, naive UTC
                  ("churn_rate", "weight", 1.0, 2.0, datetime(2026, 6, 2)))  # not a target field
    found = history.targets_in_force(NOW, log, MONTHS).set_index("period")
    assert found["target"].tolist() == [0.010, 0.008, 0.008]
    assert found["baseline"].tolist() == [0.02, 0.02, 0.02]
    assert found["threshold"].tolist() == [0.5, 0.5, 0.5]  # set before June's end
    unset = changes(("churn_rate", "target", None, 0.005, datetime(2026, 7, 10)))
    before = history.targets_in_force(NOW, unset, MONTHS[:1])
    assert before["target"].isna().all()  # nobody had set one: no target, never today's
    fallback = pd.DataFrame([{"kpi_id": "churn_rate", "target": 0.012, "baseline": 0.02, "threshold": 0.5}])
    assert history.targets_in_force(NOW, unset, MONTHS[:1], unset=fallback)["target"].tolist() == [0.012]


def test_each_month_is_judged_by_its_own_target():
    values = pd.DataFrame({"kpi_id": "churn_rate", "period": MONTHS, "value": [0.009, 0.014, float("nan")]})
    log = changes(("churn_rate", "target", 0.010, 0.005, datetime(2026, 7, 15)))
    judged = history.judged(values, history.targets_in_force(NOW, log, MONTHS))
    assert judged["status"].tolist() == ["green", "red", "none"]


@pytest.fixture
def demo_copy(demo_url, tmp_path) -> str:
    source = Path(make_url(demo_url).database)
    shutil.copy(source, tmp_path / "demo.db")
    shutil.copy(source.with_suffix(".duckdb"), tmp_path / "demo.duckdb")
    return f"sqlite:///{tmp_path / 'demo.db'}"


def _log(engine) -> pd.DataFrame:
    with engine.connect() as conn:
        return pd.read_sql(text("SELECT kpi_id, field_name, value_before, value_after, changed_at "
                                "FROM kpi_target_change"), conn)


def test_last_quarters_status_is_kept_after_a_target_change_today(demo_copy):
    engine = db.get_engine(demo_copy)
    kpis = ["revenue", "average_csat", "churn_rate"]
    last = pd.Timestamp("2026-10-01")
    store = Store.for_url(demo_copy)
    before = history.status_history(store, _log(engine), kpis, last=last)
    store.close()
    quarter = before[before["period"].between("2026-07-01", "2026-09-01")]
    assert len(quarter) == 9 and (quarter["status"] != "none").all()
    edited = target_rows.read(engine).set_index("kpi_id")
    edited.loc["revenue", "target"] *= 3  # out of reach: every month red against today's target
    edited.loc["average_csat", ["target", "baseline"]] = [4.9, 4.5]
    edited.loc["churn_rate", "threshold"] = 0.0
    assert targets_job.save_and_refresh(engine, edited.loc[kpis].reset_index(), {}, {}, actor="t@x.cn") >= 3
    store = Store.for_url(demo_copy)
    after = history.status_history(store, _log(engine), kpis, last=last)
    today_targets = history.status_history(store, changes(), kpis, last=last)  # what a naive history says
    store.close()
    cols = ["kpi_id", "period", "status", "target"]
    pd.testing.assert_frame_equal(after[after["period"].between("2026-07-01", "2026-09-01")][cols].reset_index(
        drop=True), quarter[cols].reset_index(drop=True))
    naive = today_targets[today_targets["period"].between("2026-07-01", "2026-09-01")]
    assert (naive.loc[naive["kpi_id"] == "revenue", "status"] == "red").all()
    assert not naive["status"].reset_index(drop=True).equals(quarter["status"].reset_index(drop=True))
    engine.dispose()
