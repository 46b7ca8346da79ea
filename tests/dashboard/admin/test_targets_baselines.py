"""A company that set no targets, in the app: the overview counts its baseline targets and marks them, amounts
in its currency, its default period the last complete month; the Targets page lists the baselines marked, shows
an overall score, and adopting them makes them the company's own targets."""

import re

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from dashboard.admin.targets import to_save
from dashboard.core.navigation import ADMIN_TARGETS, OVERVIEW
from data import db, targets
from tests import companies, dollar_company


@pytest.fixture(scope="module")
def url(tmp_path_factory) -> str:
    built = dollar_company.build(tmp_path_factory.mktemp("dollars_app") / "dollars.db")
    companies.add_role_accounts(built)
    return built


@pytest.fixture(scope="module")
def visits(url):
    with pytest.MonkeyPatch.context() as patch:
        return {v.spec.path: v for v in companies.walk(patch, url, lang="en", role="admin",
                                                       pages=(OVERVIEW, ADMIN_TARGETS))}


def _text(visit) -> str:
    return "\n".join(text for _, text in visit.texts)


def test_the_overview_counts_and_marks_baseline_targets_in_dollars(visits):
    overview = visits[OVERVIEW.path]
    assert not overview.exception, overview.exception
    text = _text(overview)
    assert re.search(r"\d+ of \d+ targets are baselines drawn from the company's own history", text), text[:2000]
    assert not re.search(r"\b(nan|None|inf)\b", text)
    tables = [f for f in overview.frames if "Target" in f.columns]
    targets_shown = pd.concat([f["Target"] for f in tables])
    assert targets_shown.str.endswith("(baseline)").any() and targets_shown.str.contains(r"\$").any()
    assert not targets_shown.str.contains("¥").any()
    assert "2025-05" in text and "Overall score" in text  # the last complete month, not the partial June


def test_the_targets_page_lists_baselines_and_an_overall_score(visits):
    page = visits[ADMIN_TARGETS.path]
    assert not page.exception, page.exception
    text = _text(page)
    assert "baseline" in text and not re.search(r"\b(nan|None)\b", text)
    assert not re.search(r"Overall score now\W+–", text)


def test_adopting_the_baselines_makes_them_set_targets(url, monkeypatch):
    engine = db.get_engine(url)
    assert targets.read(engine).empty
    monkeypatch.setenv("DATABASE_URL", url)
    at = AppTest.from_file(companies.APP, default_timeout=120)
    at.user = companies.as_role("admin")
    at.run()
    at.switch_page(ADMIN_TARGETS.path).run()
    at.button(key="targets_adopt").click().run()
    assert not at.exception, at.exception
    saved = targets.read(engine)
    assert len(saved) >= 40 and saved[["target", "baseline"]].notna().all().all()
    engine.dispose()


def test_only_edited_baselines_and_set_targets_are_saved():
    rows = pd.DataFrame({"kpi_id": ["revenue", "churn_rate", "average_csat"], "target": [10.0, 0.1, 4.0],
                         "baseline": [5.0, 0.2, 3.0], "threshold": [0.5] * 3, "weight": [1.0] * 3,
                         "source": ["set", "baseline", "baseline"]})
    edited = rows.drop(columns="source").assign(target=[10.0, 0.1, 4.5])  # only average_csat's target changed
    assert list(to_save(edited, rows, adopt=False)["kpi_id"]) == ["revenue", "average_csat"]
    assert list(to_save(edited, rows, adopt=True)["kpi_id"]) == ["revenue", "churn_rate", "average_csat"]


def test_the_period_opens_on_the_last_complete_month_and_names_the_partial_one(url, monkeypatch):
    monkeypatch.setenv("DATABASE_URL", url)
    at = AppTest.from_file(companies.APP, default_timeout=120)
    at.user = companies.as_role("admin")
    at.run()
    period = at.selectbox(key="f_period")
    assert period.value == "2025-05"
    assert period.options[0] == "2025-06 (1 Jun 2025 – 12 Jun 2025, partial)" and "2025-05" in period.options
    period.select("2025-06").run()
    assert not at.exception, at.exception
    assert any("The data ends inside this period" in c.value for c in at.caption)
