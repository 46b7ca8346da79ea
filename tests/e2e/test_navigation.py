"""A Chinese deep link on a fresh server keeps its language and filters through every page of the navigation."""

import re
from urllib.parse import parse_qs, urlparse

import pytest
from playwright.sync_api import expect

from dashboard.core import i18n
from dashboard.core.navigation import ALL_PAGES
from tests.e2e.test_executive_views import wait_for_app

pytestmark = pytest.mark.e2e
DEEP_LINK = {"lang": "zh", "period": "2026-06", "compare": "year", "region": "East", "channel": "direct",
             "vp": "customer_intimacy"}
HAN = re.compile(r"[\u4e00-\u9fff]")


def test_every_page_of_the_navigation_keeps_chinese_and_the_filters(page, fresh_app_url):
    query = "&".join(f"{k}={v}" for k, v in DEEP_LINK.items())
    page.goto(f"{fresh_app_url}/?{query}")
    wait_for_app(page)
    sidebar = page.get_by_test_id("stSidebar")
    for spec in [*ALL_PAGES[1:], ALL_PAGES[0]]:
        title = i18n.TEXT[spec.title_key]["zh"]
        sidebar.get_by_test_id("stSidebarNavLink").filter(has=page.get_by_text(title, exact=True)).click()
        expect(page).to_have_url(re.compile(rf"/{spec.url_path}\b|/\?|/$") if spec.url_path == "overview"
                                 else re.compile(rf"/{spec.url_path}\b"), timeout=30_000)
        wait_for_app(page)
        asked = {k: v[0] for k, v in parse_qs(urlparse(page.url).query).items()}
        assert {k: asked.get(k) for k in DEEP_LINK} == DEEP_LINK, (spec.url_path, page.url)
        heading = page.locator("h1").first.inner_text()
        assert HAN.search(heading), (spec.url_path, heading)
        if spec.filters:  # a page the filters do nothing on draws none (it keeps them in the URL, above)
            expect(sidebar.get_by_test_id("stMultiSelect").filter(has_text="大区")).to_contain_text("华东")
            expect(sidebar.get_by_test_id("stMultiSelect").filter(has_text="渠道")).to_contain_text("直销")
        expect(sidebar.get_by_test_id("stRadio").filter(has_text="语言").get_by_role("radio", name="简体中文")
               ).to_be_checked()
