"""The main pages at a desktop's and a phone's width, in both languages: nothing cut with "…", no English in Chinese.

What is measured, per page and width and language:
- a tile's title and value (``st.metric`` cuts its label with an ellipsis), a heading, a caption, a select box's
  value: cut when the element's ``scrollWidth`` exceeds its ``clientWidth``;
- a table's headers and cells: ``st.dataframe`` draws on a canvas (glide-data-grid), so no element can be
  measured; its accessible copy (``table[role=grid]``) gives the texts, the browser measures them in the grid's
  font, and each must fit the width ``dashboard.core.widths`` fits the labelled tables' columns to;
- Chinese mode: no visible text run holding two or more English words (numbers, ids, e-mails, units and the
  abbreviations a Chinese reader uses, KPI, CRM, RFM..., set aside).
Plus: on a phone, the menu closes after a page is picked, and the Overview shows its phone summary, not the map.
"""

import re

import pytest
from playwright.sync_api import expect

from dashboard.core import widths
from tests.e2e.test_executive_views import wait_for_app

pytestmark = pytest.mark.e2e

WIDTHS = (1440, 390)
PAGES = ("overview", "financial", "segments", "customer_detail?customer=1", "portfolios", "program", "data")

CUT = """() => {
    const cut = [];
    const seen = document.querySelectorAll(
        '[data-testid=stMetricLabel] *, [data-testid=stMetricValue], [data-testid=stMetricValue] *, '
        + 'h1, h2, h3, h4, [data-testid=stCaptionContainer], [data-testid=stSelectbox] [value], '
        + '[data-testid=stSelectbox] div[class*=singleValue], [data-testid=stTable] th, [data-testid=stTable] td');
    for (const el of seen) {
        if (!el.checkVisibility() || !el.textContent.trim()) continue;
        const style = getComputedStyle(el);
        const clips = style.textOverflow === 'ellipsis' || style.overflow === 'hidden' || style.overflowX === 'hidden';
        if (clips && el.scrollWidth > el.clientWidth + 1) cut.push(el.textContent.trim().slice(0, 80));
    }
    return cut;
}"""

GRID_TEXTS = """() => {
    const canvas = document.createElement('canvas').getContext('2d');
    const family = getComputedStyle(document.body).fontFamily;
    const out = [];
    for (const grid of document.querySelectorAll('[data-testid=stDataFrame] table[role=grid]')) {
        for (const th of grid.querySelectorAll('th')) {
            canvas.font = `600 14px ${family}`;
            out.push([th.textContent, true, canvas.measureText(th.textContent).width]);
        }
        for (const td of grid.querySelectorAll('td')) {
            canvas.font = `400 14px ${family}`;
            out.push([td.textContent, false, canvas.measureText(td.textContent).width]);
        }
    }
    return out;
}"""

VISIBLE_TEXT = """() => {
    const out = [];
    const walker = document.createTreeWalker(document.querySelector('[data-testid=stMain]') || document.body,
                                             NodeFilter.SHOW_TEXT);
    while (walker.nextNode()) {
        const node = walker.currentNode, el = node.parentElement;
        const text = node.textContent.trim();
        const skipped = '[data-testid=stDataFrame], [data-testid=stIconMaterial], code, pre, svg, textarea';
        if (!text || !el || !el.checkVisibility() || el.closest(skipped)) continue;
        const box = el.getBoundingClientRect();
        if (box.width > 0 && box.height > 0) out.push(text);
    }
    return out;
}"""

# what a Chinese reader reads as is: abbreviations, file kinds, units, the demo's customer names and e-mails
ALLOWED = re.compile(r"\b(KPI|KPIs|CRM|RFM|ROI|NPS|CSAT|CPI|SPI|PV|EV|CSV|Excel|PDF|UTC|P|Customer|Contact|"
                     r"Staff|admin|demo|example|WeChat|AR|ETS|[A-Z]{1,3})\b|\S+@\S+|https?://\S+")
ENGLISH_WORD = re.compile(r"[A-Za-z]{2,}")


def english_run(text: str) -> bool:
    """Two or more English words left once the allowed ones are set aside."""
    return len(ENGLISH_WORD.findall(ALLOWED.sub(" ", text))) >= 2


def test_english_run_spots_english_and_spares_abbreviations():
    assert english_run("Page not found") and english_run("客户 Probability still active")
    assert not english_run("KPI 未达标 · CRM 项目") and not english_run("Customer 003044 · 华中")
    assert not english_run("admin@demo.example（管理员）")


def open_page(browser, base: str, path: str, *, width: int, lang: str):
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    separator = "&" if "?" in path else "?"
    page.goto(f"{base}/{path}{separator}lang={lang}")
    wait_for_app(page)
    return context, page


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_nothing_is_cut_and_chinese_pages_hold_no_english(browser, app_url, width, lang):
    problems = []
    for path in PAGES:
        context, page = open_page(browser, app_url, path, width=width, lang=lang)
        try:
            problems += [f"{path}: cut {text!r}" for text in page.evaluate(CUT)]
            for text, bold, measured in page.evaluate(GRID_TEXTS):
                if widths.text_px(text, bold=bold) + widths.PADDING_PX < measured + 16 and measured + 16 < \
                        widths.MAX_PX:
                    problems.append(f"{path}: a column fitted to {text!r} would cut it")
            if lang == "zh":
                problems += [f"{path}: English {text!r}" for text in page.evaluate(VISIBLE_TEXT)
                             if english_run(text)]
        finally:
            context.close()
    assert not problems, "\n".join(dict.fromkeys(problems))


PHONE = {"is_mobile": True, "has_touch": True,  # Streamlit closes its menu after a pick on a phone, told by these
         "user_agent": "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like "
                       "Gecko) Version/17.0 Mobile/15E148 Safari/604.1"}
SIDEBAR_OPEN = "() => document.querySelector('[data-testid=stSidebar]').getBoundingClientRect().right > 0"


def test_on_a_phone_the_overview_lists_objectives_and_the_menu_closes_after_a_pick(browser, app_url):
    context = browser.new_context(viewport={"width": 390, "height": 900}, **PHONE)
    page = context.new_page()
    try:
        page.goto(f"{app_url}/?lang=en")
        wait_for_app(page)
        expect(page.locator(".st-key-overview_phone")).to_be_visible()
        expect(page.locator(".st-key-overview_wide")).to_be_hidden()
        assert not page.evaluate(SIDEBAR_OPEN)
        page.get_by_test_id("stExpandSidebarButton").tap()
        page.wait_for_function(SIDEBAR_OPEN, timeout=10_000)
        page.get_by_test_id("stSidebar").get_by_role("link", name="Segments").tap()
        expect(page).to_have_url(re.compile(r"/segments"), timeout=20_000)
        page.wait_for_function(f"() => !({SIDEBAR_OPEN})()", timeout=10_000)
    finally:
        context.close()
