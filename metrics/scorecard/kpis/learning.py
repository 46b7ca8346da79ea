"""Learning & growth perspective: staff skills, CRM adoption, data quality, climate."""

import pandas as pd

from metrics.base import facts
from metrics.base.compute import ratio
from metrics.base.filters import Filters
from metrics.base.store import Store


def training_hours_per_employee(store: Store, f: Filters) -> pd.Series:
    s = facts.staff(store, f)
    return ratio(s["training_hours"], s["facing_headcount"])


def crm_adoption(store: Store, f: Filters) -> pd.Series:
    s = facts.staff(store, f)
    return ratio(s["active_weeks"], s["employee_weeks"])


def data_completeness(store: Store, f: Filters) -> pd.Series:
    return facts.customer_base(store, f)["completeness_end"]


def unowned_customer_share(store: Store, f: Filters) -> pd.Series:
    base = facts.customer_base(store, f)
    return ratio(base["unowned_end"], base["alive_end"])


def goal_alignment(store: Store, f: Filters) -> pd.Series:
    return facts.staff(store, f)["alignment"]


def notes_per_100_interactions(store: Store, f: Filters) -> pd.Series:
    s = facts.staff(store, f)
    return ratio(s["notes"], s["interactions"], scale=100)


def staff_turnover(store: Store, f: Filters) -> pd.Series:
    s = facts.staff(store, f)
    return ratio(s["leavers"], s["headcount_start"])
