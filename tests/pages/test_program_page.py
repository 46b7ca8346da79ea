"""The Program page through AppTest: both languages, the method check, and an edit that moves CPI/SPI."""

import shutil
from pathlib import Path

import pytest
from sqlalchemy import text as sa_text
from sqlalchemy.engine import make_url
from streamlit.testing.v1 import AppTest

from dashboard.core import i18n
from dashboard.core import labels as labelling
from dashboard.core.navigation import PROGRAM
from dashboard.program.views import SECTION_KEY, SECTIONS
from data import db
from tests.pages.test_labels import raw_parts

APP = str(Path(__file__).resolve().parents[2] / "streamlit_app.py")


def open_program(monkeypatch, url: str, lang: str = "en") -> AppTest:
    monkeypatch.setenv("DATABASE_URL", url)
    at = AppTest.from_file(APP, default_timeout=120)
    at.query_params["lang"] = lang
    at.run()
    at.switch_page(PROGRAM.path).run()
    return at


def text(key: str, lang: str) -> str:
    return i18n.TEXT[key][lang]


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_program_page_shows_every_section(monkeypatch, demo_url, lang):
    at = open_program(monkeypatch, demo_url, lang)
    assert not at.exception, at.exception
    assert not at.error
    assert at.title[0].value == text("page_program", lang)
    labels = [m.label for m in at.metric]
    for key in ("program_npv", "program_roi", "program_payback", "program_cpi", "program_spi"):
        assert text(key, lang) in labels
    plan = at.dataframe[0].value  # the plan section comes first
    assert labelling.header("cpi", lang) in plan.columns and len(plan) == 12
    assert labelling.code("done", lang) in set(plan[labelling.header("status", lang)])  # code values named
    charts = {}
    for section in SECTIONS:
        at.segmented_control(key=f"{SECTION_KEY}_{lang}").set_value(text(f"program_tab_{section}", lang)).run()
        assert not at.exception, (section, at.exception)
        assert not at.error, section
        charts[section] = len(at.get("plotly_chart"))
        if lang == "zh":  # every section's tables go through dashboard.core.labels: no raw id, code or True/False
            assert raw_parts(at, section) == []
        if section == "benefit":  # the method check: the placebo go-live shows no effect
            assert [s.value for s in at.success] == [text("program_method_ok", lang)]
        if section == "indicators":
            assert text("program_illustrative", lang) in [w.value for w in at.warning]
        if section == "return":  # benefit by phase, cost by step, no return per step; the ROI with its caveat
            phases, costs = at.dataframe[0].value, at.dataframe[1].value
            assert labelling.header("benefit_measured", lang) in phases.columns and len(phases) == 4
            assert len(costs) == 12
            for frame in (phases, costs):
                assert labelling.header("roi", lang) not in frame.columns
                assert labelling.header("p_roi", lang) not in frame.columns
            assert text("program_roi_caveat", lang) in [c.value for c in at.caption]
            assert text("program_no_step_attribution", lang) in [i.value for i in at.info]
    assert charts == {"plan": 1, "cost": 1, "benefit": 2, "return": 1, "indicators": 0, "commentary": 0}


@pytest.fixture
def demo_copy(demo_url, tmp_path) -> str:
    """A private copy of the demo (and its store): edits must not leak into the shared demo."""
    source = Path(make_url(demo_url).database)
    shutil.copy(source, tmp_path / "demo.db")
    shutil.copy(source.with_suffix(".duckdb"), tmp_path / "demo.duckdb")
    return f"sqlite:///{tmp_path / 'demo.db'}"


def test_editing_percent_complete_moves_cpi_and_spi_at_once(monkeypatch, demo_copy):
    at = open_program(monkeypatch, demo_copy)
    before = {m.label: m.value for m in at.metric}
    at.selectbox(key="program_edit_step_id").set_value(12).run()
    at.number_input(key="program_percent_12").set_value(100.0)
    next(b for b in at.button if b.label == text("program_edit_save_step", "en")).click().run()
    assert not at.exception, at.exception
    after = {m.label: m.value for m in at.metric}
    # step 12's earned value rises from 61% to 100% of its budget: both indices rise
    cpi, spi = text("program_cpi", "en"), text("program_spi", "en")
    assert float(after[cpi]) > float(before[cpi])
    assert float(after[spi]) > float(before[spi])
    assert [s.value for s in at.success][-1] == text("program_saved", "en")
    engine = db.get_engine(demo_copy)
    with engine.connect() as conn:
        logged = conn.execute(sa_text(
            "SELECT actor, action, detail FROM audit_event WHERE action = 'program_edit'")).all()
    engine.dispose()
    assert [tuple(r) for r in logged] == [("admin@demo.example", "program_edit", "step 12: in_progress, 100% complete")]


@pytest.mark.parametrize("role", ["executive", "marketer"])
def test_only_the_project_team_and_admins_see_the_edit_forms(monkeypatch, demo_url, role):
    monkeypatch.setenv("DATABASE_URL", demo_url)
    at = AppTest.from_file(APP, default_timeout=120)
    at.user = {"is_logged_in": True, "email": f"{role}@demo.example"}
    at.run()
    at.switch_page(PROGRAM.path).run()
    assert not at.exception and at.title[0].value == text("page_program", "en")
    assert text("program_section_edit", "en") not in [h.value for h in at.subheader]
    assert not [b for b in at.button if b.label == text("program_edit_save_step", "en")]
    project = AppTest.from_file(APP, default_timeout=120)
    project.user = {"is_logged_in": True, "email": "project@demo.example"}
    project.run()
    project.switch_page(PROGRAM.path).run()
    assert text("program_section_edit", "en") in [h.value for h in project.subheader]


def test_a_bad_edit_is_refused_with_a_message(monkeypatch, demo_copy):
    at = open_program(monkeypatch, demo_copy)
    before = {m.label: m.value for m in at.metric}
    at.selectbox(key="program_edit_step_id").set_value(3).run()
    dates = {d.label: d for d in at.date_input}
    start = dates[text("program_edit_planned_start", "en")].value
    dates[text("program_edit_planned_end", "en")].set_value(start.replace(year=start.year - 1))  # end before start
    next(b for b in at.button if b.label == text("program_edit_save_step", "en")).click().run()
    assert at.error and "before the start" in at.error[0].value
    assert {m.label: m.value for m in at.metric} == before
