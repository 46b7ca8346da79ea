"""KPI targets per region (channel, industry, customer manager) and per month, in the system of record
(``kpi_target_segment``): read, check, save with who and when.

A row is a KPI's monthly target for one member of one dimension, for one month or (``month`` empty) for every
month without a row of its own. Dimension ``company`` (member empty) phases the company's own target by month.
Values are in the KPI's stored unit (a percentage as a fraction), like ``kpi_target``. Without a row the scorecard
derives a member's target from the company's (``metrics.scorecard.segment_targets``).

Every change is one row of ``kpi_target_change`` (field ``segment_target``) and one event of the audit trail
(``segment_target_saved``: the KPI, the member, the month, the value before and after), written in the same
transaction as the change: all are saved or none. A blank target deletes the row (back to the derived target).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from datetime import UTC, date, datetime

import pandas as pd
from sqlalchemy import Engine, and_, delete, insert, select

from data import db, locks
from data.models import AuditEvent, KpiTargetChange, KpiTargetSegment

ACTION = "segment_target_saved"  # the audit trail's action for one changed target
FIELD = "segment_target"  # its field name in ``kpi_target_change``
DIMENSIONS = ("company", "region", "channel", "industry", "manager")
SOURCES = ("editor", "import", "cli")
COLUMNS = ["kpi_id", "dimension", "member", "month", "target", "baseline"]
Key = tuple[str, str, str, date | None]
MONTH = re.compile(r"^\d{4}-\d{2}(-\d{2}( 00:00:00)?)?$")  # 2026-03, 2026-03-01 (a spreadsheet's date read as text)


def read(engine: Engine) -> pd.DataFrame:
    """:data:`COLUMNS` plus ``source``, one row per stored target (``month`` a ``date`` or None; ``baseline``
    NaN when not given), ordered by dimension, member, KPI and month (every-month rows first)."""
    db.create_schema(engine)
    table = KpiTargetSegment.__table__
    with engine.connect() as conn:
        rows = conn.execute(select(table.c.kpi_id, table.c.dimension, table.c.member, table.c.month,
                                   table.c.target, table.c.baseline, table.c.source)).all()
    frame = pd.DataFrame([(k, d, m, month, float(v), math.nan if b is None else float(b), s)
                          for k, d, m, month, v, b, s in rows], columns=[*COLUMNS, "source"])
    order = frame.assign(_month=frame["month"].map(lambda m: "" if m is None else f"{m:%Y-%m}"))
    return (order.sort_values(["dimension", "member", "kpi_id", "_month"]).drop(columns="_month")
            .reset_index(drop=True))


def blank(value: object) -> bool:
    """None, NaN, ``pd.NA`` or empty text."""
    if isinstance(value, str):
        return not value.strip()
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def month_of(value: object) -> date | float | None:
    """The first day of the month ``value`` names (a date, a timestamp, ``2026-03`` or ``2026-03-01``); ``None``
    for blank (every month); NaN when it names no month."""
    if blank(value):
        return None
    text = str(value).strip()
    if isinstance(value, str) and not MONTH.match(text):
        return math.nan
    try:
        day = pd.Timestamp(text + "-01" if len(text) == 7 else value)
    except (ValueError, TypeError):
        return math.nan
    return math.nan if pd.isna(day) else date(day.year, day.month, 1)


def _number(value: object) -> float | None:
    """A finite number, ``None`` for blank, NaN for anything else."""
    if blank(value):
        return None
    try:
        number = float(str(value).replace(",", "")) if isinstance(value, str) else float(value)
    except (TypeError, ValueError):
        return math.nan
    return number if math.isfinite(number) else math.nan


@dataclass(frozen=True)
class Problem:
    """Row ``row`` (0-based position in the rows given) cannot be saved: ``what`` (a word of
    :func:`problems`), about ``value``."""

    row: int
    what: str
    value: str


def problems(rows: pd.DataFrame, *, kpis: set[str], shares: set[str] | frozenset[str] = frozenset(),
             members: dict[str, set[str]] | None = None) -> list[Problem]:
    """Every row of ``rows`` (:data:`COLUMNS`) that cannot be saved. ``kpis``: the KPI ids there are; ``shares``:
    those whose target lies within 0 and 1; ``members``: dimension -> the members the data knows (unchecked when
    absent). ``what``: ``unknown_kpi`` | ``unknown_dimension`` | ``unknown_member`` | ``not_a_month`` |
    ``not_a_number`` | ``share_range`` | ``repeated``. A blank target is no problem: it deletes the row."""
    out, seen = [], set()
    for at, row in enumerate(rows.to_dict("records")):
        kpi = "" if blank(row.get("kpi_id")) else str(row.get("kpi_id")).strip()
        dimension = "" if blank(row.get("dimension")) else str(row.get("dimension")).strip().lower()
        member = "" if dimension == "company" or blank(row.get("member")) else str(row.get("member")).strip()
        if kpi not in kpis:
            out.append(Problem(at, "unknown_kpi", kpi))
            continue
        if dimension not in DIMENSIONS:
            out.append(Problem(at, "unknown_dimension", dimension))
            continue
        if dimension != "company" and (not member or (members is not None and dimension in members
                                                      and member not in members[dimension])):
            out.append(Problem(at, "unknown_member", member))
            continue
        month = month_of(row.get("month"))
        if isinstance(month, float):
            out.append(Problem(at, "not_a_month", str(row.get("month"))))
            continue
        key = (kpi, dimension, member, month)
        if key in seen:
            out.append(Problem(at, "repeated", f"{kpi} {member} {month or ''}".strip()))
            continue
        seen.add(key)
        target, baseline = _number(row.get("target")), _number(row.get("baseline"))
        if (target is not None and math.isnan(target)) or (baseline is not None and math.isnan(baseline)):
            out.append(Problem(at, "not_a_number", str(row.get("target"))))
        elif kpi in shares and any(v is not None and not 0 <= v <= 1 for v in (target, baseline)):
            out.append(Problem(at, "share_range", str(row.get("target"))))
    return out


def _wanted(rows: pd.DataFrame) -> dict[Key, tuple[float, float | None] | None]:
    out = {}
    for row in rows.to_dict("records"):
        dimension = str(row["dimension"]).strip().lower()
        member = "" if dimension == "company" or blank(row.get("member")) else str(row["member"]).strip()
        target, baseline = _number(row.get("target")), _number(row.get("baseline"))
        out[(str(row["kpi_id"]).strip(), dimension, member, month_of(row.get("month")))] = (
            None if target is None else (target, baseline))
    return out


def _text(value: tuple[float, float | None] | None) -> str:
    if value is None:
        return "derived"
    target, baseline = value
    return f"{target:g}" if baseline is None else f"{target:g} (baseline {baseline:g})"


def _same(a: tuple[float, float | None] | None, b: tuple[float, float | None] | None) -> bool:
    if a is None or b is None:
        return a is b
    close = lambda x, y: (x is None and y is None) or (  # noqa: E731
        x is not None and y is not None and math.isclose(x, y, rel_tol=1e-12, abs_tol=1e-12))
    return close(a[0], b[0]) and close(a[1], b[1])


def save(engine: Engine, rows: pd.DataFrame, who: str, *, source: str = "editor",
         replace: tuple[str, ...] = ()) -> int:
    """Write the rows of ``rows`` (:data:`COLUMNS`; a blank target deletes the row) that differ from the
    database, each change logged, in one transaction; the stored rows of the dimensions ``replace`` that
    ``rows`` does not hold are deleted (the editor shows a dimension's rows whole; an import adds and updates).
    Returns how many targets changed. Raises ``ValueError`` naming the first row :func:`problems` refuses (KPI
    ids unchecked here: the caller checks them against the catalogue)."""
    if source not in SOURCES:
        raise ValueError(f"source must be one of {', '.join(SOURCES)}, not {source!r}")
    rows = rows.reindex(columns=COLUMNS)
    bad = problems(rows, kpis=set(rows["kpi_id"].astype(str).str.strip()))
    if bad:
        raise ValueError(f"target row {bad[0].row + 1}: {bad[0].what.replace('_', ' ')} ({bad[0].value})")
    stored_frame = read(engine)
    stored = {(r.kpi_id, r.dimension, r.member, r.month): (r.target, None if math.isnan(r.baseline) else r.baseline)
              for r in stored_frame.itertuples(index=False)}
    wanted = _wanted(rows)
    for key in stored:
        if key[1] in replace and key not in wanted:
            wanted[key] = None
    changes = [(key, stored.get(key), value) for key, value in wanted.items() if not _same(stored.get(key), value)]
    if not changes:
        return 0
    now = datetime.now(UTC)
    actor = (who or "anonymous")[:320]
    table = KpiTargetSegment.__table__
    with engine.begin() as conn:
        for (kpi, dimension, member, month), _before, after in changes:
            conn.execute(delete(table).where(and_(
                table.c.kpi_id == kpi, table.c.dimension == dimension, table.c.member == member,
                table.c.month.is_(None) if month is None else table.c.month == month)))
            if after is not None:
                conn.execute(insert(table), {"kpi_id": kpi, "dimension": dimension, "member": member,
                                             "month": month, "target": after[0], "baseline": after[1],
                                             "source": source})
        logged = [{"kpi_id": kpi, "field_name": FIELD, "value_before": None if before is None else before[0],
                   "value_after": after[0], "changed_by": actor, "changed_at": now}
                  for (kpi, _d, _m, _month), before, after in changes if after is not None]
        if logged:  # a deletion is in the audit trail only (the change log's value after is a number)
            conn.execute(insert(KpiTargetChange.__table__), logged)
        conn.execute(insert(AuditEvent.__table__), [
            {"at": now, "actor": actor, "action": ACTION,
             "detail": f"{kpi}, {dimension} {member or '(all)'}, {'every month' if month is None else f'{month:%Y-%m}'}"
                       f": {_text(before)} -> {_text(after)} ({source})"}
            for (kpi, dimension, member, month), before, after in changes])
        locks.bump_generation(conn)
    return len(changes)
