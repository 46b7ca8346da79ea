"""What the build's steps share: the generator, the open transaction and the tables drawn so far."""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
from sqlalchemy import Connection, Table

from data.bulk import bulk_insert
from data.demo.columns import Columns
from data.demo.company import DemoSize


@dataclass
class DemoState:
    """Filled in step by step; a step reads only what earlier steps left here."""

    conn: Connection
    seed: int
    size: DemoSize
    rng: np.random.Generator
    counts: dict[str, int] = field(default_factory=dict)  # rows written per table, in writing order
    employees: Columns = field(default_factory=dict)
    crm_training: Columns = field(default_factory=dict)  # CRM course sessions: employee_id, completed_on, hours
    # besides its table's columns: acquired_month, sales_rep_id, and from the service simulation
    # churn_month and satisfaction (customer x month)
    customers: Columns = field(default_factory=dict)
    owner_changes: Columns = field(default_factory=dict)
    products: Columns = field(default_factory=dict)
    # the service simulation draws the tickets month by month; they are written once customers are
    ticket_draws: Columns = field(default_factory=dict)
    orders: Columns = field(default_factory=dict)  # customer_index, ordered_on, revenue, margin
    campaigns: Columns = field(default_factory=dict)  # id, channel

    def write(self, table: Table, columns: Mapping[str, np.ndarray | Sequence]) -> None:
        self.counts[table.name] = bulk_insert(self.conn, table, columns)
