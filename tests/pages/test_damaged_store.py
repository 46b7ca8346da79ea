"""A damaged analytical store takes no page down: every page says so plainly, or shows the last good store under a
banner, and never a DuckDB traceback."""

import os
import shutil
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from dashboard.core import i18n
from dashboard.core.navigation import ALL_PAGES, OVERVIEW
from data import analytics, store_file

APP = str(Path(__file__).resolve().parents[2] / "streamlit_app.py")


def damage(path: Path, how: str) -> None:
    size = path.stat().st_size
    if how == "empty":  # a full disk
        path.write_bytes(b"")
    elif how == "half":  # a crash during a copy
        with open(path, "r+b") as handle:
            handle.truncate(size // 2)
    else:  # overwritten
        path.write_bytes(os.urandom(size))


@pytest.fixture
def company(demo_url, tmp_path):
    """A copy of the demo database and its store, to damage."""
    source = Path(demo_url.removeprefix("sqlite:///"))
    target = tmp_path / "company.db"
    shutil.copyfile(source, target)
    url = f"sqlite:///{target}"
    shutil.copyfile(analytics.store_path(demo_url), analytics.store_path(url))
    return url


def walk(monkeypatch, url: str, path: str, lang: str = "en") -> AppTest:
    monkeypatch.setenv("DATABASE_URL", url)
    at = AppTest.from_file(APP, default_timeout=120)
    at.query_params["lang"] = lang
    at.run()
    if path != OVERVIEW.path:
        at.switch_page(path).run()
    return at


def texts(at: AppTest, kind: str) -> str:
    return " ".join(str(e.value) for e in getattr(at, kind))


@pytest.mark.parametrize("how", ["empty", "half", "garbage"])
@pytest.mark.parametrize("spec", ALL_PAGES, ids=lambda s: s.url_path)
def test_a_damaged_store_without_a_good_one_is_said_on_every_page(monkeypatch, company, spec, how):
    damage(analytics.store_path(company), how)
    at = walk(monkeypatch, company, spec.path)
    assert not at.exception, at.exception
    assert i18n.TEXT["storefault_damaged"]["en"] in texts(at, "error")
    assert "duckdb" not in texts(at, "error").lower() and "Traceback" not in texts(at, "error")


def fallback_banner_start(lang: str) -> str:
    return i18n.TEXT["storefault_fallback"][lang].split("{")[0]


@pytest.mark.parametrize("spec", ALL_PAGES, ids=lambda s: s.url_path)
def test_a_damaged_store_falls_back_to_the_last_good_one_on_every_page(monkeypatch, company, spec):
    live = analytics.store_path(company)
    shutil.copyfile(live, store_file.good_path(live))
    damage(live, "half")
    at = walk(monkeypatch, company, spec.path)
    assert not at.exception, at.exception
    assert fallback_banner_start("en") in texts(at, "warning")
    assert i18n.TEXT["storefault_damaged"]["en"] not in texts(at, "error")


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("how", ["empty", "garbage"])
def test_the_fallback_banner_in_both_languages(monkeypatch, company, how, lang):
    live = analytics.store_path(company)
    shutil.copyfile(live, store_file.good_path(live))
    damage(live, how)
    at = walk(monkeypatch, company, OVERVIEW.path, lang)
    assert not at.exception, at.exception
    assert fallback_banner_start(lang) in texts(at, "warning")
    assert len(at.metric) > 0  # the figures of the good store are shown


def test_a_refresh_rebuilds_a_damaged_store(monkeypatch, company):
    from cli import data as data_cli
    live = analytics.store_path(company)
    damage(live, "garbage")
    assert data_cli.main(["--database-url", company, "refresh"]) == 0
    at = walk(monkeypatch, company, OVERVIEW.path)
    assert not at.exception and not at.error
    assert fallback_banner_start("en") not in texts(at, "warning")
