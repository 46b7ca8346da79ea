"""Financial perspective: growth from new and existing customers, productivity, profitability."""

import pandas as pd

from metrics.base import facts
from metrics.base.compute import growth, ratio
from metrics.base.filters import Filters
from metrics.base.store import Store
from metrics.base.value import customer_value


def revenue(store: Store, f: Filters) -> pd.Series:
    return facts.sales(store, f)["revenue"]


def revenue_growth(store: Store, f: Filters) -> pd.Series:
    return growth(facts.sales_with_history(store, f)["revenue"], f)


def gross_margin(store: Store, f: Filters) -> pd.Series:
    return facts.sales(store, f)["margin"]


def gross_margin_pct(store: Store, f: Filters) -> pd.Series:
    s = facts.sales(store, f)
    return ratio(s["margin"], s["revenue"])


def new_customer_revenue(store: Store, f: Filters) -> pd.Series:
    return facts.sales(store, f)["new_revenue"]


def new_customer_revenue_share(store: Store, f: Filters) -> pd.Series:
    s = facts.sales(store, f)
    return ratio(s["new_revenue"], s["revenue"])


def existing_revenue_growth(store: Store, f: Filters) -> pd.Series:
    return growth(facts.sales_with_history(store, f)["existing_revenue"], f)


def revenue_per_active_customer(store: Store, f: Filters) -> pd.Series:
    return ratio(facts.sales(store, f)["revenue"], facts.customer_base(store, f)["active"])


def customer_acquisition_cost(store: Store, f: Filters) -> pd.Series:
    base = facts.customer_base(store, f)
    return ratio(base["new_acquisition_cost"], base["new"])


def cost_to_serve(store: Store, f: Filters) -> pd.Series:
    spend = facts.campaigns(store, f)["spend_existing"].fillna(0) + facts.service(store, f)["handling_cost"]
    return ratio(spend, facts.customer_base(store, f)["active"])


def unprofitable_customer_share(store: Store, f: Filters) -> pd.Series:
    value = customer_value(store, f)
    return ratio(value["unprofitable"], value["customers"])


def top20_profit_share(store: Store, f: Filters) -> pd.Series:
    value = customer_value(store, f)
    return ratio(value["top20_profit"], value["profit"].where(value["profit"] > 0))


def marketing_roi(store: Store, f: Filters) -> pd.Series:
    c, s = facts.campaigns(store, f, window=facts.CAMPAIGN_WINDOW_MONTHS), facts.sales(store, f)
    attributed_margin = c["revenue"] * ratio(s["margin"], s["revenue"])
    return ratio(attributed_margin - c["spend"], c["spend"])
