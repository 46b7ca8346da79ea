"""The check-in form on a KPI page, per role: owners, deputies, executives and admins write (a new version each,
audited, a suggested driver confirmed); others read. A note's markdown and HTML are shown as text."""

import shutil
from pathlib import Path

import duckdb
import pytest
from sqlalchemy import text
from sqlalchemy.engine import make_url
from streamlit.testing.v1 import AppTest

from dashboard.core import i18n
from dashboard.core.navigation import PERSPECTIVE_PAGES
from data import db
from data.demo.review import WANG
from metrics.scorecard.strategy import Perspective
from tests.companies import APP

EN = {k: v["en"] for k, v in i18n.TEXT.items()}
CUSTOMER = PERSPECTIVE_PAGES[Perspective.CUSTOMER].path
NOTE = "**Bold** [link](http://evil.example) <b>x</b> :red[alarm] $x$ =1+1"


@pytest.fixture
def demo_copy(demo_url, tmp_path) -> str:
    """A private copy of the demo and its store, where the link first response -> CSAT is supported."""
    source = Path(make_url(demo_url).database)
    shutil.copy(source, tmp_path / "demo.db")
    shutil.copy(source.with_suffix(".duckdb"), tmp_path / "demo.duckdb")
    with duckdb.connect(str(tmp_path / "demo.duckdb")) as conn:
        conn.execute("UPDATE strategy_links SET evidence = 'supported', q_value = 0.01 WHERE method = 'time_series' "
                     "AND source_kpi = 'first_response_hours' AND target_kpi = 'average_csat'")
    return f"sqlite:///{tmp_path / 'demo.db'}"


def open_kpi(monkeypatch, url: str, email: str) -> AppTest:
    monkeypatch.setenv("DATABASE_URL", url)
    at = AppTest.from_file(APP, default_timeout=120)
    at.user = {"is_logged_in": True, "email": email}
    at.query_params["kpi"] = "average_csat"
    at.run()
    return at.switch_page(CUSTOMER).run()


def save_button(at: AppTest):
    return next((b for b in at.button if b.label == EN["review_form_save"]), None)


def checkins(url: str) -> list[tuple]:
    engine = db.get_engine(url)
    with engine.connect() as conn:
        rows = conn.execute(text("SELECT author, status, note, drivers FROM review_checkin WHERE kpi_id = "
                                 "'average_csat' AND period = '2026-10-01'")).all()
        logged = conn.execute(text("SELECT actor FROM audit_event WHERE action = 'checkin_save'")).all()
    engine.dispose()
    return [tuple(r) for r in rows], [a for (a,) in logged]


def test_the_owner_writes_a_note_with_a_driver_confirmed_and_it_shows_as_text(monkeypatch, demo_copy):
    at = open_kpi(monkeypatch, demo_copy, WANG)
    assert not at.exception, at.exception
    assert EN["review_history_title"] in [s.value for s in at.subheader]
    next(r for r in at.radio if r.label == EN["review_form_status"]).set_value("off_track")
    next(a for a in at.text_area if a.label == EN["review_form_note"]).input(NOTE)
    driver = next(r for r in at.radio if r.key and r.key.endswith("first_response_hours"))
    driver.set_value("confirmed")
    save_button(at).click().run()
    assert not at.exception, at.exception
    assert [s.value for s in at.success] == [EN["review_saved"].format(month="2026-10", version=1)]
    rows, logged = checkins(demo_copy)
    assert rows == [(WANG, "off_track", NOTE, '[{"kpi_id": "first_response_hours", "verdict": "confirmed"}]')]
    assert logged == [WANG]
    # the note is in the history table as typed, and nowhere rendered as markdown
    assert any(NOTE in frame.value.to_numpy().tolist()[0] for frame in at.dataframe if len(frame.value))
    rendered = [m.value for m in (*at.markdown, *at.caption, *at.subheader)]
    assert not [v for v in rendered if "[link](http" in v or "<b>" in v or ":red[" in v]
    # a second save is a new version; the first is kept
    next(a for a in at.text_area if a.label == EN["review_form_note"]).input("second")
    save_button(at).click().run()
    assert [r[2] for r in checkins(demo_copy)[0]] == [NOTE, "second"]


@pytest.mark.parametrize(("email", "writes"), [("executive@demo.example", True), ("admin@demo.example", True),
                                               ("marketer@demo.example", False), ("project@demo.example", False)])
def test_who_may_write_a_kpis_check_in(monkeypatch, demo_url, email, writes):
    at = open_kpi(monkeypatch, demo_url, email)
    assert not at.exception, at.exception
    assert (save_button(at) is not None) is writes
    assert (EN["review_form_read_only"] in [c.value for c in at.caption]) is not writes
