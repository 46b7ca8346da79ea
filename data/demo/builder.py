"""Builds the demo company (``company``) into a database: the steps below, in order, over one ``DemoState``."""

from collections.abc import Callable

import numpy as np
from sqlalchemy import Engine, delete, insert

from data import db, models
from data.demo import customers, initiatives, marketing, people, pipeline, program, review, sales, service, targets
from data.demo.company import DESCRIPTION, DESCRIPTION_ZH, GO_LIVE, DemoSize
from data.demo.state import DemoState


def write_dataset_info(state: DemoState) -> None:
    conn = state.conn
    conn.execute(delete(models.DatasetInfo.__table__))
    conn.execute(insert(models.DatasetInfo.__table__), [
        {"key": "description", "value": DESCRIPTION},
        {"key": "description_zh", "value": DESCRIPTION_ZH},
        {"key": "source", "value": "demo"},
        {"key": "seed", "value": str(state.seed)},
        {"key": "customers", "value": str(state.size.customers)},
        {"key": "go_live", "value": str(GO_LIVE)},
    ])


# Every step draws from the one generator, so moving a step changes every row drawn after it. The
# order also follows the foreign keys: customers are written once the service simulation has drawn
# their churn dates, and before the tickets and orders that refer to them.
STEPS: tuple[Callable[[DemoState], None], ...] = (
    program.write_program,
    people.write_employees,
    people.write_training,
    customers.draw_customers,
    sales.write_products,
    service.simulate_service_and_churn,
    customers.write_customers,
    service.write_tickets,
    sales.write_orders,
    marketing.write_campaigns,
    pipeline.write_leads_and_opportunities,
    service.write_surveys,
    people.write_staff_surveys_and_activity,
    targets.write_targets,
    initiatives.write_initiatives,  # no draws: the rows above are unchanged by it
    review.write_review,  # owners and check-ins (issue 20); no draws either
    write_dataset_info,
)


def build_demo(engine: Engine, *, customers: int = 5000, seed: int = 42) -> dict[str, int]:
    """Replace the database's contents with the demo company; returns rows written per table."""
    db.drop_schema(engine)
    db.create_schema(engine, with_indexes=False)  # indexes after the bulk load, where they are cheaper
    with engine.begin() as conn:
        state = DemoState(conn=conn, seed=seed, size=DemoSize(customers), rng=np.random.default_rng(seed))
        for step in STEPS:
            step(state)
    db.create_indexes(engine)
    return state.counts
