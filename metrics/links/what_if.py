"""What if a KPI moved: the expected change of every KPI downstream of it along the fitted strategy-map links
(``metrics.links.fit``), and of the scores. A scenario on past associations, not a promise: every further link
widens the range."""

from __future__ import annotations

import math
from graphlib import TopologicalSorter

import numpy as np
import pandas as pd

from metrics.scorecard import registry
from metrics.scorecard.scoring import rollup, score

# KPI pairs that are one quantity seen two ways: a change of the first is this multiple of the second's.
IDENTITIES: dict[tuple[str, str], float] = {("churn_rate", "retention_rate"): -1.0}


def chain(table: pd.DataFrame) -> pd.DataFrame:
    """The fitted links a what-if follows: per KPI pair the time-series row (monthly units, one lag each),
    with the spread that reproduces its 95% interval (the interval comes from the link test's null
    distribution, lag search included: ``metrics.links.evidence``); rows without enough data are left out."""
    measured = table["effect"].notna() & table["lag_months"].notna()
    if "evidence" in table:
        measured &= table["evidence"] != "not_enough_data"
    rows = table[(table["method"] == "time_series") & measured].copy()
    rows["se"] = (rows["ci_high"] - rows["ci_low"]) / (2 * 1.959963984540054)
    return rows[["source_kpi", "target_kpi", "effect", "se", "lag_months", "evidence"]].reset_index(drop=True)


def what_if(table: pd.DataFrame, changes: dict[str, float], *, draws: int = 4000, seed: int = 0,
            level: float = 0.95) -> pd.DataFrame:
    """Expected change of every KPI downstream of ``changes`` (KPI id -> change in its own units), along the
    fitted links, with intervals from simulating the link effects through the chain (each effect drawn
    from a normal with its estimate and standard error). Columns: kpi_id, change, low, high, months (the
    summed lags along the longest path to it)."""
    links_ = chain(table)
    rng = np.random.default_rng(seed)
    deltas: dict[str, np.ndarray] = {k: np.full(draws, float(v)) for k, v in changes.items()}
    months: dict[str, int] = dict.fromkeys(changes, 0)
    edges = [(r.source_kpi, r.target_kpi, rng.normal(r.effect, r.se, draws), int(r.lag_months))
             for r in links_.itertuples()]
    edges += [(a, b, np.full(draws, k), 0) for (a, b), k in IDENTITIES.items()]
    order = TopologicalSorter({t: {a for a, b, _, _ in edges if b == t} for _, t, _, _ in edges}).static_order()
    for kpi_id in order:  # causes before effects (the map has no cycles)
        incoming = [(a, e, g) for a, b, e, g in edges if b == kpi_id and a in deltas]
        if kpi_id in changes or not incoming:
            continue
        deltas[kpi_id] = sum(deltas[a] * e for a, e, _ in incoming)
        months[kpi_id] = max(months[a] + g for a, _, g in incoming)
    rows = []
    for kpi_id, values in deltas.items():
        low, high = np.quantile(values, [(1 - level) / 2, (1 + level) / 2])
        rows.append({"kpi_id": kpi_id, "change": float(np.mean(values)), "low": float(low), "high": float(high),
                     "months": months[kpi_id], "driver": kpi_id in changes})
    return pd.DataFrame(rows, columns=["kpi_id", "change", "low", "high", "months", "driver"])


def score_effect(card: pd.DataFrame, result: pd.DataFrame) -> dict[str, float]:
    """Change of each perspective score and the overall score (``overall``) if every KPI of the scorecard
    ``card`` moved by its expected what-if change (``result``)."""
    change = result.set_index("kpi_id")["change"]
    moved = card.copy()
    moved["value"] = moved["value"] + moved["id"].map(change).fillna(0.0)
    moved["score"] = [score(r["value"], target=r["target"], baseline=r["baseline"], better=registry.get(r["id"]).better)
                      if pd.notna(r["target"]) else math.nan for r in moved.to_dict("records")]
    before, after = rollup(card), rollup(moved)
    out = {p: after["perspectives"][p] - before["perspectives"][p] for p in before["perspectives"]}
    out["overall"] = after["overall"] - before["overall"]
    return out
