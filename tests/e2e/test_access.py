"""Sign-in end to end in Chromium: OpenID Connect against a local provider through nginx onto two processes,
sign-out, local accounts, a wrong password and the rate limit (issue 12)."""

import re

import pytest
from oidc_provider_mock import User, run_server_in_thread
from playwright.sync_api import expect

from data import accounts, db
from scripts.serving import serve
from tests.e2e.conftest import screenshot
from tests.e2e.test_executive_views import wait_for_app

ADMIN = accounts.DEMO_ACCOUNTS["admin"]


def signed_in(page, email: str):
    shown = re.escape(email).replace("@", "@\u2060?")  # an invisible joiner keeps the e-mail from becoming a link
    return expect(page.get_by_text(re.compile(rf"Signed in as {shown}"))).to_be_visible(timeout=60_000)


@pytest.fixture
def oidc_cluster(demo_url, tmp_path):
    """A local OpenID provider and two Streamlit processes behind nginx, all on loopback; the browser uses the
    host name of the redirect URI (``localhost``)."""
    with run_server_in_thread(user_claims=[User(sub="chief", claims={"email": ADMIN})]) as provider:
        from scripts.serving import free_port

        port = free_port()
        secrets = tmp_path / "secrets.toml"
        secrets.write_text(
            "[auth]\n"
            f'redirect_uri = "http://localhost:{port}/oauth2callback"\n'
            'cookie_secret = "one secret shared by every process, long and random in production"\n'
            'client_id = "crm-scorecard"\nclient_secret = "test-secret"\n'
            f'server_metadata_url = "http://localhost:{provider.server_port}/.well-known/openid-configuration"\n')
        with serve(database_url=demo_url, processes=2, port=port,
                   extra_args=("--secrets.files", str(secrets))) as cluster:
            yield cluster, f"http://localhost:{port}"


def test_openid_sign_in_survives_a_reload_onto_another_process(browser, oidc_cluster):
    cluster, url = oidc_cluster
    context = browser.new_context(extra_http_headers={})
    page = context.new_page()
    cluster.stop_backend(1)  # the sign-in happens on process 0 ...
    page.goto(url)
    page.get_by_role("button", name="Sign in with your company account").click()
    page.get_by_role("button", name="chief").click()  # the provider's form: the predefined user
    signed_in(page, ADMIN)
    cluster.start_backend(1)
    page.wait_for_timeout(3000)  # nginx retries process 1 once its fail_timeout (2 s) has passed
    cluster.stop_backend(0)  # ... and the reload lands on process 1, which knows only the shared cookie secret
    page.wait_for_timeout(2000)  # the browser's own reconnect to process 1 settles first
    page.goto(url)
    wait_for_app(page)
    signed_in(page, ADMIN)
    expect(page.get_by_test_id("stMetric").first).to_be_visible(timeout=60_000)
    screenshot(page, "signed-in-through-nginx")
    context.close()


@pytest.fixture
def local_app(tmp_path):
    """A database with local accounts only (not the demo), served plainly."""
    from tests.e2e.conftest import serve as serve_app

    url = f"sqlite:///{tmp_path / 'local.db'}"
    engine = db.get_engine(url)
    db.create_schema(engine)
    with db.session_scope(engine) as session:
        for email in ("ann@example.cn", "bob@example.cn"):
            accounts.add_user(session=session, email=email, role="marketer", password="right password", actor="t")
    engine.dispose()
    yield from serve_app(url, trust_proxy_header=False)


def submit(page, email: str, password: str) -> None:
    page.get_by_role("textbox", name="E-mail", exact=True).fill(email)
    page.get_by_role("textbox", name="Password", exact=True).fill(password)
    page.get_by_role("button", name="Sign in").click()
    wait_for_app(page)


def test_local_accounts_wrong_password_rate_limit_and_sign_out(browser, local_app):
    context = browser.new_context(extra_http_headers={})
    page = context.new_page()
    page.goto(local_app)
    submit(page, "ann@example.cn", "wrong password")
    expect(page.get_by_text("Wrong e-mail or password.")).to_be_visible(timeout=30_000)
    submit(page, "ann@example.cn", "right password")
    signed_in(page, "ann@example.cn")
    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("button", name="Sign in")).to_be_visible(timeout=30_000)
    for attempt in range(accounts.MAX_FAILURES):
        submit(page, "bob@example.cn", f"guess {attempt}")
        expect(page.get_by_text("Wrong e-mail or password.")).to_be_visible(timeout=30_000)
    submit(page, "bob@example.cn", "right password")
    expect(page.get_by_text("Too many failed attempts for this e-mail.")).to_be_visible(timeout=30_000)
    expect(page.get_by_text("Signed in as")).to_have_count(0)
    context.close()
