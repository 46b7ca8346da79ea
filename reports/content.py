"""What a board pack says, gathered once from the analytical store and the system of record; the layout
(``reports.board_pack``) only draws it.

A KPI needs attention (a page of its own) when it is off target this period (status red) or its year forecast is at
risk of missing the target (``metrics.links.forecast``, flag ``at_risk``). Owners and check-in notes come from
``data.review`` and initiatives from ``data.initiatives``, each only when that part of the product exists."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime

import pandas as pd
from sqlalchemy.engine import Engine
from sqlalchemy.exc import SQLAlchemyError

from metrics.base.dimensions import DimensionValues, dimension_values
from metrics.base.filters import DIMENSIONS, Filters, default_filters
from metrics.base.store import Store
from metrics.links import forecast
from metrics.scorecard.registry import Kpi, get
from metrics.scorecard.scoring import objective_statuses, rollup
from metrics.scorecard.stored import scorecard  # as the overview reads it: the stored series, else the cube
from metrics.scorecard.strategy import Perspective
from reports.texts import labelled, text


@dataclass(frozen=True)
class Focus:
    """A KPI that needs attention: its scorecard row, why, its year forecast and path, owner and check-in."""

    kpi: Kpi
    row: dict
    red: bool  # off target this period
    at_risk: bool  # the year forecast is at risk of missing the target
    year: dict | None  # the year forecast row (``metrics.links.forecast``), None without one
    path: pd.DataFrame  # period, forecast, low90, high90: the months ahead of the data
    owner: str | None = None
    deputy: str | None = None
    checkin: dict | None = None  # status, note, author, written_at of the latest check-in for the period
    initiatives: tuple[str, ...] = ()  # names of the initiatives planned or running on this KPI


@dataclass(frozen=True)
class BoardPack:
    filters: Filters
    values: DimensionValues
    card: pd.DataFrame  # metrics.scorecard.scoring.scorecard
    totals: dict  # rollup of scores now
    totals_prev: dict  # rollup of scores the period before
    objectives: dict[str, str]  # objective id -> status
    flags: dict[str, dict]  # KPI id -> its year forecast row
    focus: tuple[Focus, ...]
    initiatives: tuple[dict, ...] | None = None  # None: the product has no initiatives yet
    owners_known: bool = False  # whether owners could be read at all
    made_at: datetime = field(default_factory=lambda: datetime.now(UTC))

    @property
    def period(self) -> str:
        return self.filters.label(self.filters.period_start(self.filters.end))


def filters_for(values: DimensionValues, period: date | None, filters: dict | None) -> Filters:
    """The month of ``period`` (None: the latest complete month, as the overview opens) with ``filters``
    (``{"region": [...], "channel": [...], "industry": [...], "manager": [ids]}``); ValueError names a value the data
    does not hold."""
    if period is None:
        chosen = default_filters(values.first_month, values.last_month, data_end=values.as_of)
        if chosen is None:
            raise ValueError("the analytical store holds no orders yet: nothing to report")
        start = chosen.start
    else:
        start = date(period.year, period.month, 1)
    dims = {}
    for name, chosen_values in (filters or {}).items():
        if name not in DIMENSIONS:
            raise ValueError(f"unknown filter {name!r}; known: {', '.join(DIMENSIONS)}")
        chosen_values = tuple(int(v) for v in chosen_values) if name == "manager" else tuple(chosen_values)
        known = {m for m, _ in values.manager} if name == "manager" else set(getattr(values, name))
        unknown = [str(v) for v in chosen_values if v not in known]
        if unknown:
            raise ValueError(f"{name} {', '.join(unknown)} is not in the data; known: "
                             f"{', '.join(str(k) for k in sorted(known, key=str))}")
        dims[name] = chosen_values
    return Filters(start, start, grain="month", **dims)


def describe_filters(f: Filters, lang: str, managers: dict[int, str] | None = None) -> str:
    """"Region: East, North; Channel: Online", or "whole company" (``managers``: id -> name)."""
    parts = []
    for name, chosen in f.dimensions.items():
        shown = [(managers or {}).get(v, str(v)) for v in chosen] if name == "manager" else [str(v) for v in chosen]
        parts.append(labelled(name, lang, ", ".join(shown)))
    return ("；" if lang == "zh" else "; ").join(parts) if parts else text("filters_none", lang)


def gather(store: Store, f: Filters, *, engine: Engine | None = None) -> BoardPack:
    """Everything the pack shows for ``f``; ``engine``: the system of record (owners, check-ins, initiatives)."""
    values = dimension_values(store)
    card = scorecard(store, f)
    stored = forecast.read(store)
    year = stored[stored["horizon"] == "year"] if not stored.empty else stored
    flags = {r["kpi_id"]: r for r in year.to_dict("records")} if not f.dimensions else {}
    paths = forecast.read(store, forecast.PATH_TABLE) if not f.dimensions else pd.DataFrame()
    people = _people(engine, f)
    focus = []
    for row in card.to_dict("records"):
        flag = flags.get(row["id"])
        red, risky = row["status"] == "red", bool(flag) and flag["flag"] == "at_risk"
        if not (red or risky):
            continue
        path = paths[paths["kpi_id"] == row["id"]].sort_values("period") if not paths.empty else pd.DataFrame()
        owner = people["owners"].get(row["id"]) or people["owners"].get(f"objective:{row['objective']}")
        focus.append(Focus(get(row["id"]), row, red, risky, flag, path,
                           owner=getattr(owner, "owner", None), deputy=getattr(owner, "deputy", None),
                           checkin=people["checkins"].get(row["id"]),
                           initiatives=tuple(i["name"] for i in people["initiatives"] or ()
                                             if row["id"] in i["kpi_ids"] and i["status"] in ("planned", "active"))))
    order = {p.value: i for i, p in enumerate(Perspective)}
    focus.sort(key=lambda x: (order[x.kpi.perspective.value], not x.red))
    return BoardPack(filters=f, values=values, card=card, totals=rollup(card), totals_prev=rollup(card, "score_prev"),
                     objectives=objective_statuses(card), flags=flags,
                     focus=tuple(focus), initiatives=people["initiatives"], owners_known=people["owners_known"])


def _people(engine: Engine | None, f: Filters) -> dict:
    """Owners, the period's check-ins and the initiatives, from the parts of the product that hold them.

    From ``data.review.owners.owners(session)``, ``data.review.checkins.latest_for_period(session, period)`` and
    ``data.initiatives.tables.load(engine)``; a part missing (a database that predates its tables, or one not
    reachable) leaves its section empty, never the pack unmade."""
    out = {"owners": {}, "checkins": {}, "initiatives": None, "owners_known": False}
    if engine is None:
        return out
    from sqlmodel import Session

    period = f.period_start(f.end)
    with Session(engine) as session:
        try:
            from data.review import owners
            # a KPI's own owner, else its objective's (an objective may share a KPI's id: kept apart)
            out["owners"] = {**{f"objective:{k}": v for k, v in owners.owners(session, "objective").items()},
                             **owners.owners(session, "kpi")}
            out["owners_known"] = True
        except (ImportError, SQLAlchemyError):  # an optional section: the pack is made without it
            session.rollback()
        try:
            from data.review import checkins
            out["checkins"] = _checkins(checkins.latest_for_period(session, period))
        except (ImportError, SQLAlchemyError):
            session.rollback()
    out["initiatives"] = _initiatives(engine, f)
    return out


def _checkins(found) -> dict[str, dict]:
    """KPI id -> its check-in as a dict, whether ``found`` is a mapping or a list of rows."""
    rows = found.values() if isinstance(found, dict) else (found or [])
    out = {}
    for row in rows:
        kpi_id = getattr(row, "kpi_id", None) or (row.get("kpi_id") if isinstance(row, dict) else None)
        if kpi_id:
            pick = (lambda k, r=row: r.get(k)) if isinstance(row, dict) else (lambda k, r=row: getattr(r, k, None))
            out[kpi_id] = {k: pick(k) for k in ("status", "note", "author", "written_at")}
    return out


def _initiatives(engine: Engine, f: Filters) -> tuple[dict, ...] | None:
    """Every initiative not cancelled (under a region filter: those of the whole company or of a chosen region), as
    name, kpi_ids, status, owner, due, percent_complete; None when the database holds no initiative tables."""
    try:
        from data.initiatives import tables
        found = tables.load(engine)
    except (ImportError, SQLAlchemyError):  # an optional section: the pack is made without it
        return None
    rows = []
    for item in found.initiatives.to_dict("records"):
        if item["status"] == "cancelled" or (f.region and item["region"] and item["region"] not in f.region):
            continue
        due = item["end_on"]
        rows.append({"name": item["name"], "kpi_ids": found.kpis_of(item["id"]), "status": item["status"],
                     "owner": item["owner"] or None, "due": None if pd.isna(due) else pd.Timestamp(due).date(),
                     "percent_complete": item["percent_complete"]})
    return tuple(rows)

