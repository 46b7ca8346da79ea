"""Customers: who they are, their contact data (planted effect 4) and hand-overs of their portfolios (effect 9)."""

import numpy as np

from data import models
from data.demo.columns import cents, lookup, pick
from data.demo.company import (
    CHANNEL_ACQUISITION_COST,
    CHANNEL_SHARE,
    CHANNELS,
    COMPLETENESS_FROM_TRAINING,
    COMPLETENESS_UNTRAINED,
    COMPLETENESS_WITHOUT_MANAGER,
    CUSTOMER_TYPES,
    END,
    HAND_OVER_DAYS,
    HANDED_OVER_SHARE,
    INDUSTRIES,
    MONTHS,
    REGIONS,
    START,
    TRAINING_HOURS_FOR_FULL_EFFECT,
)
from data.demo.state import DemoState


def draw_customers(state: DemoState) -> None:
    """Draw the customer dimension (written later, once churn dates are known)."""
    rng, n, emp = state.rng, state.size.customers, state.employees
    channel = pick(rng, CHANNELS, CHANNEL_SHARE, n)
    before = rng.random(n) < 0.35
    acquired = np.empty(n, dtype="datetime64[D]")
    acquired[before] = START - rng.integers(1, 4 * 365, before.sum()).astype("timedelta64[D]")
    # in-window acquisitions grow over time (density rising by a half over the 36 months)
    u = rng.random((~before).sum())
    span = MONTHS * 30.4
    days = span * (np.sqrt(1 + 3 * u) - 1)  # inverse CDF of a linearly rising density
    acquired[~before] = np.minimum(START + days.astype("timedelta64[D]"), END)
    order = np.argsort(acquired, kind="stable")
    channel, acquired = channel[order], acquired[order]
    region = pick(rng, REGIONS, [0.3, 0.2, 0.22, 0.12, 0.16], n)
    managers = np.flatnonzero(emp["role"] == "account_manager")
    manager = emp["id"][rng.choice(managers, n)].astype(float)
    manager[(channel == "online") & (rng.random(n) < 0.7)] = np.nan
    cost = lookup(CHANNEL_ACQUISITION_COST, channel) * rng.lognormal(0, 0.35, n)
    referred = np.full(n, np.nan)
    can_refer = np.flatnonzero(acquired >= START)
    refers = can_refer[rng.random(can_refer.size) < 0.08]
    earlier = np.maximum((refers * rng.random(refers.size)).astype(np.int64), 0)
    referred[refers] = earlier + 1
    referred[refers[earlier >= refers]] = np.nan
    c = {
        "id": np.arange(1, n + 1), "channel": channel, "acquired_on": acquired, "region": region,
        "industry": pick(rng, INDUSTRIES, [0.35, 0.15, 0.15, 0.2, 0.15], n),
        "type": pick(rng, CUSTOMER_TYPES, [0.3, 0.6, 0.1], n), "manager_id": manager,
        "acquisition_cost": cents(np.where(acquired >= START, cost, cost * 0.9)),
        "referred_by_id": referred,
    }
    c["acquisition_cost"][~np.isnan(referred)] *= 0.3
    c["acquisition_cost"] = cents(c["acquisition_cost"])
    c["first_manager_id"] = manager.copy()
    # customers won before the window count from its first month
    c["acquired_month"] = np.clip(
        (acquired.astype("datetime64[M]") - START.astype("datetime64[M]")).astype(np.int64), 0, None)
    reps = np.flatnonzero(emp["role"] == "sales_rep")
    c["sales_rep_id"] = emp["id"][rng.choice(reps, n)]
    state.customers = c
    _fill_contact_fields(state)
    _hand_over_portfolios(state)


def _fill_contact_fields(state: DemoState) -> None:
    """Planted effect 4: completeness follows the manager's CRM training before acquisition."""
    rng, c, training = state.rng, state.customers, state.crm_training
    n = c["id"].size
    trainee, on, hours = training["employee_id"], training["completed_on"], training["hours"]
    manager = c["manager_id"]
    trained = np.zeros(n)
    for emp_id in np.unique(trainee):
        mine = manager == emp_id
        if not mine.any():
            continue
        sel = trainee == emp_id
        done = on[sel][None, :] < c["acquired_on"][mine][:, None]
        trained[mine] = (done * hours[sel][None, :]).sum(axis=1)
    p = np.where(np.isnan(manager), COMPLETENESS_WITHOUT_MANAGER,  # the acquiring manager's training counts
                 COMPLETENESS_UNTRAINED + COMPLETENESS_FROM_TRAINING
                 * np.minimum(trained, TRAINING_HOURS_FOR_FULL_EFFECT) / TRAINING_HOURS_FOR_FULL_EFFECT)
    c["training_hours"] = trained
    filled = rng.random((4, n)) < p
    ids = c["id"]
    c["contact_name"] = np.where(filled[0], [f"Contact {i}" for i in ids], None)
    c["email"] = np.where(filled[1], [f"buyer{i}@example.cn" for i in ids], None)
    c["phone"] = np.where(filled[2], [f"+86 10 {i:08d}" for i in ids], None)
    c["city"] = np.where(filled[3], rng.choice(
        np.array(["Shanghai", "Beijing", "Guangzhou", "Chengdu", "Wuhan", "Xi'an", "Hangzhou"],
                 dtype=object), n), None)


def _hand_over_portfolios(state: DemoState) -> None:
    """Half of the customers of a manager who leaves are handed to a staying manager within 60 days;
    the rest keep a departed owner (what the "customers without an active owner" KPI finds)."""
    rng, emp, c = state.rng, state.employees, state.customers
    n = c["id"].size
    manager = c["manager_id"]
    left = np.full(n, np.datetime64("NaT"), dtype="datetime64[D]")
    has = ~np.isnan(manager)
    left[has] = emp["left_on"][manager[has].astype(np.int64) - 1]
    staying = emp["id"][(emp["role"] == "account_manager") & np.isnat(emp["left_on"])]
    handed = ~np.isnat(left) & (c["acquired_on"] < left) & (rng.random(n) < HANDED_OVER_SHARE)
    when = left[handed] + rng.integers(0, HAND_OVER_DAYS + 1, handed.sum()).astype("timedelta64[D]")
    keep = when <= END
    who = np.flatnonzero(handed)[keep]
    state.owner_changes = {
        "customer_id": c["id"][who], "changed_on": when[keep],
        "from_manager_id": manager[who], "to_manager_id": rng.choice(staying, who.size).astype(float),
    }
    manager[who] = state.owner_changes["to_manager_id"]  # in place: the customer table shows the new owner


def write_customers(state: DemoState) -> None:
    c = state.customers
    state.write(models.Customer.__table__, {
        "id": c["id"], "name": [f"Customer {i:06d}" for i in c["id"]], "region": c["region"],
        "channel": c["channel"], "industry": c["industry"], "type": c["type"],
        "acquired_on": c["acquired_on"], "acquisition_cost": c["acquisition_cost"],
        "manager_id": c["manager_id"], "referred_by_id": c["referred_by_id"],
        "churned_on": c["churned_on"], "contact_name": c["contact_name"], "email": c["email"],
        "phone": c["phone"], "city": c["city"],
    })
    state.write(models.CustomerOwnerChange.__table__, {
        "id": np.arange(1, state.owner_changes["customer_id"].size + 1), **state.owner_changes})
