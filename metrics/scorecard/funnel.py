"""The sales funnel (lead -> opportunity -> won) and stage velocity, for the filters' whole range."""

import pandas as pd

from metrics.base.facts import dimension_filter
from metrics.base.filters import Filters
from metrics.base.store import Store

STAGES = ("prospecting", "qualification", "proposal", "negotiation")


def funnel(store: Store, f: Filters) -> pd.DataFrame:
    """``step, count`` for leads created in the range: leads, qualified, with an opportunity, won."""
    where, params = dimension_filter(f, "l", manager_column=None)
    row = store.query(f"""
        SELECT count(*) AS leads, count(*) FILTER (WHERE l.qualified) AS qualified,
               count(o.id) AS opportunities, count(*) FILTER (WHERE o.status = 'won') AS won
        FROM lead l LEFT JOIN opportunity o ON o.lead_id = l.id
        WHERE l.created_on >= $start AND l.created_on < $end {where}
        """, {**params, "start": f.first_day, "end": f.end_exclusive}).iloc[0]
    return pd.DataFrame({"step": ["leads", "qualified", "opportunities", "won"],
                         "count": [int(row[k]) for k in ("leads", "qualified", "opportunities", "won")]})


def stage_velocity(store: Store, f: Filters) -> pd.DataFrame:
    """``stage, days, opportunities``: mean days spent in each stage before the next change, for stages
    entered in the range."""
    where, params = dimension_filter(f, "l", manager_column="owner_id")
    frame = store.query(f"""
        WITH changes AS (
            SELECT s.opportunity_id, s.to_stage AS stage, s.changed_on,
                   lead(s.changed_on) OVER (PARTITION BY s.opportunity_id ORDER BY s.changed_on, s.id) AS left_on
            FROM opportunity_stage_change s)
        SELECT ch.stage, avg(ch.left_on - ch.changed_on) AS days, count(*) AS opportunities
        FROM changes ch
        JOIN (SELECT o.id, o.owner_id, l.region, l.channel, l.industry
              FROM opportunity o LEFT JOIN lead l ON l.id = o.lead_id) l ON l.id = ch.opportunity_id
        WHERE ch.left_on IS NOT NULL AND ch.changed_on >= $start AND ch.changed_on < $end
          AND list_contains($stages, ch.stage) {where}
        GROUP BY ch.stage
        """, {**params, "start": f.first_day, "end": f.end_exclusive, "stages": list(STAGES)})
    order = {s: i for i, s in enumerate(STAGES)}
    return frame.sort_values("stage", key=lambda s: s.map(order)).reset_index(drop=True)
