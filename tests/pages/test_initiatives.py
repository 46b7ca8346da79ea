"""The Initiatives page through AppTest: effects beside % complete, the red-KPI flag, and every edit path per role
(allowed: saved and audited; refused: no form). Markdown typed into an update is shown as text."""

import shutil
from pathlib import Path

import pytest
from sqlalchemy import text as sa_text
from sqlalchemy.engine import make_url
from streamlit.testing.v1 import AppTest

from dashboard.core import i18n
from dashboard.core.navigation import INITIATIVES
from data import db
from tests.companies import as_role

APP = str(Path(__file__).resolve().parents[2] / "streamlit_app.py")
MARKDOWN = "**Done** [see](http://evil.example) $x^2$ :red[now] <b>x</b>"


def text(key: str, lang: str = "en", **values) -> str:
    return i18n.TEXT[key][lang].format(**values)


@pytest.fixture
def demo_copy(demo_url, tmp_path) -> str:
    """A private copy of the demo (and its store): edits must not leak into the shared demo."""
    source = Path(make_url(demo_url).database)
    shutil.copy(source, tmp_path / "demo.db")
    shutil.copy(source.with_suffix(".duckdb"), tmp_path / "demo.duckdb")
    return f"sqlite:///{tmp_path / 'demo.db'}"


def open_page(monkeypatch, url: str, role: str, lang: str = "en", initiative: int | None = None) -> AppTest:
    monkeypatch.setenv("DATABASE_URL", url)
    at = AppTest.from_file(APP, default_timeout=120)
    at.user = as_role(role)
    at.query_params["lang"] = lang
    at.run()
    at.switch_page(INITIATIVES.path).run()
    if initiative is not None:
        at.selectbox(key="initiatives_pick").set_value(initiative).run()
    assert not at.exception, at.exception
    return at


def submit(at: AppTest, form: str) -> AppTest:
    return next(b for b in at.button if b.form_id == form).click().run()


def audited(url: str, action: str) -> list[tuple]:
    engine = db.get_engine(url)
    with engine.connect() as conn:
        rows = conn.execute(sa_text("SELECT actor, detail FROM audit_event WHERE action = :a ORDER BY id"),
                            {"a": action}).all()
    engine.dispose()
    return [tuple(r) for r in rows]


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_list_shows_what_each_initiative_moved_beside_its_percent_complete(monkeypatch, demo_url, lang):
    at = open_page(monkeypatch, demo_url, "marketer", lang)
    assert not at.error and at.title[0].value == text("initiatives_page", lang)
    shown = at.dataframe[0].value
    effects = dict(zip(shown[text("initiatives_field_name", lang)], shown[text("initiatives_field_effect", lang)],
                       strict=True))
    assert "-4.98" in effects["Faster first response"]  # planted: 8 h -> 3 h at go-live
    assert text("initiatives_field_percent_complete", lang) in shown.columns
    assert "Dec 2026" in effects["Price discipline"] or "2026年12月" in effects["Price discipline"]  # not yet
    flag = i18n.TEXT["initiatives_red_flag"][lang].split("{count}")[1].split("{kpis}")[0]
    assert any(flag in w.value for w in at.warning)
    assert len(at.get("plotly_chart")) == 1  # the timeline


def test_the_project_team_edits_its_own_initiative_and_markdown_stays_text(monkeypatch, demo_copy):
    at = open_page(monkeypatch, demo_copy, "project", initiative=1)
    area = next(a for a in at.text_area if a.label == text("initiatives_field_update"))
    area.set_value(MARKDOWN)
    submit(at, "initiatives_update_form_1")
    assert not at.exception and not at.error
    assert text("initiatives_saved") in [s.value for s in at.success]
    assert MARKDOWN in [x.value for x in at.text]  # st.text: shown as typed, never rendered
    assert not any("evil" in m.value for m in at.markdown)
    assert audited(demo_copy, "initiative_update") == [("project@demo.example", "initiative 1: update 6")]


def test_the_project_team_cannot_edit_an_initiative_it_does_not_own(monkeypatch, demo_url):
    at = open_page(monkeypatch, demo_url, "project", initiative=3)  # owned by the executive
    assert text("initiatives_read_only") in [c.value for c in at.caption]
    assert not [b for b in at.button if b.form_id.startswith("initiatives_update_form")]


def test_marketers_read_only(monkeypatch, demo_url):
    at = open_page(monkeypatch, demo_url, "marketer", initiative=1)
    assert text("initiatives_read_only") in [c.value for c in at.caption]
    assert not [b for b in at.button if b.form_id]  # no form at all: neither edit nor "start an initiative"
    assert text("initiatives_new") not in [e.label for e in at.expander]


def test_an_executive_edits_any_initiative_and_a_bad_value_is_refused(monkeypatch, demo_copy):
    at = open_page(monkeypatch, demo_copy, "executive", initiative=1)  # owned by the project team
    at.segmented_control(key="initiatives_tab_1").set_value("details").run()
    dates = {d.label: d for d in at.date_input}
    dates[text("initiatives_field_end")].set_value(dates[text("initiatives_field_start")].value.replace(year=2024))
    submit(at, "initiatives_form_1")
    assert at.error and text("initiatives_field_end") in at.error[0].value
    assert audited(demo_copy, "initiative_edit") == []
    at.segmented_control(key="initiatives_tab_1").set_value("details").run()
    dates = {d.label: d for d in at.date_input}
    dates[text("initiatives_field_end")].set_value(dates[text("initiatives_field_start")].value.replace(year=2027))
    next(n for n in at.number_input if n.label == text("initiatives_field_percent_complete")).set_value(90.0)
    submit(at, "initiatives_form_1")
    assert not at.exception and not at.error
    assert [actor for actor, _ in audited(demo_copy, "initiative_edit")] == ["executive@demo.example"]


def test_the_project_team_starts_an_initiative_it_owns(monkeypatch, demo_copy):
    at = open_page(monkeypatch, demo_copy, "project")
    form = "initiatives_new_form"
    next(t for t in at.text_input if t.form_id == form and t.label == text("initiatives_field_name")).set_value(
        "Churn rescue")
    next(m for m in at.multiselect if m.form_id == form and m.label == text("initiatives_field_kpis")).set_value(
        ["churn_rate"])
    submit(at, form)
    assert not at.exception and not at.error
    assert "Churn rescue" in list(at.dataframe[0].value[text("initiatives_field_name")])
    assert [actor for actor, _ in audited(demo_copy, "initiative_create")] == ["project@demo.example"]


def test_the_owner_adds_a_milestone_and_a_risk(monkeypatch, demo_copy):
    at = open_page(monkeypatch, demo_copy, "project", initiative=5)
    at.segmented_control(key="initiatives_tab_5").set_value("milestone").run()
    form = "initiatives_milestone_add_5"
    next(t for t in at.text_input if t.form_id == form).set_value("Approval rule live")
    submit(at, form)
    assert not at.exception and not at.error
    at.segmented_control(key="initiatives_tab_5").set_value("risk").run()
    form = "initiatives_risk_add_5"
    next(t for t in at.text_input if t.form_id == form).set_value("Sales reps bypass the rule")
    submit(at, form)
    assert not at.exception and not at.error
    milestones, risks = at.dataframe[2].value, at.dataframe[3].value
    assert "Approval rule live" in list(milestones[text("initiatives_field_milestone")])
    assert "Sales reps bypass the rule" in list(risks[text("initiatives_field_risk")])
    assert [a for a, _ in audited(demo_copy, "initiative_milestone")] == ["project@demo.example"]
    assert [a for a, _ in audited(demo_copy, "initiative_risk")] == ["project@demo.example"]


def test_markup_in_initiatives_and_decisions_is_shown_as_text(monkeypatch, demo_copy):
    from tests.pages.test_injection import INJECTIONS, leaks

    engine = db.get_engine(demo_copy)
    with engine.begin() as conn:
        for i, kind in enumerate(INJECTIONS.values(), start=1):
            conn.execute(sa_text("UPDATE initiative SET name = :v, description = :v, owner = :v WHERE id = :i"),
                         {"v": f"{kind} {i}", "i": i})
        bad = next(iter(INJECTIONS.values()))
        for table, column in (("initiative_update", "text"), ("initiative_milestone", "name"),
                              ("initiative_risk", "text"), ("review_decision", "text"),
                              ("review_decision", "outcome"), ("review_decision", "owner")):
            conn.execute(sa_text(f"UPDATE {table} SET {column} = :v"), {"v": bad})
    engine.dispose()
    for initiative in (1, 2):
        at = open_page(monkeypatch, demo_copy, "executive", initiative=initiative)
        assert not at.error and not leaks(at), leaks(at)
    at.switch_page("pages/review.py").run()
    assert not at.exception and not at.error and not leaks(at), leaks(at)
