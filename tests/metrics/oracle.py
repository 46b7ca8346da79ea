"""Every KPI computed again in plain Python over the fixture's row lists, from its definition.

Each oracle takes (company, start, end, region) — ``end`` exclusive, ``region`` None for all — and
returns a float (NaN where the KPI has no value). No SQL, no pandas: loops and sums.
"""

import math
import statistics
from datetime import date, timedelta

from metrics.base.filters import add_months

NAN = math.nan


def div(a, b, scale=1.0):
    return float(a) / float(b) * scale if b else NAN


def month_of(day: date) -> date:
    return date(day.year, day.month, 1)


class View:
    """The fixture seen through a region or a manager filter, with the lookups the oracles need."""

    def __init__(self, co, region=None, manager=None):
        self.co = co
        self.region = region
        self.manager = manager
        self.customer = {c.id: c for c in co.customers}
        self.product = {p.id: p for p in co.products}
        self.order = {o.id: o for o in co.orders}
        self.employee = {e.id: e for e in co.employees}
        self.lead = {x.id: x for x in co.leads}
        months = [month_of(o.ordered_on) for o in co.orders]
        self.first_month, self.last_month = min(months), max(months)
        contacts_per_campaign = {}
        for k in co.contacts:
            contacts_per_campaign[k.campaign_id] = contacts_per_campaign.get(k.campaign_id, 0) + 1
        campaign = {g.id: g for g in co.campaigns}
        self.contact_spend = {k.id: float(campaign[k.campaign_id].spend) / contacts_per_campaign[k.campaign_id]
                              for k in co.contacts}
        self.contact_purpose = {k.id: campaign[k.campaign_id].purpose for k in co.contacts}

    def ok(self, customer_id) -> bool:
        return self.keep(self.customer[customer_id])

    def keep(self, customer) -> bool:
        return ((self.region is None or customer.region == self.region)
                and (self.manager is None or customer.manager_id == self.manager))

    def customers(self):
        return [c for c in self.co.customers if self.keep(c)]

    def lines(self, s, e):
        out = []
        for line in self.co.lines:
            order = self.order[line.order_id]
            if s <= order.ordered_on < e and self.ok(order.customer_id):
                out.append((line, order))
        return out

    def tickets(self, s, e):
        return [t for t in self.co.tickets if s <= t.opened_at.date() < e and self.ok(t.customer_id)]

    def contacts(self, s, e):
        return [k for k in self.co.contacts if s <= k.contacted_on < e and self.ok(k.customer_id)]

    def staff(self):
        return [x for x in self.co.employees if (self.region is None or x.region == self.region)
                and (self.manager is None or x.id == self.manager)]


def net(line):
    return line.quantity * line.unit_price * (1 - line.discount)


def margin(line):
    return net(line) - line.quantity * line.unit_cost


def revenue(v, s, e):
    return float(sum((net(line) for line, _ in v.lines(s, e)), 0))


def year_before(day):
    return add_months(day, -12)


def growth(now, before):
    return div(now - before, abs(before)) if before else NAN


def gross_margin(v, s, e):
    return float(sum((margin(line) for line, _ in v.lines(s, e)), 0))


def is_new(v, order):
    return order.ordered_on < v.customer[order.customer_id].acquired_on + timedelta(days=365)


def new_revenue(v, s, e):
    return float(sum((net(line) for line, order in v.lines(s, e) if is_new(v, order)), 0))


def existing_revenue(v, s, e):
    return float(sum((net(line) for line, order in v.lines(s, e) if not is_new(v, order)), 0))


def active(v, s, e):
    return [c for c in v.customers() if c.acquired_on < e and (c.churned_on is None or c.churned_on >= s)]


def alive_end(v, e):
    return [c for c in v.customers() if c.acquired_on < e and (c.churned_on is None or c.churned_on >= e)]


def new_customers(v, s, e):
    return [c for c in v.customers() if s <= c.acquired_on < e]


def grid_alive(v, customer, month):
    start = max(month_of(customer.acquired_on), v.first_month)
    end = min(month_of(customer.churned_on) if customer.churned_on else v.last_month, v.last_month)
    return start <= month <= end


def trailing(v, e):
    """Per customer alive in the last month: (revenue, margin, orders, cost) over 12 months."""
    last = min(add_months(e, -1), v.last_month)
    window_start = add_months(last, -11)
    window_end = add_months(last, 1)
    out = {}
    for c in v.customers():
        if not grid_alive(v, c, last):
            continue
        lines = [(line, o) for line, o in v.lines(window_start, window_end) if o.customer_id == c.id]
        cost = sum(float(t.handling_cost) for t in v.tickets(window_start, window_end) if t.customer_id == c.id)
        cost += sum(v.contact_spend[k.id] for k in v.contacts(window_start, window_end) if k.customer_id == c.id)
        out[c.id] = (float(sum((net(x) for x, _ in lines), 0)), float(sum((margin(x) for x, _ in lines), 0)),
                     len({o.id for _, o in lines}), cost)
    return out


def profits(v, e):
    return {cid: m - cost for cid, (_, m, _, cost) in trailing(v, e).items()}


def top20(v, s, e):
    profit = profits(v, e)
    ranked = sorted(profit.items(), key=lambda kv: (-kv[1], kv[0]))
    total = sum(profit.values())
    top = sum(p for _, p in ranked[: math.ceil(0.2 * len(ranked))])
    return div(top, total) if total > 0 else NAN


def top_tier(v, s, e):
    t = trailing(v, e)
    ranked = sorted(t.items(), key=lambda kv: (-kv[1][1], kv[0]))
    positive = sum(max(m, 0) for _, (_, m, _, _) in ranked)
    before, tier_a = 0.0, 0.0
    for _, (rev, m, _, _) in ranked:
        if before < 0.8 * positive and m > 0:
            tier_a += rev
        before += max(m, 0)
    return div(tier_a, sum(rev for rev, _, _, _ in t.values()))


def campaign_sums(v, s, e, *, existing_only):
    picked = [k for k in v.contacts(s, e) if not existing_only or v.contact_purpose[k.id] != "acquisition"]
    return sum(float(k.revenue) for k in picked), sum(v.contact_spend[k.id] for k in picked), picked


def campaign_window(s, e):
    """Campaign KPIs count the contacts of the 3 months to the period's end (the period when longer)."""
    return min(s, add_months(e, -3)), e


def marketing_roi(v, s, e):
    attributed, spend, _ = campaign_sums(v, *campaign_window(s, e), existing_only=False)
    rate = div(gross_margin(v, s, e), revenue(v, s, e))
    return div(attributed * rate - spend, spend)


def cost_to_serve(v, s, e):
    _, spend, _ = campaign_sums(v, s, e, existing_only=True)
    return div(sum(float(t.handling_cost) for t in v.tickets(s, e)) + spend, len(active(v, s, e)))


def at_start(v, s):
    return [c for c in v.customers() if c.acquired_on < s and (c.churned_on is None or c.churned_on >= s)]


def retained(v, s, e):
    return [c for c in at_start(v, s) if c.churned_on is None or c.churned_on >= e]


def repeat_rate(v, s, e):
    t = trailing(v, e)
    buyers = [x for x in t.values() if x[2] >= 1]
    return div(sum(1 for x in buyers if x[2] >= 2), len(buyers))


def surveys(v, s, e):
    return [r for r in v.co.surveys if s <= r.responded_on < e and v.ok(r.customer_id)]


def nps(v, s, e):
    answers = surveys(v, s, e)
    return div(sum(1 for r in answers if r.nps >= 9) - sum(1 for r in answers if r.nps <= 6), len(answers), 100)


def categories(v, s, e):
    pairs = {(o.customer_id, v.product[line.product_id].category) for line, o in v.lines(s, e)}
    return div(len(pairs), len({o.customer_id for _, o in v.lines(s, e)}))


def lead_ok(v, lead) -> bool:
    """Leads follow the region filter; they have no owner, so a manager filter matches none."""
    return v.manager is None and (v.region is None or lead.region == v.region)


def leads(v, s, e):
    return [x for x in v.co.leads if s <= x.created_on < e and lead_ok(v, x)]


def opportunities(v):
    return [o for o in v.co.opportunities if (v.region is None or v.lead[o.lead_id].region == v.region)
            and (v.manager is None or o.owner_id == v.manager)]


def closed(v, s, e, status):
    return [o for o in opportunities(v) if o.closed_on and s <= o.closed_on < e and o.status == status]


def advance_share(v, s, e):
    open_end = [o for o in opportunities(v) if o.created_on < e and (o.closed_on is None or o.closed_on >= e)]
    moved = [o for o in open_end if any(c.opportunity_id == o.id and e - timedelta(days=7) <= c.changed_on < e
                                        for c in v.co.stage_changes)]
    return div(len(moved), len(open_end))


def median_response(v, s, e):
    hours = [(t.first_response_at - t.opened_at).total_seconds() / 3600 for t in v.tickets(s, e)
             if t.first_response_at is not None]
    return statistics.median(hours) if hours else NAN


def complaint_days(v, s, e):
    days = [(t.resolved_at - t.opened_at).total_seconds() / 86400 for t in v.tickets(s, e)
            if t.category == "complaint" and t.resolved_at is not None]
    return statistics.mean(days) if days else NAN


def cross_sell(v, s, e):
    first_cat, first_any = {}, {}
    for line in v.co.lines:
        order = v.order[line.order_id]
        key = (order.customer_id, v.product[line.product_id].category)
        m = month_of(order.ordered_on)
        first_cat[key] = min(first_cat.get(key, m), m)
        first_any[order.customer_id] = min(first_any.get(order.customer_id, m), m)
    buyers = {o.customer_id for _, o in v.lines(s, e)}
    crossed = {cid for (cid, _), m in first_cat.items() if s <= m < e and m > first_any[cid]}
    return div(len(buyers & crossed), len(buyers))


def price_spread(v, s, e):
    cells = {}
    for line, order in v.lines(s, e):
        cells.setdefault((line.product_id, month_of(order.ordered_on)), []).append(
            float(line.unit_price * (1 - line.discount)))
    weighted = [(statistics.pstdev(p) / statistics.mean(p), len(p)) for p in cells.values() if len(p) >= 2]
    return div(sum(cv * n for cv, n in weighted), sum(n for _, n in weighted))


def facing_employed(v, s, e):
    return [x for x in v.staff() if x.customer_facing and x.hired_on < e and (x.left_on is None or x.left_on >= s)]


def adoption(v, s, e):
    last_activity = max(a.occurred_on for a in v.co.activity)
    monday = s + timedelta(days=(7 - s.weekday()) % 7)
    employed = active_weeks = 0
    while monday < e and monday <= last_activity:
        for x in v.staff():
            if x.customer_facing and x.hired_on <= monday and (x.left_on is None or x.left_on > monday):
                employed += 1
                active_weeks += any(a.employee_id == x.id and a.kind == "login" and
                                    monday <= a.occurred_on < monday + timedelta(days=7) for a in v.co.activity)
        monday += timedelta(days=7)
    return div(active_weeks, employed)


def activity(v, s, e, kinds):
    facing = {x.id for x in v.staff() if x.customer_facing}
    return sum(1 for a in v.co.activity if a.employee_id in facing and s <= a.occurred_on < e and a.kind in kinds)


def completeness(v, e):
    alive = alive_end(v, e)
    filled = [sum(x is not None for x in (c.contact_name, c.email, c.phone, c.city)) / 4 for c in alive]
    return statistics.mean(filled) if filled else NAN


def unowned(v, e):
    alive = alive_end(v, e)
    none = [c for c in alive if c.manager_id is None or (v.employee[c.manager_id].left_on is not None
                                                          and v.employee[c.manager_id].left_on < e)]
    return div(len(none), len(alive))


def alignment(v, s, e):
    staff = {x.id for x in v.staff()}
    answers = [a.goal_alignment for a in v.co.staff_surveys if a.employee_id in staff and s <= a.surveyed_on < e]
    return statistics.mean(answers) if answers else NAN


def turnover(v, s, e):
    staff = v.staff()
    start = [x for x in staff if x.hired_on < s and (x.left_on is None or x.left_on >= s)]
    return div(sum(1 for x in staff if x.left_on and s <= x.left_on < e), len(start))


ORACLES = {
    "revenue": revenue,
    "revenue_growth": lambda v, s, e: growth(revenue(v, s, e), revenue(v, year_before(s), year_before(e))),
    "gross_margin": gross_margin,
    "gross_margin_pct": lambda v, s, e: div(gross_margin(v, s, e), revenue(v, s, e)),
    "new_customer_revenue": new_revenue,
    "new_customer_revenue_share": lambda v, s, e: div(new_revenue(v, s, e), revenue(v, s, e)),
    "existing_revenue_growth": lambda v, s, e: growth(existing_revenue(v, s, e),
                                                      existing_revenue(v, year_before(s), year_before(e))),
    "revenue_per_active_customer": lambda v, s, e: div(revenue(v, s, e), len(active(v, s, e))),
    "customer_acquisition_cost": lambda v, s, e: div(sum(float(c.acquisition_cost) for c in new_customers(v, s, e)),
                                                     len(new_customers(v, s, e))),
    "cost_to_serve": cost_to_serve,
    "unprofitable_customer_share": lambda v, s, e: div(sum(1 for p in profits(v, e).values() if p < 0),
                                                       len(profits(v, e))),
    "top20_profit_share": top20,
    "marketing_roi": marketing_roi,
    "active_customers": lambda v, s, e: float(len(active(v, s, e))),
    "new_customers": lambda v, s, e: float(len(new_customers(v, s, e))),
    "retention_rate": lambda v, s, e: div(len(retained(v, s, e)), len(at_start(v, s))),
    "churn_rate": lambda v, s, e: div(len(at_start(v, s)) - len(retained(v, s, e)), len(at_start(v, s))),
    "repeat_purchase_rate": repeat_rate,
    "average_csat": lambda v, s, e: statistics.mean([r.csat for r in surveys(v, s, e)]) if surveys(v, s, e) else NAN,
    "net_promoter_score": nps,
    "complaints_per_100": lambda v, s, e: div(sum(1 for t in v.tickets(s, e) if t.category == "complaint"),
                                              len(active(v, s, e)), 100),
    "categories_per_customer": categories,
    "referrals": lambda v, s, e: float(sum(1 for c in new_customers(v, s, e) if c.referred_by_id is not None)),
    "top_tier_revenue_share": top_tier,
    "lead_conversion_rate": lambda v, s, e: div(
        sum(1 for x in leads(v, add_months(s, -4), add_months(e, -4)) if x.converted_on and x.converted_on < e),
        len(leads(v, add_months(s, -4), add_months(e, -4)))),
    "lead_to_customer_days": lambda v, s, e: statistics.mean(
        [(x.converted_on - x.created_on).days for x in v.co.leads if x.converted_on and s <= x.converted_on < e
         and lead_ok(v, x)] or [NAN]),
    "opportunity_win_rate": lambda v, s, e: div(len(closed(v, s, e, "won")),
                                                len(closed(v, s, e, "won")) + len(closed(v, s, e, "lost"))),
    "sales_cycle_days": lambda v, s, e: statistics.mean(
        [(o.closed_on - o.created_on).days for o in closed(v, s, e, "won")] or [NAN]),
    "pipeline_advance_share": advance_share,
    "first_response_hours": median_response,
    "tickets_within_promise": lambda v, s, e: div(
        sum(1 for t in v.tickets(s, e) if t.resolved_at and t.resolved_at <= t.promised_at),
        sum(1 for t in v.tickets(s, e) if t.resolved_at)),
    "on_time_delivery": lambda v, s, e: div(
        sum(1 for o in v.co.orders if s <= o.ordered_on < e and v.ok(o.customer_id) and o.delivered_on
            and o.delivered_on <= o.promised_on),
        sum(1 for o in v.co.orders if s <= o.ordered_on < e and v.ok(o.customer_id) and o.delivered_on)),
    "complaint_resolution_rate": lambda v, s, e: div(
        sum(1 for t in v.tickets(s, e) if t.category == "complaint" and t.resolved_at),
        sum(1 for t in v.tickets(s, e) if t.category == "complaint")),
    "complaint_resolution_days": complaint_days,
    "avoidable_ticket_share": lambda v, s, e: div(sum(1 for t in v.tickets(s, e) if t.category == "how_to"),
                                                  len(v.tickets(s, e))),
    "cross_sell_rate": cross_sell,
    "campaign_response_rate": lambda v, s, e: div(sum(1 for k in v.contacts(*campaign_window(s, e)) if k.responded),
                                                  len(v.contacts(*campaign_window(s, e)))),
    "campaign_roi": lambda v, s, e: (lambda r, sp, _: div(r - sp, sp))(
        *campaign_sums(v, *campaign_window(s, e), existing_only=True)),
    "price_spread": price_spread,
    "training_hours_per_employee": lambda v, s, e: div(
        sum(float(t.hours) for t in v.co.training if s <= t.completed_on < e
            and t.employee_id in {x.id for x in facing_employed(v, s, e)} | {x.id for x in v.staff()
                                                                             if x.customer_facing}),
        len(facing_employed(v, s, e))),
    "crm_adoption": adoption,
    "data_completeness": lambda v, s, e: completeness(v, e),
    "unowned_customer_share": lambda v, s, e: unowned(v, e),
    "goal_alignment": alignment,
    "notes_per_100_interactions": lambda v, s, e: div(activity(v, s, e, {"note"}),
                                                      activity(v, s, e, {"call", "visit", "email"}), 100),
    "staff_turnover": turnover,
}
