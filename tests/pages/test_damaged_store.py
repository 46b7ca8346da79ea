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
    elif how == "middle":  # garbage inside: the header and catalogue read, the tables' blocks do not
        with open(path, "r+b") as handle:
            handle.seek(size // 6)
            handle.write(os.urandom(size * 2 // 3))
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


def test_garbage_in_the_middle_opens_and_fails_on_read(company):
    """The case below: the file opens as a store (so the damage is found mid-page, not when it opens)."""
    from metrics.base.store import Store, StoreDamaged

    live = analytics.store_path(company)
    damage(live, "middle")
    store = Store(live)
    assert store.data_version
    with pytest.raises(StoreDamaged):
        for table in store.query("SELECT table_name FROM information_schema.tables")["table_name"]:
            store.query(f'SELECT count(*), sum(hash(COLUMNS(*))) FROM "{table}"')


@pytest.mark.parametrize("spec", ALL_PAGES, ids=lambda s: s.url_path)
def test_garbage_in_the_middle_without_a_good_store_is_said_on_every_page(monkeypatch, company, spec):
    damage(analytics.store_path(company), "middle")
    at = walk(monkeypatch, company, spec.path)
    assert not at.exception, at.exception
    errors = texts(at, "error")
    assert i18n.TEXT["storefault_damaged"]["en"] in errors
    assert i18n.TEXT["pagefault_failed"]["en"].split("{")[0] not in errors
    assert "duckdb" not in errors.lower() and "Traceback" not in errors and str(company) not in errors


@pytest.mark.parametrize("spec", ALL_PAGES, ids=lambda s: s.url_path)
def test_garbage_in_the_middle_falls_back_to_the_last_good_store_on_every_page(monkeypatch, company, spec):
    live = analytics.store_path(company)
    shutil.copyfile(live, store_file.good_path(live))
    damage(live, "middle")
    at = walk(monkeypatch, company, spec.path)
    assert not at.exception, at.exception
    assert fallback_banner_start("en") in texts(at, "warning")
    assert not at.error or i18n.TEXT["storefault_damaged"]["en"] not in texts(at, "error")


def test_a_store_damaged_while_served_switches_to_the_good_one_mid_session(monkeypatch, company):
    """A store that read well on the first run is damaged in place (same file, same size and time): the next page's
    read meets a damaged block mid-page, and the page is shown again from the last good store under the banner."""
    live = analytics.store_path(company)
    shutil.copyfile(live, store_file.good_path(live))
    monkeypatch.setenv("DATABASE_URL", company)
    at = AppTest.from_file(APP, default_timeout=120)
    at.run()
    assert not at.exception and fallback_banner_start("en") not in texts(at, "warning")
    before = live.stat()
    damage(live, "middle")
    os.utime(live, ns=(before.st_atime_ns, before.st_mtime_ns))  # as if nothing changed: the open store is kept
    for spec in ALL_PAGES:
        at.switch_page(spec.path).run()
        assert not at.exception, (spec.url_path, at.exception)
        if fallback_banner_start("en") in texts(at, "warning"):
            break
    else:
        pytest.fail("no page read a damaged block")
    assert i18n.TEXT["storefault_damaged"]["en"] not in texts(at, "error")
    assert i18n.TEXT["pagefault_failed"]["en"].split("{")[0] not in texts(at, "error")
