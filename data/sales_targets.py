"""Sales reps' monthly revenue targets in the system of record (``sales_rep_target``): read, validate, save with
who and when. Every change is an event of the audit trail (``sales_target_saved``: the rep, the month, the value
before and after), written in the same transaction as the change: all are saved or none.

A month without a row has the rep's baseline (``metrics.sales.attainment``); clearing a target deletes its row,
so the month goes back to the baseline.
"""

from __future__ import annotations

import math
from datetime import UTC, date, datetime
from decimal import ROUND_HALF_UP, Decimal

import pandas as pd
from sqlalchemy import Engine, and_, delete, insert, select

from data import db
from data.models import AuditEvent, SalesRepTarget

ACTION = "sales_target_saved"  # the audit trail's action for one changed target
SOURCES = ("editor", "import", "cli")
COLUMNS = ["employee_id", "month", "revenue_target", "source"]
CENT = Decimal("0.01")


def read(engine: Engine) -> pd.DataFrame:
    """employee_id, month (first day, a ``date``), revenue_target (float), source; a database older than the
    table gets it (empty)."""
    db.create_schema(engine)
    table = SalesRepTarget.__table__
    with engine.connect() as conn:
        rows = conn.execute(select(table.c.employee_id, table.c.month, table.c.revenue_target, table.c.source)
                            .order_by(table.c.employee_id, table.c.month)).all()
    return pd.DataFrame([(int(e), m, float(v), s) for e, m, v, s in rows], columns=COLUMNS)


def _month(value: object) -> date | None:
    """The first day of the month of ``value`` (a date, timestamp or ``2025-03`` text); ``None`` if it is none."""
    try:
        day = pd.Timestamp(str(value) + "-01" if isinstance(value, str) and len(value) == 7 else value)
    except (ValueError, TypeError):
        return None
    return None if pd.isna(day) else date(day.year, day.month, 1)


def problems(edits: pd.DataFrame) -> list[tuple[int, str, str]]:
    """(employee_id, month as given, what is wrong) for every edited row that cannot be saved. A blank target is
    fine: it means "back to the baseline". ``what``: ``not_a_month`` | ``not_a_number`` | ``negative``."""
    out = []
    for row in edits.itertuples(index=False):
        where = (int(row.employee_id), str(row.month))
        if _month(row.month) is None:
            out.append((*where, "not_a_month"))
            continue
        value = row.revenue_target
        if value is None or (isinstance(value, float) and math.isnan(value)):
            continue
        try:
            number = float(value)
        except (TypeError, ValueError):
            out.append((*where, "not_a_number"))
            continue
        if not math.isfinite(number):
            out.append((*where, "not_a_number"))
        elif number < 0:
            out.append((*where, "negative"))
    return out


def _cents(value: float) -> Decimal:
    return Decimal(str(value)).quantize(CENT, rounding=ROUND_HALF_UP)


def _text(value: Decimal | None) -> str:
    return "baseline" if value is None else f"{value:.2f}"


def save(engine: Engine, edits: pd.DataFrame, who: str, *, source: str = "editor") -> int:
    """Write the rows of ``edits`` (employee_id, month, revenue_target; blank: back to the baseline) that differ
    from the database, one audit event per change, in one transaction; returns how many targets changed.

    Raises ``ValueError`` naming the row when ``edits`` has a row :func:`problems` refuses, or ``source`` is not
    one of ``SOURCES``."""
    if source not in SOURCES:
        raise ValueError(f"source must be one of {', '.join(SOURCES)}, not {source!r}")
    bad = problems(edits)
    if bad:
        employee, month, what = bad[0]
        raise ValueError(f"sales target of employee {employee}, month {month}: {what.replace('_', ' ')}")
    stored = {(int(e), m): Decimal(str(v)).quantize(CENT) for e, m, v, _ in read(engine).itertuples(index=False)}
    wanted: dict[tuple[int, date], Decimal | None] = {}
    for row in edits.itertuples(index=False):
        value = row.revenue_target
        blank = value is None or (isinstance(value, float) and math.isnan(value))
        wanted[(int(row.employee_id), _month(row.month))] = None if blank else _cents(float(value))
    changes = [(key, stored.get(key), value) for key, value in wanted.items() if stored.get(key) != value]
    if not changes:
        return 0
    now = datetime.now(UTC)
    table = SalesRepTarget.__table__
    with engine.begin() as conn:
        for (employee, month), _before, after in changes:
            conn.execute(delete(table).where(and_(table.c.employee_id == employee, table.c.month == month)))
            if after is not None:
                conn.execute(insert(table), {"employee_id": employee, "month": month, "revenue_target": after,
                                             "source": source})
        conn.execute(insert(AuditEvent.__table__), [
            {"at": now, "actor": (who or "anonymous")[:320], "action": ACTION,
             "detail": f"employee {employee}, {month:%Y-%m}: {_text(before)} -> {_text(after)}"}
            for (employee, month), before, after in changes])
    return len(changes)
