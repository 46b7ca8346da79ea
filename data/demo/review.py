"""The demo company's monthly review: owners and deputies for every objective and KPI, and a few months of
check-ins (judgements and notes, one edited twice), so the review shows its rhythm out of the box.

The owners are four named people of the demo (password-less accounts, retired with the demo's other accounts by
the first import). The "try as" accounts own nothing, so trying a role still starts on the overview; an executive
who makes themselves an owner on the Scorecard settings page starts on My scorecard from their next sign-in.
The review month (October 2026, the demo's last complete month) is left partly unwritten: notes due and overdue
show on the overview and My scorecard. No draw from the generator: the rest of the demo is unchanged by this step.
"""

from __future__ import annotations

import json
from datetime import UTC, date, datetime

from sqlalchemy import insert

from data.demo.state import DemoState
from data.models import AppUser
from data.review.models import ItemOwner, KpiCheckIn

DOMAIN = "demo.example"
PEOPLE = {  # e-mail -> role
    f"li.wei@{DOMAIN}": "executive",  # finance director
    f"wang.fang@{DOMAIN}": "marketer",  # head of marketing and customer service
    f"zhang.min@{DOMAIN}": "project",  # sales and service operations
    f"chen.jing@{DOMAIN}": "project",  # HR and the CRM programme
}
LI, WANG, ZHANG, CHEN = PEOPLE
# objective -> (owner, deputy, its KPIs): each KPI has its objective's owner and deputy
OBJECTIVES: dict[str, tuple[str, str, tuple[str, ...]]] = {
    "grow_revenue": (LI, WANG, ("revenue", "revenue_growth", "new_customer_revenue", "new_customer_revenue_share")),
    "grow_existing": (LI, WANG, ("existing_revenue_growth", "revenue_per_active_customer")),
    "productivity": (LI, ZHANG, ("customer_acquisition_cost", "cost_to_serve", "marketing_roi")),
    "profitable_base": (LI, ZHANG, ("gross_margin", "gross_margin_pct", "unprofitable_customer_share",
                                    "top20_profit_share")),
    "win_customers": (WANG, ZHANG, ("new_customers",)),
    "keep_customers": (WANG, ZHANG, ("active_customers", "retention_rate", "churn_rate")),
    "satisfy_customers": (WANG, ZHANG, ("average_csat", "complaints_per_100")),
    "loyal_customers": (WANG, LI, ("repeat_purchase_rate", "net_promoter_score", "categories_per_customer",
                                   "referrals")),
    "select": (ZHANG, WANG, ("top_tier_revenue_share",)),
    "acquire": (ZHANG, WANG, ("lead_conversion_rate", "lead_to_customer_days", "opportunity_win_rate",
                              "sales_cycle_days", "pipeline_advance_share")),
    "retain": (ZHANG, CHEN, ("first_response_hours", "tickets_within_promise", "on_time_delivery",
                             "complaint_resolution_rate", "complaint_resolution_days", "avoidable_ticket_share")),
    "develop": (WANG, ZHANG, ("cross_sell_rate", "campaign_response_rate", "campaign_roi")),
    "consistent_quotes": (ZHANG, LI, ("price_spread",)),
    "staff_skills": (CHEN, ZHANG, ("training_hours_per_employee",)),
    "crm_adoption": (CHEN, ZHANG, ("crm_adoption", "notes_per_100_interactions")),
    "data_quality": (CHEN, WANG, ("data_completeness", "unowned_customer_share")),
    "climate": (CHEN, LI, ("goal_alignment", "staff_turnover")),
}
# (kpi, month, status, author, note, {driver: verdict}); in order written. A (kpi, month) twice: an edit (a version).
CHECKINS: tuple[tuple[str, date, str, str, str, dict[str, str]], ...] = (
    ("average_csat", date(2026, 7, 1), "at_risk", WANG,
     "CSAT dipped after the summer peak: first response slowed in the South while two engineers were on leave.",
     {"first_response_hours": "confirmed"}),
    ("churn_rate", date(2026, 7, 1), "on_track", WANG, "Churn within the band; watching the distributor accounts.",
     {}),
    ("first_response_hours", date(2026, 7, 1), "at_risk", ZHANG,
     "南区两名工程师休假，首次响应变慢；已从华东调配一名工程师支援。", {}),
    ("average_csat", date(2026, 8, 1), "at_risk", WANG,
     "Still below target. Response times recovered mid-month; the survey lags by a few weeks.",
     {"first_response_hours": "confirmed"}),
    ("first_response_hours", date(2026, 8, 1), "on_track", ZHANG, "Back under 4 hours since the 12th.", {}),
    ("crm_adoption", date(2026, 8, 1), "on_track", CHEN, "Weekly log-ins steady at target after the refresher course.",
     {"goal_alignment": "confirmed"}),
    ("average_csat", date(2026, 9, 1), "on_track", WANG, "Recovered to target as response times held.",
     {"first_response_hours": "confirmed"}),
    ("revenue", date(2026, 9, 1), "at_risk", LI, "Two large distributor orders slipped to October.", {}),
    ("revenue", date(2026, 9, 1), "at_risk", LI,
     "Two large distributor orders slipped to October; both confirmed for the first week.", {}),
    ("churn_rate", date(2026, 9, 1), "at_risk", WANG,
     "Churn up in retail chains: price pressure, not service. Retention calls started for the top 40 accounts.",
     {"average_csat": "rejected"}),
    ("data_completeness", date(2026, 9, 1), "on_track", CHEN, "数据完整率稳定；新客户经理的客户已分配完毕。",
     {"training_hours_per_employee": "confirmed"}),
    ("revenue", date(2026, 10, 1), "on_track", LI, "The slipped orders landed; the quarter closes on plan.", {}),
)


def _moment(month: date, day: int) -> datetime:
    following = date(month.year + month.month // 12, month.month % 12 + 1, 1)
    return datetime(following.year, following.month, day, 9, 30, tzinfo=UTC)


def write_review(state: DemoState) -> None:
    """Owners and deputies (and their password-less accounts), then the check-ins."""
    conn = state.conn
    now = datetime(2026, 11, 3, 8, 0, tzinfo=UTC)
    conn.execute(insert(AppUser.__table__), [{"email": e, "role": r, "active": True, "created_at": now,
                                              "failed_attempts": 0} for e, r in PEOPLE.items()])
    owners = []
    for objective, (owner, deputy, kpis) in OBJECTIVES.items():
        for item, kind in [(objective, "objective"), *[(k, "kpi") for k in kpis]]:
            owners.append({"item_id": item, "kind": kind, "owner": owner, "deputy": deputy, "updated_by": "system",
                           "updated_at": now})
    conn.execute(insert(ItemOwner.__table__), owners)
    last: dict[tuple[str, date], int] = {}
    for number, (kpi, month, status, author, note, drivers) in enumerate(CHECKINS, start=1):
        written = conn.execute(insert(KpiCheckIn.__table__), {
            "kpi_id": kpi, "period": month, "status": status, "computed": None, "note": note, "author": author,
            "written_at": _moment(month, 3 + number % 5), "based_on": last.get((kpi, month)),
            "drivers": json.dumps([{"kpi_id": k, "verdict": v} for k, v in sorted(drivers.items())])})
        last[(kpi, month)] = written.inserted_primary_key[0]
