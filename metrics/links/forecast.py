"""KPI forecasts against targets, their backtest, and anomalous months.

Per KPI, over its last 36 monthly values:

- Candidate models (statsmodels state-space, fitted on the standardised series):
  ``ets`` = SARIMAX(0,1,1), the state-space form of simple exponential smoothing ETS(A,N,N) (a level that
  learns); ``ar_trend`` = SARIMAX(1,0,0) with a constant and a linear trend (mean-reverting around a trend).
- Rolling-origin backtest over the last 12 months: parameters estimated on the months before the first
  origin, then a one-month-ahead forecast with its 90% interval from each origin, each using every month
  up to it. The model with the least mean absolute error is the KPI's model. The backtest gives
  coverage (share of actual values inside the 90% intervals) and MASE (error over the in-sample error of
  the naive "same as last month" forecast).
- The chosen model (its backtest parameters, run over every month) draws 1,000 paths to the end of the
  current quarter and of the year; a period's value is rolled up from its months the way its target is
  (``per_period``: summed, kept or lost rates compounded, else averaged), months already observed taken
  as they are. The share of paths reaching the period's target is the probability of reaching it;
  ``on_track`` when it is at least one half, else ``at_risk``.
- A period whose months are all observed is **known** (``basis`` "known"): its value, no interval, the target
  ``reached`` or ``missed``. A period with months ahead that no model can forecast is **not estimable**
  (``basis`` "not_estimable", ``reason`` in :data:`REASONS`), never a zero-width interval.
- Anomalies: months whose one-step-ahead residual lies beyond 3 robust standard deviations (median
  absolute deviation x 1.4826) of the model's residuals.

Quarters and years are calendar ones (the store keeps no fiscal-year setting).
"""

from __future__ import annotations

import math
import warnings
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from metrics.base.store import Store, series_filters, write_table
from metrics.scorecard import registry
from metrics.scorecard import series as kpi_months
from metrics.scorecard.registry import Direction, Kpi
from metrics.scorecard.scoring import period_target

EVEN_CHANCE = 0.5  # a year target is on track from an even chance: the flag, the notes due, the alerts, the words

BACKTEST_MONTHS = 12
MIN_MONTHS = 18
PATHS = 1000
LEVEL = 0.90
ANOMALY_Z = 3.0
BURN_IN = 3
MODELS: dict[str, dict] = {
    "ets": {"order": (0, 1, 1), "trend": None},
    "ar_trend": {"order": (1, 0, 0), "trend": "ct"},
}
FORECAST_TABLE, PATH_TABLE, ANOMALY_TABLE, BACKTEST_TABLE = ("kpi_forecast", "kpi_forecast_path", "kpi_anomaly",
                                                             "kpi_backtest")
DRAW_TABLE = "kpi_forecast_draw"
FORECAST_COLUMNS = ["kpi_id", "model", "horizon", "period_start", "period_end", "forecast", "low90", "high90",
                    "target", "probability", "flag", "basis", "reason"]
if TYPE_CHECKING:
    from statsmodels.tsa.statespace.sarimax import SARIMAX

# why a period with months ahead has no forecast: too few months, no model fitted, a fit that leaves no
# uncertainty (every simulated value the same: a degenerate fit, not a certain future)
REASONS = ("short", "no_fit", "no_spread")


def _model(y: np.ndarray, name: str) -> SARIMAX:
    # statsmodels and scipy imported where a forecast is fitted (the refresh): a page that reads the stored
    # forecasts does not load them (a second of a process's first visit)
    from statsmodels.tsa.statespace.sarimax import SARIMAX

    spec = MODELS[name]
    return SARIMAX(y, order=spec["order"], trend=spec["trend"], enforce_stationarity=False,
                   enforce_invertibility=False)


def _fit(model: SARIMAX):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return model.fit(disp=False, maxiter=60)


def backtest(y: np.ndarray, name: str, months: int = BACKTEST_MONTHS) -> tuple[pd.DataFrame, object, float]:
    """One-month-ahead forecasts for the last ``months`` values (forecast, low, high, actual), and the model
    with the parameters estimated before the first origin, run over every month (for the forecasts ahead), and
    the interval widening for those estimated parameters."""
    origin = len(y) - months
    fitted = _fit(_model(y[:origin], name))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        applied = fitted.apply(y, refit=False)  # same parameters; each prediction uses data up to its origin
        prediction = applied.get_prediction(start=origin, end=len(y) - 1, dynamic=False)
    from scipy import stats

    mean = np.asarray(prediction.predicted_mean)
    spread = widening(fitted)
    half = stats.norm.ppf((1 + LEVEL) / 2) * np.sqrt(np.asarray(prediction.var_pred_mean)) * spread
    frame = pd.DataFrame({"forecast": mean, "low": mean - half, "high": mean + half, "actual": y[origin:]})
    return frame, applied, spread


def widening(fitted) -> float:
    """Small-sample allowance for estimated parameters: the maximum-likelihood variance scaled by
    n / (n - k) and a Student t quantile with n - k degrees of freedom instead of the normal one."""
    from scipy import stats

    n, k = int(fitted.nobs), len(fitted.params)
    df = max(n - k, 1)
    return math.sqrt(n / df) * float(stats.t.ppf((1 + LEVEL) / 2, df) / stats.norm.ppf((1 + LEVEL) / 2))


def simulate(applied, steps: int, paths: int, rng: np.random.Generator, spread: float = 1.0) -> np.ndarray:
    """``paths`` x ``steps`` draws of the months ahead: Gaussian with the model's forecast means and the
    covariance of its forecast errors across horizons, from the moving-average (psi) weights; deviations
    scaled by ``spread`` (the allowance for estimated parameters, :func:`widening`)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        forecast = applied.get_forecast(steps)
    mean = np.asarray(forecast.predicted_mean)
    ar = np.asarray(applied.polynomial_ar, dtype=float)
    for _ in range(applied.model.k_diff):
        ar = np.convolve(ar, [1.0, -1.0])
    ma = np.asarray(applied.polynomial_ma, dtype=float)
    psi = np.zeros(steps)  # psi weights of ma(L) / ar(L), by long division
    for j in range(steps):
        psi[j] = (ma[j] if j < ma.size else 0.0) - sum(ar[i] * psi[j - i] for i in range(1, min(j, ar.size - 1) + 1))
    weights = np.zeros((steps, steps))
    for h in range(steps):
        weights[h, : h + 1] = psi[h::-1]
    scale = np.sqrt(np.maximum(np.asarray(forecast.var_pred_mean), 0.0))
    rows = np.sqrt(np.sum(weights**2, axis=1))
    weights = weights * (scale / np.where(rows > 0, rows, 1.0))[:, None]  # match the model's own variances
    return mean + (rng.standard_normal((paths, steps)) @ weights.T) * spread


def naive_scale(y: np.ndarray) -> float:
    """Mean absolute month-to-month change: the error of the naive forecast, MASE's denominator."""
    changes = np.abs(np.diff(y))
    return float(changes.mean()) if changes.size else math.nan


def rollup(values: np.ndarray, kpi: Kpi) -> np.ndarray:
    """Monthly values (last axis) to one period value, the way the KPI's monthly target carries over."""
    if kpi.per_period == "sum":
        return values.sum(axis=-1)
    if kpi.per_period == "keep":
        return np.prod(values, axis=-1)
    if kpi.per_period == "loss":
        return 1 - np.prod(1 - values, axis=-1)
    return values.mean(axis=-1)


def _clip(values: np.ndarray, kpi: Kpi) -> np.ndarray:
    if kpi.share:
        return np.clip(values, 0.0, 1.0)
    if kpi.unit.value in ("count", "days", "hours") or kpi.per_period == "sum":
        return np.maximum(values, 0.0)
    return values


HORIZON_MONTHS = {"quarter": 3, "year": 12}


def against_target(values: np.ndarray, kpi: Kpi, horizon: str, monthly_target: float | None) -> dict:
    """The period's target, the share of simulated period values reaching it, and the flag it gives.

    A value equal to the target reaches it (to a relative 1e-9: a target written from the same months may differ
    in its last bits). Values without spread are a known value (a complete period): ``reached`` or ``missed``;
    no finite value (a period not estimable): ``not_estimable``."""
    values = np.asarray(values, dtype=float)
    values = values[np.isfinite(values)]
    target = period_target(monthly_target, kpi, HORIZON_MONTHS[horizon]) if monthly_target is not None else math.nan
    if not values.size:
        return {"target": target, "probability": math.nan, "flag": "not_estimable"}
    if math.isnan(target):
        return {"target": target, "probability": math.nan, "flag": "none"}
    slack = 1e-9 * max(1.0, abs(target))
    reached = values >= target - slack if kpi.better == Direction.HIGHER else values <= target + slack
    probability = float(np.mean(reached))
    if np.ptp(values) == 0:
        return {"target": target, "probability": probability, "flag": "reached" if probability == 1 else "missed"}
    return {"target": target, "probability": probability,
            "flag": "on_track" if probability >= EVEN_CHANCE else "at_risk"}


def forecast_kpi(kpi: Kpi, series: pd.Series, monthly_target: float | None, *, seed: int = 0) -> dict | None:
    """Backtest, model choice, forecasts to the quarter's and year's end, probabilities, anomalies.

    A period already complete is known: its months rolled up, no interval (``basis`` "known"). A period with
    months ahead is forecast when a model can be estimated (``basis`` "forecast"); otherwise, or when the fitted
    model's simulated values have no spread, it is ``not_estimable`` with the reason (:data:`REASONS`). The
    backtest is ``None`` when no model was fitted. ``None`` in all for a KPI with fewer than two values or the same
    value every month (a KPI that never varied has nothing to forecast; a zero there is often a zero recorded for
    data the company does not keep)."""
    series = series.astype(float).dropna()
    mean, sd = (float(series.mean()), float(series.std())) if len(series) > 1 else (math.nan, 0.0)
    if sd <= 1e-12 * max(1.0, abs(mean)) or not math.isfinite(mean):
        return None  # no value, or the same every month (to rounding): nothing to forecast; its tile shows it
    last = series.index[-1]
    year_end = pd.Timestamp(last.year, 12, 1)
    steps = (year_end.year - last.year) * 12 + year_end.month - last.month
    future = pd.date_range(last + pd.DateOffset(months=1), periods=steps, freq="MS")
    tests, runs, reason = {}, {}, ""
    if len(series) < MIN_MONTHS:
        reason = "short"
    else:
        z = ((series - mean) / sd).to_numpy()
        for name in MODELS:
            try:
                tests[name], *runs[name] = backtest(z, name)
            except (ValueError, np.linalg.LinAlgError):
                continue
        tests = {n: t for n, t in tests.items() if np.isfinite(t[["forecast", "low", "high"]].to_numpy()).all()}
        reason = "" if tests else "no_fit"
    name = min(tests, key=lambda n: float(np.mean(np.abs(tests[n]["forecast"] - tests[n]["actual"])))) \
        if tests else None

    path_rows, forecast_rows, draw_rows = [], [], []
    paths = np.empty((PATHS, 0))
    if name is not None and steps:
        fitted, spread = runs[name]
        paths = _clip(simulate(fitted, steps, PATHS, np.random.default_rng(seed), spread) * sd + mean, kpi)
        low, mid, high = np.quantile(paths, [(1 - LEVEL) / 2, 0.5, (1 + LEVEL) / 2], axis=0)
        if np.all(high - low <= 1e-9 * np.maximum(1.0, np.abs(mid))):
            reason, paths = "no_spread", np.empty((PATHS, 0))  # a degenerate fit: no band, no interval
        else:
            path_rows = [{"kpi_id": kpi.id, "period": p, "forecast": float(m), "low90": float(lo),
                          "high90": float(h)} for p, m, lo, h in zip(future, mid, low, high, strict=True)]
    for horizon, first in (("quarter", pd.Timestamp(last.year, (last.month - 1) // 3 * 3 + 1, 1)),
                           ("year", pd.Timestamp(last.year, 1, 1))):
        end = first + pd.DateOffset(months=3 if horizon == "quarter" else 12)
        seen = series[(series.index >= first) & (series.index <= last)].to_numpy()
        months_ahead = int(((future >= first) & (future < end)).sum())
        row = {"kpi_id": kpi.id, "model": name or "", "horizon": horizon, "period_start": first.date(),
               "period_end": (end - pd.DateOffset(days=1)).date()}
        if not months_ahead:  # every month observed: the value is known, not forecast
            values = rollup(seen[None, :], kpi)
            row |= {"forecast": float(values[0]), "low90": math.nan, "high90": math.nan, "basis": "known",
                    "reason": ""}
        elif paths.shape[1]:
            ahead = paths[:, :months_ahead]
            values = rollup(np.concatenate([np.broadcast_to(seen, (PATHS, seen.size)), ahead], axis=1), kpi)
            lo, mid, hi = np.quantile(values, [(1 - LEVEL) / 2, 0.5, (1 + LEVEL) / 2])
            if hi - lo <= 1e-9 * max(1.0, abs(mid)):  # clipped to one value (a share stuck at 0): no interval
                values = np.array([math.nan])
                row |= {"forecast": math.nan, "low90": math.nan, "high90": math.nan, "basis": "not_estimable",
                        "reason": "no_spread"}
            else:
                row |= {"forecast": float(mid), "low90": float(lo), "high90": float(hi), "basis": "forecast",
                        "reason": ""}
        else:
            values = np.array([math.nan])
            row |= {"forecast": math.nan, "low90": math.nan, "high90": math.nan, "basis": "not_estimable",
                    "reason": reason}
        forecast_rows.append(row | against_target(values, kpi, horizon, monthly_target))
        draw_rows.extend({"kpi_id": kpi.id, "horizon": horizon, "value": float(v)} for v in values)
    if name is None:
        return {"forecast": forecast_rows, "path": [], "anomaly": [], "backtest": None, "draw": draw_rows}

    test, (fitted, _) = tests[name], runs[name]
    z = ((series - mean) / sd).to_numpy()
    scale = naive_scale(z[: len(z) - BACKTEST_MONTHS])
    mase = float(np.mean(np.abs(test["forecast"] - test["actual"])) / scale) if scale > 0 else math.nan
    inside = ((test["actual"] >= test["low"]) & (test["actual"] <= test["high"])).to_numpy()
    residuals = np.asarray(fitted.resid)[BURN_IN:]  # the first months: the filter is still starting
    centre = float(np.median(residuals))
    spread = float(np.median(np.abs(residuals - centre))) * 1.4826
    anomaly_rows = []
    if spread > 0:
        scores = (residuals - centre) / spread
        fitted_values = np.asarray(fitted.fittedvalues)[BURN_IN:] * sd + mean
        for period, value, expected, score in zip(series.index[BURN_IN:], series.to_numpy()[BURN_IN:],
                                                  fitted_values, scores, strict=True):
            if abs(score) > ANOMALY_Z:
                anomaly_rows.append({"kpi_id": kpi.id, "period": period, "value": float(value),
                                     "expected": float(expected), "z": float(score)})
    backtest_row = {"kpi_id": kpi.id, "model": name, "n": len(test), "coverage90": float(inside.mean()),
                    "mase": mase, "inside": int(inside.sum())}
    return {"forecast": forecast_rows, "path": path_rows, "anomaly": anomaly_rows, "backtest": backtest_row,
            "draw": draw_rows}


def monthly_targets(store: Store) -> dict[str, float]:
    """KPI id -> its monthly target (KPIs without one are absent)."""
    if not store.has_table("kpi_target"):
        return {}
    return {row.kpi_id: float(row.target) for row in store.targets().itertuples(index=False) if pd.notna(row.target)}


def compute(store: Store, kpis: tuple[Kpi, ...] = registry.CATALOGUE) -> dict[str, pd.DataFrame]:
    """Forecast, path, anomaly and backtest frames for every KPI with enough history."""
    f = series_filters(store)
    out = {"forecast": [], "path": [], "anomaly": [], "backtest": [], "draw": []}
    if f is not None:
        targets = monthly_targets(store)
        monthly = kpi_months.stored(store, f, [kpi.id for kpi in kpis])  # computed once per refresh
        if monthly is None:
            monthly = kpi_months.compute(store, f, [kpi.id for kpi in kpis])
        for kpi in kpis:
            result = forecast_kpi(kpi, monthly[kpi.id], targets.get(kpi.id))
            if result:
                for key in out:
                    out[key].extend(result[key] if key != "backtest" else [result[key]] if result[key] else [])
    columns = {"forecast": FORECAST_COLUMNS, "path": ["kpi_id", "period", "forecast", "low90", "high90"],
               "anomaly": ["kpi_id", "period", "value", "expected", "z"],
               "backtest": ["kpi_id", "model", "n", "coverage90", "mase", "inside"],
               "draw": ["kpi_id", "horizon", "value"]}
    return {key: pd.DataFrame(rows, columns=columns[key]) for key, rows in out.items()}


def summary(backtests: pd.DataFrame) -> dict[str, float]:
    """Coverage of the 90% intervals over every backtested month, and the mean MASE over KPIs."""
    if backtests.empty:
        return {"coverage90": math.nan, "mase": math.nan}
    return {"coverage90": float(backtests["inside"].sum() / backtests["n"].sum()),
            "mase": float(backtests["mase"].replace([np.inf, -np.inf], np.nan).mean())}


def precompute_step(store: Store, connection) -> None:
    """``jobs.refresh`` step: the forecast tables, and the simulated period values (``kpi_forecast_draw``)
    that :func:`targets_step` compares with the targets."""

    frames = compute(store)
    for key, name in (("forecast", FORECAST_TABLE), ("path", PATH_TABLE), ("anomaly", ANOMALY_TABLE),
                      ("backtest", BACKTEST_TABLE), ("draw", DRAW_TABLE)):
        write_table(connection, name, frames[key])


def targets_step(store: Store, connection) -> None:
    """``jobs.refresh`` step run again when targets change: each forecast's target, probability of
    reaching it and flag, from the stored simulated values (milliseconds; no model is fitted again)."""

    if not store.has_table(DRAW_TABLE):
        return
    forecasts = read(store)
    targets = monthly_targets(store)
    draws = {key: group["value"].to_numpy() for key, group in
             store.query(f"SELECT kpi_id, horizon, value FROM {DRAW_TABLE}").groupby(["kpi_id", "horizon"])}
    rows = []
    for row in forecasts.to_dict("records"):
        kpi = registry.get(row["kpi_id"])
        rows.append({**row, **against_target(draws[(kpi.id, row["horizon"])], kpi, row["horizon"],
                                             targets.get(kpi.id))})
    write_table(connection, FORECAST_TABLE, pd.DataFrame(rows, columns=FORECAST_COLUMNS))


def read(store: Store, table: str = FORECAST_TABLE) -> pd.DataFrame:
    """A stored forecast table (empty when the store predates forecasts)."""
    if not store.has_table(table):
        return pd.DataFrame(columns=FORECAST_COLUMNS if table == FORECAST_TABLE else [])
    return store.query(f"SELECT * FROM {table}")
