"""The targets editor: renders with the before/after overall score; a saved target changes a status on
the overview at once, and the change is logged with who and when."""

import shutil
from pathlib import Path

import pandas as pd
from sqlalchemy import text
from streamlit.testing.v1 import AppTest

from data import db, targets
from metrics import precompute

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
            return table.loc[table["KPI"] == "Revenue", "Status"].iloc[0]
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
    assert [m.label for m in at.metric][-2:] == ["Overall score now", "Overall score with these weights"]

    edited = targets.read(engine)
    row = edited["kpi_id"] == "revenue"
    unreachable = 1000 * float(edited.loc[row, "target"].iloc[0])  # far above any month's revenue
    edited.loc[row, ["target", "threshold"]] = [unreachable, 0.01]
    assert targets.problems(edited, {"revenue": "higher"}) == []
    assert targets.save(engine, edited, "ops@example.com") == 2
    precompute.refresh(engine)
    after = revenue_status(monkeypatch, url)
    assert before != "Off target" and after == "Off target"
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
