"""A small company written row by row with plain Python (seeded ``random``), for oracle tests.

18 months of data (2024-01 .. 2025-06), 40 customers, a handful of staff. Rows respect the
demo's rules (orders, tickets and contacts only while a customer is alive), so the oracle in
``oracle.py`` can compute every KPI from these lists alone.
"""

import random
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

from data import models

FIRST = date(2024, 1, 1)
LAST = date(2025, 6, 30)
REGIONS = ["East", "West", "North"]
CHANNELS = ["direct", "online"]
INDUSTRIES = ["mining", "logistics"]
CATEGORIES = ["machine", "parts", "service"]


@dataclass
class Company:
    employees: list = field(default_factory=list)
    customers: list = field(default_factory=list)
    products: list = field(default_factory=list)
    orders: list = field(default_factory=list)
    lines: list = field(default_factory=list)
    tickets: list = field(default_factory=list)
    surveys: list = field(default_factory=list)
    campaigns: list = field(default_factory=list)
    contacts: list = field(default_factory=list)
    leads: list = field(default_factory=list)
    opportunities: list = field(default_factory=list)
    stage_changes: list = field(default_factory=list)
    training: list = field(default_factory=list)
    staff_surveys: list = field(default_factory=list)
    activity: list = field(default_factory=list)

    def groups(self) -> list[list]:
        """Row lists, parents before children."""
        return [self.employees, self.customers, self.products, self.orders, self.lines, self.tickets,
                self.surveys, self.campaigns, self.contacts, self.leads, self.opportunities,
                self.stage_changes, self.training, self.staff_surveys, self.activity]


def _day(rng: random.Random, low: date, high: date) -> date:
    return low + timedelta(days=rng.randint(0, (high - low).days))


def _stamp(day: date, hours: float) -> datetime:
    return datetime(day.year, day.month, day.day, 9, tzinfo=UTC) + timedelta(hours=hours)


def _money(value: float) -> Decimal:
    return Decimal(f"{value:.2f}")


def build_company(seed: int = 5) -> Company:
    rng = random.Random(seed)
    co = Company()
    roles = ["account_manager"] * 3 + ["sales_rep"] * 2 + ["service_engineer"] * 2 + ["marketing"]
    for i, role in enumerate(roles, start=1):
        left = date(2025, 3, 15) if i == 2 else (date(2024, 9, 10) if i == 7 else None)
        co.employees.append(models.Employee(
            id=i, name=f"E{i}", role=role, department="sales", region=REGIONS[i % 3],
            customer_facing=role != "marketing", hired_on=date(2023, 1, 1) if i != 5 else date(2024, 5, 20),
            left_on=left))
    for k, category in enumerate(["machine", "parts", "parts", "service", "machine"], start=1):
        price = [90000, 300, 800, 2500, 150000][k - 1]
        co.products.append(models.Product(id=k, name=f"P{k}", category=category, list_price=_money(price),
                                          unit_cost=_money(price * 0.6)))
    for c in range(1, 41):
        acquired = _day(rng, date(2022, 6, 1), date(2025, 5, 31))
        churned = _day(rng, max(acquired + timedelta(days=40), FIRST), LAST) if rng.random() < 0.3 else None
        if churned is not None and churned <= acquired:
            churned = None
        co.customers.append(models.Customer(
            id=c, name=f"C{c}", region=rng.choice(REGIONS), channel=rng.choice(CHANNELS),
            industry=rng.choice(INDUSTRIES), type="sme", acquired_on=acquired,
            acquisition_cost=_money(rng.uniform(500, 5000)),
            manager_id=rng.choice([1, 2, 3, None]), referred_by_id=rng.randint(1, c - 1) if c > 3 and
            rng.random() < 0.2 else None, churned_on=churned,
            contact_name="x" if rng.random() < 0.7 else None, email="y" if rng.random() < 0.5 else None,
            phone="z" if rng.random() < 0.6 else None, city="w" if rng.random() < 0.8 else None))
    order_id = line_id = ticket_id = 0
    for cust in co.customers:
        start, end = max(cust.acquired_on, FIRST), min(cust.churned_on or LAST, LAST)
        if start > end:
            continue
        for _ in range(rng.randint(0, 9)):
            order_id += 1
            day = _day(rng, start, end)
            promised = day + timedelta(days=rng.randint(2, 20))
            delivered = promised + timedelta(days=rng.randint(-3, 6))
            co.orders.append(models.SalesOrder(
                id=order_id, customer_id=cust.id, ordered_on=day, channel=cust.channel,
                sales_rep_id=rng.choice([4, 5]), promised_on=promised,
                delivered_on=delivered if delivered <= LAST else None))
            for _ in range(rng.randint(1, 3)):
                line_id += 1
                product = rng.choice(co.products)
                co.lines.append(models.OrderLine(
                    id=line_id, order_id=order_id, product_id=product.id, quantity=rng.randint(1, 4),
                    unit_price=product.list_price, unit_cost=product.unit_cost,
                    discount=Decimal(f"{rng.choice([0, 0.05, 0.1, 0.125, 0.2]):.4f}")))
        for _ in range(rng.randint(0, 5)):
            ticket_id += 1
            opened_day = _day(rng, start, end)
            opened = _stamp(opened_day, rng.uniform(0, 8))
            category = rng.choice(["complaint", "repair", "how_to", "maintenance"])
            response = opened + timedelta(hours=rng.uniform(0.5, 30))
            resolved = response + timedelta(hours=rng.uniform(1, 100)) if rng.random() < 0.85 else None
            if resolved is not None and resolved.date() > LAST:
                resolved = None
            co.tickets.append(models.ServiceTicket(
                id=ticket_id, customer_id=cust.id, engineer_id=6, category=category, channel="phone",
                opened_at=opened, first_response_at=response if response.date() <= LAST else None,
                resolved_at=resolved, promised_at=opened + timedelta(hours=48),
                csat=rng.randint(1, 5) if resolved else None, handling_cost=_money(rng.uniform(100, 3000))))
        for k in range(rng.randint(0, 3)):
            co.surveys.append(models.SurveyResponse(
                id=len(co.surveys) + 1, customer_id=cust.id, responded_on=_day(rng, start, end),
                nps=rng.randint(0, 10), csat=rng.randint(1, 5)))
            del k
    plan = [("retention", 4000, date(2024, 2, 3)), ("cross_sell", 9000, date(2024, 7, 3)),
            ("acquisition", 20000, date(2024, 12, 3)), ("retention", 3000, date(2025, 2, 10))]
    for g, (purpose, spend, launched) in enumerate(plan, 1):
        co.campaigns.append(models.Campaign(id=g, name=f"G{g}", channel="email", purpose=purpose, started_on=launched,
                                            ended_on=launched + timedelta(days=60), spend=_money(spend)))
        for cust in co.customers:
            alive_from, alive_to = max(cust.acquired_on, FIRST), min(cust.churned_on or LAST, LAST)
            day = launched + timedelta(days=rng.randint(0, 50))
            if alive_from <= day <= alive_to and rng.random() < 0.5:
                converted = rng.random() < 0.3
                co.contacts.append(models.CampaignContact(
                    id=len(co.contacts) + 1, campaign_id=g, customer_id=cust.id, contacted_on=day,
                    responded=converted or rng.random() < 0.2, converted=converted,
                    revenue=_money(rng.uniform(1000, 20000)) if converted else Decimal("0")))
    stages = ["prospecting", "qualification", "proposal", "negotiation"]
    for n in range(1, 31):
        created = _day(rng, FIRST, date(2025, 6, 20))
        customer = next((c for c in co.customers if c.acquired_on > created and c.id == n), None)
        co.leads.append(models.Lead(
            id=n, source="web", region=rng.choice(REGIONS), channel=rng.choice(CHANNELS),
            industry=rng.choice(INDUSTRIES), created_on=created, qualified=True,
            converted_customer_id=customer.id if customer else None,
            converted_on=customer.acquired_on if customer else None))
        closed = created + timedelta(days=rng.randint(5, 120))
        status = "won" if customer else ("lost" if rng.random() < 0.6 else "open")
        if customer:
            closed = customer.acquired_on
        if closed > LAST:
            status = "open"
        co.opportunities.append(models.Opportunity(
            id=n, lead_id=n, customer_id=customer.id if customer else None, owner_id=rng.choice([1, 4]),
            created_on=created, closed_on=None if status == "open" else closed,
            stage=status if status != "open" else "proposal", status=status, amount=_money(10000)))
        day = created
        for k, stage in enumerate(stages[: rng.randint(1, 4)]):
            co.stage_changes.append(models.OpportunityStageChange(
                id=len(co.stage_changes) + 1, opportunity_id=n, changed_on=day,
                from_stage=stages[k - 1] if k else None, to_stage=stage))
            day = min(day + timedelta(days=rng.randint(1, 30)), LAST)
    for emp in co.employees:
        for _ in range(rng.randint(1, 5)):
            co.training.append(models.TrainingRecord(
                id=len(co.training) + 1, employee_id=emp.id, course="CRM", completed_on=_day(rng, FIRST, LAST),
                hours=Decimal(rng.choice(["2.0", "4.0", "7.5"]))))
        for _ in range(4):
            co.staff_surveys.append(models.EmployeeSurvey(
                id=len(co.staff_surveys) + 1, employee_id=emp.id, surveyed_on=_day(rng, FIRST, LAST),
                goal_alignment=rng.randint(1, 5), engagement=3, knowledge_sharing=3))
        for _ in range(60):
            day = _day(rng, FIRST, LAST)
            if day < emp.hired_on or (emp.left_on and day >= emp.left_on):
                continue
            kind = rng.choice(["login", "login", "call", "visit", "email", "note"])
            co.activity.append(models.CrmActivity(
                id=len(co.activity) + 1, employee_id=emp.id, customer_id=None, occurred_on=day, kind=kind))
    return co
