"""A company with customers and orders only (no churn dates, unit costs, managers or tickets), imported as a user
does: the customer pages say churn is inferred from inactivity with the days its own purchase rhythm gives
(recomputed here from its CSV rows), say what margins and portfolios need in words, and never crash; the
command line's manager filter says there are no managers."""

from __future__ import annotations

import math
from datetime import date, timedelta
from itertools import pairwise

import pandas as pd
import pytest

from cli.metrics import main as metrics_main
from dashboard.core import i18n
from dashboard.core.navigation import ADMIN_QUALITY, CUSTOMER_DETAIL, OVERVIEW, PERSPECTIVE_PAGES, PORTFOLIOS, SEGMENTS
from metrics.scorecard.strategy import Perspective
from tests import companies
from tests.metrics.customers.minimal import median, percentile
from tests.pages.test_every_subset import Minimal, minimal_tables, write_tables  # the minimal companies, defined once

COMPANY = Minimal("orders_only")
PAGES = (OVERVIEW, PERSPECTIVE_PAGES[Perspective.CUSTOMER], SEGMENTS, PORTFOLIOS, CUSTOMER_DETAIL, ADMIN_QUALITY)


@pytest.fixture(scope="module")
def company(tmp_path_factory):
    """(database URL, the company's tables as written for the import)."""
    base = tmp_path_factory.mktemp("orders_only")
    tables = minimal_tables(COMPANY)
    url = f"sqlite:///{base / 'company.db'}"
    done = companies.run_import(url, write_tables(tables, base / "files"))
    assert done.returncode == 0, companies.said(done)
    companies.add_role_accounts(url)
    return url, tables


def rule_days(tables: dict[str, pd.DataFrame]) -> int:
    """The inactivity days written from the documented rule: the 90th percentile of each repeat customer's median
    gap between purchase days, rounded up, within 30..730 days."""
    orders = tables["sales_order"]
    usual = []
    for _, days in orders.groupby("customer_id")["ordered_on"]:
        ordered = sorted({date.fromisoformat(d) for d in days})
        if len(ordered) >= 2:
            usual.append(median([(b - a).days for a, b in pairwise(ordered)]))
    return min(max(math.ceil(percentile(usual, 0.9)), 30), 730)


def lost_customer(tables: dict[str, pd.DataFrame], days: int) -> tuple[int, date]:
    """A customer the rule marks lost, and the day: its last order + ``days``, on or before the last order date."""
    orders = tables["sales_order"].assign(day=lambda o: o["ordered_on"].map(date.fromisoformat))
    end = orders["day"].max()
    last = orders.groupby("customer_id")["day"].max()
    lost = last[last + timedelta(days=days) <= end]
    return int(lost.index[0]), lost.iloc[0] + timedelta(days=days)


@pytest.fixture(scope="module")
def visits(company):
    url, tables = company
    done = {}
    for lang in ("en", "zh"):
        customer, _ = lost_customer(tables, rule_days(tables))
        with pytest.MonkeyPatch.context() as patch:
            walked = companies.walk(patch, url, lang=lang, role="admin", pages=PAGES,
                                    query={"customer": str(customer)})
        done[lang] = {v.spec.path: v for v in walked}
    return done


def texts(visit) -> str:
    return "\n".join(text for _, text in visit.texts)


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("spec", PAGES, ids=lambda s: s.url_path)
def test_the_page_opens_without_an_exception_or_a_missing_value_as_a_word(visits, lang, spec):
    assert not visits[lang][spec.path].problems()


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("spec", [OVERVIEW, PERSPECTIVE_PAGES[Perspective.CUSTOMER], SEGMENTS, CUSTOMER_DETAIL],
                         ids=lambda s: s.url_path)
def test_churn_is_said_to_be_inferred_with_the_rhythms_days(company, visits, lang, spec):
    days = rule_days(company[1])
    shown = texts(visits[lang][spec.path])
    if spec is CUSTOMER_DETAIL:  # a lost customer's own line: the day it counts as lost, and why
        customer, lost_on = lost_customer(company[1], days)
        day = f"{lost_on.day} {lost_on:%b %Y}" if lang == "en" else f"{lost_on.year}年{lost_on.month}月{lost_on.day}日"
        assert i18n.TEXT["cd_churned_inferred"][lang].format(day=day, days=days) in shown, (customer, lost_on)
    else:
        assert i18n.TEXT["cd_churn_inferred"][lang].format(days=days) in shown


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_portfolios_say_there_are_no_customer_managers(visits, lang):
    shown = texts(visits[lang][PORTFOLIOS.path])
    assert i18n.TEXT["cd_no_managers"][lang] in shown
    assert i18n.TEXT["cd_no_managers_short"][lang] in shown  # the sidebar's manager filter, disabled


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_segments_say_margins_need_unit_costs_in_words(visits, lang):
    shown = texts(visits[lang][SEGMENTS.path])
    words = {"en": "unit costs of products", "zh": "产品单位成本"}[lang]
    assert words in shown and "unit_cost" not in shown and "manager_id" not in shown
    assert "¥0" not in shown  # no profit or margin of zero stands in for an unknown one


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_data_quality_lists_the_empty_churn_dates(company, visits, lang):
    shown = texts(visits[lang][ADMIN_QUALITY.path])
    assert {"en": "churn dates of customers are empty on every row", "zh": "客户流失日期全部为空"}[lang] in shown


def test_the_manager_filter_of_the_command_line_says_there_are_no_managers(company, capsys):
    url, _ = company
    assert metrics_main(["scorecard", "--manager", "2", "--database-url", url]) == 2
    assert "No customer managers in this data" in capsys.readouterr().err
    assert metrics_main(["scorecard", "--manager", "2", "--lang", "zh", "--database-url", url]) == 2
    assert "没有客户经理" in capsys.readouterr().err


def test_the_demo_which_records_churn_says_nothing_is_inferred(demo_url):
    with pytest.MonkeyPatch.context() as patch:
        walked = companies.walk(patch, demo_url, lang="en", role="admin", pages=(SEGMENTS, PORTFOLIOS))
    shown = "\n".join(texts(v) for v in walked)
    assert not [p for v in walked for p in v.problems()]
    assert "inferred from inactivity" not in shown and i18n.TEXT["cd_no_managers"]["en"] not in shown
    assert i18n.TEXT["picket_fence"]["en"] in shown
