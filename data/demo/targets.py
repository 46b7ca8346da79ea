"""Default KPI targets: fixed ones for rates, size-dependent ones derived from the first year of data."""

import numpy as np
from sqlalchemy import insert

from data import models
from data.demo.company import START, month_start
from data.demo.state import DemoState

# Default KPI targets per month: kpi_id -> (target, baseline, amber threshold, weight); rates as
# fractions. Baselines are where the company stood before its CRM program, targets what the
# program promised. Targets of absolute KPIs (revenue, counts) depend on the company's size:
# ``size_targets`` derives them from the first year of generated data.
DEFAULT_TARGETS: dict[str, tuple[float, float, float, float]] = {
    "revenue_growth": (0.30, 0.10, 0.5, 2.0),
    "gross_margin_pct": (0.24, 0.20, 0.5, 1.0),
    "new_customer_revenue_share": (0.35, 0.30, 0.5, 1.0),
    "existing_revenue_growth": (0.20, 0.05, 0.5, 2.0),
    "customer_acquisition_cost": (10_000.0, 13_000.0, 0.5, 1.0),
    "cost_to_serve": (120.0, 150.0, 0.5, 1.0),
    "unprofitable_customer_share": (0.12, 0.20, 0.4, 1.0),
    "top20_profit_share": (0.75, 0.85, 0.5, 1.0),
    "marketing_roi": (3.0, 1.0, 0.5, 1.0),
    "retention_rate": (0.992, 0.985, 0.5, 2.0),
    "churn_rate": (0.008, 0.015, 0.5, 1.0),
    "repeat_purchase_rate": (0.80, 0.74, 0.5, 1.0),
    "average_csat": (4.2, 3.8, 0.5, 2.0),
    "net_promoter_score": (35.0, 15.0, 0.5, 2.0),
    "complaints_per_100": (1.5, 2.5, 0.5, 1.0),
    "categories_per_customer": (2.5, 2.1, 0.5, 1.0),
    "top_tier_revenue_share": (0.75, 0.70, 0.5, 1.0),
    "lead_conversion_rate": (0.30, 0.20, 0.5, 1.0),
    "lead_to_customer_days": (45.0, 60.0, 0.5, 1.0),
    "opportunity_win_rate": (0.60, 0.50, 0.5, 1.0),
    "sales_cycle_days": (45.0, 55.0, 0.5, 1.0),
    "pipeline_advance_share": (0.40, 0.25, 0.5, 1.0),
    "first_response_hours": (4.0, 8.0, 0.5, 2.0),
    "tickets_within_promise": (0.80, 0.60, 0.5, 1.0),
    "on_time_delivery": (0.95, 0.85, 0.5, 1.0),
    "complaint_resolution_rate": (0.98, 0.90, 0.5, 1.0),
    "complaint_resolution_days": (1.5, 2.0, 0.5, 1.0),
    "avoidable_ticket_share": (0.20, 0.30, 0.5, 1.0),
    "cross_sell_rate": (0.25, 0.15, 0.5, 1.0),
    "campaign_response_rate": (0.08, 0.05, 0.5, 1.0),
    "campaign_roi": (5.0, 2.0, 0.5, 1.0),
    "price_spread": (0.06, 0.12, 0.5, 1.0),
    "training_hours_per_employee": (2.0, 0.5, 0.5, 1.0),
    "crm_adoption": (0.85, 0.35, 0.3, 2.0),
    "data_completeness": (0.80, 0.45, 0.3, 2.0),
    "unowned_customer_share": (0.05, 0.20, 0.5, 1.0),
    "goal_alignment": (4.0, 2.8, 0.5, 1.0),
    "notes_per_100_interactions": (50.0, 10.0, 0.5, 1.0),
    "staff_turnover": (0.008, 0.015, 0.5, 1.0),
}



def size_targets(state: DemoState) -> dict[str, tuple[float, float, float, float]]:
    """Targets of absolute KPIs: baseline the first 12 months' monthly mean, target a growth on it."""
    c, orders = state.customers, state.orders
    revenue_by_order, margin_by_order = orders["revenue"], orders["margin"]
    month = (orders["ordered_on"].astype("datetime64[M]") - START.astype("datetime64[M]")).astype(np.int64)
    first_year = month < 12
    new = orders["ordered_on"] < c["acquired_on"][orders["customer_index"]] + 365
    revenue = revenue_by_order[first_year].sum() / 12
    acquired = (c["acquired_on"] >= START) & (c["acquired_on"] < month_start(12))
    active = ((c["acquired_on"] < month_start(1)) & (np.isnat(c["churned_on"]) | (c["churned_on"] >= START))).sum()
    referred = acquired & ~np.isnan(c["referred_by_id"])
    return {
        "revenue": (round(revenue * 1.6, -3), round(revenue, -3), 0.3, 2.0),
        "gross_margin": (round(margin_by_order[first_year].sum() / 12 * 1.7, -3),
                         round(margin_by_order[first_year].sum() / 12, -3), 0.3, 2.0),
        "new_customer_revenue": (round(revenue_by_order[first_year & new].sum() / 12 * 1.6, -3),
                                 round(revenue_by_order[first_year & new].sum() / 12, -3), 0.3, 1.0),
        "revenue_per_active_customer": (round(revenue / active * 1.1), round(revenue / active), 0.5, 1.0),
        "active_customers": (round(active * 1.9), float(active), 0.3, 1.0),
        "new_customers": (round(acquired.sum() / 12 * 1.5, 1), round(acquired.sum() / 12, 1), 0.3, 1.0),
        "referrals": (round(referred.sum() / 12 * 1.5, 1), round(referred.sum() / 12, 1), 0.5, 1.0),
    }


def write_targets(state: DemoState) -> None:
    targets = {**DEFAULT_TARGETS, **size_targets(state)}
    state.conn.execute(insert(models.KpiTarget.__table__), [
        {"kpi_id": k, "target": float(t), "baseline": float(b), "threshold": th, "weight": w}
        for k, (t, b, th, w) in targets.items()
    ])
