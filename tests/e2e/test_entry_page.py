"""The Data page in a real browser."""

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import screenshot

pytestmark = pytest.mark.e2e


def customer_count(engine) -> int:
    with engine.connect() as conn:
        return conn.exec_driver_sql("SELECT count(*) FROM customer").scalar_one()


def test_data_page_shows_the_demo_companys_numbers(page, app_url, demo_engine):
    page.goto(f"{app_url}/data")
    expect(page.get_by_role("heading", name="Data loaded")).to_be_visible(timeout=30_000)
    tile = page.get_by_test_id("stMetric").filter(has_text="Customers")
    expect(tile).to_contain_text(f"{customer_count(demo_engine):,}", timeout=30_000)
    expect(page.get_by_text("Huagong Heavy Machinery")).to_be_visible()
    expect(page.get_by_text("Data as of")).to_be_visible()
    assert screenshot(page, "data-en").stat().st_size > 10_000


def test_language_switch_renders_chinese_and_keeps_it_in_the_url(page, app_url):
    page.goto(f"{app_url}/data")
    expect(page.get_by_role("heading", name="Data loaded")).to_be_visible(timeout=30_000)
    page.get_by_text("简体中文").click()
    expect(page.get_by_role("heading", name="已加载的数据")).to_be_visible(timeout=15_000)
    expect(page).to_have_url(re.compile(r"lang=zh"))
    screenshot(page, "data-zh")
    page.goto(page.url)  # the link alone restores the language in a fresh session
    expect(page.get_by_role("heading", name="已加载的数据")).to_be_visible(timeout=30_000)


def test_data_page_fits_a_phone(browser, app_url):
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True)
    phone = context.new_page()
    phone.goto(f"{app_url}/data")
    expect(phone.get_by_role("heading", name="Data loaded")).to_be_visible(timeout=30_000)
    expect(phone.get_by_test_id("stMetric").first).to_contain_text("Customers", timeout=15_000)
    phone.get_by_test_id("stDataFrame").wait_for(timeout=15_000)
    width = phone.evaluate("document.documentElement.scrollWidth")
    screenshot(phone, "data-phone")
    context.close()
    assert width <= 390
