"""The marketers' views in a real browser: a segment's CSV and the drill from a segment to a customer."""

import csv
import io
import re
from datetime import date
from pathlib import Path

import pytest
from playwright.sync_api import expect

from dashboard.core import i18n, labels
from metrics.base.filters import Filters
from metrics.customers.segments import customer_table
from metrics.scorecard.registry import get
from tests.e2e.conftest import screenshot
from tests.e2e.test_executive_views import wait_for_app

pytestmark = pytest.mark.e2e


def customer_list(page):
    return page.get_by_test_id("stDataFrame").nth(-3)  # then the call list and the win-back list


def test_segment_csv_lists_the_segments_customers(page, app_url, demo_store, demo_engine):
    page.goto(f"{app_url}/segments?segment=tier:A")
    expect(page.get_by_role("heading", name="Who are our valuable customers?")).to_be_visible(timeout=30_000)
    wait_for_app(page)
    with page.expect_download() as info:
        page.get_by_test_id("stDownloadButton").filter(has_text="CSV").nth(1).click()
    assert info.value.suggested_filename == "customers-tier-A.csv"
    rows = list(csv.DictReader(io.StringIO(Path(info.value.path()).read_text(encoding="utf-8-sig"))))
    table = customer_table(demo_store, Filters(date(2026, 10, 1), date(2026, 10, 1)))
    assert {int(r["Customer no."]) for r in rows} == set(table.loc[table["tier"] == "A", "customer_id"])
    with demo_engine.connect() as conn:  # each customer's revenue, straight from the order lines
        revenue = dict(conn.exec_driver_sql("""
            SELECT o.customer_id, sum(l.quantity * l.unit_price * (1 - l.discount)) FROM order_line l
            JOIN sales_order o ON o.id = l.order_id WHERE o.ordered_on >= '2025-11-01' AND o.ordered_on < '2026-11-01'
            GROUP BY o.customer_id""").all())
    for r in rows:
        assert float(r["Revenue, last 12 months"]) == pytest.approx(revenue[int(r["Customer no."])], abs=0.5)
        assert r["Region"] in {"East", "North", "South", "West", "Central"} and "_" not in r["Channel"]


def test_selecting_a_customer_in_a_segment_opens_their_history(page, app_url):
    page.goto(f"{app_url}/segments?segment=segment:champions")
    expect(page.get_by_role("heading", name="Who are our valuable customers?")).to_be_visible(timeout=30_000)
    wait_for_app(page)
    grid = customer_list(page)
    grid.scroll_into_view_if_needed()
    box = grid.bounding_box()
    page.mouse.click(box["x"] + 18, box["y"] + 35 + 18)  # the first row's selection box
    expect(page).to_have_url(re.compile(r"/customer_detail\?.*customer=\d+"), timeout=20_000)
    expect(page.get_by_role("heading", name="Customer detail")).to_be_visible()
    wait_for_app(page)
    expect(page.get_by_test_id("stMetric").filter(has_text="Orders")).to_be_visible()
    screenshot(page, "customer-detail-selected")


def test_a_who_list_csv_is_built_on_click_in_the_pages_language(page, app_url):
    who = get("repeat_purchase_rate").who
    page.goto(f"{app_url}/who?kpi=repeat_purchase_rate&lang=zh")
    expect(page.get_by_role("heading", name=i18n.TEXT["drill_page_who"]["zh"])).to_be_visible(timeout=30_000)
    wait_for_app(page)
    with page.expect_download() as info:
        page.get_by_test_id("stDownloadButton").filter(has_text="CSV").first.click()
    rows = list(csv.DictReader(io.StringIO(Path(info.value.path()).read_text(encoding="utf-8-sig"))))
    assert rows and labels.header("customer_id", "zh") in rows[0] and who.value["zh"] in rows[0]
    assert all(r[labels.header("customer_id", "zh")] for r in rows)
