"""The app renders from the entry file (AppTest), in both languages and when the database is down."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from dashboard.core import i18n
from data import db
from data.demo.builder import build_demo

APP = str(Path(__file__).resolve().parents[2] / "streamlit_app.py")


def run_app(monkeypatch, url: str, **query: str) -> AppTest:
    """The app opened on its Data page."""
    monkeypatch.setenv("DATABASE_URL", url)
    at = AppTest.from_file(APP, default_timeout=60)
    for key, value in query.items():
        at.query_params[key] = value
    return at.run().switch_page("pages/data.py").run()


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_entry_page_shows_the_demo_company(monkeypatch, demo_url, demo_engine, lang):
    at = run_app(monkeypatch, demo_url, lang=lang)
    assert not at.exception
    assert at.title[0].value == i18n.TEXT["data_title"][lang]
    metrics = {m.label: m.value for m in at.metric}
    customers = i18n.TEXT["customers"][lang]
    with demo_engine.connect() as conn:
        expected = conn.exec_driver_sql("SELECT count(*) FROM customer").scalar_one()
    assert metrics[customers] == f"{expected:,}"
    assert any("Huagong" in m.value or "华工重机" in m.value for m in at.markdown)


def test_switching_language_changes_the_labels(monkeypatch, demo_url):
    monkeypatch.setenv("DATABASE_URL", demo_url)
    at = AppTest.from_file(APP, default_timeout=60).run()
    assert at.title[0].value == i18n.TEXT["overview_title"]["en"]
    at.radio(key="language").set_value("zh").run()
    assert not at.exception
    assert at.title[0].value == i18n.TEXT["overview_title"]["zh"]


def test_without_an_analytical_store_the_overview_says_what_to_run(monkeypatch, tmp_path):
    url = f"sqlite:///{tmp_path / 'loaded.db'}"
    build_demo(db.get_engine(url), customers=60, seed=1)  # loaded, never refreshed
    monkeypatch.setenv("DATABASE_URL", url)
    at = AppTest.from_file(APP, default_timeout=60).run()
    assert not at.exception
    assert "python -m data refresh" in at.error[0].value


def test_overview_of_an_empty_database_says_how_to_fill_it(monkeypatch, tmp_path):
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'nothing.db'}")
    at = AppTest.from_file(APP, default_timeout=60).run()
    assert not at.exception
    assert "python -m data demo" in at.warning[0].value


def test_unreachable_database_shows_a_message_not_a_traceback(monkeypatch):
    at = run_app(monkeypatch, "postgresql://crm:hunter2@127.0.0.1:1/crm")
    assert not at.exception
    assert len(at.error) == 1
    assert "postgresql+psycopg://crm:***@127.0.0.1:1/crm" in at.error[0].value
    assert "hunter2" not in at.error[0].value


def test_empty_database_says_how_to_fill_it(monkeypatch, tmp_path):
    at = run_app(monkeypatch, f"sqlite:///{tmp_path / 'empty.db'}")
    assert not at.exception
    assert "python -m data demo" in at.warning[0].value


def test_overview_with_an_unreachable_database_names_it(monkeypatch, tmp_path):
    monkeypatch.setenv("ANALYTICS_DIR", str(tmp_path))  # no store for this URL either
    monkeypatch.setenv("DATABASE_URL", "postgresql://crm:hunter2@127.0.0.1:1/crm")
    at = AppTest.from_file(APP, default_timeout=60).run()
    assert not at.exception
    assert "postgresql+psycopg://crm:***@127.0.0.1:1/crm" in at.error[0].value
    assert "hunter2" not in at.error[0].value


@pytest.mark.parametrize("page", [None, "pages/segments.py"])
def test_the_overview_and_the_segments_load_no_statistics_library(demo_url, page):
    """A process's first visit (the overview, signed in) and then the segments read the stored fits, forecasts
    and lifetime scores: statsmodels and scipy (a second of a cold start) are imported only where a model is
    fitted, at refresh."""
    code = f"""
import sys
from streamlit.testing.v1 import AppTest
at = AppTest.from_file({APP!r}, default_timeout=120)
at.user = {{"is_logged_in": True, "email": "admin@demo.example"}}
at.run()
if {page!r}:
    at.switch_page({page!r}).run()
assert not at.exception, at.exception
print(sorted({{m.split(".")[0] for m in sys.modules}} & {{"statsmodels", "scipy"}}))
"""
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300,
                            env={**os.environ, "DATABASE_URL": demo_url}, cwd=Path(APP).parent)
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.strip().splitlines()[-1] == "[]"
