"""The targets editor: renders with the before/after overall score; a saved target changes a status on
the overview at once, and the change is logged with who and when."""

import shutil
from datetime import date
from pathlib import Path

import pandas as pd
import pytest
from sqlalchemy import text
from streamlit.testing.v1 import AppTest

from data import db, targets
from jobs import refresh as precompute
from metrics.base.filters import Filters
from metrics.base.store import Store
from metrics.links import forecast
from metrics.scorecard.scoring import rollup, scorecard

APP = str(Path(__file__).resolve().parents[2] / "streamlit_app.py")


def revenue_status(monkeypatch, url: str) -> str:
    monkeypatch.setenv("DATABASE_URL", url)
    at = AppTest.from_file(APP, default_timeout=120)
    at.query_params.update(period="2026-06")
    at.run()
    assert not at.exception, at.exception
    for frame in at.dataframe:
        table = frame.value
        if "KPI" in table.columns and "Revenue" in set(table["KPI"]):
            return table.loc[table["KPI"] == "Revenue", "Status"].iloc[0][0]  # a one-label chip cell
    raise AssertionError("no scorecard table with Revenue")


def test_saved_target_changes_the_status_on_the_overview(monkeypatch, tmp_path, demo_url):
    source = Path(demo_url.removeprefix("sqlite:///"))
    shutil.copy(source, tmp_path / "demo.db")
    url = f"sqlite:///{tmp_path / 'demo.db'}"
    engine = db.get_engine(url)
    precompute.refresh(engine)
    before = revenue_status(monkeypatch, url)

    monkeypatch.setenv("DATABASE_URL", url)
    at = AppTest.from_file(APP, default_timeout=120)
    at.query_params.update(period="2026-06")
    at.run()
    at.switch_page("pages/admin_targets.py").run()
    assert not at.exception, at.exception
    assert at.title[0].value == "Targets and weights"
    assert [m.label for m in at.metric][-2:] == ["Overall score now", "Overall score with these targets and weights"]

    edited = targets.read(engine)
    row = edited["kpi_id"] == "revenue"
    unreachable = 1000 * float(edited.loc[row, "target"].iloc[0])  # far above any month's revenue
    edited.loc[row, ["target", "threshold"]] = [unreachable, 0.01]
    assert targets.problems(edited, {"revenue": "higher"}) == []
    assert targets.save(engine, edited, "ops@example.com") == 2
    path = precompute.refresh_targets(engine)  # what the editor's Save runs: no full refresh
    after = revenue_status(monkeypatch, url)
    assert before != "Off target" and after == "Off target"
    store = Store(path)  # the forecasts are judged against the new target without being fitted again
    revenue = forecast.read(store).query("kpi_id == 'revenue'")
    store.close()
    assert len(revenue) == 2 and set(revenue["flag"]) == {"at_risk"} and set(revenue["probability"]) == {0.0}
    assert revenue.loc[revenue["horizon"] == "year", "target"].iloc[0] == pytest.approx(12 * unreachable)
    with engine.connect() as conn:
        log = pd.read_sql(text("SELECT kpi_id, field_name, value_after, changed_by FROM kpi_target_change"), conn)
    assert set(log["field_name"]) == {"target", "threshold"} and set(log["changed_by"]) == {"ops@example.com"}
    engine.dispose()


def test_validation_refuses_negative_weights_and_backward_targets():
    frame = pd.DataFrame({"kpi_id": ["revenue", "churn_rate", "average_csat"], "target": [10.0, 0.5, 4.0],
                          "baseline": [5.0, 0.1, 3.0], "threshold": [0.2, 0.2, 1.5], "weight": [-1.0, 1.0, 1.0]})
    found = targets.problems(frame, {"revenue": "higher", "churn_rate": "lower", "average_csat": "higher"})
    assert found == [("revenue", "weight_negative"), ("churn_rate", "target_above_baseline"),
                     ("average_csat", "band_range")]


def test_objective_weights_saved_drive_the_perspective_score_at_once(tmp_path, demo_url):
    source = Path(demo_url.removeprefix("sqlite:///"))
    shutil.copy(source, tmp_path / "demo.db")
    url = f"sqlite:///{tmp_path / 'demo.db'}"
    engine = db.get_engine(url)
    path = precompute.refresh(engine)
    store = Store(path)
    version, lines = store.data_version, store.query("SELECT count(*) AS n FROM sales")["n"].iloc[0]
    card = scorecard(store, Filters(date(2026, 6, 1), date(2026, 6, 1)))
    store.close()
    financial = sorted({o for o, p in zip(card["objective"], card["perspective"], strict=True) if p == "financial"})
    only_growth = {o: 1.0 if o == "grow_revenue" else 0.0 for o in financial}
    shown = {o: 99.0 for o in financial}  # every weight differs from what the user saw: all are saved
    assert targets.save_objective_weights(engine, only_growth, shown, "ceo@example.com") == len(financial)
    precompute.refresh_targets(engine)
    store = Store(path)
    assert store.data_version != version  # caches keyed by it see the change
    assert store.query("SELECT count(*) AS n FROM sales")["n"].iloc[0] == lines
    assert store.objective_weights() == only_growth
    card = scorecard(store, Filters(date(2026, 6, 1), date(2026, 6, 1)))
    store.close()
    totals = rollup(card)
    assert totals["perspectives"]["financial"] == pytest.approx(totals["objectives"]["grow_revenue"])
    with engine.connect() as conn:
        log = pd.read_sql(text("SELECT kpi_id, field_name, changed_by FROM kpi_target_change"), conn)
    assert set(log["field_name"]) == {"objective_weight"} and set(log["kpi_id"]) == set(financial)
    assert targets.objective_problems({"grow_revenue": -1.0, "productivity": float("nan")}) == [
        ("grow_revenue", "weight_negative"), ("productivity", "missing_number")]  # a cleared cell
    engine.dispose()


@pytest.mark.postgres
def test_targets_and_weights_are_saved_together_or_not_at_all(postgres_url):
    from sqlalchemy.exc import DataError

    engine = db.get_engine(postgres_url)
    db.create_schema(engine)
    with engine.begin() as conn:
        conn.execute(text("INSERT INTO kpi_target (kpi_id, target, baseline, threshold, weight) "
                          "VALUES ('revenue', 10, 5, 0.2, 1)"))
    edited = targets.read(engine).assign(target=20.0)
    too_long = "o" * 80  # longer than an objective id may be: the database refuses the second write
    with pytest.raises(DataError):  # value too long for character varying(64)
        targets.save_all(engine, edited, {too_long: 2.0}, {too_long: 1.0}, "ceo@example.com")
    assert float(targets.read(engine)["target"].iloc[0]) == 10.0  # the first write was rolled back with it
    with engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM kpi_target_change")).scalar() == 0
    engine.dispose()


def test_a_database_gone_at_save_is_said_and_nothing_breaks(monkeypatch, demo_url):
    from sqlalchemy.exc import OperationalError

    def down(*args, **kwargs):
        raise OperationalError("UPDATE kpi_target", {}, Exception("connection refused"))

    monkeypatch.setenv("DATABASE_URL", demo_url)
    at = AppTest.from_file(APP, default_timeout=120)
    at.run()
    at.switch_page("pages/admin_targets.py").run()
    monkeypatch.setattr(targets, "save_all", down)
    at.button(key="targets_save").click().run()
    assert not at.exception, at.exception
    assert "cannot be reached: nothing was saved" in at.error[-1].value
