"""Service and satisfaction: tickets, churn and customer surveys (planted effects 1, 2 and 3)."""

import numpy as np

from data import models
from data.demo.columns import cents, lookup, pick
from data.demo.company import (
    CHANNEL_BASE_CHURN,
    CHANNEL_TICKETS_PER_MONTH,
    CHURN_LAG_MONTHS,
    CHURN_SATISFACTION_SLOPE,
    CSAT_PER_HOUR,
    END,
    GO_LIVE,
    GO_LIVE_MONTH,
    MONTHS,
    RESPONSE_MEDIAN_HOURS_AFTER,
    RESPONSE_MEDIAN_HOURS_BEFORE,
    TICKET_CATEGORIES,
    TICKET_CATEGORY_SHARE,
    TICKET_CHANNELS,
    TICKET_HANDLING_COST,
    TICKET_PROMISE_HOURS,
    UNRESOLVED_COMPLAINTS_AFTER,
    UNRESOLVED_COMPLAINTS_BEFORE,
    days_in_month,
    month_start,
)
from data.demo.state import DemoState


def simulate_service_and_churn(state: DemoState) -> None:
    """Month by month: tickets and their CSAT move each customer's satisfaction, which sets its churn
    three months later; a simulation because churn ends the tickets a customer would open."""
    rng, c = state.rng, state.customers
    n = c["id"].size
    channel = c["channel"]
    ticket_rate = lookup(CHANNEL_TICKETS_PER_MONTH, channel) * rng.gamma(2.0, 0.5, n)
    base_churn = lookup(CHANNEL_BASE_CHURN, channel)
    satisfaction = np.full(n, 4.0)
    history = np.zeros((MONTHS, n))
    churn_month = np.full(n, -1)
    tickets: list[tuple[np.ndarray, ...]] = []
    for m in range(MONTHS):
        active = (c["acquired_month"] <= m) & (churn_month < 0)
        idx = np.flatnonzero(active)
        count = rng.poisson(ticket_rate[idx])
        who = np.repeat(idx, count)
        median = RESPONSE_MEDIAN_HOURS_BEFORE if m < GO_LIVE_MONTH else RESPONSE_MEDIAN_HOURS_AFTER
        hours = median * rng.lognormal(0, 0.6, who.size)
        csat = np.clip(np.round(4.6 - CSAT_PER_HOUR * np.minimum(hours, 24)
                                + rng.normal(0, 0.7, who.size)), 1, 5)
        sums = np.bincount(who, weights=csat, minlength=n)
        counts = np.bincount(who, minlength=n)
        had = counts > 0
        satisfaction[had] = 0.5 * satisfaction[had] + 0.5 * sums[had] / counts[had]
        history[m] = satisfaction
        lagged = history[m - CHURN_LAG_MONTHS] if m >= CHURN_LAG_MONTHS else np.full(n, 4.0)
        p = base_churn[idx] * np.exp(-CHURN_SATISFACTION_SLOPE * (lagged[idx] - 4.0))
        # a customer is not lost in the month it was won
        leaving = (rng.random(idx.size) < p) & (c["acquired_month"][idx] < m)
        churn_month[idx[leaving]] = m
        tickets.append((who, np.full(who.size, m), hours, csat))
    churned = churn_month >= 0
    churned_on = np.full(n, np.datetime64("NaT"), dtype="datetime64[D]")
    dim = days_in_month(churn_month[churned])
    churned_on[churned] = month_start(churn_month[churned]) + (
        rng.random(churned.sum()) * dim).astype("timedelta64[D]")
    c["churned_on"] = churned_on
    c["churn_month"] = churn_month
    c["satisfaction"] = history.T
    who, month, hours, csat = (np.concatenate(parts) for parts in zip(*tickets, strict=True))
    state.ticket_draws = {"customer_index": who, "month": month, "response_hours": hours, "csat": csat}


def write_tickets(state: DemoState) -> None:
    rng, c, draws = state.rng, state.customers, state.ticket_draws
    who, month, hours, csat = draws["customer_index"], draws["month"], draws["response_hours"], draws["csat"]
    n = who.size
    day = (rng.random(n) * days_in_month(month)).astype("timedelta64[D]")
    opened = (month_start(month) + day).astype("datetime64[s]") + rng.integers(
        7 * 3600, 19 * 3600, n).astype("timedelta64[s]")
    churned_on = c["churned_on"][who]
    cut = ~np.isnat(churned_on) & (opened.astype("datetime64[D]") > churned_on)
    opened[cut] = churned_on[cut].astype("datetime64[s]") + np.timedelta64(9 * 3600, "s")
    acquired = c["acquired_on"][who].astype("datetime64[s]")
    opened = np.maximum(opened, acquired + np.timedelta64(10 * 3600, "s"))
    order = np.argsort(opened, kind="stable")
    who, hours, csat, opened = who[order], hours[order], csat[order], opened[order]
    category = pick(rng, TICKET_CATEGORIES, TICKET_CATEGORY_SHARE, n)
    first = opened + (hours * 3600).astype("timedelta64[s]")
    promise = lookup(TICKET_PROMISE_HOURS, category)
    work = hours + promise * rng.lognormal(-0.5, 0.7, n)
    resolved = opened + (work * 3600).astype("timedelta64[s]")
    end = (END + 1).astype("datetime64[s]")
    # some complaints are never closed, fewer after go-live (planted effect 1)
    dropped = (category == "complaint") & (rng.random(n) < np.where(
        opened < GO_LIVE, UNRESOLVED_COMPLAINTS_BEFORE, UNRESOLVED_COMPLAINTS_AFTER))
    resolved[dropped] = np.datetime64("NaT")
    open_now = np.isnat(resolved) | (resolved >= end)
    resolved[open_now] = np.datetime64("NaT")
    first[first >= end] = np.datetime64("NaT")
    csat = np.where(open_now, np.nan, csat)
    engineers = state.employees["id"][state.employees["role"] == "service_engineer"]
    state.write(models.ServiceTicket.__table__, {
        "id": np.arange(1, n + 1), "customer_id": c["id"][who],
        "engineer_id": rng.choice(engineers, n).astype(float), "category": category,
        "channel": pick(rng, TICKET_CHANNELS, [0.4, 0.15, 0.15, 0.2, 0.1], n),
        "opened_at": opened, "first_response_at": first, "resolved_at": resolved,
        "promised_at": opened + (promise * 3600).astype("timedelta64[s]"), "csat": csat,
        "handling_cost": cents(lookup(TICKET_HANDLING_COST, category) * rng.lognormal(0, 0.4, n)),
    })


def write_surveys(state: DemoState) -> None:
    """Monthly survey of 5% of active customers; answers follow the satisfaction state."""
    rng, c = state.rng, state.customers
    parts = []
    for m in range(MONTHS):
        active = np.flatnonzero((c["acquired_month"] <= m) & ((c["churn_month"] < 0) | (c["churn_month"] > m)))
        chosen = active[rng.random(active.size) < 0.05]
        s = c["satisfaction"][chosen, m]
        nps = np.clip(np.round(2.2 * s - 0.6 + rng.normal(0, 1.3, chosen.size)), 0, 10)
        csat = np.clip(np.round(s + rng.normal(0, 0.6, chosen.size)), 1, 5)
        on = month_start(m) + rng.integers(0, 28, chosen.size).astype("timedelta64[D]")
        parts.append((chosen, on, nps, csat))
    who, on, nps, csat = (np.concatenate(p) for p in zip(*parts, strict=True))
    state.write(models.SurveyResponse.__table__, {
        "id": np.arange(1, who.size + 1), "customer_id": c["id"][who], "responded_on": on,
        "nps": nps.astype(np.int64), "csat": csat.astype(np.int64),
    })
