"""Is the forecast's "probability of reaching the target" a probability? Its calibration, backtested.

For every KPI with a target and every origin month ``o`` of the last complete calendar year (:data:`ORIGIN_MONTHS`
with :data:`MIN_HISTORY` months behind them), the forecast is made as ``metrics.links.forecast`` makes it,
with only the months up to ``o``: the ``ets`` model (the ETS(A,N,N) state-space form) fitted on the standardised
series to ``o``, :data:`PATHS` simulated paths to December, the year rolled up from the months seen and the months
drawn the way its target is (``per_period``), and the share of paths reaching the year's target. Each probability
is then set against what happened: did the year's actual value reach the target?

Calibration is read from the Brier score (the mean squared gap between probability and outcome, 0 best; 0.25 is
what always saying 50% scores) and from probability bins: in a calibrated forecast, of the forecasts saying
10-20%, about 15% come true. Caveats: the targets are today's (a baseline target was drawn after the year it
judges), the outcomes of one year share its fortunes, and the model is the ``ets`` candidate only (the live
forecast picks the better of two by backtest error).
"""

from __future__ import annotations

import itertools
import math

import numpy as np
import pandas as pd

from metrics.base.store import Store, series_filters
from metrics.links import forecast
from metrics.scorecard import registry
from metrics.scorecard.registry import Direction, Kpi
from metrics.scorecard.scoring import period_target

MIN_HISTORY = 15
ORIGIN_MONTHS = (3, 6, 9, 11)  # forecasts made at the end of these months (a quarter's ends, and one month left)
PATHS = 500
BINS = (0.0, 0.1, 0.3, 0.5, 0.7, 0.9, 1.0)
COLUMNS = ["kpi_id", "origin", "probability", "reached"]


def _probability(kpi: Kpi, history: pd.Series, year: int, target: float, rng: np.random.Generator) -> float:
    """The share of simulated years reaching ``target``, forecast from ``history`` (months to the origin)."""
    mean, sd = float(history.mean()), float(history.std())
    if not sd > 0:
        return math.nan
    z = ((history - mean) / sd).to_numpy()
    fitted = forecast._fit(forecast._model(z, "ets"))
    steps = 12 - history.index[-1].month
    seen = history[history.index.year == year].to_numpy()
    paths = forecast._clip(forecast.simulate(fitted, steps, PATHS, rng, forecast.widening(fitted)) * sd + mean, kpi)
    values = forecast.rollup(np.concatenate([np.broadcast_to(seen, (PATHS, seen.size)), paths], axis=1), kpi)
    return float(np.mean(values >= target if kpi.better == Direction.HIGHER else values <= target))


def backtest(store: Store, kpis: tuple[Kpi, ...] = registry.CATALOGUE, *, seed: int = 0) -> pd.DataFrame:
    """One row per (KPI, origin month): the forecast probability of reaching the year's target and whether the
    year reached it (columns :data:`COLUMNS`); empty without a complete year after :data:`MIN_HISTORY` months."""
    f = series_filters(store)
    targets = forecast.monthly_targets(store)
    if f is None:
        return pd.DataFrame(columns=COLUMNS)
    index = f.period_index
    year = index[-1].year - 1 if index[-1].month < 12 else index[-1].year
    origins = [m for m in index if m.year == year and m.month in ORIGIN_MONTHS and (index < m).sum() + 1 >= MIN_HISTORY]
    rng = np.random.default_rng(seed)
    rows = []
    for kpi in kpis:
        if kpi.id not in targets:
            continue
        series = kpi.compute(store, f).reindex(index).astype(float)
        actual = series[series.index.year == year]
        if actual.isna().any() or len(actual) != 12:
            continue
        target = period_target(targets[kpi.id], kpi, 12)
        outcome = forecast.rollup(actual.to_numpy()[None, :], kpi)[0]
        reached = bool(outcome >= target if kpi.better == Direction.HIGHER else outcome <= target)
        for origin in origins:
            history = series[series.index <= origin].dropna()
            if len(history) < MIN_HISTORY or history.index[-1] != origin:
                continue
            try:
                probability = _probability(kpi, history, year, target, rng)
            except (ValueError, np.linalg.LinAlgError):
                continue
            if math.isfinite(probability):
                rows.append({"kpi_id": kpi.id, "origin": origin, "probability": probability, "reached": reached})
    return pd.DataFrame(rows, columns=COLUMNS)


def summary(results: pd.DataFrame) -> dict:
    """``n`` forecasts, their ``brier`` score, the mean probability said (``said``) and the share reached
    (``came``), the share of forecasts saying 0% (``zero``), and per probability bin of :data:`BINS` (the last one
    closed) its count, mean probability and observed rate (``bins``: tuples (low, high, n, said, came))."""
    if results.empty:
        return {"n": 0, "brier": math.nan, "said": math.nan, "came": math.nan, "zero": math.nan, "bins": []}
    p, y = results["probability"].to_numpy(float), results["reached"].to_numpy(float)
    bins = []
    for low, high in itertools.pairwise(BINS):
        inside = (p >= low) & ((p < high) if high < 1 else (p <= high))
        if inside.any():
            bins.append((low, high, int(inside.sum()), float(p[inside].mean()), float(y[inside].mean())))
    return {"n": len(p), "brier": float(np.mean((p - y) ** 2)), "said": float(p.mean()), "came": float(y.mean()),
            "zero": float(np.mean(p == 0)), "bins": bins}
