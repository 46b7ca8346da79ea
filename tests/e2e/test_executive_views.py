"""The executive views in a real browser: filters, drill from a KPI, language, downloads, screenshots."""

import csv
import io
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from dashboard.core.navigation import ALL_PAGES, OVERVIEW
from metrics.scorecard.registry import CATALOGUE
from tests.e2e.conftest import screenshot

pytestmark = pytest.mark.e2e
OVERVIEW_EN = "Is our customer strategy working?"


SETTLED = """() => {
    const busy = document.querySelector('[data-testid=stStatusWidget], [data-testid=stSkeleton]');
    const stale = document.querySelector('[data-stale=true]');
    return !busy && !stale && document.querySelectorAll('[data-testid=stElementContainer]').length > 3;
}"""


def wait_for_app(page) -> None:
    """Until the script run has finished and the page has held still (settled, and settled again at two looks
    half a second apart: a run the first one starts, such as the filters written to the link, is seen)."""
    page.get_by_test_id("stApp").wait_for(timeout=30_000)
    page.wait_for_function(SETTLED, timeout=60_000)
    for _ in range(2):
        page.wait_for_timeout(500)
        page.wait_for_function(SETTLED, timeout=60_000)


def tile_value(page, label: str) -> str:
    tile = page.get_by_test_id("stMetric").filter(has_text=label).first
    return tile.get_by_test_id("stMetricValue").inner_text()


def test_a_deep_link_on_a_fresh_server_gets_the_whole_frame(page, fresh_app_url):
    page.goto(f"{fresh_app_url}/customer?period=2026-06&region=East&lang=zh")
    expect(page.get_by_role("heading", name="客户", exact=True)).to_be_visible(timeout=30_000)
    wait_for_app(page)
    sidebar = page.get_by_test_id("stSidebar")
    expect(sidebar.get_by_test_id("stMultiSelect").filter(has_text="大区")).to_contain_text("华东")
    expect(page).to_have_url(re.compile(r"period=2026-06"))  # written back by the frame's widgets
    expect(page.get_by_test_id("stMetric").first).to_be_visible()


def test_changing_a_filter_changes_numbers_and_the_link(page, app_url):
    page.goto(f"{app_url}/customer?period=2026-06")
    expect(page.get_by_role("heading", name="Customer")).to_be_visible(timeout=30_000)
    wait_for_app(page)
    before = tile_value(page, "Active customers")
    region = page.get_by_test_id("stSidebar").get_by_test_id("stMultiSelect").filter(has_text="Region")
    region.scroll_into_view_if_needed()
    region.get_by_role("combobox").click()
    page.keyboard.type("East")
    page.keyboard.press("Enter")
    page.keyboard.press("Escape")
    expect(page).to_have_url(re.compile(r"region=East"), timeout=15_000)
    wait_for_app(page)
    assert tile_value(page, "Active customers") != before


def test_a_kpi_opens_its_perspective_page_focused_on_it(page, app_url):
    page.goto(app_url)
    expect(page.get_by_role("heading", name=OVERVIEW_EN)).to_be_visible(timeout=30_000)
    wait_for_app(page)
    page.get_by_test_id("stSelectbox").filter(has_text="Open a KPI").click()
    page.keyboard.type("Median first")
    page.get_by_role("option", name="Median first response").click()
    expect(page).to_have_url(re.compile(r"/process\?.*kpi=first_response_hours"), timeout=20_000)
    expect(page.get_by_role("heading", name="Internal process")).to_be_visible()
    expect(page.get_by_role("combobox", name="KPI in focus")).to_have_value("Median first response")


def test_language_switch_translates_the_overview(page, app_url):
    page.goto(app_url)
    expect(page.get_by_role("heading", name=OVERVIEW_EN)).to_be_visible(timeout=30_000)
    page.get_by_text("简体中文").click()
    expect(page.get_by_role("heading", name="我们的客户战略见效了吗？")).to_be_visible(timeout=20_000)
    expect(page).to_have_url(re.compile(r"lang=zh"))
    # the phone layout's copy of the title is drawn too, hidden on a desktop
    expect(page.get_by_text("战略地图").locator("visible=true").first).to_be_visible()


def test_scorecard_csv_download_holds_every_kpi(page, app_url):
    page.goto(app_url)
    expect(page.get_by_role("heading", name=OVERVIEW_EN)).to_be_visible(timeout=30_000)
    wait_for_app(page)
    with page.expect_download() as info:
        page.get_by_test_id("stDownloadButton").filter(has_text="CSV").first.click()
    text = Path(info.value.path()).read_text(encoding="utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert {r["KPI"] for r in rows} == {k.name["en"] for k in CATALOGUE}
    assert {"Value", "Target", "Status"} <= set(rows[0])


def test_pdf_report_downloads(page, app_url):
    page.goto(app_url)
    expect(page.get_by_role("heading", name=OVERVIEW_EN)).to_be_visible(timeout=30_000)
    wait_for_app(page)
    with page.expect_download() as info:
        page.get_by_test_id("stDownloadButton").filter(has_text="PDF").click()
    assert Path(info.value.path()).read_bytes()[:5] == b"%PDF-"


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("spec", ALL_PAGES, ids=lambda s: s.url_path)
def test_screenshot_every_page(browser, app_url, spec, lang):
    context = browser.new_context(viewport={"width": 1440, "height": 2400})
    page = context.new_page()
    page.goto(f"{app_url}/{'' if spec is OVERVIEW else spec.url_path}?lang={lang}")
    wait_for_app(page)
    expect(page.get_by_test_id("stException")).to_have_count(0)
    expect(page.get_by_text("Page not found")).to_have_count(0)
    screenshot(page, f"{spec.url_path}-{lang}")
    context.close()


@pytest.mark.parametrize("path", ["", "customer"])
def test_pages_fit_a_phone(browser, app_url, path):
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True)
    phone = context.new_page()
    phone.goto(f"{app_url}/{path}")
    wait_for_app(phone)
    width = phone.evaluate("document.documentElement.scrollWidth")
    screenshot(phone, f"{path or 'overview'}-phone")
    context.close()
    assert width <= 390
