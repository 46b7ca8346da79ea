"""A refresh step that could not compute is said where its figures would be, and listed on the Data quality page,
in both languages."""

import shutil
from pathlib import Path

import pytest

from dashboard.core import i18n
from dashboard.core.navigation import ADMIN_QUALITY, OVERVIEW
from data import analytics, db
from jobs import refresh as precompute
from tests.jobs.test_refresh import raising, warning
from tests.pages.test_damaged_store import texts, walk


@pytest.fixture
def company(demo_url, tmp_path, monkeypatch):
    """A copy of the demo database whose store was refreshed with the forecast failing and a warning."""
    target = tmp_path / "company.db"
    shutil.copyfile(Path(demo_url.removeprefix("sqlite:///")), target)
    url = f"sqlite:///{target}"
    shutil.copyfile(analytics.store_path(demo_url), analytics.store_path(url))
    monkeypatch.setattr(precompute, "STEPS", (("forecast", raising), ("lifetime_values", warning)))
    engine = db.get_engine(url)
    precompute.run(engine)
    engine.dispose()
    return url


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_pages_say_what_could_not_be_estimated_and_why(monkeypatch, company, lang):
    reason = {"en": "a series it needs does not vary", "zh": "所需的某个序列在此数据中没有变化"}[lang]
    overview = walk(monkeypatch, company, OVERVIEW.path, lang)
    assert not overview.exception, overview.exception
    note = texts(overview, "info")
    assert i18n.TEXT["storefault_step_forecast"][lang] in note and reason in note
    quality = walk(monkeypatch, company, ADMIN_QUALITY.path, lang)
    assert not quality.exception, quality.exception
    listed = quality.dataframe[0].value
    assert list(listed[i18n.TEXT["storefault_step"][lang]]) == [i18n.TEXT["storefault_step_forecast"][lang],
                                                              i18n.TEXT["storefault_step_lifetime_values"][lang]]
    assert list(listed[i18n.TEXT["storefault_status"][lang]]) == [i18n.TEXT["storefault_status_failed"][lang],
                                                                i18n.TEXT["storefault_status_warned"][lang]]
