"""The strategy map tested: each cause-and-effect link measured on the company's monthly KPI series.

For every link of :data:`metrics.scorecard.strategy.LINKS` and every KPI pair behind it
(:data:`metrics.scorecard.strategy.LINK_KPIS`, source KPI -> target KPI):

- ``time_series``: ordinary least squares of the target in month t on the source in month t - lag,
  with a constant and a linear trend (so two KPIs that merely both drift are not read as linked);
  the lag (0..6 months) minimises the AIC over a common sample; errors robust to
  heteroskedasticity and autocorrelation (Newey-West, HAC);
- ``panel_region``: the same on region x month series, with region and month fixed effects (the month
  effects absorb everything the regions share, e.g. a company-wide go-live), errors clustered by region
  and intervals from a t distribution with (regions - 1) degrees of freedom;
- a Granger test (does the source's past improve the forecast of the target beyond the target's own past)
  as supporting evidence, on the monthly series;
- Benjamini-Hochberg q-values across every row.

Effects are in target units per unit of the source (percent KPIs as fractions: 0.01 is one point).
A link is ``supported`` when a row has q < 0.05 with the sign the map expects (improving the source
improves the target), ``contradicted`` when a row has q < 0.05 with the opposite sign and none supports
it, else ``not_yet``. This is association measured on the company's data, not proof of cause.
"""

from __future__ import annotations

import math
import warnings

import numpy as np
import pandas as pd
import statsmodels.api as sm
from statsmodels.stats.multitest import multipletests
from statsmodels.tsa.stattools import grangercausalitytests

from metrics.base.filters import Filters
from metrics.base.store import Store, series_filters, write_table
from metrics.scorecard import registry
from metrics.scorecard.strategy import LINK_KPIS, LINKS

MAX_LAG = 6
ALPHA = 0.05
MIN_POINTS = 12  # fewer usable months than this: not tested
PANEL_DIMENSION = "region"
METHODS = ("time_series", f"panel_{PANEL_DIMENSION}")
TABLE, SERIES_TABLE = "strategy_links", "strategy_link_series"
COLUMNS = ["source_objective", "target_objective", "source_kpi", "target_kpi", "method", "lag_months", "effect",
           "ci_low", "ci_high", "p_value", "q_value", "granger_p", "n", "r2", "expected_sign", "evidence"]


def pairs() -> list[tuple[str, str, str, str]]:
    """(source objective, target objective, source KPI, target KPI) for every tested pair, in map order."""
    return [(s, t, x, y) for s, t in LINKS for x, y in LINK_KPIS[(s, t)]]


def expected_sign(source_kpi: str, target_kpi: str) -> int:
    """+1 when improving the source should raise the target, -1 when it should lower it."""
    same = registry.get(source_kpi).better == registry.get(target_kpi).better
    return 1 if same else -1



# KPIs over a 12-month window of sales (value tiers, repeat buying, cross-sell, margin %) cost seconds per
# region at 100k customers and move slowly month to month: their links are tested on the monthly series only.
NOT_PER_UNIT = frozenset({"repeat_purchase_rate", "top_tier_revenue_share", "gross_margin_pct", "cross_sell_rate",
                          "new_customer_revenue", "revenue_per_active_customer"})


def _kpi_ids() -> list[str]:
    return sorted({k for _, _, x, y in pairs() for k in (x, y)})


def _unit_kpi_ids() -> list[str]:
    return [k for k in _kpi_ids() if k not in NOT_PER_UNIT]


def monthly_series(store: Store, f: Filters, kpis: list[str] | None = None) -> pd.DataFrame:
    """One column per KPI, one row per month."""
    return pd.DataFrame({k: registry.get(k).compute(store, f) for k in kpis or _kpi_ids()}).astype(float)


def units(store: Store, dimension: str = PANEL_DIMENSION) -> list[str]:
    found = store.query(f"SELECT DISTINCT {dimension} AS u FROM customer WHERE {dimension} IS NOT NULL ORDER BY 1")
    return [str(u) for u in found["u"]]


def unit_series(store: Store, f: Filters, kpis: list[str] | None = None,
                dimension: str = PANEL_DIMENSION) -> pd.DataFrame:
    """Long frame (unit, period) x KPI: each KPI computed for each unit of ``dimension``.

    The KPI's own compute function runs once per unit, so each value means exactly what the scorecard
    shows under that filter; the facts behind several KPIs are shared within a unit.
    """
    frames = []
    for unit in units(store, dimension):
        g = f.with_dimensions(**{dimension: (unit,)})
        frame = monthly_series(store, g, kpis or _unit_kpi_ids())
        frame.index = pd.MultiIndex.from_product([[unit], frame.index], names=["unit", "period"])
        frames.append(frame)
    return pd.concat(frames) if frames else pd.DataFrame()


def _usable(values: pd.Series | np.ndarray) -> bool:
    values = np.asarray(values, dtype=float)
    values = values[np.isfinite(values)]
    return values.size >= MIN_POINTS and float(np.std(values)) > 0


def _best_lag(candidates: dict[int, np.ndarray], y: np.ndarray, controls: np.ndarray) -> int | None:
    """The lag whose source column, beside ``controls``, gives the least AIC (same sample, same size)."""
    best, best_aic = None, math.inf
    for lag, x in candidates.items():
        if not _usable(x):
            continue
        design = np.column_stack([x, controls])
        _, residual, rank, _ = np.linalg.lstsq(design, y, rcond=None)
        rss = float(residual[0]) if residual.size else float(np.sum((y - design @ np.linalg.pinv(design) @ y) ** 2))
        aic = len(y) * math.log(max(rss, 1e-300) / len(y)) + 2 * rank
        if aic < best_aic - 1e-9:
            best, best_aic = lag, aic
    return best


def fit_time_series(x: pd.Series, y: pd.Series, *, max_lag: int = MAX_LAG, trend: bool = True) -> dict | None:
    """Lagged OLS of ``y`` on ``x`` (constant and trend), lag by AIC, HAC errors; None if untestable."""
    x, y = x.astype(float).reset_index(drop=True), y.astype(float).reset_index(drop=True)
    time, columns = pd.Series(np.arange(len(y), dtype=float)), 2 if trend else 1
    lagged = {lag: x.shift(lag) for lag in range(max_lag + 1)}
    common = y.notna() & pd.concat(lagged.values(), axis=1).notna().all(axis=1)
    if common.sum() < MIN_POINTS or not _usable(y[common]):
        return None
    target = y[common].to_numpy()
    controls = np.column_stack([np.ones(int(common.sum())), time[common].to_numpy()])[:, :columns]
    best = _best_lag({lag: xl[common].to_numpy() for lag, xl in lagged.items()}, target, controls)
    if best is None:
        return None
    rows = y.notna() & lagged[best].notna()
    design = sm.add_constant(pd.DataFrame({"x": lagged[best][rows], "trend": time[rows]}).iloc[:, :columns])
    n = int(rows.sum())
    fit = sm.OLS(y[rows], design).fit(cov_type="HAC", cov_kwds={"maxlags": max(1, int(4 * (n / 100) ** (2 / 9))),
                                                                 "use_correction": True}, use_t=True)
    low, high = fit.conf_int(alpha=ALPHA).loc["x"]
    return {"lag_months": best, "effect": float(fit.params["x"]), "ci_low": float(low), "ci_high": float(high),
            "p_value": float(fit.pvalues["x"]), "n": n, "r2": float(fit.rsquared)}


def fit_panel(frame: pd.DataFrame, source: str, target: str, *, max_lag: int = MAX_LAG) -> dict | None:
    """Unit x month OLS with unit and month fixed effects, lag by AIC, errors clustered by unit."""
    if frame.empty or source not in frame or target not in frame:
        return None
    data = frame[[source, target]].reset_index()
    data = data.sort_values(["unit", "period"])
    lagged = {lag: data.groupby("unit")[source].shift(lag) for lag in range(max_lag + 1)}
    y = data[target]
    common = y.notna() & pd.concat(lagged.values(), axis=1).notna().all(axis=1)
    if common.sum() < MIN_POINTS * 2 or data.loc[common, "unit"].nunique() < 3:
        return None

    def effects(rows: pd.Series) -> np.ndarray:
        """A constant and unit and month dummies (first level of each dropped)."""
        part = data.loc[rows]
        unit_codes, month_codes = pd.factorize(part["unit"])[0], pd.factorize(part["period"])[0]
        units_d = np.eye(unit_codes.max() + 1)[unit_codes][:, 1:]
        months_d = np.eye(month_codes.max() + 1)[month_codes][:, 1:]
        return np.column_stack([np.ones(len(part)), units_d, months_d])

    best = _best_lag({lag: xl[common].to_numpy() for lag, xl in lagged.items()}, y[common].to_numpy(),
                     effects(common))
    if best is None:
        return None
    rows = y.notna() & lagged[best].notna()
    groups = pd.factorize(data.loc[rows, "unit"])[0]
    design = np.column_stack([lagged[best][rows].to_numpy(), effects(rows)])
    fit = sm.OLS(y[rows].to_numpy(), design).fit(cov_type="cluster", cov_kwds={"groups": groups}, use_t=True)
    low, high = fit.conf_int(alpha=ALPHA)[0]
    return {"lag_months": best, "effect": float(fit.params[0]), "ci_low": float(low), "ci_high": float(high),
            "p_value": float(fit.pvalues[0]), "n": int(rows.sum()), "r2": float(fit.rsquared)}


def granger_p(x: pd.Series, y: pd.Series, lag: int) -> float:
    """p-value of the F test that ``x``'s past (``lag`` months, at least 1) helps predict ``y``."""
    both = pd.concat([y.astype(float), x.astype(float)], axis=1).dropna()
    lag = max(1, lag)
    if len(both) < MIN_POINTS + 2 * lag or not (_usable(both.iloc[:, 0]) and _usable(both.iloc[:, 1])):
        return math.nan
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            result = grangercausalitytests(both.to_numpy(), maxlag=[lag])
        except (ValueError, np.linalg.LinAlgError):
            return math.nan
    return float(result[lag][0]["ssr_ftest"][1])


def fit_pairs(monthly: pd.DataFrame, panel: pd.DataFrame | None = None) -> pd.DataFrame:
    """One row per (pair, method) with effect, interval, p, q, lag, n, R²; every link at least one row."""
    rows = []
    for source_obj, target_obj, x, y in pairs():
        base = {"source_objective": source_obj, "target_objective": target_obj, "source_kpi": x, "target_kpi": y,
                "expected_sign": expected_sign(x, y)}
        fits = {}
        if x in monthly and y in monthly:
            fits["time_series"] = fit_time_series(monthly[x], monthly[y])
        if panel is not None:
            fits[METHODS[1]] = fit_panel(panel, x, y)
        tested = False
        for method, fit in fits.items():
            if fit is None:
                continue
            tested = True
            g = granger_p(monthly[x], monthly[y], fit["lag_months"]) if method == "time_series" else math.nan
            rows.append({**base, "method": method, **fit, "granger_p": g})
        if not tested:  # every link keeps a row, saying it could not be measured
            rows.append({**base, "method": "not_measured", "lag_months": None, "effect": math.nan,
                         "ci_low": math.nan, "ci_high": math.nan, "p_value": math.nan, "n": 0, "r2": math.nan,
                         "granger_p": math.nan})
    out = pd.DataFrame(rows)
    tested = out["p_value"].notna()
    out["q_value"] = math.nan
    if tested.any():
        out.loc[tested, "q_value"] = multipletests(out.loc[tested, "p_value"], method="fdr_bh")[1]
    out["evidence"] = [row_evidence(r) for r in out.to_dict("records")]
    out["lag_months"] = out["lag_months"].astype("Int64")
    out["n"] = out["n"].astype(int)
    return out[COLUMNS]


def row_evidence(row: dict) -> str:
    """supported / contradicted (significant with the opposite sign) / not_yet."""
    q = row.get("q_value")
    if q is None or not math.isfinite(q) or q >= ALPHA:
        return "not_yet"
    return "supported" if np.sign(row["effect"]) == row["expected_sign"] else "contradicted"


def link_evidence(table: pd.DataFrame) -> dict[tuple[str, str], str]:
    """Per map link: supported if any row supports it, else contradicted if any contradicts, else not_yet."""
    out = {}
    for (s, t), rows in table.groupby(["source_objective", "target_objective"], sort=False):
        found = set(rows["evidence"])
        out[(s, t)] = "supported" if "supported" in found else "contradicted" if "contradicted" in found \
            else "not_yet"
    return out


def compute_with_series(store: Store, *, panel: bool = True) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The link tests and the monthly series they were measured on (long: kpi_id, period, value)."""
    f = series_filters(store)
    if f is None:
        return fit_pairs(pd.DataFrame()), pd.DataFrame(columns=["kpi_id", "period", "value"])
    monthly = monthly_series(store, f)
    table = fit_pairs(monthly, unit_series(store, f) if panel else None)
    long = monthly.rename_axis("period").reset_index().melt(id_vars="period", var_name="kpi_id", value_name="value")
    return table, long[["kpi_id", "period", "value"]]


def compute(store: Store, *, panel: bool = True) -> pd.DataFrame:
    """Test every link on ``store``'s data."""
    return compute_with_series(store, panel=panel)[0]


def precompute_step(store: Store, connection) -> None:
    """``jobs.refresh`` step: the link tests as table ``strategy_links``, the series they used beside."""
    table, series = compute_with_series(store)
    write_table(connection, TABLE, table)
    write_table(connection, SERIES_TABLE, series)



def read(store: Store) -> pd.DataFrame:
    """The stored link tests (empty with the columns when the store predates them)."""
    if not store.has_table(TABLE):
        return pd.DataFrame(columns=COLUMNS)
    return store.query(f"SELECT * FROM {TABLE}")


def read_series(store: Store) -> pd.DataFrame:
    """The stored monthly series of the linked KPIs, one column per KPI."""
    if not store.has_table(SERIES_TABLE):
        return pd.DataFrame()
    long = store.query(f"SELECT kpi_id, period, value FROM {SERIES_TABLE}")
    return long.pivot(index="period", columns="kpi_id", values="value").sort_index()
