"""A real Streamlit server on a free port and Debian's Chromium driven by Playwright."""

import os
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from playwright.sync_api import sync_playwright

from tests.postgres_server import free_port

ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / "screenshots"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--no-first-run"]


@pytest.fixture(scope="session")
def app_url(demo_url):
    """``streamlit run`` on the demo database; yields the base URL."""
    yield from serve(demo_url)


@pytest.fixture
def fresh_app_url(demo_url):
    """A server of its own that no session has visited yet."""
    yield from serve(demo_url)


# The app needs a signed-in identity: these servers trust the e-mail header of an authenticating proxy,
# and the browser (``page``) sends the demo admin's, as such a proxy would (see dashboard/core/auth.py).
PROXY_HEADER = "X-Forwarded-Email"
SIGNED_IN_HEADERS = {PROXY_HEADER: "admin@demo.example"}


def serve(demo_url, *extra_args: str, trust_proxy_header: bool = True):
    port = free_port()
    env = {**os.environ, "DATABASE_URL": demo_url}
    trusted = ["--server.trustedUserHeaders", f'{{"{PROXY_HEADER}": "email"}}'] if trust_proxy_header else []
    server = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", str(ROOT / "streamlit_app.py"), "--server.port", str(port),
         "--server.headless", "true", "--browser.gatherUsageStats", "false", *trusted, *extra_args],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                if response.status == 200:
                    break
        except OSError:
            time.sleep(0.3)
    else:
        server.kill()
        raise RuntimeError(f"streamlit did not start: {server.stderr.read().decode()[-2000:]}")
    yield url
    server.terminate()
    server.wait(timeout=20)


class SignedInBrowser:
    """Chromium whose new contexts send the proxy's e-mail header (pass ``extra_http_headers={}`` to be nobody)."""

    def __init__(self, chromium) -> None:
        self._chromium = chromium

    def new_context(self, **options):
        options.setdefault("extra_http_headers", SIGNED_IN_HEADERS)
        return self._chromium.new_context(**options)

    def __getattr__(self, name):
        return getattr(self._chromium, name)


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail("Chromium is missing: run `make system` (scripts/install-system.sh)")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        yield SignedInBrowser(chromium)
        chromium.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1400, "height": 900}, accept_downloads=True)
    page = context.new_page()
    yield page
    context.close()


def screenshot(page, name: str) -> Path:
    SCREENSHOTS.mkdir(exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path
