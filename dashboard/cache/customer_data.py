"""Cached facts about what the customer data can tell (churn rule, coverage): light, no statsmodels, so every
page (the scorecard's too) may ask."""

import pandas as pd

from dashboard.cache import results, shared
from metrics.base.store import Store
from metrics.customers import churn_rule as churn
from metrics.customers import coverage as measured


@shared(max_entries=4)
def churn_rule(store: Store) -> churn.ChurnRule:
    return churn.churn_rule(store)


@shared(max_entries=4)
def coverage(store: Store) -> measured.Coverage:
    return measured.coverage(store)


@results(max_entries=4)
def findings(store: Store, language: str) -> pd.DataFrame:
    """Data the KPIs need that this company lacks (churn dates, empty columns, unit costs, lifetime value)."""
    from metrics.base import quality  # the Data quality page only

    return quality.findings(store, language)
