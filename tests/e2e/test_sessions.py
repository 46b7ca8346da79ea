"""Reloads and shared links end to end in Chromium (issue 19): a local sign-in survives a reload on the same page
with the same filters, also when the reload reaches the other process behind nginx; signing out ends it; a shared
link opened signed out shows the sign-in in the link's language, with no "page not found", and after the sign-in
lands on the linked page with its filters."""

import re
import shutil

import pytest
from playwright.sync_api import expect

from data import accounts, db
from scripts.serving import serve
from tests.e2e.conftest import screenshot
from tests.e2e.conftest import serve as serve_app
from tests.e2e.test_access import oidc_cluster  # noqa: F401  (a fixture: OpenID through nginx)
from tests.e2e.test_executive_views import wait_for_app

PAT = "pat@example.cn"
PASSWORD = "a long password"
SEGMENTS_EN = "Who are our valuable customers?"  # the Segments page's title, written out by hand
SEGMENTS_ZH = "谁是我们的高价值客户？"


@pytest.fixture
def sessions_db(demo_url, tmp_path) -> str:
    """A copy of the demo (its database and analytical store) with one password account besides the demo's."""
    source = db.get_engine(demo_url).url.database
    for suffix in (".db", ".duckdb"):
        shutil.copy(source.removesuffix(".db") + suffix, tmp_path / f"demo{suffix}")
    url = f"sqlite:///{tmp_path / 'demo.db'}"
    engine = db.get_engine(url)
    with db.session_scope(engine) as session:
        accounts.add_user(session=session, email=PAT, role="executive", password=PASSWORD, actor="test")
    engine.dispose()
    return url


@pytest.fixture
def app(sessions_db):
    yield from serve_app(sessions_db, trust_proxy_header=False)


@pytest.fixture
def signed_out(browser):
    context = browser.new_context(extra_http_headers={}, viewport={"width": 1400, "height": 900})
    yield context.new_page()
    context.close()


def sign_in_with_password(page) -> None:
    page.get_by_role("textbox", name="E-mail", exact=True).fill(PAT)
    page.get_by_role("textbox", name="Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    wait_for_app(page)


def region_chosen(page, region: str):
    """The sidebar's Region filter shows ``region`` as chosen (its tag)."""
    box = page.get_by_test_id("stSidebar").get_by_test_id("stMultiSelect").nth(0)
    return expect(box.get_by_text(region, exact=True)).to_be_visible(timeout=30_000)


def no_page_not_found(page) -> None:
    expect(page.get_by_text(re.compile("page not found", re.IGNORECASE))).to_have_count(0)
    expect(page.get_by_role("dialog")).to_have_count(0)


def session_cookie(page) -> dict | None:
    return next((c for c in page.context.cookies() if c["name"] == "crm_session"), None)


def test_a_password_sign_in_survives_a_reload_on_the_same_page_with_its_filters(app, signed_out):
    page = signed_out
    page.goto(f"{app}/segments?region=East")
    wait_for_app(page)
    no_page_not_found(page)
    sign_in_with_password(page)
    expect(page.get_by_text(SEGMENTS_EN)).to_be_visible(timeout=60_000)
    expect(page).to_have_url(re.compile(r"/segments\?.*region=East"))
    cookie = session_cookie(page)
    assert cookie is not None and cookie["sameSite"] == "Strict" and cookie["expires"] > 0
    page.reload()
    wait_for_app(page)
    expect(page.get_by_text(re.compile(r"Signed in as pat@\u2060?example\.cn"))).to_be_visible(timeout=60_000)
    expect(page.get_by_text(SEGMENTS_EN)).to_be_visible(timeout=60_000)
    expect(page).to_have_url(re.compile(r"/segments\?.*region=East"))
    region_chosen(page, "East")
    screenshot(page, "session-reloaded-on-segments")
    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("button", name="Sign in")).to_be_visible(timeout=30_000)
    page.reload()
    wait_for_app(page)
    expect(page.get_by_role("button", name="Sign in")).to_be_visible(timeout=30_000)
    expect(page.get_by_text("Signed in as")).to_have_count(0)
    assert session_cookie(page) is None


def test_a_cookie_kept_after_signing_out_opens_nothing(app, signed_out, browser):
    """Signing out ends the cookie on the server too: a copy taken before (another tab, a thief) is refused."""
    page = signed_out
    page.goto(app)
    wait_for_app(page)
    sign_in_with_password(page)
    copied = session_cookie(page)
    assert copied is not None
    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("button", name="Sign in")).to_be_visible(timeout=30_000)
    other = browser.new_context(extra_http_headers={})
    other.add_cookies([copied])
    thief = other.new_page()
    thief.goto(app)
    wait_for_app(thief)
    expect(thief.get_by_role("button", name="Sign in")).to_be_visible(timeout=30_000)
    expect(thief.get_by_text("Signed in as")).to_have_count(0)
    other.close()


def test_a_shared_link_opened_signed_out_signs_in_in_its_language_and_lands_on_its_page(app, signed_out):
    page = signed_out
    page.goto(f"{app}/segments?lang=zh&region=North")
    wait_for_app(page)
    expect(page.get_by_role("heading", name="登录 CRM 平衡计分卡")).to_be_visible(timeout=30_000)
    no_page_not_found(page)
    screenshot(page, "shared-link-signed-out-zh")
    page.get_by_role("button", name="以市场人员身份试用").click()  # "try as marketer", in Chinese
    wait_for_app(page)
    expect(page.get_by_text(SEGMENTS_ZH)).to_be_visible(timeout=60_000)
    expect(page).to_have_url(re.compile(r"/segments\?.*region=North"))
    region_chosen(page, "华北")  # the region's name in Chinese
    no_page_not_found(page)
    page.reload()  # the demo's "try as" is kept too
    wait_for_app(page)
    expect(page.get_by_text(SEGMENTS_ZH)).to_be_visible(timeout=60_000)
    expect(page.get_by_text(re.compile("已登录：marketer@"))).to_be_visible(timeout=30_000)


@pytest.fixture
def cluster(sessions_db):
    with serve(database_url=sessions_db, processes=2) as running:
        yield running


def test_a_reload_onto_the_other_process_behind_nginx_keeps_the_sign_in(cluster, signed_out):
    page = signed_out
    cluster.stop_backend(1)  # the sign-in happens on process 0 ...
    page.goto(f"{cluster.url}/segments?region=South")
    wait_for_app(page)
    no_page_not_found(page)
    sign_in_with_password(page)
    expect(page.get_by_text(SEGMENTS_EN)).to_be_visible(timeout=60_000)
    cluster.start_backend(1)
    page.wait_for_timeout(3000)  # nginx tries process 1 again once its fail_timeout (2 s) has passed
    cluster.stop_backend(0)  # ... and the reload reaches process 1, which shares only the database
    page.wait_for_timeout(2000)
    page.reload()
    wait_for_app(page)
    expect(page.get_by_text(re.compile(r"Signed in as pat@\u2060?example\.cn"))).to_be_visible(timeout=60_000)
    expect(page.get_by_text(SEGMENTS_EN)).to_be_visible(timeout=60_000)
    region_chosen(page, "South")
    screenshot(page, "session-reloaded-through-nginx")
    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("button", name="Sign in")).to_be_visible(timeout=30_000)
    cluster.start_backend(0)
    page.wait_for_timeout(3000)
    page.reload()
    wait_for_app(page)
    expect(page.get_by_role("button", name="Sign in")).to_be_visible(timeout=30_000)
    expect(page.get_by_text("Signed in as")).to_have_count(0)


def test_an_openid_sign_in_from_a_shared_link_lands_on_its_page(browser, oidc_cluster):  # noqa: F811
    """OpenID comes back to the app's root: the page and filters the link named are opened after it."""
    _, url = oidc_cluster
    context = browser.new_context(extra_http_headers={})
    page = context.new_page()
    page.goto(f"{url}/segments?region=West")
    wait_for_app(page)
    no_page_not_found(page)
    page.get_by_role("button", name="Sign in with your company account").click()
    page.get_by_role("button", name="chief").click()  # the provider's form: the predefined user
    wait_for_app(page)
    expect(page.get_by_text(SEGMENTS_EN)).to_be_visible(timeout=60_000)
    expect(page).to_have_url(re.compile(r"/segments\?.*region=West"))
    region_chosen(page, "West")
    page.reload()  # Streamlit's own identity cookie keeps the OpenID sign-in
    wait_for_app(page)
    expect(page.get_by_text(SEGMENTS_EN)).to_be_visible(timeout=60_000)
    context.close()
