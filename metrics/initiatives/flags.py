"""Red KPIs without a corrective initiative: a KPI off target that no active initiative is working on.

An initiative works on a KPI when it is linked to the KPI itself or to the KPI's objective, its status is
``active`` and its end date is not past (one just decided may start next month; one past its end is not counted:
its owner must extend it or close it).
"""

from __future__ import annotations

from datetime import date

import pandas as pd

from metrics.scorecard import registry


def covered_kpis(initiatives: pd.DataFrame, kpis: pd.DataFrame, objectives: pd.DataFrame, *,
                 today: date | pd.Timestamp) -> set[str]:
    """The KPIs some active initiative works on ``today``.

    ``initiatives``: ``id, status, start_on, end_on``; ``kpis``: ``initiative_id, kpi_id``; ``objectives``:
    ``initiative_id, objective_id``."""
    if initiatives.empty:
        return set()
    day = pd.Timestamp(today)
    live = initiatives[(initiatives["status"] == "active") & (pd.to_datetime(initiatives["end_on"]) >= day)]["id"]
    found = set(kpis.loc[kpis["initiative_id"].isin(live), "kpi_id"])
    served = set(objectives.loc[objectives["initiative_id"].isin(live), "objective_id"])
    return found | {k.id for k in registry.CATALOGUE if k.objective in served}


def red_without_initiative(card: pd.DataFrame, covered: set[str]) -> list[str]:
    """The ids of the scorecard's red KPIs (``card``: ``id, status``) that no active initiative works on, in the
    card's order."""
    if card.empty or "status" not in card:
        return []
    red = card.loc[card["status"] == "red", "id"]
    return [str(k) for k in red if k not in covered]
