"""Internal process perspective: selection, acquisition, retention, development, quote consistency."""

import pandas as pd

from metrics.base import facts
from metrics.base.compute import ratio
from metrics.base.filters import Filters
from metrics.base.price_spread import prices as price_spread_of
from metrics.base.store import Store
from metrics.base.value import customer_value


def top_tier_revenue_share(store: Store, f: Filters) -> pd.Series:
    value = customer_value(store, f)
    return ratio(value["tier_a_revenue"], value["revenue_12m"])


def lead_conversion_rate(store: Store, f: Filters) -> pd.Series:
    """Of the leads created ``LEAD_MATURITY_MONTHS`` before the period, the share converted by its end:
    recent leads have not had the time to convert yet (right-censoring)."""
    cohort = facts.lead_cohorts(store, f)
    return ratio(cohort["converted"], cohort["leads"])


def lead_to_customer_days(store: Store, f: Filters) -> pd.Series:
    return facts.leads(store, f)["lead_days"]


def opportunity_win_rate(store: Store, f: Filters) -> pd.Series:
    p = facts.pipeline(store, f)
    return ratio(p["won"], p["won"].fillna(0) + p["lost"].fillna(0))


def sales_cycle_days(store: Store, f: Filters) -> pd.Series:
    return facts.pipeline(store, f)["cycle_days"]


def pipeline_advance_share(store: Store, f: Filters) -> pd.Series:
    p = facts.pipeline(store, f)
    return ratio(p["advanced_7d"], p["open_end"])


def first_response_hours(store: Store, f: Filters) -> pd.Series:
    return facts.service(store, f)["median_first_response_hours"]


def tickets_within_promise(store: Store, f: Filters) -> pd.Series:
    s = facts.service(store, f)
    return ratio(s["resolved_in_time"], s["resolved"])


def on_time_delivery(store: Store, f: Filters) -> pd.Series:
    d = facts.deliveries(store, f)
    return ratio(d["on_time"], d["delivered"])


def complaint_resolution_rate(store: Store, f: Filters) -> pd.Series:
    s = facts.service(store, f)
    return ratio(s["complaints_resolved"], s["complaints"])


def complaint_resolution_days(store: Store, f: Filters) -> pd.Series:
    return facts.service(store, f)["complaint_days"]


def avoidable_ticket_share(store: Store, f: Filters) -> pd.Series:
    s = facts.service(store, f)
    return ratio(s["how_to"], s["tickets"])


def cross_sell_rate(store: Store, f: Filters) -> pd.Series:
    d = facts.development(store, f)
    return ratio(d["cross_sold"], d["buyers"])


def campaign_response_rate(store: Store, f: Filters) -> pd.Series:
    c = facts.campaigns(store, f, window=facts.CAMPAIGN_WINDOW_MONTHS)
    return ratio(c["responded"], c["contacts"])


def campaign_roi(store: Store, f: Filters) -> pd.Series:
    c = facts.campaigns(store, f, window=facts.CAMPAIGN_WINDOW_MONTHS)
    return ratio(c["revenue_existing"] - c["spend_existing"], c["spend_existing"])


def price_spread(store: Store, f: Filters) -> pd.Series:
    return price_spread_of(store, f)["price_spread"]
