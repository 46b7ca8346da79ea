"""What this company's data lets the customer analytics measure: unit costs, cost to serve, customer managers.

Margin, profit, cost to serve and lifetime value (a gross margin) are unknown where their inputs are
(``data.derived`` documents the rules); a view showing one as unknown says what it needs with
:func:`lacking`, in the words of ``metrics.scorecard.needs``.
"""

from __future__ import annotations

from dataclasses import dataclass

from metrics.base.store import Store

UNIT_COSTS = "order_line.unit_cost"
COST_TO_SERVE = ("service_ticket", "campaign")  # either one measures it
MANAGERS = "customer.manager_id"
# measure -> what it is computed from: unit costs, cost to serve or both
MEASURE_INPUTS: dict[str, tuple[str, ...]] = {
    "margin": ("unit_costs",), "gross_margin": ("unit_costs",), "clv": ("unit_costs",),
    "clv_next_12m": ("unit_costs",), "predicted_value": ("unit_costs",),
    "cost_to_serve": ("cost_to_serve",), "cost_to_serve_per_customer": ("cost_to_serve",),
    "profit": ("unit_costs", "cost_to_serve"), "profit_12m": ("unit_costs", "cost_to_serve"),
    "profit_after_cost_to_serve": ("unit_costs", "cost_to_serve"),
    "unprofitable_share": ("unit_costs", "cost_to_serve"),
}


@dataclass(frozen=True)
class Coverage:
    """``lines`` and ``lines_with_cost`` (order lines, and those with a unit cost), ``cost_to_serve`` (service
    tickets or campaigns recorded), ``managed_customers`` (customers with a manager)."""

    lines: int
    lines_with_cost: int
    cost_to_serve: bool
    managed_customers: int

    @property
    def cost_share(self) -> float:
        """Share of order lines with a unit cost (NaN without lines)."""
        return self.lines_with_cost / self.lines if self.lines else float("nan")

    @property
    def unit_costs(self) -> bool:
        """Every order line has a unit cost (partly known counts as unknown)."""
        return self.lines_with_cost == self.lines

    @property
    def managers(self) -> bool:
        return self.managed_customers > 0

    def lacking(self, measure: str) -> list[str]:
        """What ``measure`` needs and this data lacks (``needs`` items: ``order_line.unit_cost``, tables)."""
        out: list[str] = []
        inputs = MEASURE_INPUTS.get(measure, ())
        if "unit_costs" in inputs and not self.unit_costs:
            out.append(UNIT_COSTS)
        if "cost_to_serve" in inputs and not self.cost_to_serve:
            out.extend(COST_TO_SERVE)
        return out


def coverage(store: Store) -> Coverage:
    """Counts behind :class:`Coverage`, read from the store."""
    row = store.query("""
        SELECT (SELECT count(*) FROM order_line) AS lines, (SELECT count(unit_cost) FROM order_line) AS with_cost,
               -- the refresh's rule (data.derived), read from its result: known service costs are never NULL
               EXISTS (SELECT 1 FROM customer_month WHERE service_cost IS NOT NULL) AS cost_to_serve,
               (SELECT count(manager_id) FROM customer) AS managed""").iloc[0]
    return Coverage(lines=int(row["lines"]), lines_with_cost=int(row["with_cost"]),
                    cost_to_serve=bool(row["cost_to_serve"]), managed_customers=int(row["managed"]))
