"""Customer perspective: acquisition, retention, satisfaction, loyalty, customer value."""

import pandas as pd

from metrics.base import facts
from metrics.base.compute import ratio
from metrics.base.filters import Filters
from metrics.base.store import Store
from metrics.base.value import customer_value


def active_customers(store: Store, f: Filters) -> pd.Series:
    return facts.customer_base(store, f)["active"]


def new_customers(store: Store, f: Filters) -> pd.Series:
    return facts.customer_base(store, f)["new"]


def retention_rate(store: Store, f: Filters) -> pd.Series:
    base = facts.customer_base(store, f)
    return ratio(base["retained"], base["at_start"])


def churn_rate(store: Store, f: Filters) -> pd.Series:
    base = facts.customer_base(store, f)
    return ratio(base["at_start"] - base["retained"], base["at_start"])


def repeat_purchase_rate(store: Store, f: Filters) -> pd.Series:
    value = customer_value(store, f)
    return ratio(value["repeat_buyers"], value["buyers"])


def average_csat(store: Store, f: Filters) -> pd.Series:
    return facts.surveys(store, f)["csat"]


def net_promoter_score(store: Store, f: Filters) -> pd.Series:
    s = facts.surveys(store, f)
    return ratio(s["promoters"] - s["detractors"], s["responses"], scale=100)


def complaints_per_100(store: Store, f: Filters) -> pd.Series:
    return ratio(facts.service(store, f)["complaints"], facts.customer_base(store, f)["active"], scale=100)


def categories_per_customer(store: Store, f: Filters) -> pd.Series:
    s = facts.sales(store, f)
    return ratio(s["categories_bought"], s["buyers"])


def referrals(store: Store, f: Filters) -> pd.Series:
    return facts.customer_base(store, f)["referrals"]
