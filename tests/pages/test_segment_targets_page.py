"""Targets per region and month as an executive meets them: the Targets page lists a dimension's rows (both
languages), a targets file in display units is read and checked, and the overview filtered to the region says
the target is the region's own for the month."""

import shutil
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from dashboard.admin import segment_targets as views
from data import db
from data.accounts import DEMO_ACCOUNTS
from jobs import targets as targets_job
from metrics.base.dimensions import dimension_values
from metrics.base.store import Store

APP = str(Path(__file__).resolve().parents[2] / "streamlit_app.py")


@pytest.fixture(scope="module")
def company(demo_url, tmp_path_factory):
    folder = tmp_path_factory.mktemp("segment_page")
    source = Path(demo_url.removeprefix("sqlite:///"))
    shutil.copy(source, folder / "demo.db")
    shutil.copy(source.with_suffix(".duckdb"), folder / "demo.duckdb")
    url = f"sqlite:///{folder / 'demo.db'}"
    store = Store(folder / "demo.duckdb")
    values = dimension_values(store)
    store.close()
    month, region = values.complete_month, values.region[0]
    engine = db.get_engine(url)
    rows = pd.DataFrame([{"kpi_id": "revenue", "dimension": "region", "member": region, "month": f"{month:%Y-%m}",
                          "target": 777_000.0, "baseline": None}])
    assert targets_job.save_segments_and_refresh(engine, rows, actor="ceo@example.com") == 1
    engine.dispose()
    return url, month, region


def start(monkeypatch, url: str, **query: str) -> AppTest:
    monkeypatch.setenv("DATABASE_URL", url)
    at = AppTest.from_file(APP, default_timeout=180)
    at.user = {"is_logged_in": True, "email": DEMO_ACCOUNTS["executive"]}
    at.query_params.update(query)
    at.run()
    assert not at.exception, at.exception
    return at


@pytest.mark.parametrize(("lang", "marker", "title"), [("en", "(own target for the month)", "Targets per region"),
                                                       ("zh", "（该月专属目标）", "按大区和月份的目标")])
def test_the_overview_says_whose_target_and_the_page_lists_it(monkeypatch, company, lang, marker, title):
    url, month, region = company
    at = start(monkeypatch, url, lang=lang, period=f"{month:%Y-%m}", region=region)
    cells = [str(v) for frame in at.dataframe for v in frame.value.astype(str).to_numpy().ravel()]
    assert any(marker in c for c in cells), "no target marked as the region's own for the month"
    at.switch_page("pages/admin_targets.py").run()
    assert not at.exception, at.exception
    assert any(title in s.value for s in at.subheader)
    editor = next(d for d in at.dataframe if d.key == "targets_seg_editor_region")  # noqa: F841  (drawn)
    text = " ".join(m.value for m in at.markdown) + " ".join(c.value for c in at.caption)
    assert "None" not in text and "nan" not in text


def test_a_targets_file_in_display_units(company, monkeypatch):
    monkeypatch.setattr(views, "members", lambda store: {"company": [""], "region": ["East", "West"],
                                                          "channel": [], "industry": [], "manager": []})
    data = (b"kpi_id,dimension,member,month,target,baseline\n"
            b"revenue,region,East,,\"1,000,000\",\n"
            b"churn_rate,company,,2026-12,1.5,2\n"
            b"repeat_purchase_rate,region,Mars,2026-12,40,\n"
            b"churn_rate,region,West,2026-12,250,\n")
    shown, reason = views.read_upload("targets.csv", data)
    assert reason is None and len(shown) == 4
    rows = views.from_display(shown)
    assert rows.loc[0, "target"] == 1_000_000 and rows.loc[1, "target"] == pytest.approx(0.015)  # 1.5% typed as 1.5
    assert rows.loc[1, "baseline"] == pytest.approx(0.02)
    found = views.check(None, rows)
    assert [(p.row, p.what) for p in found] == [(2, "unknown_member"), (3, "share_range")]
    shown, reason = views.read_upload("targets.csv", b"kpi,value\nrevenue,1\n")
    assert shown is None and "kpi_id" in reason
    back = views.to_display(rows.iloc[[0, 1]])
    assert list(back["month"]) == ["", "2026-12"] and back.loc[1, "target"] == pytest.approx(1.5)


def test_an_edited_row_with_blank_cells_is_read_as_blank(company, monkeypatch):
    """The editor's typed columns give ``pd.NA`` for an empty month or baseline: every month, the derived baseline."""
    monkeypatch.setattr(views, "members", lambda store: {"company": [""], "region": ["East"], "channel": [],
                                                          "industry": [], "manager": []})
    edited = pd.DataFrame({"kpi_id": pd.array(["revenue", "churn_rate"], dtype="string"),
                           "member": pd.array(["East", pd.NA], dtype="string"),
                           "month": pd.array([pd.NA, "2026-12"], dtype="string"),
                           "target": [5.0, 2.0], "baseline": [float("nan"), float("nan")],
                           "dimension": ["region", "company"]})
    rows = views.from_display(edited)
    assert views.check(None, rows) == []
    assert rows.loc[0, "month"] is None and rows.loc[1, "member"] == "" and rows.loc[1, "target"] == 0.02
