"""The link test's error rates measured by simulation (seeded): how often independent persistent series are
called linked, and how often planted flow and stock effects are recovered. The tests assert them
(``tests/metrics/links/test_simulation.py``) and ``make bench`` prints them.

Series of ``MONTHS`` = 36 monthly points, as the store keeps:

- ``random_walk``: two independent random walks;
- ``ar09``: two independent AR(1) series with coefficient 0.9;
- ``trend``: two independent series, each a linear trend (opposite slopes) plus AR(1) 0.5 noise;
- ``flow``: target = 0.5 x the source two months before + AR(1) 0.5 noise (source AR(1) 0.6, sd 2);
- ``stock``: the target's level accumulates 0.01 x the source of the month before, plus noise
  (``y_t = y_{t-1} + 0.01 x_{t-1} + N(0, 0.05)``; source 10 + AR(1) 0.7 with sd 5, e.g. training hours
  raising data completeness).
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pandas as pd

from metrics.links.evidence import LinkEvidence, pair_evidence

MONTHS = 36
FLOW_LAG, FLOW_EFFECT = 2, 0.5
STOCK_LAG, STOCK_EFFECT = 1, 0.01
NULL_KINDS = ("random_walk", "ar09", "trend")


def ar1(rng: np.random.Generator, n: int, phi: float, sd: float = 1.0) -> np.ndarray:
    """An AR(1) series started from its stationary distribution."""
    out = np.empty(n)
    out[0] = rng.normal(0.0, sd / np.sqrt(1 - phi**2))
    for t in range(1, n):
        out[t] = phi * out[t - 1] + rng.normal(0.0, sd)
    return out


def independent_pair(kind: str, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    if kind == "random_walk":
        return np.cumsum(rng.normal(size=MONTHS)), np.cumsum(rng.normal(size=MONTHS))
    if kind == "ar09":
        return ar1(rng, MONTHS, 0.9), ar1(rng, MONTHS, 0.9)
    if kind == "trend":
        t = np.arange(MONTHS)
        return 0.1 * t + ar1(rng, MONTHS, 0.5), -0.08 * t + ar1(rng, MONTHS, 0.5)
    raise ValueError(f"unknown kind of independent pair: {kind}")


def flow_pair(rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    x = ar1(rng, MONTHS + FLOW_LAG, 0.6, 2.0)
    return x[FLOW_LAG:], FLOW_EFFECT * x[:-FLOW_LAG] + ar1(rng, MONTHS, 0.5)


def stock_pair(rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    x = 10 + ar1(rng, MONTHS + 1, 0.7, 5.0)
    y = np.zeros(MONTHS + 1)
    for t in range(1, MONTHS + 1):
        y[t] = y[t - 1] + STOCK_EFFECT * x[t - 1] + rng.normal(0.0, 0.05)
    return x[1:], y[1:]


def run(make: Callable[[np.random.Generator], tuple[np.ndarray, np.ndarray]], pairs: int, *, seed: int,
        replicates: int) -> list[LinkEvidence]:
    """``pair_evidence`` (expected sign +1) on ``pairs`` pairs drawn by ``make``."""
    rng = np.random.default_rng(seed)
    out = []
    for i in range(pairs):
        x, y = make(rng)
        out.append(pair_evidence(pd.Series(x), pd.Series(y), expected_sign=1, replicates=replicates, seed=i))
    return out


def study(pairs: int = 200, *, seed: int = 2024, replicates: int = 199) -> dict[str, float]:
    """The rates: per independent kind the share called supported or contradicted, their mean
    (``false_positive_rate``), and for the planted effects the share supported (``power_*``), supported at
    the planted lag (``*_right_lag``) and contradicted (``*_contradicted``)."""
    rates: dict[str, float] = {}
    for number, kind in enumerate(NULL_KINDS):
        found = run(lambda rng, k=kind: independent_pair(k, rng), pairs, seed=seed + number, replicates=replicates)
        rates[f"false_positive_{kind}"] = float(np.mean([e.verdict in ("supported", "contradicted") for e in found]))
    rates["false_positive_rate"] = float(np.mean([rates[f"false_positive_{k}"] for k in NULL_KINDS]))
    for name, make, lag in (("flow", flow_pair, FLOW_LAG), ("stock", stock_pair, STOCK_LAG)):
        found = run(make, pairs, seed=seed + 10 + len(name), replicates=replicates)
        rates[f"power_{name}"] = float(np.mean([e.verdict == "supported" for e in found]))
        rates[f"{name}_right_lag"] = float(np.mean([e.verdict == "supported" and e.lag_months == lag
                                                    for e in found]))
        rates[f"{name}_contradicted"] = float(np.mean([e.verdict == "contradicted" for e in found]))
    return rates


def panel_frame(rng: np.random.Generator, *, effect: float = 0.0, regions: int = 5) -> pd.DataFrame:
    """Region x month random walks sharing a company-wide random walk (which moves source and target
    alike); with ``effect``, each region's target also carries ``effect`` x its source one month before."""
    common = np.cumsum(rng.normal(size=MONTHS + 1))
    x = np.cumsum(rng.normal(size=(regions, MONTHS + 1)), axis=1) + common
    y = np.cumsum(rng.normal(size=(regions, MONTHS + 1)), axis=1) + 2 * common
    if effect:
        y = effect * np.roll(x, 1, axis=1) + rng.normal(size=(regions, MONTHS + 1)) + 3 * common
    periods = pd.date_range("2024-01-01", periods=MONTHS, freq="MS")
    index = pd.MultiIndex.from_product([[f"r{i}" for i in range(regions)], periods], names=["unit", "period"])
    return pd.DataFrame({"x": x[:, 1:].ravel(), "y": y[:, 1:].ravel()}, index=index)
