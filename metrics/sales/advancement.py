"""Weekly stage advancement: how many opportunities each rep moved forward a stage, week by week (the source
model's "weekly stage-advancement indicator for opportunities").

A change moves an opportunity forward when both its stages are known and the new one comes later in
prospecting -> qualification -> proposal -> negotiation -> won (the first entry of an opportunity, with no stage
before it, and a change to ``lost`` are not advances). An opportunity moved forward twice in one week counts once
that week. The rep is the opportunity's owner. Dimension filters apply as for the pipeline KPIs: region, channel
and industry by the opportunity's lead, the manager filter by the owner.

Weeks run Monday to Sunday; the last is the week holding the range's last day, or the last stage change in the
data when that is earlier (its ``days`` say how many of its days are covered).
"""

from __future__ import annotations

from datetime import date, timedelta

import pandas as pd

from metrics.base.facts import dimension_filter
from metrics.base.filters import Filters
from metrics.base.store import Store
from metrics.sales.team import team
from metrics.scorecard.funnel import STAGES

FORWARD_ORDER = (*STAGES, "won")
WEEKS = 12
COLUMNS = ["rep_id", "name", "week", "days", "advanced"]


def has_opportunities(store: Store) -> bool:
    return bool(store.query("SELECT EXISTS (SELECT 1 FROM opportunity_stage_change) AS any")["any"].iloc[0])


def stage_advancement(store: Store, f: Filters, *, weeks: int = WEEKS) -> pd.DataFrame:
    """``rep_id, name, week, days, advanced``: per rep and week (its Monday, a ``date``) of the last ``weeks``
    weeks, the opportunities moved forward. A row for every week of every rep of the team and every owner who
    moved one; none when the data holds no stage change up to the range's end. ``name`` is ``None`` when no
    employee row names the owner."""
    if weeks < 1:
        raise ValueError(f"weeks must be at least 1, not {weeks}")
    last_change = store.query("SELECT max(changed_on) AS last FROM opportunity_stage_change WHERE changed_on < $end",
                              {"end": f.end_exclusive})["last"].iloc[0]
    if pd.isna(last_change):
        return pd.DataFrame(columns=COLUMNS)
    last_day = min(f.end_exclusive - timedelta(days=1), pd.Timestamp(last_change).date())
    last_week = first_week_of(last_day)
    first_week = last_week - timedelta(weeks=weeks - 1)
    where, params = dimension_filter(f, "l", manager_column="owner_id")
    moved = store.query(f"""
        WITH stage_order AS (SELECT unnest($order) AS stage, unnest(range(1, len($order) + 1)) AS position),
        l AS (SELECT o.id, o.owner_id, ld.region, ld.channel, ld.industry
              FROM opportunity o LEFT JOIN lead ld ON ld.id = o.lead_id)
        SELECT l.owner_id AS rep_id, CAST(date_trunc('week', s.changed_on) AS DATE) AS week,
               count(DISTINCT s.opportunity_id) AS advanced
        FROM opportunity_stage_change s
        JOIN l ON l.id = s.opportunity_id
        JOIN stage_order before ON before.stage = s.from_stage
        JOIN stage_order after ON after.stage = s.to_stage
        WHERE after.position > before.position AND s.changed_on >= $first AND s.changed_on <= $last {where}
        GROUP BY ALL
        """, {**params, "order": list(FORWARD_ORDER), "first": first_week, "last": last_day})
    moved["week"] = pd.to_datetime(moved["week"]).dt.date
    on_team = team(store, f)[["rep_id", "name"]]
    owners = sorted(set(moved["rep_id"].astype(int)) - set(on_team["rep_id"]))
    names = store.query("""SELECT r.rep_id, e.name FROM (SELECT unnest($reps) AS rep_id) r
                           LEFT JOIN employee e ON e.id = r.rep_id""", {"reps": owners or [None]}).dropna(
        subset=["rep_id"])
    people = pd.concat([on_team, names], ignore_index=True)
    people["rep_id"] = people["rep_id"].astype("int64")
    calendar = pd.DataFrame({"week": [first_week + timedelta(weeks=k) for k in range(weeks)]})
    calendar["days"] = [min(7, (last_day - w).days + 1) for w in calendar["week"]]
    grid = people.merge(calendar, how="cross").merge(moved, on=["rep_id", "week"], how="left")
    grid["advanced"] = grid["advanced"].fillna(0).astype("int64")
    grid["name"] = grid["name"].astype(object).where(grid["name"].notna(), None)
    return grid.sort_values(["rep_id", "week"]).reset_index(drop=True)[COLUMNS]


def first_week_of(day: date) -> date:
    """The Monday of ``day``'s week."""
    return day - timedelta(days=day.weekday())
