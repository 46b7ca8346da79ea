"""When a KPI's check-in note is due, and when it is overdue.

A note is **due** for the review month ``P`` (a whole company month) when the KPI's computed status for ``P`` is
red, or the year forecast gives it less than an even chance of reaching the year target (``probability`` < 0.5 in
the forecast table, :mod:`metrics.links.forecast`; a year already known to be ``missed`` counts as no chance). It
is **overdue** once :data:`GRACE_DAYS` days have passed after the month ended (from the 11th of the next month) with
no check-in written for ``P``; a check-in of any status written for ``P`` settles it (``written``).

The grace period counts from the month's end, not from the day its data was imported: a company importing late
sees its notes overdue at once (the store keeps no date of arrival per month).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, timedelta

import pandas as pd

from metrics.links import forecast

GRACE_DAYS = 10
PROBABILITY_BELOW = forecast.EVEN_CHANCE
REASONS = ("red", "forecast")
STATES = ("due", "overdue", "written")


@dataclass(frozen=True)
class NoteDue:
    kpi_id: str
    period: date  # the month start
    reasons: tuple[str, ...]  # of REASONS
    probability: float  # of reaching the year target (NaN: no forecast)
    due_by: date  # the last day before it is overdue
    state: str  # of STATES


def month_end(period: date) -> date:
    following = date(period.year + period.month // 12, period.month % 12 + 1, 1)
    return following - timedelta(days=1)


def due_by(period: date) -> date:
    """The last day a note for ``period`` is merely due."""
    return month_end(period) + timedelta(days=GRACE_DAYS)


def _year_chance(forecasts: pd.DataFrame) -> dict[str, float]:
    """kpi_id -> probability of reaching the year target (0 when the year is known missed; NaN unknown)."""
    if forecasts.empty:
        return {}
    year = forecasts[forecasts["horizon"] == "year"]
    out = {}
    for row in year.to_dict("records"):
        probability = row.get("probability")
        if row.get("flag") == "missed":
            out[row["kpi_id"]] = 0.0
        elif probability is not None and not pd.isna(probability):
            out[row["kpi_id"]] = float(probability)
    return out


def reasons(statuses: dict[str, str], forecasts: pd.DataFrame) -> dict[str, tuple[tuple[str, ...], float]]:
    """kpi_id -> (why its note is due, the year probability) for every KPI whose note is due.

    Parameters
    ----------
    statuses : kpi_id -> computed status of the review month (green | amber | red | none).
    forecasts : the forecast table (kpi_id, horizon, probability, flag), :func:`metrics.links.forecast.read`.
    """
    chances = _year_chance(forecasts)
    out = {}
    for kpi_id in sorted(set(statuses) | set(chances)):
        why = []
        if statuses.get(kpi_id) == "red":
            why.append("red")
        chance = chances.get(kpi_id, math.nan)
        if not math.isnan(chance) and chance < PROBABILITY_BELOW:
            why.append("forecast")
        if why and kpi_id in statuses:
            out[kpi_id] = (tuple(why), chance)
    return out


def notes_due(statuses: dict[str, str], forecasts: pd.DataFrame, *, period: date, written: set[str] | frozenset[str],
              today: date) -> dict[str, NoteDue]:
    """kpi_id -> :class:`NoteDue` for every KPI whose note for ``period`` is due (``written``: the KPIs with a
    check-in for ``period``)."""
    deadline = due_by(period)
    out = {}
    for kpi_id, (why, chance) in reasons(statuses, forecasts).items():
        state = "written" if kpi_id in written else "overdue" if today > deadline else "due"
        out[kpi_id] = NoteDue(kpi_id, period, why, chance, deadline, state)
    return out
