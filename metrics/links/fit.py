"""The strategy map tested: each cause-and-effect link measured on the company's monthly KPI series.

For every link of :data:`metrics.scorecard.strategy.LINKS` and every KPI pair behind it
(:data:`metrics.scorecard.strategy.LINK_KPIS`, source KPI -> target KPI), two rows:

- ``time_series``: :func:`metrics.links.evidence.pair_evidence` on the company's monthly series (the
  target's own past, a trend, the source 0..6 months before; p-values from surrogates of the source, the
  lag search included);
- ``panel_region``: :func:`metrics.links.panel.panel_evidence` on region x month series with region and
  month fixed effects (the month effects absorb everything the regions share, e.g. a company-wide go-live);

then Benjamini-Hochberg q-values across every row with a p-value. Months where a KPI cannot speak are left
out first (:mod:`metrics.links.windows`: the first year of data for KPIs defined over a year of history,
when every customer is new; months before the KPI's inputs exist). Both kinds of series are read as the
refresh's ``kpi_series`` step stored them (:mod:`metrics.scorecard.series`: each KPI's own compute, once per
refresh), so this step is the statistics alone.

Effects are in target units per unit of the source (percent KPIs as fractions: 0.01 is one point). A row is
``supported`` when q < 0.05 with the sign the map expects (improving the source improves the target),
``contradicted`` when q < 0.05 with the opposite sign, ``not_shown`` otherwise, ``not_enough_data`` when it
could not be measured (the reason is stored). This is association measured on the company's data, not proof
of cause.
"""

from __future__ import annotations

import math

import pandas as pd

from metrics.base.filters import Filters
from metrics.base.store import Store, series_filters, write_table
from metrics.links import evidence, windows
from metrics.links import panel as panel_fit
from metrics.scorecard import registry, series
from metrics.scorecard.strategy import LINK_KPIS, LINKS

MAX_LAG = evidence.MAX_LAG
ALPHA = evidence.ALPHA
PANEL_DIMENSION = "region"
METHODS = ("time_series", f"panel_{PANEL_DIMENSION}")
TABLE, SERIES_TABLE = "strategy_links", "strategy_link_series"
COLUMNS = ["source_objective", "target_objective", "source_kpi", "target_kpi", "method", "lag_months", "effect",
           "ci_low", "ci_high", "p_value", "q_value", "std_error", "n", "r2", "expected_sign", "evidence", "reason",
           *windows.NOTE_COLUMNS]


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


def kpi_ids() -> list[str]:
    """The KPIs of every tested pair."""
    return sorted({k for _, _, x, y in pairs() for k in (x, y)})


def unit_kpi_ids() -> list[str]:
    """The KPIs the panel reads per member of :data:`PANEL_DIMENSION`."""
    return [k for k in kpi_ids() if k not in NOT_PER_UNIT]


def monthly_series(store: Store, f: Filters, kpis: list[str] | None = None) -> pd.DataFrame:
    """One column per KPI, one row per month: as the refresh's ``kpi_series`` step stored them
    (:mod:`metrics.scorecard.series`), else computed."""
    ids = kpis or kpi_ids()
    found = series.stored(store, f, ids)
    return found if found is not None else series.compute(store, f, ids)


def unit_series(store: Store, f: Filters, kpis: list[str] | None = None,
                dimension: str = PANEL_DIMENSION) -> pd.DataFrame:
    """Long frame (unit, period) x KPI: each KPI's own compute function under each member of ``dimension``
    alone, so each value means exactly what the scorecard shows under that filter (stored at refresh by the
    ``kpi_series`` step, else computed)."""
    ids = kpis or unit_kpi_ids()
    found = series.stored_units(store, f, ids, dimension)
    return found if found is not None else series.unit_compute(store, f, ids, dimension)


def fit_pairs(monthly: pd.DataFrame, panel_frame: pd.DataFrame | None = None, *,
              notes: dict[str, windows.Window] | None = None,
              replicates: int = evidence.REPLICATES) -> pd.DataFrame:
    """One row per (pair, method) with effect, interval, p, q, lag, n, evidence and what was left out."""
    notes = notes or {}
    rows = []
    for number, (source_obj, target_obj, x, y) in enumerate(pairs()):
        sign = expected_sign(x, y)
        base = {"source_objective": source_obj, "target_objective": target_obj, "source_kpi": x, "target_kpi": y,
                "expected_sign": sign, **windows.note_columns(notes.get(x), notes.get(y))}
        if x in monthly and y in monthly:
            found = evidence.pair_evidence(monthly[x], monthly[y], expected_sign=sign, replicates=replicates,
                                           seed=number)
        else:
            found = evidence.not_enough("One of the two KPIs has no monthly values.")
        rows.append({**base, "method": "time_series", **_columns(found)})
        if panel_frame is not None and x not in NOT_PER_UNIT and y not in NOT_PER_UNIT:
            found = panel_fit.panel_evidence(panel_frame, x, y, expected_sign=sign, replicates=replicates,
                                         seed=1000 + number)
            rows.append({**base, "method": METHODS[1], **_columns(found)})
    out = pd.DataFrame(rows, columns=[c for c in COLUMNS if c != "q_value"])
    tested = out["p_value"].notna()
    out["q_value"] = math.nan
    if tested.any():
        from statsmodels.stats.multitest import multipletests  # here: a page reading stored links loads no statsmodels

        out.loc[tested, "q_value"] = multipletests(out.loc[tested, "p_value"], method="fdr_bh")[1]
    out["evidence"] = [row_evidence(r) for r in out.to_dict("records")]
    out["lag_months"] = out["lag_months"].astype("Int64")
    out["n"] = out["n"].astype(int)
    return out[COLUMNS]


def _columns(found: evidence.LinkEvidence) -> dict:
    return {"lag_months": found.lag_months, "effect": found.effect, "ci_low": found.ci_low,
            "ci_high": found.ci_high, "p_value": found.p_value, "std_error": found.std_error, "n": found.n,
            "r2": found.r2, "reason": found.reason, "evidence": found.verdict}


def row_evidence(row: dict) -> str:
    """supported / contradicted (q < 0.05, by sign) / not_shown / not_enough_data (nothing measured)."""
    if row.get("evidence") == "not_enough_data" or pd.isna(row.get("p_value")):
        return "not_enough_data"
    q = row.get("q_value")
    return evidence.verdict_for(q if q is not None and pd.notna(q) else math.nan, row["effect"],
                                row["expected_sign"]) if pd.notna(q) else "not_shown"


def link_evidence(table: pd.DataFrame) -> dict[tuple[str, str], str]:
    """Per map link: supported if any row supports it, else contradicted if any contradicts, else not_shown
    if any row was measured, else not_enough_data."""
    out = {}
    for (s, t), rows in table.groupby(["source_objective", "target_objective"], sort=False):
        found = set(rows["evidence"])
        out[(s, t)] = next((e for e in ("supported", "contradicted", "not_shown") if e in found), "not_enough_data")
    return out


def compute_with_series(store: Store, *, panel: bool = True) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The link tests and the monthly series they were measured on (long: kpi_id, period, value; the months
    left out of the fits are missing)."""
    f = series_filters(store)
    if f is None:
        return fit_pairs(pd.DataFrame()), pd.DataFrame(columns=["kpi_id", "period", "value"])
    monthly = monthly_series(store, f)
    kept, units_kept, notes = windows.apply(monthly, data_start(store), unit_series(store, f) if panel else None)
    table = fit_pairs(kept, units_kept, notes=notes)
    long = kept.rename_axis("period").reset_index().melt(id_vars="period", var_name="kpi_id", value_name="value")
    return table, long[["kpi_id", "period", "value"]]


def data_start(store: Store) -> pd.Timestamp | None:
    """The first month with orders: where every KPI's history starts."""
    found = store.query("SELECT min(month) AS first FROM sales")
    return None if found.empty or pd.isna(found["first"].iloc[0]) else pd.Timestamp(found["first"].iloc[0])


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
