"""What every part of the Program view shares: the context it reads and the few single values it writes as text.

Tables are labelled by ``dashboard.core.labels`` (headers, code values, formats); this module only names steps and
formats single values for tiles and sentences, through the one formatter."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from dashboard.core import i18n
from dashboard.core.i18n import lang, t
from metrics.base.format import format_value
from metrics.base.store import Store
from metrics.program import tables as pg


@dataclass(frozen=True)
class ProgramContext:
    store: Store
    program: pg.Program
    stored: pg.StoredImpact | None
    today: pd.Timestamp


def money(value: float | None) -> str:
    return format_value(value, "currency", lang())


def percent(value: float | None, decimals: int = 0) -> str:
    return format_value(value, "percent", lang(), decimals=decimals)


def ratio(value: float | None) -> str:
    return format_value(value, "ratio", lang())


def month(value) -> str:
    return "–" if value is None or pd.isna(value) else i18n.month(pd.Timestamp(value).date())


def day(value) -> str:
    return "–" if value is None or pd.isna(value) else i18n.day(pd.Timestamp(value).date())


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
