"""Company data is text, in a real browser (issue 23, item 4): on a company whose every text column holds a
markdown image, a markdown link, HTML and a formula pointing at ``HOST``, no page the admin opens has an
``<img>`` or a link (HTML or Plotly's SVG) to that host, and the browser sends no request to it."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from dashboard.core.navigation import ALL_PAGES, CUSTOMER_DETAIL
from data import db
from tests.e2e.conftest import screenshot, serve
from tests.e2e.test_executive_views import wait_for_app
from tests.pages.test_injection import HOST, build_injected_company

pytestmark = pytest.mark.e2e

# Every element in the document (shadow roots included) that points at the data's host.
POINTING_AT_HOST = """host => {
    const out = [];
    const walk = root => {
        for (const el of root.querySelectorAll('*')) {
            for (const name of ['src', 'href', 'xlink:href', 'srcset', 'poster', 'data', 'action', 'style']) {
                const value = el.getAttribute(name);
                if (value && value.includes(host)) out.push(el.tagName + ' ' + name + '=' + value);
            }
            if (el.shadowRoot) walk(el.shadowRoot);
        }
    };
    walk(document);
    return out;
}"""


@pytest.fixture(scope="module")
def injected_app(tmp_path_factory):
    url = build_injected_company(f"sqlite:///{tmp_path_factory.mktemp('injected-e2e') / 'company.db'}")
    engine = db.get_engine(url)
    with engine.connect() as conn:
        customer = conn.execute(text("SELECT id FROM customer WHERE name LIKE '![%' ORDER BY id")).scalars().first()
    engine.dispose()
    for base in serve(url):
        yield base, customer


@pytest.mark.parametrize("spec", ALL_PAGES, ids=lambda s: s.url_path or "overview")
def test_no_page_points_the_browser_at_a_host_in_the_data(page, injected_app, spec):
    base, customer = injected_app
    sent: list[str] = []
    page.on("request", lambda request: sent.append(request.url) if HOST in request.url else None)
    query = f"?customer={customer}" if spec is CUSTOMER_DETAIL else ""
    page.goto(f"{base}/{spec.url_path}{query}")
    wait_for_app(page)
    page.mouse.wheel(0, 20_000)  # draw what is below the fold too
    page.wait_for_timeout(1500)
    found = page.evaluate(POINTING_AT_HOST, HOST)
    if found or sent:
        screenshot(page, f"injection-{spec.url_path or 'overview'}")
    assert not page.get_by_test_id("stException").count()
    assert found == [] and sent == []


def test_the_customer_header_shows_the_markup_as_typed(page, injected_app):
    base, customer = injected_app
    page.goto(f"{base}/{CUSTOMER_DETAIL.url_path}?customer={customer}")
    wait_for_app(page)
    header = page.get_by_test_id("stHeading").filter(has_text="Customer 0").first.inner_text()
    assert header.replace("\u2060", "").startswith(f"![px](http://{HOST}/px.png) Customer")  # joiners: invisible
