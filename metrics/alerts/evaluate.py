"""Which alerts hold now, as facts: pure functions over the analytical store (and, for the operating rhythm's
kinds, the system of record's owners, check-ins and initiatives when they exist).

Kinds (``data.notifications.alerts.KINDS``):

- ``kpi_red``: a KPI's status on the default scorecard (the latest complete month, nothing filtered), state
  ``green | amber | red | none``, alerting when ``red`` (so amber -> red and green -> red both fire);
- ``forecast_risk``: the probability that the year reaches its target (``metrics.links.forecast``, 1,000
  simulated paths), state ``below`` when under the threshold (default 50%, ``ALERT_PROBABILITY_BELOW``),
  ``above``, or ``unknown`` when the year is not estimable; the message gives the forecast's 90% interval;
- ``refresh``: a derived step of the last refresh that failed or warned (``metrics.base.steps``), and the refresh
  itself failing (recorded by ``jobs.refresh``); for admins;
- ``checkin_due`` and ``no_initiative``: :mod:`metrics.alerts.rhythm`.
"""

from __future__ import annotations

import math
import os

import pandas as pd

from data.notifications.alerts import AlertFact
from metrics.base.dimensions import first_view
from metrics.base.filters import Filters
from metrics.base.steps import step_statuses
from metrics.base.store import Store
from metrics.links import forecast
from metrics.scorecard import stored

THRESHOLD_ENV = "ALERT_PROBABILITY_BELOW"
DEFAULT_THRESHOLD = forecast.EVEN_CHANCE  # the rule of the on-track flag and the notes due


def threshold() -> float:
    """The probability under which a year forecast alerts: ``ALERT_PROBABILITY_BELOW`` (0..1), else one half."""
    text = os.environ.get(THRESHOLD_ENV, "").strip()
    if not text:
        return DEFAULT_THRESHOLD
    try:
        value = float(text.rstrip("%")) / (100 if text.endswith("%") else 1)
    except ValueError as error:
        raise ValueError(f"{THRESHOLD_ENV}={text!r}: give a probability such as 0.5 or 50%") from error
    if not 0 < value < 1:
        raise ValueError(f"{THRESHOLD_ENV}={text!r}: give a probability between 0 and 1")
    return value


def _number(value) -> float | None:
    try:
        value = float(value)
    except (TypeError, ValueError):
        return None
    return value if math.isfinite(value) else None


def current_filters(store: Store) -> Filters | None:
    """The default scorecard's filters (what a visitor sees first), ``None`` without sales."""
    return first_view(store)


def current_scorecard(store: Store) -> pd.DataFrame:
    """The default scorecard (empty without data)."""
    f = current_filters(store)
    return stored.scorecard(store, f) if f is not None else pd.DataFrame(columns=["id", "status"])


def kpi_facts(card: pd.DataFrame) -> list[AlertFact]:
    """One ``kpi_red`` fact per KPI of a scorecard (``metrics.scorecard.scoring.scorecard``'s columns)."""
    facts = []
    for row in card.to_dict("records"):
        status = row.get("status") if row.get("status") in ("green", "amber", "red") else "none"
        facts.append(AlertFact("kpi_red", row["id"], status, status == "red", {
            "period": row.get("period"), "value": _number(row.get("value")), "target": _number(row.get("target")),
            "unit": row.get("unit"), "per": row.get("per")}))
    return facts


def forecast_facts(forecasts: pd.DataFrame, below: float) -> list[AlertFact]:
    """One ``forecast_risk`` fact per KPI with a year forecast (``metrics.links.forecast.FORECAST_COLUMNS``)."""
    facts = []
    year = forecasts[forecasts["horizon"] == "year"] if not forecasts.empty else forecasts
    for row in year.to_dict("records"):
        probability = _number(row.get("probability"))
        estimated = row.get("basis") == "forecast" and probability is not None and _number(row.get("target"))
        state = "unknown" if not estimated else "below" if probability < below else "above"
        facts.append(AlertFact("forecast_risk", row["kpi_id"], state, state == "below", {
            "probability": probability, "threshold": below, "forecast": _number(row.get("forecast")),
            "low90": _number(row.get("low90")), "high90": _number(row.get("high90")),
            "target": _number(row.get("target")), "period_end": str(row.get("period_end") or "")[:10]}))
    return facts


def step_facts(store: Store) -> list[AlertFact]:
    """One ``refresh`` fact per derived step of the refresh that built ``store``."""
    return [AlertFact("refresh", s.step, s.status, s.status != "ok",
                      {"reason_en": s.reason_en, "reason_zh": s.reason_zh, "code": s.reason_code})
            for s in step_statuses(store)]


def refresh_failed(error: str) -> AlertFact:
    """The refresh itself failed (no new store): ``error`` is one sentence, never a traceback."""
    return AlertFact("refresh", "store", "failed", True, {"reason_en": error, "reason_zh": error})


def refresh_succeeded() -> AlertFact:
    return AlertFact("refresh", "store", "ok", False, {})


def evaluate(store: Store, *, below: float | None = None, card: pd.DataFrame | None = None) -> list[AlertFact]:
    """Every fact over ``store`` (the rhythm's kinds apart: :func:`metrics.alerts.rhythm.facts`)."""
    card = current_scorecard(store) if card is None else card
    return [*kpi_facts(card), *forecast_facts(forecast.read(store), threshold() if below is None else below),
            *step_facts(store), refresh_succeeded()]
