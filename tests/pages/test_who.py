"""From a KPI to the customers behind it in two interactions (AppTest): a scorecard row opens the Who page for that
KPI with the period and filters, and a row of its list opens the customer; contacts masked by role."""

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from dashboard.core import i18n, labels
from data.accounts import DEMO_ACCOUNTS
from metrics.scorecard.registry import CATALOGUE, get

APP = str(Path(__file__).resolve().parents[2] / "streamlit_app.py")
WITH_LIST = [k.id for k in CATALOGUE if k.who is not None]
WITHOUT_LIST = [k.id for k in CATALOGUE if k.who is None]


def start(monkeypatch, url: str, *, role: str = "executive", **query: str) -> AppTest:
    monkeypatch.setenv("DATABASE_URL", url)
    at = AppTest.from_file(APP, default_timeout=180)
    at.user = {"is_logged_in": True, "email": DEMO_ACCOUNTS[role]}
    at.query_params.update(query)
    at.run()
    assert not at.exception, at.exception
    return at


def select_row(at: AppTest, key: str, row: int) -> AppTest:
    at.session_state[key] = {"selection": {"rows": [row], "columns": [], "cells": []}}
    at.run()
    assert not at.exception, at.exception
    return at


def table(at: AppTest, key: str):
    return next(d for d in at.dataframe if d.key == key)


def kpi_row(at: AppTest, kpi_id: str, lang: str) -> tuple[str, int]:
    """The key of the overview table holding ``kpi_id`` and the row it is on."""
    kpi = get(kpi_id)
    key = f"card_{kpi.perspective.value}"
    names = list(table(at, key).value[i18n.TEXT["kpi"][lang]])
    return key, names.index(kpi.name[lang])


def title(at: AppTest) -> str:
    return at.title[0].value


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_kpi_row_opens_its_customers_and_a_customer_row_opens_the_customer(monkeypatch, demo_url, lang):
    at = start(monkeypatch, demo_url, lang=lang, region="East")
    select_row(at, *kpi_row(at, "repeat_purchase_rate", lang))  # first interaction: the KPI's row
    assert title(at) == i18n.TEXT["drill_page_who"][lang]
    assert at.query_params["kpi"] == "repeat_purchase_rate" and at.query_params["region"] == "East"
    assert at.selectbox(key="drill_kpi").value == "repeat_purchase_rate"
    # the list opens on who did not buy again, and says how many of all buyers they are
    part = at.segmented_control(key="drill_part_repeat_purchase_rate")
    assert part.value == "shortfall"
    shown = table(at, "who_repeat_purchase_rate_shortfall").value
    assert len(shown) > 0 and set(shown[labels.header("region", lang)]) == {labels.code("East", lang)}
    assert (shown[get("repeat_purchase_rate").who.value[lang]] == 1).all()  # ordered once in 12 months
    first = str(shown[labels.header("customer_id", lang)].iloc[0])
    select_row(at, "who_repeat_purchase_rate_shortfall", 0)  # second interaction: the customer's row
    assert title(at) == i18n.TEXT["page_customer_detail"][lang]
    customer = at.query_params["customer"]
    assert any(first in c.value for c in at.caption)  # the detail names the company's own id of the row picked
    assert customer.isdigit()


@pytest.mark.parametrize("kpi_id", WITH_LIST)
def test_every_customer_kpi_row_leads_to_its_list(monkeypatch, demo_url, kpi_id):
    at = start(monkeypatch, demo_url)
    select_row(at, *kpi_row(at, kpi_id, "en"))
    assert title(at) == i18n.TEXT["drill_page_who"]["en"], kpi_id
    assert at.selectbox(key="drill_kpi").value == kpi_id
    who = get(kpi_id).who
    part = at.segmented_control(key=f"drill_part_{kpi_id}").value
    assert part == who.parts[0]
    assert table(at, f"who_{kpi_id}_{part}") is not None
    assert not at.error


@pytest.mark.parametrize("kpi_id", WITHOUT_LIST[:2])
def test_a_kpi_not_built_from_customers_opens_its_trend(monkeypatch, demo_url, kpi_id):
    at = start(monkeypatch, demo_url)
    select_row(at, *kpi_row(at, kpi_id, "en"))
    assert title(at) != i18n.TEXT["drill_page_who"]["en"]
    assert at.query_params["kpi"] == kpi_id


@pytest.mark.parametrize(("role", "masked"), [("executive", True), ("project", True), ("marketer", False)])
def test_contacts_in_the_list_are_masked_by_role(monkeypatch, demo_url, role, masked):
    at = start(monkeypatch, demo_url, role=role)
    at.switch_page("pages/who.py").run()
    at.selectbox(key="drill_kpi").set_value("churn_rate").run()
    assert not at.exception
    phones = table(at, "who_churn_rate_numerator").value[labels.header("phone", "en")].dropna()
    assert len(phones) > 0
    assert phones.str.contains(r"\*\*\*", regex=True).all() == masked
    assert phones.str.contains(r"\*\*\*", regex=True).any() == masked


def test_a_link_to_a_kpi_without_a_list_says_why(monkeypatch, demo_url):
    at = start(monkeypatch, demo_url, kpi="staff_turnover")
    at.switch_page("pages/who.py").run()
    assert not at.exception
    assert any(get("staff_turnover").name["en"] in i.value for i in at.info)
