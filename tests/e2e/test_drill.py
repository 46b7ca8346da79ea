"""From a KPI on the overview to a customer in two clicks, end to end in Chromium (issue 19): signed in with the
demo's "try as executive", a click on the customer churn rate's row of the scorecard table opens the Who page for
that KPI with its customers, and a click on a customer there opens that customer's detail page."""

import re
import shutil
import time

import pytest
from playwright.sync_api import expect

from data import db
from tests.e2e.conftest import screenshot
from tests.e2e.conftest import serve as serve_app
from tests.e2e.test_executive_views import wait_for_app

pytestmark = pytest.mark.e2e

KPI_NAME, KPI_ID = "Customer churn rate", "churn_rate"  # written out by hand, as the scorecard shows them
ROW_PX = 35  # st.dataframe's row height (the header row too)
ROW_MARKER_PX = 15  # inside the selection column left of the first column: a click there selects the row


@pytest.fixture
def app(demo_url, tmp_path):
    """A server of its own on a copy of the demo (signing in writes to the audit), trusting no proxy header."""
    source = db.get_engine(demo_url).url.database
    for suffix in (".db", ".duckdb"):
        shutil.copy(source.removesuffix(".db") + suffix, tmp_path / f"demo{suffix}")
    yield from serve_app(f"sqlite:///{tmp_path / 'demo.db'}", trust_proxy_header=False)


def grid_rows(grid) -> list[str]:
    """The first cell of each body row of a ``st.dataframe``, from the grid's accessible copy (it draws on a canvas)."""
    rows = grid.locator("table[role=grid] tbody tr")
    return [rows.nth(i).locator("td").first.inner_text().strip() for i in range(rows.count())]


def select_row(page, grid, first_cell: str) -> None:
    """Click the selection box of the row whose first cell reads ``first_cell``."""
    grid.scroll_into_view_if_needed()
    index = grid_rows(grid).index(first_cell)
    box = grid.bounding_box()
    page.mouse.click(box["x"] + ROW_MARKER_PX, box["y"] + ROW_PX * (index + 1) + ROW_PX // 2)


def test_two_clicks_lead_from_a_customer_kpi_on_the_overview_to_one_of_its_customers(browser, app):
    started = time.monotonic()
    context = browser.new_context(extra_http_headers={}, viewport={"width": 1440, "height": 900})
    page = context.new_page()
    try:
        page.goto(f"{app}/?lang=en")
        wait_for_app(page)
        page.get_by_role("button", name="Try as Executive").click()
        wait_for_app(page)
        expect(page.get_by_text("Is our customer strategy working?")).to_be_visible(timeout=60_000)

        scorecard = page.get_by_test_id("stDataFrame").filter(has_text=KPI_NAME)
        expect(scorecard).to_have_count(1)
        select_row(page, scorecard, KPI_NAME)  # click 1
        expect(page).to_have_url(re.compile(rf"/who\?.*kpi={KPI_ID}\b"), timeout=60_000)
        wait_for_app(page)
        expect(page.get_by_text(KPI_NAME).first).to_be_visible()
        customers = page.get_by_test_id("stDataFrame").first
        expect(customers.locator("table[role=grid] thead")).to_contain_text("Customer no.")
        listed = grid_rows(customers)
        assert listed and all(re.fullmatch(r"\d+", number) for number in listed), listed
        screenshot(page, "drill-who-churn")

        select_row(page, customers, listed[0])  # click 2
        expect(page).to_have_url(re.compile(rf"/customer_detail\?.*customer={listed[0]}\b"), timeout=60_000)
        wait_for_app(page)
        expect(page.get_by_text(f"Customer {int(listed[0]):06d}").first).to_be_visible(timeout=30_000)
        screenshot(page, "drill-customer")
    finally:
        context.close()
    assert time.monotonic() - started < 90
