"""The demo company's initiatives, milestones, risks, dated updates and review decisions.

Three initiatives are linked to KPIs where the demo plants an effect (``data.demo.company``), so their measured
effect finds something real: faster first response and on-time delivery from go-live (effect 1), CRM adoption and
notes logged from go-live (effect 8), staff goal alignment from the start of change management (effect 8, step 11).
A cross-sell push has no planted effect (its interval should straddle zero), and a recent price-discipline initiative
has run too few months to be measured. No draw from the generator: the rest of the demo is unchanged by this step.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

import numpy as np
from sqlalchemy import insert

from data.accounts import DEMO_ACCOUNTS
from data.demo.company import CHANGE_STEP, END, GO_LIVE, PROGRAM_STEPS, month_start
from data.demo.state import DemoState
from data.initiatives.models import (
    Decision,
    Initiative,
    InitiativeKpi,
    InitiativeMilestone,
    InitiativeObjective,
    InitiativeRisk,
    InitiativeUpdate,
)

PROJECT, EXECUTIVE = DEMO_ACCOUNTS["project"], DEMO_ACCOUNTS["executive"]


def _day(value: np.datetime64) -> date:
    return value.astype("datetime64[D]").astype(object)


def _month(m: int) -> date:
    return _day(month_start(m))


CHANGE_MONTH = next(first for step, _, _, _, first, _ in PROGRAM_STEPS if step == CHANGE_STEP)
END_DAY = _day(END)
GO = _day(GO_LIVE)

# id, name, description, owner, start, end, budget, actual cost, % complete, status, objectives, KPIs
INITIATIVES = [
    (1, "Faster first response", "Ticket routing and a response-time promise in every region, on the new CRM.",
     PROJECT, GO, date(2026, 4, 30), 1_200_000, 1_260_000, 100.0, "done", ("retain",),
     ("first_response_hours", "on_time_delivery")),
    (2, "CRM adoption drive", "Champions in every branch, weekly usage reviews, notes on every customer contact.",
     PROJECT, GO, date(2026, 12, 31), 800_000, 610_000, 80.0, "active", ("crm_adoption",),
     ("crm_adoption", "notes_per_100_interactions")),
    (3, "Goals aligned with the CRM strategy", "Change management: targets and incentives tied to customer value.",
     EXECUTIVE, _month(CHANGE_MONTH), date(2027, 6, 30), 1_500_000, 700_000, 55.0, "active", ("climate",),
     ("goal_alignment",)),
    (4, "Cross-sell push", "Telesales offers of parts and maintenance to machine owners.",
     PROJECT, date(2025, 11, 1), date(2026, 6, 30), 300_000, 340_000, 100.0, "done", ("develop",),
     ("cross_sell_rate",)),
    (5, "Price discipline", "One net price per product and customer: discount approvals above 20%.",
     PROJECT, date(2026, 9, 1), date(2027, 3, 31), 250_000, 30_000, 15.0, "active", ("consistent_quotes",),
     ("price_spread",)),
]
MILESTONES = [  # initiative, name, due, status, done
    (1, "Ticket routing live", GO.replace(day=15), "on_track", True),
    (1, "Response promise in every region", date(2025, 10, 31), "on_track", True),
    (1, "Handed over to service operations", date(2026, 4, 30), "on_track", True),
    (2, "A champion in every branch", date(2025, 7, 31), "on_track", True),
    (2, "Notes on 60% of contacts", date(2026, 3, 31), "on_track", True),
    (2, "Usage reviews run by the branches", date(2026, 12, 15), "at_risk", False),
    (3, "New incentive plan approved", date(2025, 12, 15), "on_track", True),
    (3, "Targets tied to customer value in every team", date(2026, 12, 31), "at_risk", False),
    (4, "Offer scripts ready", date(2025, 11, 30), "on_track", True),
    (5, "Approval rule in the order system", date(2026, 11, 30), "late", False),
]
RISKS = [  # initiative, text, rating
    (2, "Branch managers see the CRM as head office's tool", "high"),
    (3, "Incentive change delayed by the annual budget round", "medium"),
    (5, "Distributors resist the discount cap", "high"),
]
UPDATES = [  # initiative, text, author, when
    (1, "Routing is live; median first response already below 4 hours.", PROJECT, datetime(2025, 6, 3, 9, 0)),
    (1, "Closed: response promise met in every region for three months.", PROJECT, datetime(2026, 5, 6, 10, 0)),
    (2, "Adoption at 80% of customer-facing staff; two branches lag.", PROJECT, datetime(2026, 10, 5, 9, 30)),
    (3, "Incentive plan approved by the board.", EXECUTIVE, datetime(2025, 12, 18, 16, 0)),
    (5, "Approval rule specified; IT slot in November.", PROJECT, datetime(2026, 10, 20, 11, 0)),
]
# period of the review meeting, text, owner, due, KPI, initiative, status, outcome
DECISIONS = [
    (date(2026, 9, 1), "Extend the response promise to retail-chain customers", PROJECT, date(2026, 10, 31),
     "first_response_hours", 1, "done", "Promise extended on 12 October; retail-chain tickets answered in 3 h."),
    (date(2026, 9, 1), "Start a price-discipline initiative for quotes above 20% discount", EXECUTIVE,
     date(2026, 9, 30), "price_spread", 5, "done", "Started 1 September (initiative: Price discipline)."),
    (date(2026, 9, 1), "Ask the two lagging branches for an adoption plan", PROJECT, date(2026, 11, 30),
     "crm_adoption", 2, "open", ""),
]


def _at(moment: datetime) -> datetime:
    return moment.replace(tzinfo=UTC)


def write_initiatives(state: DemoState) -> None:
    """The rows above, into the demo's open transaction."""
    conn = state.conn
    stamp = _at(datetime.combine(END_DAY, datetime.min.time()))
    rows = [dict(id=i, name=name, description=text, owner=owner, start_on=start, end_on=end, budget=budget,
                 actual_cost=cost, percent_complete=done, status=status)
            for i, name, text, owner, start, end, budget, cost, done, status, _, _ in INITIATIVES]
    conn.execute(insert(Initiative.__table__), rows)
    conn.execute(insert(InitiativeObjective.__table__), [
        {"initiative_id": i, "objective_id": o} for i, *_, objectives, _ in INITIATIVES for o in objectives])
    conn.execute(insert(InitiativeKpi.__table__), [
        {"initiative_id": i, "kpi_id": k} for i, *_, kpis in INITIATIVES for k in kpis])
    conn.execute(insert(InitiativeMilestone.__table__), [
        dict(initiative_id=i, name=n, due=d, status=s, done=f) for i, n, d, s, f in MILESTONES])
    conn.execute(insert(InitiativeRisk.__table__), [dict(initiative_id=i, text=x, rating=r) for i, x, r in RISKS])
    conn.execute(insert(InitiativeUpdate.__table__), [
        dict(initiative_id=i, text=x, author=a, written_at=_at(w)) for i, x, a, w in UPDATES])
    conn.execute(insert(Decision.__table__), [
        dict(period=p, text=x, owner=o, due=d, kpi_id=k, initiative_id=i, status=s, outcome=out, recorded_by=EXECUTIVE,
             recorded_at=_at(datetime.combine(p, datetime.min.time()).replace(day=28)), updated_by=EXECUTIVE if out
             else "", updated_at=stamp if out else None)
        for p, x, o, d, k, i, s, out in DECISIONS])
    for table, n in (("initiative", len(INITIATIVES)), ("initiative_milestone", len(MILESTONES)),
                     ("review_decision", len(DECISIONS))):
        state.counts[table] = n
