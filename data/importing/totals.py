"""Money an import carries, exact to the cent (the command line's JSON summary): sums in whole cents, never a
float's sub-cent tail (123798.6825)."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

import numpy as np

from data.importing.rules import spec

CENT = Decimal("0.01")
PER_UNIT = {"unit_price", "unit_cost", "list_price"}  # prices of one unit: their sum means nothing


def _cents(values) -> np.ndarray:
    numbers = np.asarray(values, dtype=float)
    return np.round(np.where(np.isnan(numbers), 0.0, numbers) * 100).astype(np.int64)


def money_totals(prepared) -> dict[str, dict[str, Decimal]]:
    """Per table, the sum of each money column given (not prices per unit); for order lines ``revenue``, the sum of
    quantity x unit price x (1 - discount), rounded once to the cent at the end."""
    out: dict[str, dict[str, Decimal]] = {}
    for name, plan in prepared.plans.items():
        sums = {}
        for col in spec(name):
            if col.kind == "money" and col.name in plan.columns and col.name not in PER_UNIT:
                sums[col.name] = Decimal(int(_cents(plan.columns[col.name]).sum(dtype=object))) / 100
        if name == "order_line" and {"quantity", "unit_price"} <= set(plan.columns):
            quantity = np.nan_to_num(np.asarray(plan.columns["quantity"], dtype=float)).astype(np.int64)
            discount = plan.columns.get("discount")
            basis = (np.full(plan.rows, 10_000, dtype=np.int64) if discount is None else
                     10_000 - np.round(np.nan_to_num(np.asarray(discount, dtype=float)) * 10_000).astype(np.int64))
            exact = (quantity.astype(object) * _cents(plan.columns["unit_price"]).astype(object) * basis.astype(object))
            sums["revenue"] = (Decimal(int(exact.sum())) / 1_000_000).quantize(CENT, ROUND_HALF_UP)
        if sums:
            out[name] = {k: v.quantize(CENT, ROUND_HALF_UP) for k, v in sums.items()}
    return out
