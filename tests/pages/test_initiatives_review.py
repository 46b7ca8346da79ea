"""The monthly review pack through AppTest: the scores, the KPIs needing attention with their owners' notes, the
initiatives with their effects, decisions recorded by the chair (refused for others) and last meeting's outcomes."""

import shutil
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy.engine import make_url
from streamlit.testing.v1 import AppTest

from dashboard.core import i18n
from dashboard.core.navigation import REVIEW
from data import db
from data.review import checkins
from data.review.owners import Owner
from tests.companies import as_role
from tests.pages.test_initiatives import APP, audited, submit

NOTE = "Churn up: **two** key accounts left =SUM(A1)"


@pytest.fixture
def demo_copy(demo_url, tmp_path) -> str:
    """A private copy of the demo (and its store): edits must not leak into the shared demo."""
    source = Path(make_url(demo_url).database)
    shutil.copy(source, tmp_path / "demo.db")
    shutil.copy(source.with_suffix(".duckdb"), tmp_path / "demo.duckdb")
    return f"sqlite:///{tmp_path / 'demo.db'}"


def text(key: str, lang: str = "en", **values) -> str:
    return i18n.TEXT[key][lang].format(**values)


def open_review(monkeypatch, url: str, role: str, lang: str = "en") -> AppTest:
    monkeypatch.setenv("DATABASE_URL", url)
    at = AppTest.from_file(APP, default_timeout=120)
    at.user = as_role(role)
    at.query_params["lang"] = lang
    at.run()
    at.switch_page(REVIEW.path).run()
    assert not at.exception, at.exception
    assert not at.error, [e.value for e in at.error]
    return at


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_pack_walks_scores_kpis_initiatives_and_decisions(monkeypatch, demo_url, lang):
    at = open_review(monkeypatch, demo_url, "marketer", lang)
    headers = [h.value for h in at.subheader]
    for key in ("initiatives_review_scores", "initiatives_review_kpis", "initiatives_review_initiatives",
                "initiatives_review_decisions"):
        assert text(key, lang) in headers
    assert any(h.startswith(text("initiatives_review_last", lang, period="")[:4]) for h in headers)
    assert at.metric[0].label == text("overall_score", lang)
    attention, initiatives, last = at.dataframe[0].value, at.dataframe[1].value, at.dataframe[-1].value
    assert len(attention) > 0 and text("initiatives_field_note", lang) in attention.columns
    assert "Faster first response" in list(initiatives[text("initiatives_field_name", lang)])
    # the demo's last meeting (September 2026) decided three things; one is still open
    assert len(last) == 3 and text("initiatives_decision_open", lang) in list(last[text("initiatives_field_status",
                                                                                       lang)])
    assert text("initiatives_review_read_only", lang) in [c.value for c in at.caption]  # marketers read
    assert not [b for b in at.button if b.form_id] and not [s for s in at.selectbox
                                                             if s.key == "initiatives_settle_pick"]


def test_an_owners_note_shows_as_text_beside_its_red_kpi(monkeypatch, demo_copy):
    engine = db.get_engine(demo_copy)
    checkins.ensure_tables(engine)
    with db.session_scope(engine) as session:
        checkins.save(session=session, kpi_id="churn_rate", period=date(2026, 10, 1), status="off_track", note=NOTE,
                      author="executive@demo.example", role="executive", owner=Owner("churn_rate", "kpi", None, None),
                      known={"churn_rate"}, today=date(2026, 11, 15))
    engine.dispose()
    at = open_review(monkeypatch, demo_copy, "executive")
    attention = at.dataframe[0].value
    row = attention[attention[text("initiatives_field_kpi")] == "Customer churn rate"]
    assert list(row[text("initiatives_field_note")]) == [NOTE]  # a table cell: text as typed
    assert list(row[text("initiatives_field_judgement")]) == [text("initiatives_judgement_off_track")]


def test_the_chair_records_a_decision_and_others_may_not(monkeypatch, demo_copy):
    at = open_review(monkeypatch, demo_copy, "executive")
    form = "initiatives_decision_form"
    next(a for a in at.text_area if a.form_id == form).set_value("Start a churn-rescue initiative")
    next(s for s in at.selectbox if s.form_id == form and s.label == text("initiatives_field_kpi")).set_value(
        "churn_rate")
    submit(at, form)
    assert not at.exception and not at.error
    this_meeting = at.dataframe[2].value
    assert list(this_meeting[text("initiatives_field_decision")]) == ["Start a churn-rescue initiative"]
    assert [actor for actor, _ in audited(demo_copy, "decision_record")] == ["executive@demo.example"]
    for role in ("project", "marketer"):
        other = open_review(monkeypatch, demo_copy, role)
        assert not [b for b in other.button if b.form_id == form]


def test_a_decisions_owner_records_its_outcome(monkeypatch, demo_copy):
    at = open_review(monkeypatch, demo_copy, "project")  # owns two of last meeting's decisions
    picker = at.selectbox(key="initiatives_settle_pick")
    assert len(picker.options) == 2
    picker.set_value(3).run()  # "Ask the two lagging branches for an adoption plan", still open
    form = "initiatives_settle_form_3"
    next(s for s in at.selectbox if s.form_id == form).set_value("done")
    next(a for a in at.text_area if a.form_id == form).set_value("Plans received from both branches")
    submit(at, form)
    assert not at.exception and not at.error
    last = at.dataframe[-1].value
    assert "Plans received from both branches" in list(last[text("initiatives_field_outcome")])
    assert audited(demo_copy, "decision_settle") == [("project@demo.example", "decision 3: done")]


def test_a_company_without_initiatives_or_decisions_gets_both_pages_empty_not_broken(monkeypatch, tmp_path):
    from cli.data import main
    from data import accounts
    from tests.data.importing.test_importer import MINIMUM, write

    url = f"sqlite:///{tmp_path / 'company.db'}"
    assert main(["import", str(write(tmp_path / "files", MINIMUM)), "--database-url", url]) == 0
    engine = db.get_engine(url)
    with db.session_scope(engine) as session:
        accounts.add_user(session=session, email="chair@firm.example", role="executive", actor="test")
    engine.dispose()
    monkeypatch.setenv("DATABASE_URL", url)
    at = AppTest.from_file(APP, default_timeout=120)
    at.user = {"is_logged_in": True, "email": "chair@firm.example"}
    at.run()
    for page in ("pages/initiatives.py", REVIEW.path):
        at.switch_page(page).run()
        assert not at.exception and not at.error, (page, at.exception, [e.value for e in at.error])
        shown = [*(i.value for i in at.info), *(c.value for c in at.caption)]
        assert text("initiatives_none") in shown or text("initiatives_review_decisions_none") in shown
