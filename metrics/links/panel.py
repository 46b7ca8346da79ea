"""The link test on region x month series: the same model and null distribution as
:func:`metrics.links.evidence.pair_evidence`, with region and month fixed effects.

Model, for each lag L = 0..``max_lag`` on one common sample::

    y_it = a_i + m_t + rho y_i,t-1 + beta_L x_i,t-L + e_it

The month effects m_t absorb everything the regions share (a company-wide go-live, the season), so beta is
read from how regions differ from each other month by month. The null distribution: each region's source,
less the month's mean over regions (the part the month effects leave), is replaced by sieve-bootstrap
surrogates drawn independently per region (:func:`metrics.links.evidence.surrogates`), and the whole lag
search is run on each. Five regions are few: the surrogates, not a cluster-robust formula, give the
p-value, so its size does not rest on many clusters.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from metrics.links import evidence
from metrics.links.evidence import MIN_ROWS, Design, LinkEvidence, not_enough

METHOD = "panel_sieve"
MIN_UNITS = 3


def _grid(frame: pd.DataFrame, column: str) -> pd.DataFrame:
    """units x periods of one KPI (missing cells NaN)."""
    return frame[column].astype(float).unstack("period").sort_index(axis=1)


def panel_design(x: np.ndarray, y: np.ndarray, max_lag: int) -> Design | str:
    """Rows (flat unit-major positions) and controls (unit and month dummies, the target's previous month)."""
    units, periods = x.shape
    rows = [(i, t) for i in range(units) for t in range(max_lag + 1, periods)
            if np.isfinite(y[i, t]) and np.isfinite(y[i, t - 1])]
    if len(rows) < MIN_ROWS * 2:
        return f"Only {len(rows)} region-months can be compared; {MIN_ROWS * 2} are needed."
    unit, month = (np.array(c) for c in zip(*rows, strict=True))
    if np.unique(unit).size < MIN_UNITS:
        return f"Fewer than {MIN_UNITS} regions have the two KPIs."
    target, previous = y[unit, month], y[unit, month - 1]
    if np.ptp(target) == 0:
        return "The target does not change over the region-months measured."
    dummies = [np.eye(units)[unit][:, np.unique(unit)], np.eye(periods)[month][:, np.unique(month)[1:]]]
    controls = np.column_stack([*dummies, previous])
    q, r = np.linalg.qr(controls)
    q = q[:, np.abs(np.diag(r)) > 1e-10 * np.abs(r).max()]
    y_res = target - q @ (q.T @ target)
    dof = len(rows) - q.shape[1] - 1
    if dof < 2:
        return "Too few region-months for the terms of the model."
    return Design(rows=unit * periods + month, y_res=y_res, q=q, dof=dof,
                  y_total=float(np.sum((target - target.mean()) ** 2)))


def panel_evidence(frame: pd.DataFrame, source: str, target: str, *, expected_sign: int,
                   max_lag: int = evidence.MAX_LAG, replicates: int = evidence.REPLICATES,
                   seed: int = 0) -> LinkEvidence:
    """The link ``source`` -> ``target`` on ``frame`` (index (unit, period), one column per KPI).
    ``not_enough_data`` with the reason when too few regions or months have both; never raises on real data."""
    if frame is None or frame.empty or source not in frame or target not in frame:
        return not_enough("The KPIs are not measured per region.", METHOD)
    x_grid = _grid(frame, source)
    y_grid = _grid(frame, target).reindex(index=x_grid.index, columns=x_grid.columns)
    complete = np.isfinite(x_grid.to_numpy()).all(axis=0)
    start, end = evidence.longest_run(complete)
    x = x_grid.to_numpy()[:, start:end]
    y = y_grid.to_numpy()[:, start:end]
    if x.shape[1] == 0:
        return not_enough("No month has the source in every region.", METHOD)
    x = x - x.mean(axis=0, keepdims=True)  # what the month effects leave of the source
    if np.ptp(x) == 0:
        return not_enough("The source does not differ between regions.", METHOD)
    design = panel_design(x, y, max_lag)
    if not isinstance(design, Design):
        return not_enough(design, METHOD)
    rng = np.random.default_rng(seed)
    try:
        with np.errstate(all="ignore"):
            x_star = np.stack([evidence.surrogates(row, replicates, rng) for row in x], axis=1)
            return evidence.search_result(design, x.reshape(-1), x_star.reshape(replicates, -1), max_lag,
                                          expected_sign, METHOD)
    except (np.linalg.LinAlgError, ValueError) as error:
        return not_enough(f"The model could not be fitted to these region-months ({error}).", METHOD)
