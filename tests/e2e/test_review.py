"""The monthly review end to end in Chromium (issue 20): an owner signs in, lands on My scorecard, writes the due
note of a KPI with a suggested driver confirmed as a cause, and the overview shows the note written."""

import shutil

import duckdb
import pytest
from playwright.sync_api import expect
from sqlalchemy import text

from data import db
from data.demo.review import WANG
from tests.e2e.conftest import PROXY_HEADER, screenshot
from tests.e2e.conftest import serve as serve_app
from tests.e2e.test_drill import grid_rows
from tests.e2e.test_executive_views import wait_for_app

pytestmark = pytest.mark.e2e

KPI_NAME, KPI_ID = "Net promoter score (NPS)", "net_promoter_score"  # written out by hand, as the pages show them


@pytest.fixture
def app(demo_url, tmp_path):
    """A server of its own on a copy of the demo where the link CSAT -> NPS is supported on the data."""
    source = db.get_engine(demo_url).url.database
    for suffix in (".db", ".duckdb"):
        shutil.copy(source.removesuffix(".db") + suffix, tmp_path / f"demo{suffix}")
    with duckdb.connect(str(tmp_path / "demo.duckdb")) as conn:
        conn.execute("UPDATE strategy_links SET evidence = 'supported', q_value = 0.01 WHERE method = 'time_series' "
                     "AND source_kpi = 'average_csat' AND target_kpi = 'net_promoter_score'")
    url = f"sqlite:///{tmp_path / 'demo.db'}"
    for served in serve_app(url):
        yield served, url


def test_an_owner_writes_the_due_note_and_the_overview_shows_it(browser, app):
    served, url = app
    context = browser.new_context(extra_http_headers={PROXY_HEADER: WANG}, viewport={"width": 1440, "height": 1000})
    page = context.new_page()
    try:
        page.goto(f"{served}/?lang=en")
        wait_for_app(page)
        expect(page.get_by_role("heading", name="My scorecard")).to_be_visible(timeout=60_000)
        due = page.get_by_test_id("stDataFrame").filter(has_text="Due by")
        assert KPI_NAME in grid_rows(due)
        pick = page.get_by_test_id("stSelectbox").filter(has_text="Write the note for")
        pick.click()
        page.keyboard.type("Net promoter")
        page.get_by_role("option", name=KPI_NAME).click()
        wait_for_app(page)
        form = page.get_by_test_id("stForm")
        expect(form).to_contain_text(KPI_NAME)
        form.get_by_text("Off track").click()
        form.get_by_role("textbox").fill("Promoters fell with satisfaction; <b>service</b> recovery plan agreed.")
        form.get_by_text("A cause", exact=True).click()
        form.get_by_role("button", name="Save check-in").click()
        wait_for_app(page)
        expect(page.get_by_text("Check-in saved for")).to_be_visible(timeout=30_000)
        screenshot(page, "review-my-scorecard-saved")

        engine = db.get_engine(url)
        with engine.connect() as conn:
            saved = conn.execute(text("SELECT author, status, drivers FROM review_checkin WHERE kpi_id = :k "
                                      "AND period = '2026-10-01'"), {"k": KPI_ID}).one()
        engine.dispose()
        assert saved == (WANG, "off_track", '[{"kpi_id": "average_csat", "verdict": "confirmed"}]')

        page.goto(f"{served}/overview?lang=en")
        wait_for_app(page)
        scorecard = page.get_by_test_id("stDataFrame").filter(has_text=KPI_NAME)
        row = scorecard.locator("table[role=grid] tbody tr").filter(has_text=KPI_NAME)
        expect(row).to_contain_text("Note written", timeout=30_000)
        screenshot(page, "review-overview-note-written")
    finally:
        context.close()
