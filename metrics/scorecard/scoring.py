"""The scorecard: value, target, status, score and changes per KPI, rolled up to perspectives.

Status is computed, never stored: green at or beyond the target, amber when short of it by no
more than ``threshold`` x |target - baseline|, red beyond that; direction-aware. A KPI's score is
its progress from baseline to target, 0..100, capped. Objective scores are weighted means of
their KPIs' scores (weights from ``kpi_target``), perspective scores weighted means of their
objectives (weight: the one a company set in ``objective_weight``, else the objective's KPI weights
summed), the overall score the mean of the four perspectives.

Targets are stored per month; a quarter's or a year's target follows the KPI's ``per_period``
rule (summed, compounded, scaled, or the same). Its status and score are judged on the monthly scale: the
period's value is taken back to one month's by the same rule (:func:`monthly_equivalent`) and compared with
the monthly target and baseline, so a company whose every month is the same gets the same status and score
for a month, its quarter and its year. Targets are the company's; under a region, channel, industry or manager
filter an additive KPI (revenue, counts) is judged against the company target x the filtered customers' share in
the baseline period, or a target set for that member (``metrics.scorecard.segment_targets``; column
``target_scope``: ``company``, ``derived`` or ``segment``).

A KPI nobody set a target for is judged against a baseline target (``metrics.scorecard.baselines``; column
``target_source``: ``set``, ``baseline`` or empty).
"""

from __future__ import annotations

import math
from dataclasses import replace
from typing import Literal

import numpy as np
import pandas as pd

from metrics.base.dimensions import dimension_values
from metrics.base.filters import Filters, add_months
from metrics.base.store import Store
from metrics.scorecard import needs, segment_targets
from metrics.scorecard.registry import CATALOGUE, Direction, Kpi
from metrics.scorecard.strategy import OBJECTIVES, Perspective

Status = Literal["green", "amber", "red", "none"]
TREND_MONTHS = 24


def amber_band(*, target: float, baseline: float, threshold: float) -> float:
    """How far short of the target a value may fall and stay amber: ``threshold`` times the distance from the
    baseline to the target, or times the target itself when a target merely holds the baseline."""
    return threshold * abs(target - baseline) if target != baseline else threshold * abs(target)


def amber_edge(*, target: float, baseline: float, threshold: float, better: Direction) -> float:
    """The value where amber turns red (what the trend chart draws)."""
    direction = 1 if better == Direction.HIGHER else -1
    return target - direction * amber_band(target=target, baseline=baseline, threshold=threshold)


def status(value: float, *, target: float, baseline: float, threshold: float, better: Direction) -> Status:
    """Green at or beyond target, amber within the band, red beyond it; ``none`` without a value."""
    if value is None or not math.isfinite(value) or target is None or not math.isfinite(target):
        return "none"
    shortfall = target - value if better == Direction.HIGHER else value - target
    tolerance = 1e-9 * max(1.0, abs(target))  # a value on the target or the band's edge is there, float noise aside
    if shortfall <= tolerance:
        return "green"
    band = amber_band(target=target, baseline=baseline, threshold=threshold)
    return "amber" if shortfall <= band + tolerance else "red"


def score(value: float, *, target: float, baseline: float, better: Direction) -> float:
    """Progress from baseline to target in 0..100; NaN without a value."""
    if value is None or not math.isfinite(value) or target is None or not math.isfinite(target) \
            or baseline is None or not math.isfinite(baseline):
        return math.nan
    if math.isclose(target, baseline, rel_tol=1e-12, abs_tol=1e-12):
        reached = value >= target if better == Direction.HIGHER else value <= target
        return 100.0 if reached else 0.0
    return float(np.clip((value - baseline) / (target - baseline), 0.0, 1.0) * 100)


def period_target(monthly: float, kpi: Kpi, months: int, *, scale: float = 1.0) -> float:
    """A monthly target carried to a period of ``months`` months by the KPI's ``per_period`` rule; ``scale``
    (rule "scale"): the period's value over the mean of its months' values."""
    if months == 1:
        return monthly
    if kpi.per_period == "sum":
        return monthly * months
    if kpi.per_period == "keep":
        return monthly**months
    if kpi.per_period == "loss":
        return 1 - (1 - monthly) ** months
    if kpi.per_period == "scale" and math.isfinite(scale):
        return monthly * scale
    return monthly


def monthly_equivalent(value: float, kpi: Kpi, months: int, *, months_mean: float = math.nan) -> float:
    """A period's value taken back to one month's by the KPI's ``per_period`` rule (the inverse of
    :func:`period_target`): a sum over ``months``, a rate kept or lost over them, or (rule "scale") the mean of
    its months' values ``months_mean``. Status and score compare it with the monthly target and baseline."""
    if months == 1 or value is None or not math.isfinite(value):
        return value
    if kpi.per_period == "sum":
        return value / months
    if kpi.per_period == "keep":
        return max(value, 0.0) ** (1 / months)
    if kpi.per_period == "loss":
        return 1 - max(1 - value, 0.0) ** (1 / months)
    if kpi.per_period == "scale" and months_mean is not None and math.isfinite(months_mean):
        return months_mean
    return value


def _months_means(store: Store, kpis: tuple[Kpi, ...], f: Filters, periods: list[pd.Timestamp]) -> dict:
    """(kpi id, period) -> the mean of the monthly values of the period's months, for the KPIs judged by their
    months (rule "scale") when a period is longer than a month."""
    scaled = [k for k in kpis if k.per_period == "scale"]
    if f.months == 1 or not scaled:
        return {}
    first, last = min(periods).date(), add_months(max(periods).date(), f.months - 1)
    monthly = replace(f, start=first, end=last, grain="month")
    out = {}
    for kpi in scaled:
        series = kpi_series(store, kpi, monthly)
        for period in periods:
            months = series[(series.index >= period) & (series.index < period + pd.DateOffset(months=f.months))]
            out[(kpi.id, period)] = float(months.mean()) if months.notna().any() else math.nan
    return out


def trend_filters(f: Filters) -> Filters:
    """The selected period (``f.end``) with enough history for the trend and the year-ago change."""
    periods = max(TREND_MONTHS // f.months, f.periods_per_year + 1)
    return replace(f, start=f.period_start(f.end)).shifted(periods - 1)


def last_year(f: Filters) -> Filters:
    """The twelve months ending with the selected period, at month grain (for funnels and flows)."""
    last_month = add_months(f.period_start(f.end), f.months - 1)
    return replace(f, start=add_months(last_month, -11), end=last_month, grain="month")


def kpi_series(store: Store, kpi: Kpi, f: Filters) -> pd.Series:
    """The KPI over the filters' periods, as floats indexed by period start."""
    return kpi.compute(store, f).reindex(f.period_index).astype(float)


def kpi_values(store: Store, f: Filters, kpis: tuple[Kpi, ...] = CATALOGUE) -> dict[str, pd.Series]:
    """Each KPI's series over the periods a scorecard of ``f`` shows (its trend): the costly part of a
    scorecard, and independent of targets and weights."""
    store = store.scoped()  # KPIs share base frames for this one computation
    wide = trend_filters(f)
    return {kpi.id: kpi_series(store, kpi, wide) for kpi in kpis}


def scorecard(store: Store, f: Filters, kpis: tuple[Kpi, ...] = CATALOGUE, *,
              values: dict[str, pd.Series] | None = None) -> pd.DataFrame:
    """One row per KPI for the period ``f.end`` (dimension filters applied); ``values``: the KPIs' series
    as :func:`kpi_values` gives them, when already at hand.

    Columns: id, perspective, objective, name_en, name_zh, unit, per, better, kind, period, value, target,
    baseline (both in the period's units), target_source (set | baseline | None), target_scope (company | derived |
    segment | None: :mod:`metrics.scorecard.segment_targets`), target_share, target_share_until, weight,
    objective_weight (NaN: its KPIs' weights summed), threshold, status, score, score_prev, delta_prev,
    delta_year, trend (list of (period, value)).
    """
    values = values if values is not None else kpi_values(store, f, kpis)
    targets = segment_targets.filtered_targets(store, f, target_table(store), kpis).set_index("kpi_id")
    objective_weights = store.objective_weights()
    period = pd.Timestamp(f.period_start(f.end))
    before = period - pd.DateOffset(months=f.months)
    means = _months_means(store.scoped(), kpis, f, [before, period])
    rows = []
    for kpi in kpis:
        series = values[kpi.id]
        value = _at(series, period)
        prev = _at(series, before)
        year = _at(series, period - pd.DateOffset(months=12))
        goal = targets.loc[kpi.id] if kpi.id in targets.index else None
        monthly_target = float(goal["target"]) if goal is not None else math.nan
        monthly_baseline = float(goal["baseline"]) if goal is not None else math.nan
        threshold = float(goal["threshold"]) if goal is not None else math.nan
        mean_now = means.get((kpi.id, period), math.nan)
        scale = value / mean_now if mean_now else math.nan
        now = monthly_equivalent(value, kpi, f.months, months_mean=mean_now)
        then = monthly_equivalent(prev, kpi, f.months, months_mean=means.get((kpi.id, before), math.nan))
        judged = {"target": monthly_target, "baseline": monthly_baseline, "better": kpi.better}
        rows.append({
            "id": kpi.id, "perspective": kpi.perspective.value, "objective": kpi.objective,
            "name_en": kpi.name["en"], "name_zh": kpi.name["zh"], "unit": kpi.unit.value, "per": kpi.per,
            "better": kpi.better.value, "kind": kpi.kind, "period": f.label(period.date()),
            "value": value, "target": period_target(monthly_target, kpi, f.months, scale=scale),
            "baseline": period_target(monthly_baseline, kpi, f.months, scale=scale),
            "target_source": (goal.get("source", "set") if goal is not None else None),
            "target_scope": goal["scope"] if goal is not None else None,
            "target_share": float(goal["share"]) if goal is not None else math.nan,
            "target_share_until": goal["share_until"] if goal is not None else None,
            "weight": float(goal["weight"]) if goal is not None else 1.0,
            "objective_weight": objective_weights.get(kpi.objective, math.nan),
            "threshold": threshold,
            "status": status(now, threshold=0.0 if goal is None else threshold, **judged),
            "score": score(now, **judged),
            "score_prev": score(then, **judged),
            "delta_prev": value - prev, "delta_year": value - year,
            "trend": [(p.date().isoformat(), None if math.isnan(v) else float(v)) for p, v in series.items()],
        })
    return not_measured(store, pd.DataFrame(rows))


def target_table(store: Store) -> pd.DataFrame:
    """kpi_id, target, baseline, threshold, weight (monthly) and source (``set`` | ``baseline``): the targets
    people set, and from the refresh on the baselines of the KPIs nobody set one for (table
    ``kpi_target_effective``, ``metrics.scorecard.baselines``)."""
    for table, source in (("kpi_target_effective", "source"), ("kpi_target", "'set' AS source")):
        if store.has_table(table):
            return store.query(f"SELECT kpi_id, target, baseline, threshold, weight, {source} FROM {table}")
    return pd.DataFrame(columns=["kpi_id", "target", "baseline", "threshold", "weight", "source"])


def not_measured(store: Store, card: pd.DataFrame) -> pd.DataFrame:
    """Column ``needs``: what each KPI lacks (``metrics.scorecard.needs``); a KPI lacking data has no value, score
    or status (unknown, never zero), so the roll-up scores come from the KPIs measured."""
    lacking = needs.missing(store)
    card["needs"] = [lacking.get(kpi_id, []) for kpi_id in card["id"]]
    unmeasured = card["needs"].map(bool).to_numpy()
    if unmeasured.any():
        card.loc[unmeasured, ["value", "score", "score_prev", "delta_prev", "delta_year"]] = math.nan
        card.loc[unmeasured, "status"] = "none"
        card.loc[unmeasured, "trend"] = pd.Series([[]] * int(unmeasured.sum()), index=card.index[unmeasured])
    return card


def _at(series: pd.Series, period: pd.Timestamp) -> float:
    value = series.get(period, math.nan)
    return float(value) if value is not None else math.nan


STATUS_POINTS = {"green": 1.0, "amber": 0.5, "red": 0.0}


def _finite(value) -> bool:
    return value is not None and not (isinstance(value, float) and math.isnan(value))


def _weighted_mean(pairs: list[tuple[float, float]]) -> float:
    """Weighted mean of the (value, weight) pairs whose value is known; NaN without positive weight."""
    valid = [(v, w) for v, w in pairs if _finite(v)]
    total = sum(w for _, w in valid)
    return float(sum(v * w for v, w in valid) / total) if total > 0 else math.nan


def objective_statuses(card: pd.DataFrame) -> dict[str, Status]:
    """Every objective's colour (:func:`objective_status`), in one pass over the card (the map and the phone summary
    colour all of them on every run)."""
    rows: dict[str, list[tuple[float, float]]] = {}
    for objective, status, weight in zip(card["objective"].tolist(), card["status"].tolist(),
                                         card["weight"].tolist(), strict=True):
        if status in STATUS_POINTS:
            rows.setdefault(objective, []).append((STATUS_POINTS[status], weight))
    return {o.id: _colour(rows.get(o.id, [])) for o in OBJECTIVES}


def objective_status(card: pd.DataFrame, objective_id: str) -> Status:
    """An objective's colour: the weighted mean of its KPIs' statuses (green 1, amber 0.5, red 0) is
    green from 0.75, amber from 0.4, red below; ``none`` when no KPI has a status."""
    return _colour([(STATUS_POINTS[s], w) for o, s, w in zip(card["objective"].tolist(), card["status"].tolist(),
                                                             card["weight"].tolist(), strict=True)
                    if o == objective_id and s in STATUS_POINTS])


def _colour(rows: list[tuple[float, float]]) -> Status:
    if not rows:
        return "none"
    total = sum(w for _, w in rows)
    points = sum(p * w for p, w in rows) / total if total else math.nan
    return "green" if points >= 0.75 else "amber" if points >= 0.4 else "red"


def rollup(card: pd.DataFrame, score_column: str = "score") -> dict[str, object]:
    """Objective, perspective and overall scores from a scorecard frame (``score_prev`` for the
    previous period's), and each objective's weight in its perspective. Plain Python over the few
    dozen KPI rows: pandas per-group overhead cost more than the arithmetic on every page run."""
    by_objective: dict[str, list[tuple[float, float]]] = {}
    for objective, score, weight in zip(card["objective"].tolist(), card[score_column].tolist(),
                                        card["weight"].tolist(), strict=True):
        by_objective.setdefault(objective, []).append((score, weight))
    set_weights = objective_weights(card)
    objectives = {}
    for objective in OBJECTIVES:
        pairs = by_objective.get(objective.id)
        if pairs:
            objectives[objective.id] = {"score": _weighted_mean(pairs),
                                        "weight": set_weights.get(objective.id,
                                                                  float(sum(w for v, w in pairs if _finite(v)))),
                                        "perspective": objective.perspective.value}
    perspectives = {
        p.value: _weighted_mean([(o["score"], o["weight"]) for o in objectives.values()
                                 if o["perspective"] == p.value])
        for p in Perspective
    }
    scored = [v for v in perspectives.values() if math.isfinite(v)]
    return {
        "objectives": {k: v["score"] for k, v in objectives.items()},
        "objective_weights": {k: v["weight"] for k, v in objectives.items()},
        "perspectives": perspectives,
        "overall": float(np.mean(scored)) if scored else math.nan,
    }


def objective_weights(card: pd.DataFrame) -> dict[str, float]:
    """Objective id -> the weight a company set for it (objectives left to their KPIs' sum are absent).
    Plain Python over the card's rows, like :func:`rollup` (it runs on every page run)."""
    if "objective_weight" not in card.columns:
        return {}
    return {objective: float(weight) for objective, weight in zip(card["objective"].tolist(),
                                                                  card["objective_weight"].tolist(), strict=True)
            if _finite(weight)}


def effective_objective_weights(card: pd.DataFrame) -> dict[str, float]:
    """Objective id -> its weight as :func:`rollup` uses it: the one set, else its measured KPIs' weights summed."""
    return rollup(card)["objective_weights"]


def reweighted(card: pd.DataFrame, kpi_weights: dict[str, float], objective_weights: dict[str, float]) -> pd.DataFrame:
    """``card`` as it would roll up with other KPI weights and with ``objective_weights`` as the objectives'
    set weights (objectives absent from it weigh their KPIs' sum)."""
    return card.assign(weight=card["id"].map(kpi_weights).fillna(card["weight"]).astype(float),
                       objective_weight=card["objective"].map(objective_weights).astype(float))


def retargeted(card: pd.DataFrame, targets: pd.DataFrame) -> pd.DataFrame:
    """``card`` (of a one-month period, nothing filtered: monthly values) scored against other monthly
    ``targets`` (kpi_id, target, baseline, threshold); KPIs absent from ``targets`` keep theirs."""
    edited = targets.set_index("kpi_id")
    out = card.copy()
    for i, row in enumerate(card.to_dict("records")):
        if row["id"] not in edited.index or row.get("needs"):
            continue
        goal = edited.loc[row["id"]]
        judged = {"target": float(goal["target"]), "baseline": float(goal["baseline"]),
                  "better": Direction(row["better"])}
        out.iloc[i, out.columns.get_loc("status")] = status(row["value"], threshold=float(goal["threshold"]),
                                                             **judged)
        out.iloc[i, out.columns.get_loc("score")] = score(row["value"], **judged)
    return out


def overall_before_after(card: pd.DataFrame, kpi_weights: dict[str, float],
                         edited_objectives: dict[str, float], *, targets: pd.DataFrame | None = None
                         ) -> tuple[float, float]:
    """The overall score now and with these weights and, given ``targets`` (monthly; ``card`` of one month),
    these targets (the targets editor's preview). Objective weights equal to what the editor showed
    (:func:`effective_objective_weights`) stay unset: they keep following their KPIs."""
    shown = effective_objective_weights(card)
    changed = {o: w for o, w in edited_objectives.items() if w != shown.get(o)}
    after = reweighted(card if targets is None else retargeted(card, targets), kpi_weights,
                       {**objective_weights(card), **changed})
    return rollup(card)["overall"], rollup(after)["overall"]


def latest_period(store: Store) -> pd.Timestamp | None:
    """The latest complete month of data (the default period of a scorecard: a month the data ends inside is
    partial, see :func:`metrics.base.filters.last_complete_month`); ``None`` without orders."""
    month = dimension_values(store).complete_month
    return None if month is None else pd.Timestamp(month)


def has_data(store: Store, f: Filters) -> bool:
    """True when any order falls in the selected period."""
    start, end = f.period_start(f.end), (pd.Timestamp(f.period_start(f.end)) + pd.DateOffset(months=f.months))
    found = store.query("SELECT count(*) AS n FROM sales WHERE month >= $start AND month < $end",
                        {"start": start, "end": end.date()})
    return bool(found["n"].iloc[0])
