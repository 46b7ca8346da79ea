"""Minimal companies for the customer analytics' tests: customers and orders only, written as rows by hand (seeded
random gaps), with unit costs, managers, tickets or churn dates added on request; and the facts the tests
recompute from these rows alone (never from the code under test)."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, timedelta

from metrics.base.store import Store
from tests.metrics.stores import tiny_store

START = date(2024, 1, 1)


@dataclass
class Company:
    """Rows of a small company: ``orders`` as (order id, customer id, day), one line per order."""

    customers: list[int] = field(default_factory=list)
    acquired: dict[int, date] = field(default_factory=dict)
    orders: list[tuple[int, int, date]] = field(default_factory=list)
    churned: dict[int, date] = field(default_factory=dict)
    managers: dict[int, int] = field(default_factory=dict)  # customer -> employee
    unit_cost: float | None = None  # every line's cost (None: unknown)
    costed_orders: set[int] | None = None  # only these orders' lines have the cost (None: all of them)
    tickets: list[tuple[int, date]] = field(default_factory=list)  # (customer, day)
    settings: dict[str, str] = field(default_factory=dict)

    def days(self, customer: int) -> list[date]:
        return sorted({d for _, c, d in self.orders if c == customer})

    @property
    def data_end(self) -> date:
        return max(d for _, _, d in self.orders)

    def statements(self) -> list[str]:
        out = ["INSERT INTO product (id, name, category) VALUES (1, 'Widget', 'parts')"]
        employees = sorted(set(self.managers.values()))
        out += [f"INSERT INTO employee (id, name) VALUES ({e}, 'E{e}')" for e in employees]
        for c in self.customers:
            churned = f"DATE '{self.churned[c]}'" if c in self.churned else "NULL"
            manager = self.managers.get(c, "NULL")
            out.append(f"INSERT INTO customer (id, name, acquired_on, churned_on, manager_id) VALUES "
                       f"({c}, 'C{c}', DATE '{self.acquired[c]}', {churned}, {manager})")
        for order_id, c, day in self.orders:
            costed = self.unit_cost is not None and (self.costed_orders is None or order_id in self.costed_orders)
            cost = self.unit_cost if costed else "NULL"
            out.append(f"INSERT INTO sales_order (id, customer_id, ordered_on) VALUES ({order_id}, {c}, DATE '{day}')")
            out.append(f"INSERT INTO order_line (id, order_id, product_id, quantity, unit_price, unit_cost, discount) "
                       f"VALUES ({order_id}, {order_id}, 1, 2, 50, {cost}, 0)")
        for k, (c, day) in enumerate(self.tickets, start=1):
            out.append(f"INSERT INTO service_ticket (id, customer_id, category, channel, opened_at, handling_cost) "
                       f"VALUES ({k}, {c}, 'how_to', 'phone', TIMESTAMP '{day} 09:00:00', 40)")
        out += [f"INSERT INTO dataset_info (key, value) VALUES ('{k}', '{v}')" for k, v in self.settings.items()]
        return out

    def store(self, **kwargs) -> Store:
        return tiny_store(*self.statements(), **kwargs)


def rhythmic(*, customers: int = 30, seed: int = 3, months: int = 24, one_timers: int = 5) -> Company:
    """Customers buying at their own pace (a usual gap of 10 to 120 days) for a while and then, for some,
    stopping; plus ``one_timers`` who bought once. Acquired on their first order."""
    rng = random.Random(seed)
    co = Company()
    end = START + timedelta(days=30 * months)
    order_id = 0
    for c in range(1, customers + one_timers + 1):
        first = START + timedelta(days=rng.randint(0, 200))
        co.customers.append(c)
        co.acquired[c] = first
        if c > customers:  # bought once
            order_id += 1
            co.orders.append((order_id, c, first))
            continue
        pace = rng.randint(10, 120)
        stop = first + timedelta(days=rng.randint(100, 30 * months))  # some stop long before the end
        day = first
        while day <= min(stop, end):
            order_id += 1
            co.orders.append((order_id, c, day))
            day += timedelta(days=max(1, int(rng.gauss(pace, pace / 4))))
    return co


def median(values: list[float]) -> float:
    ordered = sorted(values)
    mid = len(ordered) // 2
    return float(ordered[mid]) if len(ordered) % 2 else (ordered[mid - 1] + ordered[mid]) / 2


def percentile(values: list[float], q: float) -> float:
    """Linear interpolation between closest ranks (numpy's default), written out."""
    ordered = sorted(values)
    position = q * (len(ordered) - 1)
    low = int(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)
