"""Each sales rep's revenue against a monthly target, and a ranking by attainment.

Targets are monthly, per rep (``sales_rep_target``, set on the Sales team page). A month without one has the
rep's **baseline**: the median of the rep's monthly revenue over the 12 months before it, counting the months since
the rep's first order in the data (a month without orders counts as 0) — the trailing 12-month median. A rep with
no month of history before it has no baseline, and then no target for that month.

For a range of months (a quarter, a year) a rep's target is the sum of the monthly targets of the months the rep
was employed in (hired before the month ends, not left before it starts; every month when the employee row is
missing); unknown when any of those months has none. ``target_kind`` says where it came from: ``set``,
``baseline``, or ``mixed`` (some months set, some baseline).

Attainment = the rep's revenue in the range / the target; unknown when the target is unknown or 0. Targets are
for a rep's whole sales, so attainment ignores the dimension filters (region, channel, industry, manager): it is
the same whichever slice of customers the rest of the page shows. Ranks: 1 for the highest attainment, ties share
the best rank; reps without an attainment have no rank.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pandas as pd

from metrics.base.filters import Filters, add_months
from metrics.base.store import Store
from metrics.sales.breakdown import rep_breakdown
from metrics.sales.team import team

BASELINE_MONTHS = 12
KINDS = ("set", "baseline", "mixed")
TARGET_COLUMNS = ["rep_id", "month", "target", "kind", "baseline"]
ATTAINMENT_COLUMNS = ["rep_id", "name", "status", "revenue", "target", "target_kind", "no_target", "attainment",
                      "rank"]
NO_TARGET = ("not_employed", "no_history")  # why a rep has no target: employed in none of the range's months (the
# orders of a rep who has left keep coming in), or a month without a target set and without sales history


def months_of(f: Filters) -> list[date]:
    """First days of every month from ``f.first_day`` to ``f.end_exclusive``."""
    out, month = [], f.first_day
    while month < f.end_exclusive:
        out.append(month)
        month = add_months(month, 1)
    return out


def baselines(revenue: pd.DataFrame, first_month: dict[int, date], months: list[date]) -> pd.DataFrame:
    """``rep_id, month, baseline``: the trailing 12-month median of each rep's monthly revenue before each month.

    Parameters
    ----------
    revenue : frame ``rep_id, month, revenue`` (months as first days; months without orders may be absent)
    first_month : rep id -> the month of the rep's first order in the data; reps absent have no history
    months : the months to give a baseline for

    Returns NaN where the rep has no month of history in the 12 months before.
    """
    sold = {(int(r), pd.Timestamp(m).date()): float(v) for r, m, v in revenue[["rep_id", "month", "revenue"]]
            .itertuples(index=False)}
    rows = []
    for rep, first in first_month.items():
        for month in months:
            window = [add_months(month, -k) for k in range(BASELINE_MONTHS, 0, -1)]
            history = [sold.get((rep, m), 0.0) for m in window if m >= first]
            rows.append((rep, month, float(pd.Series(history).median()) if history else float("nan")))
    return pd.DataFrame(rows, columns=["rep_id", "month", "baseline"])


def _set_targets(store: Store, months: list[date]) -> pd.DataFrame:
    if not store.has_table("sales_rep_target"):  # a store older than the table
        return pd.DataFrame(columns=["rep_id", "month", "target"])
    frame = store.query("""
        SELECT employee_id AS rep_id, month, CAST(revenue_target AS DOUBLE) AS target FROM sales_rep_target
        WHERE month >= $first AND month <= $last""", {"first": months[0], "last": months[-1]})
    frame["month"] = pd.to_datetime(frame["month"]).dt.date
    return frame


def monthly_targets(store: Store, f: Filters, reps: list[int]) -> pd.DataFrame:
    """``rep_id, month, target, kind, baseline`` for each rep of ``reps`` and each month of the range it was employed
    in: the target set for it (``set``), else its baseline (``baseline``); NaN and ``None`` without either. ``baseline``
    is the month's baseline whether or not a target is set (NaN without history)."""
    months = months_of(f)
    columns = {"reps": reps, "first": add_months(months[0], -BASELINE_MONTHS), "end": f.end_exclusive}
    revenue = store.query("""
        SELECT sales_rep_id AS rep_id, month, CAST(sum(revenue) AS DOUBLE) AS revenue FROM sales
        WHERE list_contains($reps, sales_rep_id) AND month >= $first AND month < $end GROUP BY ALL""", columns)
    firsts = store.query("""
        SELECT sales_rep_id AS rep_id, min(month) AS first_month FROM sales
        WHERE list_contains($reps, sales_rep_id) GROUP BY ALL""", {"reps": reps})
    first_month = {int(r): pd.Timestamp(m).date() for r, m in firsts.itertuples(index=False)}
    employed = store.query("""
        SELECT r.rep_id, e.hired_on, e.left_on FROM (SELECT unnest($reps) AS rep_id) r
        LEFT JOIN employee e ON e.id = r.rep_id""", {"reps": reps})
    grid = pd.DataFrame([(int(r), m) for r, hired, left in employed.itertuples(index=False) for m in months
                         if (pd.isna(hired) or pd.Timestamp(hired).date() < add_months(m, 1))
                         and (pd.isna(left) or pd.Timestamp(left).date() >= m)], columns=["rep_id", "month"])
    base = baselines(revenue, first_month, months)
    out = grid.merge(_set_targets(store, months), on=["rep_id", "month"], how="left").merge(
        base, on=["rep_id", "month"], how="left")
    is_set = out["target"].notna()
    out["kind"] = None
    out.loc[is_set, "kind"] = "set"
    has_baseline = ~is_set & out["baseline"].notna()
    out.loc[has_baseline, "kind"] = "baseline"
    out["baseline"] = out["baseline"].astype(float)
    out["target"] = out["target"].astype(float).where(is_set, out["baseline"])
    return out.sort_values(["rep_id", "month"]).reset_index(drop=True)[TARGET_COLUMNS]


def _kind(kinds: pd.Series) -> str | None:
    if kinds.isna().any() or kinds.empty:
        return None
    found = set(kinds)
    return "mixed" if len(found) > 1 else found.pop()


def attainment(store: Store, f: Filters) -> pd.DataFrame:
    """``rep_id, name, status, revenue, target, target_kind, no_target, attainment, rank`` for every rep of the team
    (the dimension filters do not apply: see the module), ordered by rank, then revenue (largest first).
    ``no_target`` says why a rep has no target (``NO_TARGET``), ``None`` when it has one."""
    reps = team(store, f, dimensions=False)
    if reps.empty:
        return pd.DataFrame(columns=ATTAINMENT_COLUMNS)
    revenue = store.query("""
        SELECT sales_rep_id AS rep_id, CAST(sum(revenue) AS DOUBLE) AS revenue FROM sales
        WHERE sales_rep_id IS NOT NULL AND ordered_on >= $start AND ordered_on < $end GROUP BY ALL""",
                          {"start": f.first_day, "end": f.end_exclusive})
    targets = monthly_targets(store, f, [int(r) for r in reps["rep_id"]])
    summed = targets.groupby("rep_id").agg(target=("target", lambda v: v.sum() if v.notna().all() else float("nan")),
                                           target_kind=("kind", _kind))
    out = reps.merge(revenue, on="rep_id", how="left").merge(summed, on="rep_id", how="left")
    out["revenue"] = out["revenue"].astype(float).fillna(0.0)
    out["target"] = out["target"].astype(float)
    out["target_kind"] = out["target_kind"].astype(object).where(out["target_kind"].notna(), None)
    employed = out["rep_id"].isin(targets["rep_id"])
    out["no_target"] = None
    out.loc[out["target"].isna() & ~employed, "no_target"] = "not_employed"
    out.loc[out["target"].isna() & employed, "no_target"] = "no_history"
    known = out["target"] > 0
    out["attainment"] = (out["revenue"] / out["target"]).where(known)
    out["rank"] = out["attainment"].rank(ascending=False, method="min")
    return out.sort_values(["rank", "revenue", "rep_id"], ascending=[True, False, True], na_position="last") \
        .reset_index(drop=True)[ATTAINMENT_COLUMNS]


RANKING_COLUMNS = ["rank", "rep_id", "name", "status", "revenue", "revenue_all", "target", "target_kind", "no_target",
                   "attainment", "orders", "customers", "margin", "new_customers"]


def ranking(store: Store, f: Filters) -> pd.DataFrame:
    """The Sales team's ranking table: :func:`metrics.sales.breakdown.rep_breakdown` (under every filter) with each
    rep's ``revenue_all, target, target_kind, no_target, attainment, rank`` (whole sales, see the module: without
    dimension filters ``revenue_all`` equals ``revenue``); ordered by rank, then revenue."""
    sold = rep_breakdown(store, f)
    attained = attainment(store, f).rename(columns={"revenue": "revenue_all"})[
        ["rep_id", "revenue_all", "target", "target_kind", "no_target", "attainment", "rank"]]
    out = sold.merge(attained, on="rep_id", how="left")
    return out.sort_values(["rank", "revenue", "rep_id"], ascending=[True, False, True], na_position="last") \
        .reset_index(drop=True)[RANKING_COLUMNS]


@dataclass(frozen=True)
class TeamSummary:
    """The team in one line: ``reps`` on it, ``with_target`` (an attainment is known), ``on_target`` (attainment at
    least 100 %) and ``attainment``: the revenue of the reps with a target over the sum of their targets (NaN when no
    rep has one)."""

    reps: int
    with_target: int
    on_target: int
    attainment: float


def team_summary(frame: pd.DataFrame) -> TeamSummary:
    """:class:`TeamSummary` of a frame with ``attainment, target`` per rep (:func:`attainment`, :func:`ranking`)."""
    known = frame.dropna(subset=["attainment"])
    total = float(known["target"].sum())
    attained = float((known["attainment"] * known["target"]).sum())
    return TeamSummary(reps=len(frame), with_target=len(known), on_target=int((known["attainment"] >= 1).sum()),
                       attainment=attained / total if len(known) and total > 0 else float("nan"))
