"""What a digest says: the period, the overall score, the red and amber KPIs and the years at risk.

Pure over the analytical store: :func:`digest` returns a :class:`Digest` that ``notify`` writes in either language.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import pandas as pd

from metrics.alerts.evaluate import _number, current_scorecard, threshold
from metrics.base.dimensions import dimension_values
from metrics.links import forecast
from metrics.scorecard import scoring


@dataclass(frozen=True)
class KpiLine:
    kpi_id: str
    name_en: str
    name_zh: str
    status: str
    value: float | None
    target: float | None
    unit: str
    per: str | None
    probability: float | None = None  # of reaching the year target


@dataclass(frozen=True)
class Digest:
    period: str | None  # 2026-10; None without data
    as_of: str | None
    currency: str
    overall: float | None  # the scorecard's overall score, 0..100
    counts: dict[str, int] = field(default_factory=dict)  # KPIs per status
    red: tuple[KpiLine, ...] = ()
    amber: tuple[KpiLine, ...] = ()
    at_risk: tuple[KpiLine, ...] = ()  # not red, yet below the probability threshold for the year


def _line(row: dict, probability: float | None) -> KpiLine:
    return KpiLine(row["id"], row["name_en"], row["name_zh"], row["status"], _number(row.get("value")),
                   _number(row.get("target")), row["unit"], row.get("per") if isinstance(row.get("per"), str)
                   else None, probability)


def digest(store, *, card: pd.DataFrame | None = None) -> Digest:
    """The digest of the default scorecard in ``store``."""
    values = dimension_values(store)
    card = current_scorecard(store) if card is None else card
    if card.empty or "name_en" not in card:
        return Digest(None, None, values.currency, None)
    year = forecast.read(store)
    year = year[year["horizon"] == "year"] if not year.empty else year
    chances = {r["kpi_id"]: _number(r["probability"]) for r in year.to_dict("records")
               if r.get("basis") == "forecast"}
    rows = card.to_dict("records")
    overall = _number(scoring.rollup(card).get("overall"))
    below = threshold()
    lines = {status: tuple(_line(r, chances.get(r["id"])) for r in rows if r["status"] == status)
             for status in ("red", "amber")}
    at_risk = tuple(_line(r, chances[r["id"]]) for r in rows if r["status"] != "red"
                    and chances.get(r["id"]) is not None and chances[r["id"]] < below)
    counts = {status: sum(1 for r in rows if r["status"] == status) for status in ("green", "amber", "red")}
    return Digest(str(rows[0]["period"]), values.as_of.isoformat() if values.as_of else None, values.currency,
                  None if overall is None or math.isnan(overall) else overall, counts, lines["red"], lines["amber"],
                  at_risk)
