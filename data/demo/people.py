"""Staff: employees, their training, pulse surveys and weekly CRM activity (planted effects 4 and 8)."""

import numpy as np

from data import models
from data.demo.columns import pick
from data.demo.company import (
    CHANGE_STEP,
    CRM_ACTIVE_AFTER,
    CRM_ACTIVE_BEFORE,
    END,
    GO_LIVE,
    GOAL_ALIGNMENT_AFTER,
    GOAL_ALIGNMENT_BEFORE,
    MONTHS,
    NOTES_SHARE_AFTER,
    NOTES_SHARE_BEFORE,
    PROGRAM_STEPS,
    REGIONS,
    START,
    TRAINING_STEP,
    month_start,
)
from data.demo.state import DemoState


def write_employees(state: DemoState) -> None:
    rng, n = state.rng, state.size.employees
    roles = np.array(["account_manager", "sales_rep", "service_engineer", "marketing", "back_office"],
                     dtype=object)
    role = roles[rng.choice(5, n, p=[0.25, 0.25, 0.25, 0.10, 0.15])]
    department = np.vectorize({"account_manager": "sales", "sales_rep": "sales",
                               "service_engineer": "service", "marketing": "marketing",
                               "back_office": "finance"}.get, otypes=[object])(role)
    hired = START - rng.integers(30, 3000, n).astype("timedelta64[D]")
    late = rng.random(n) < 0.15
    hired[late] = START + rng.integers(0, MONTHS * 30, late.sum()).astype("timedelta64[D]")
    left = np.full(n, np.datetime64("NaT"), dtype="datetime64[D]")
    leaves = rng.random(n) < 0.30  # about 10% of staff leave each year
    left[leaves] = np.maximum(START + rng.integers(0, MONTHS * 30, leaves.sum()).astype("timedelta64[D]"),
                              hired[leaves] + 90)
    left[left > END] = np.datetime64("NaT")
    emp = {
        "id": np.arange(1, n + 1), "role": role, "region": pick(rng, REGIONS, None, n),
        "hired_on": hired, "left_on": left,
    }
    emp["customer_facing"] = np.isin(role, ["account_manager", "sales_rep", "service_engineer"])
    state.employees = emp
    state.write(models.Employee.__table__, {
        **emp, "name": [f"Employee {i:04d}" for i in emp["id"]], "department": department,
    })


def write_training(state: DemoState) -> None:
    """CRM training in step 8 plus general courses throughout; planted effect 4 uses it."""
    rng, emp = state.rng, state.employees
    first, last = PROGRAM_STEPS[TRAINING_STEP - 1][4:6]
    facing = np.flatnonzero(emp["customer_facing"])
    # CRM courses: 0..4 sessions of 4..12 h per customer-facing employee, in step 8.
    sessions = rng.choice(5, facing.size, p=[0.15, 0.2, 0.25, 0.25, 0.15])
    who = np.repeat(facing, sessions)
    crm_on = month_start(first) + rng.integers(0, (last - first) * 30, who.size).astype("timedelta64[D]")
    crm_hours = rng.choice([4.0, 8.0, 12.0], who.size)
    general = rng.poisson(6, emp["id"].size)
    gwho = np.repeat(np.arange(emp["id"].size), general)
    g_on = START + rng.integers(0, MONTHS * 30, gwho.size).astype("timedelta64[D]")
    g_hours = rng.choice([2.0, 4.0, 8.0], gwho.size)
    employee = np.concatenate([who, gwho])
    on = np.concatenate([crm_on, g_on])
    keep = (on >= emp["hired_on"][employee]) & (
        np.isnat(emp["left_on"][employee]) | (on < emp["left_on"][employee])) & (on <= END)
    courses = np.concatenate([np.full(who.size, "CRM system and customer strategy", dtype=object),
                              rng.choice(np.array(["Product technology", "Safety", "Negotiation",
                                                   "Service skills"], dtype=object), gwho.size)])
    order = np.lexsort((employee[keep], on[keep]))
    crm_kept = keep[: who.size]
    state.crm_training = {"employee_id": emp["id"][who[crm_kept]], "completed_on": crm_on[crm_kept],
                          "hours": crm_hours[crm_kept]}
    state.write(models.TrainingRecord.__table__, {
        "id": np.arange(1, keep.sum() + 1), "employee_id": emp["id"][employee[keep]][order],
        "course": courses[keep][order], "completed_on": on[keep][order],
        "hours": np.concatenate([crm_hours, g_hours])[keep][order],
    })


def write_staff_surveys_and_activity(state: DemoState) -> None:
    """Planted effect 8: goal alignment rises with the change step, CRM use and notes with go-live."""
    rng, emp = state.rng, state.employees
    change_start = month_start(PROGRAM_STEPS[CHANGE_STEP - 1][4])
    parts = []
    for m in range(MONTHS):  # a pulse survey: a quarter of the staff each month
        on = month_start(m) + 10
        active = np.flatnonzero((emp["hired_on"] <= on) & (np.isnat(emp["left_on"]) | (emp["left_on"] > on)))
        answered = active[rng.random(active.size) < 0.25]
        mean = GOAL_ALIGNMENT_AFTER if on >= change_start else GOAL_ALIGNMENT_BEFORE
        means = [mean, 3.3 if on >= GO_LIVE else 3.0, 3.6 if on >= GO_LIVE else 2.9]
        scores = [np.clip(np.round(rng.normal(mu, 0.8, answered.size)), 1, 5) for mu in means]
        parts.append((answered, np.full(answered.size, on), *scores))
    who, on, align, engage, share = (np.concatenate(p) for p in zip(*parts, strict=True))
    state.write(models.EmployeeSurvey.__table__, {
        "id": np.arange(1, who.size + 1), "employee_id": emp["id"][who], "surveyed_on": on,
        "goal_alignment": align.astype(np.int64), "engagement": engage.astype(np.int64),
        "knowledge_sharing": share.astype(np.int64),
    })
    _write_crm_activity(state)


def _write_crm_activity(state: DemoState) -> None:
    """Weekly logins, customer interactions and notes of the customer-facing staff."""
    rng, emp, customers = state.rng, state.employees, state.customers
    weeks = np.arange(START, END + 1, 7)
    facing = np.flatnonzero(emp["customer_facing"])
    grid_e = np.repeat(facing, weeks.size)
    grid_w = np.tile(weeks, facing.size)
    employed = (emp["hired_on"][grid_e] <= grid_w) & (
        np.isnat(emp["left_on"][grid_e]) | (emp["left_on"][grid_e] > grid_w))
    grid_e, grid_w = grid_e[employed], grid_w[employed]
    after = grid_w >= GO_LIVE
    active = rng.random(grid_e.size) < np.where(after, CRM_ACTIVE_AFTER, CRM_ACTIVE_BEFORE)
    interactions = rng.poisson(6, grid_e.size)
    notes = rng.binomial(interactions, np.where(after, NOTES_SHARE_AFTER, NOTES_SHARE_BEFORE)) * active
    kinds = np.array(["call", "visit", "email"], dtype=object)
    e = np.concatenate([grid_e[active], np.repeat(grid_e, interactions), np.repeat(grid_e, notes)])
    w = np.concatenate([grid_w[active], np.repeat(grid_w, interactions), np.repeat(grid_w, notes)])
    kind = np.concatenate([np.full(active.sum(), "login", dtype=object),
                           kinds[rng.choice(3, interactions.sum(), p=[0.5, 0.2, 0.3])],
                           np.full(notes.sum(), "note", dtype=object)])
    on = np.minimum(w + rng.integers(0, 5, e.size).astype("timedelta64[D]"), END)
    customer = np.where(kind == "login", np.nan,
                        rng.integers(1, customers["id"].size + 1, e.size).astype(float))
    acquired = customers["acquired_on"][np.nan_to_num(customer, nan=1).astype(np.int64) - 1]
    customer[acquired > on] = np.nan  # no interaction with a customer before it is won
    order = np.lexsort((e, on))
    state.write(models.CrmActivity.__table__, {
        "id": np.arange(1, e.size + 1), "employee_id": emp["id"][e][order], "customer_id": customer[order],
        "occurred_on": on[order], "kind": kind[order],
    })
