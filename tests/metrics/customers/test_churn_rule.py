"""The churn rule a store was built with, and the customer counts that follow it: active, retained and lost
customers recounted here from the rows and the inferred dates (the rule's own test is tests/data/test_derived.py)."""

from __future__ import annotations

from datetime import date, timedelta

import pandas as pd
import pytest

from metrics.base import facts
from metrics.base.filters import Filters, add_months
from metrics.customers.churn_rule import CHURN_KPIS, ChurnRule, churn_rule, reads_churn
from metrics.scorecard.registry import CATALOGUE
from tests.metrics.customers.minimal import rhythmic


@pytest.fixture(scope="module")
def company():
    return rhythmic()


@pytest.fixture(scope="module")
def store(company):
    return company.store()


def test_the_rule_says_churn_is_inferred_and_with_how_many_days(store):
    rule = churn_rule(store)
    days = int(store.query("SELECT days FROM churn_rule")["days"].iloc[0])
    assert rule == ChurnRule(inferred=True, days=days, basis="purchase_rhythm", rhythm_days=days, lost=rule.lost,
                             data_end=rule.data_end)
    assert rule.lost > 0


def test_a_store_built_before_the_rule_reads_as_recorded_churn():
    from tests.metrics.stores import tiny_store

    assert churn_rule(tiny_store(tables={"customer"}, derived=False)) == ChurnRule(inferred=False)


def test_the_demo_records_its_churn(demo_store):
    rule = churn_rule(demo_store)
    assert not rule.inferred and rule.days is None and rule.rhythm_days and rule.basis == "recorded"


def test_active_customers_match_a_recount_from_the_inferred_rule(company, store):
    days = churn_rule(store).days
    lost = {}
    for c in company.customers:
        last = max([*company.days(c), company.acquired[c]])
        if last + timedelta(days=days) <= company.data_end:
            lost[c] = last + timedelta(days=days)
    f = Filters(date(2024, 3, 1), date(2025, 12, 1))
    base = facts.customer_base(store, f)
    for period in f.periods:
        start, end = period, add_months(period, 1)
        active = sum(1 for c in company.customers if company.acquired[c] < end and (c not in lost or lost[c] >= start))
        churned = sum(1 for c in company.customers if c in lost and start <= lost[c] < end)
        row = base.loc[pd.Timestamp(period)]
        assert (row["active"], row["churned"]) == (active, churned), period
    assert base["churned"].sum() > 0 and (base["churned"] < base["active"]).all()  # not 0 % churn every month


def test_every_kpi_said_to_read_churn_is_in_the_catalogue():
    ids = {k.id for k in CATALOGUE}
    assert ids >= CHURN_KPIS
    assert reads_churn("churn_rate") and reads_churn("active_customers") and not reads_churn("revenue")
