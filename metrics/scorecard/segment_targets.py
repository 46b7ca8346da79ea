"""Targets under a filter: a region's (channel's, industry's, manager's) share of a company target.

The targets people set (and the baselines, ``metrics.scorecard.baselines``) are the company's, per month. Under a
dimension filter the scorecard judges each KPI against:

- a target **set for that member** (table ``kpi_target_segment``, the Targets page), when the filter is one member
  of one dimension: the row of the period's month, else the member's row for every month (``month`` empty);
  its baseline when given, else the derived one below (``scope`` = ``segment``);
- for an **additive** KPI (its splits sum to the total: revenue, margin, customer counts; ``Kpi.additive``),
  the company target x the filtered customers' **share** of the KPI over the baseline period: the 12 months
  ending at the month the baselines were drawn at (the latest complete month), the KPI's monthly values summed
  (``scope`` = ``derived``; the baseline scaled alike);
- for every other KPI (rates, ratios, averages: the company's standard holds for a region too), the company
  target itself (``scope`` = ``company``).

A month's own row comes before the every-month row (month grain only: a quarter or a year is judged against the
every-month rows), and the company's own targets may be phased by month the same way (dimension ``company``:
``scope`` = ``month`` unfiltered; a member's derived target is drawn from the phased company target). A member's
month row has ``scope`` = ``segment_month``.

A member without any value of an additive KPI in the baseline period has no share and so no derived target.
"""

from __future__ import annotations

import math
from dataclasses import replace
from datetime import date

import pandas as pd

from metrics.base.dimensions import dimension_values
from metrics.base.filters import Filters, add_months
from metrics.base.store import Store
from metrics.scorecard.registry import CATALOGUE, Kpi

TABLE = "kpi_target_segment"
BASELINE_TABLE = "kpi_baseline"
WINDOW_MONTHS = 12
COLUMNS = ["kpi_id", "target", "baseline", "threshold", "weight", "source", "scope", "share", "share_until"]


def baseline_month(store: Store) -> date | None:
    """The month the baselines were drawn at, else the latest complete month of the data."""
    if store.has_table(BASELINE_TABLE):
        found = store.query(f"SELECT max(month) AS m FROM {BASELINE_TABLE}")["m"].iloc[0]
        if found is not None and not pd.isna(found):
            return pd.Timestamp(found).date().replace(day=1)
    return dimension_values(store).complete_month


def baseline_window(store: Store) -> Filters | None:
    """Monthly filters over the :data:`WINDOW_MONTHS` months ending at :func:`baseline_month`, unfiltered."""
    month = baseline_month(store)
    if month is None:
        return None
    return Filters(add_months(month, -(WINDOW_MONTHS - 1)), month, grain="month")


def _total(store: Store, kpi: Kpi, f: Filters) -> float:
    values = kpi.compute(store, f).reindex(f.period_index).astype(float)
    return float(values.sum()) if values.notna().any() else math.nan


def shares(store: Store, f: Filters, kpis: tuple[Kpi, ...] = CATALOGUE) -> dict[str, float]:
    """KPI id -> the share of the company's value of each additive KPI of ``kpis`` that ``f``'s dimension filters
    hold over the baseline period (NaN when the company's is zero or unknown); empty without dimension filters."""
    window = baseline_window(store)
    if window is None or not f.dimensions:
        return {}
    store = store.scoped()
    filtered = replace(window, **f.dimensions)
    out = {}
    for kpi in kpis:
        if not kpi.additive:
            continue
        whole, part = _total(store, kpi, window), _total(store, kpi, filtered)
        part = 0.0 if math.isnan(part) and math.isfinite(whole) else part  # no value for the member: none of it
        out[kpi.id] = part / whole if math.isfinite(whole) and whole != 0 and math.isfinite(part) else math.nan
    return out


def single_member(f: Filters) -> tuple[str, str] | None:
    """(dimension, member) when the filters choose exactly one member of exactly one dimension."""
    chosen = f.dimensions
    if len(chosen) != 1:
        return None
    (dimension, members), = chosen.items()
    return (dimension, str(members[0])) if len(members) == 1 else None


def _own_rows(store: Store, f: Filters, dimension: str, member: str) -> pd.DataFrame:
    """kpi_id, target, baseline, monthly (the row is the month's own): the rows set for ``member`` of
    ``dimension`` in force for ``f``'s period, the month's own row before the every-month one."""
    empty = pd.DataFrame(columns=["kpi_id", "target", "baseline", "monthly"])
    if not store.has_table(TABLE):
        return empty
    month = f.period_start(f.end) if f.grain == "month" else None
    rows = store.query(f"""SELECT kpi_id, target, baseline, month FROM {TABLE}
                           WHERE dimension = $dimension AND member = $member
                             AND (month IS NULL OR month = $month)""",
                       {"dimension": dimension, "member": member, "month": month})
    if rows.empty:
        return empty
    rows = rows.assign(monthly=rows["month"].notna()).sort_values("monthly", ascending=False)
    return rows.drop_duplicates("kpi_id")[["kpi_id", "target", "baseline", "monthly"]].reset_index(drop=True)


def set_targets(store: Store, f: Filters) -> pd.DataFrame:
    """kpi_id, target, baseline, monthly: the targets set for the one member ``f`` chooses, for the month of the
    period (month grain) or for every month; empty when the filters choose no single member or none was set."""
    member = single_member(f)
    if member is None:
        return pd.DataFrame(columns=["kpi_id", "target", "baseline", "monthly"])
    return _own_rows(store, f, *member)


def phased_company(store: Store, f: Filters, company: pd.DataFrame) -> tuple[pd.DataFrame, set[str]]:
    """The ``company`` targets with the company's month rows (dimension ``company``) of ``f``'s month put in,
    and the KPI ids they changed."""
    own = _own_rows(store, f, "company", "")
    own = own[own["monthly"].astype(bool)] if not own.empty else own
    if own.empty:
        return company, set()
    out = company.copy().reset_index(drop=True)
    for row in own.to_dict("records"):
        at = out.index[out["kpi_id"] == row["kpi_id"]]
        out.loc[at, "target"] = float(row["target"])
        if row["baseline"] is not None and not pd.isna(row["baseline"]):
            out.loc[at, "baseline"] = float(row["baseline"])
    return out, set(own["kpi_id"])


def filtered_targets(store: Store, f: Filters, company: pd.DataFrame, kpis: tuple[Kpi, ...] = CATALOGUE
                     ) -> pd.DataFrame:
    """The targets in force under ``f``'s dimension filters, from the ``company`` targets (columns kpi_id,
    target, baseline, threshold, weight, source; monthly): columns :data:`COLUMNS`, ``scope`` one of
    ``company`` | ``month`` | ``derived`` | ``segment`` | ``segment_month``, ``share`` the member's share
    (additive KPIs) and ``share_until`` the last month (``2026-10``) of the baseline period it was measured over."""
    by_id = {k.id: k for k in kpis}
    company = company[company["kpi_id"].isin(by_id)]
    company, phased = phased_company(store, f, company)
    if not f.dimensions:
        scope = ["month" if k in phased else "company" for k in company["kpi_id"]]
        return company.assign(scope=scope, share=math.nan, share_until=None)[COLUMNS].reset_index(drop=True)
    part = shares(store, f, kpis)
    month = baseline_month(store)
    until = None if month is None else f"{month:%Y-%m}"
    rows = []
    for row in company.to_dict("records"):
        kpi = by_id[row["kpi_id"]]
        share = part.get(kpi.id, math.nan) if kpi.additive else math.nan
        scale = share if kpi.additive else 1.0
        rows.append({**row, "target": float(row["target"]) * scale, "baseline": float(row["baseline"]) * scale,
                     "scope": "derived" if kpi.additive else ("month" if kpi.id in phased else "company"),
                     "share": share, "share_until": until if kpi.additive else None})
    out = pd.DataFrame(rows, columns=COLUMNS)
    chosen = set_targets(store, f)
    for own in chosen.to_dict("records"):
        at = out.index[out["kpi_id"] == own["kpi_id"]]
        if not len(at):
            continue
        out.loc[at, "target"] = float(own["target"])
        if own["baseline"] is not None and not pd.isna(own["baseline"]):
            out.loc[at, "baseline"] = float(own["baseline"])
        out.loc[at, "scope"] = "segment_month" if bool(own["monthly"]) else "segment"
    return out
