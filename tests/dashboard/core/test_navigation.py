"""One case per page spec (both titles, a role rule, drawn for a role it permits) and per code value and column
(named in both languages): the catalogues of the UI, tested entry by entry as datasette tests its settings."""

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from dashboard.core import labels
from dashboard.core.i18n import TEXT
from dashboard.core.navigation import ALL_PAGES, OVERVIEW, PageSpec
from data.accounts import DEMO_ACCOUNTS, ROLES

ROOT = Path(__file__).resolve().parents[3]
APP = str(ROOT / "streamlit_app.py")

# The role matrix, written out: admins open everything; executives also the targets editor.
ADMIN_ONLY = {"pages/data.py", "pages/admin_import.py", "pages/admin_quality.py", "pages/admin_users.py",
              "pages/admin_audit.py"}
EXECUTIVE_AND_ADMIN = {"pages/admin_targets.py", "pages/sales.py", "pages/scorecard_settings.py"}


def expected_roles(path: str) -> set[str]:
    if path in ADMIN_ONLY:
        return {"admin"}
    if path in EXECUTIVE_AND_ADMIN:
        return {"executive", "admin"}
    return set(ROLES)


def has_han(text: str) -> bool:
    return any("\u4e00" <= ch <= "\u9fff" for ch in text)


@pytest.mark.parametrize("spec", ALL_PAGES, ids=lambda s: s.url_path)
def test_a_page_has_a_title_and_a_group_in_both_languages(spec: PageSpec):
    for key in (spec.title_key, spec.group_key):
        en, zh = TEXT[key]["en"], TEXT[key]["zh"]
        assert en.strip() and zh.strip() and en != zh
        assert has_han(zh) and not has_han(en)


@pytest.mark.parametrize("spec", ALL_PAGES, ids=lambda s: s.url_path)
def test_a_page_names_the_roles_the_matrix_gives_it(spec: PageSpec):
    assert (ROOT / spec.path).is_file()
    assert set(spec.roles) == expected_roles(spec.path)
    assert [role for role in ROLES if spec.permits(role)] == [r for r in ROLES if r in expected_roles(spec.path)]
    assert not spec.permits(None) and not spec.permits("boss")


def test_pages_have_one_spec_each():
    assert len({s.path for s in ALL_PAGES}) == len({s.url_path for s in ALL_PAGES}) == len(ALL_PAGES)
    assert {s.path for s in ALL_PAGES} == {str(p.relative_to(ROOT)) for p in (ROOT / "pages").glob("*.py")}


@pytest.mark.parametrize("spec", ALL_PAGES, ids=lambda s: s.url_path)
def test_a_page_draws_for_a_role_it_permits_in_both_languages(monkeypatch, demo_url, spec: PageSpec):
    role = next(r for r in ROLES if spec.permits(r) and r != "admin") if spec.roles != {"admin"} else "admin"
    monkeypatch.setenv("DATABASE_URL", demo_url)
    for lang in ("en", "zh"):
        at = AppTest.from_file(APP, default_timeout=120)
        at.user = {"is_logged_in": True, "email": DEMO_ACCOUNTS[role]}
        at.query_params["lang"] = lang
        at.run()
        if spec is not OVERVIEW:
            at.switch_page(spec.path).run()
        assert not at.exception, (spec.path, lang, at.exception)
        assert at.title and at.title[0].value, (spec.path, lang)
        assert not at.error, (spec.path, lang, [e.value for e in at.error])
        assert has_han(at.title[0].value) == (lang == "zh"), (spec.path, lang, at.title[0].value)


@pytest.mark.parametrize("value", sorted(labels.CODES), ids=str)
def test_a_code_value_is_named_in_both_languages(value: str):
    en, zh = labels.code(value, "en"), labels.code(value, "zh")
    assert en.strip() and zh.strip() and en != zh
    assert has_han(zh)


@pytest.mark.parametrize("column", sorted(labels.COLUMNS), ids=str)
def test_a_column_is_named_in_both_languages(column: str):
    spec = labels.COLUMNS[column]
    assert spec.en.strip() and spec.zh.strip() and spec.en != spec.zh
    assert labels.header(column, "en") == spec.en and labels.header(column, "zh") == spec.zh
    assert spec.kind in {"text", "code", "codes", "id", "date", "month", "currency", "percent", "count", "number",
                         "ratio", "days", "hours", "score", "bool"}
