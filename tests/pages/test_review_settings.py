"""Scorecard settings: executives and admins set owners (here by file, audited), and a new owner lands on My
scorecard at their next sign-in; marketers and the project team are refused."""

import shutil
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.engine import make_url
from streamlit.testing.v1 import AppTest

from dashboard.core import i18n
from dashboard.core.navigation import SCORECARD_SETTINGS
from data import db
from tests.companies import APP

EN = {k: v["en"] for k, v in i18n.TEXT.items()}


@pytest.fixture
def demo_copy(demo_url, tmp_path) -> str:
    source = Path(make_url(demo_url).database)
    shutil.copy(source, tmp_path / "demo.db")
    shutil.copy(source.with_suffix(".duckdb"), tmp_path / "demo.duckdb")
    return f"sqlite:///{tmp_path / 'demo.db'}"


def open_settings(monkeypatch, url: str, role: str) -> AppTest:
    monkeypatch.setenv("DATABASE_URL", url)
    at = AppTest.from_file(APP, default_timeout=120)
    at.user = {"is_logged_in": True, "email": f"{role}@demo.example"}
    at.run()
    return at.switch_page(SCORECARD_SETTINGS.path).run()


@pytest.mark.parametrize("role", ["executive", "admin"])
def test_executives_and_admins_set_owners_by_file(monkeypatch, demo_copy, role):
    at = open_settings(monkeypatch, demo_copy, role)
    assert not at.exception, at.exception
    assert at.title[0].value == EN["review_page_settings"]
    owners_file = b"kind,item_id,owner,deputy\nkpi,churn_rate,executive@demo.example,\nobjective,climate,nobody,\n"
    at.file_uploader(key="review_owners_upload").upload("kpi_owner.csv", owners_file, "text/csv").run()
    at.button(key="review_owners_import").click().run()
    assert [e.value for e in at.error] and "nobody" in at.error[0].value  # refused whole, saying which row
    owners_file = b"kind,item_id,owner,deputy\nkpi,churn_rate,executive@demo.example,\n"
    at.file_uploader(key="review_owners_upload").upload("kpi_owner.csv", owners_file, "text/csv").run()
    at.button(key="review_owners_import").click().run()
    assert not at.exception and [s.value for s in at.success] == [EN["review_settings_saved"].format(n=1)]
    engine = db.get_engine(demo_copy)
    with engine.connect() as conn:
        owner = conn.execute(text("SELECT owner FROM review_owner WHERE item_id = 'churn_rate'")).scalar_one()
        logged = conn.execute(text("SELECT actor FROM audit_event WHERE action = 'owner_set'")).all()
    engine.dispose()
    assert owner == "executive@demo.example" and logged == [(f"{role}@demo.example",)]
    if role == "executive":  # an owner now: the next sign-in starts on My scorecard
        fresh = AppTest.from_file(APP, default_timeout=120)
        fresh.user = {"is_logged_in": True, "email": "executive@demo.example"}
        assert fresh.run().title[0].value == EN["review_page_mine"]


@pytest.mark.parametrize("role", ["marketer", "project"])
def test_others_may_not_open_the_settings(monkeypatch, demo_url, role):
    monkeypatch.setenv("DATABASE_URL", demo_url)
    at = AppTest.from_file(APP, default_timeout=120)
    at.user = {"is_logged_in": True, "email": f"{role}@demo.example"}
    at.run()
    with pytest.raises(ValueError, match="Could not find a navigation page"):
        at.switch_page(SCORECARD_SETTINGS.path)
