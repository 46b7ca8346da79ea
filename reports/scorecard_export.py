"""The scorecard as an exported table of numbers: one row per KPI with its value, target and changes as numbers in
the KPI's unit (changes of percentages in percentage points), its status in words (and its colour in Excel), score,
the chance of reaching the year target, and the units in words; headers and sheet name in the reader's language."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from metrics.base.format import UNIT_WORDS, currency_symbol, known
from metrics.scorecard.strategy import PERSPECTIVE_NAMES, Perspective
from reports import drawings
from reports.excel import About, csv_bytes, excel_bytes
from reports.texts import text

STATUS_FILLS = {status: colour.hexval()[2:] for status, colour in drawings.FILL.items()}


@dataclass(frozen=True)
class ScorecardExport:
    frame: pd.DataFrame
    units: dict[str, list[str | None] | str]
    fills: dict[str, list[str | None]]
    sheet: str

    def excel(self, about: About) -> bytes:
        return excel_bytes(self.frame, sheet=self.sheet, units=self.units, about=about, fills=self.fills)

    def csv(self) -> bytes:
        return csv_bytes(self.frame, units=self.units)


def unit_word(unit: str, lang: str, currency: str | None) -> str:
    """``¥``, ``%``, ``pt``, ``d``...: what a number of ``unit`` counts, in words."""
    if unit == "currency":
        return currency_symbol(currency, lang).strip()
    if unit == "percent":
        return "%"
    if unit in UNIT_WORDS:
        return UNIT_WORDS[unit]["zh" if lang == "zh" else "en"]
    return text(f"unit_{unit}", lang) if f"unit_{unit}" in _UNIT_KEYS else unit


_UNIT_KEYS = {"unit_count", "unit_score", "unit_ratio"}


def scorecard_export(card: pd.DataFrame, *, lang: str, currency: str | None,
                     flags: dict[str, dict] | None = None) -> ScorecardExport:
    """``card``: :func:`metrics.scorecard.scoring.scorecard`; ``flags``: per KPI its year forecast row."""
    h = {key: text(key, lang) for key in ("perspective", "kpi", "value", "target", "status", "delta_prev",
                                          "delta_year", "score", "forecast_col", "unit")}
    chance, change_unit = text("chance_col", lang), text("change_unit", lang)
    rows, value_units, change_units, fills = [], [], [], []
    for row in card.to_dict("records"):
        unit = row["unit"]
        change = "points" if unit == "percent" else unit
        scale = 100.0 if unit == "percent" else 1.0
        flag = (flags or {}).get(row["id"])
        measured = not row.get("needs")
        rows.append({
            h["perspective"]: PERSPECTIVE_NAMES[Perspective(row["perspective"])][lang],
            h["kpi"]: row["name_zh"] if lang == "zh" else row["name_en"],
            h["value"]: row["value"] if measured and known(row["value"]) else None,
            h["target"]: row["target"] if known(row["target"]) else None,
            h["status"]: text(f"status_{row['status']}", lang),
            h["delta_prev"]: row["delta_prev"] * scale if known(row["delta_prev"]) else None,
            h["delta_year"]: row["delta_year"] * scale if known(row["delta_year"]) else None,
            h["score"]: row["score"] if known(row["score"]) else None,
            **({h["forecast_col"]: text(f"flag_{flag['flag']}", lang) if flag else None,
                chance: flag["probability"] if flag and known(flag.get("probability")) else None} if flags else {}),
            h["unit"]: unit_word(unit, lang, currency),
            change_unit: unit_word(change, lang, currency),
        })
        value_units.append(unit)
        change_units.append(f"+{change}")
        fills.append(STATUS_FILLS.get(row["status"]))
    frame = pd.DataFrame(rows)
    units: dict[str, list[str | None] | str] = {h["value"]: value_units, h["target"]: value_units,
                                                 h["delta_prev"]: change_units, h["delta_year"]: change_units,
                                                 h["score"]: "count"}
    if flags:
        units[chance] = "percent"
    return ScorecardExport(frame, units, {h["status"]: fills}, text("sheet_scorecard", lang))
