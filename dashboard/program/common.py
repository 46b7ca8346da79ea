"""What every part of the Program view shares: the context it reads and the few single values it writes as text.

Tables are labelled by ``dashboard.core.labels`` (headers, code values, formats); this module only names steps and
formats single values for tiles and sentences, through the one formatter."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from dashboard.core import i18n
from dashboard.core.formats import day as day  # the shared single-value formats, imported from here by the views
from dashboard.core.formats import money as money
from dashboard.core.formats import month as month
from dashboard.core.formats import ratio as ratio
from dashboard.core.i18n import lang, t
from metrics.base.format import format_number, format_value
from metrics.base.store import Store
from metrics.program import tables as pg


@dataclass(frozen=True)
class ProgramContext:
    store: Store
    program: pg.Program
    stored: pg.StoredImpact | None
    today: pd.Timestamp


def percent(value: float | None, decimals: int = 0) -> str:
    return format_value(value, "percent", lang(), decimals=decimals)


ROI_TIMES_FROM = 10.0  # a return from 1,000% reads as a multiple of the cost (120×), not 12,008%


def roi_texts(*values: float | None) -> list[str]:
    """Returns on cost in one unit: percentages (``386%``), or, when any is 1,000% or more, multiples of the cost
    (``120×``: benefit less cost is 120 times the cost), which a reader takes in at a glance."""
    finite = [abs(float(v)) for v in values if v is not None and not pd.isna(v)]
    if not finite or max(finite) < ROI_TIMES_FROM:
        return [percent(v) for v in values]
    decimals = 0 if max(finite) >= 100 else 1  # one rounding for the three: 120×, 46× – 156×
    return ["–" if v is None or pd.isna(v) else t("program_times", x=format_number(float(v), lang(),
                                                                                 decimals=decimals))
            for v in values]


def step_name(steps: pd.DataFrame, step_id) -> str:
    """``7. Technology enablement`` in the current language; the whole program when ``step_id`` is empty."""
    if step_id is None or pd.isna(step_id):
        return t("program_whole")
    row = steps.loc[steps["id"] == int(step_id)]
    if row.empty:
        return str(step_id)
    return f"{int(step_id)}. {row['name_en' if lang() == 'en' else 'name_zh'].iloc[0]}"


def step_names(steps: pd.DataFrame, ids) -> list[str]:
    return [step_name(steps, i) for i in ids]


def code(prefix: str, value: str) -> str:
    """A program code value's name (widget options); tables name theirs through ``dashboard.core.labels``."""
    key = f"program_{prefix}_{value}"
    return t(key) if key in i18n.TEXT else str(value)
