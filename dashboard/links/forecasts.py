"""Forecasts on the scorecard and the KPI trends: the year forecast's chance in words (the scorecard's column), the
forecast caption and path under a KPI's trend. Reads what the refresh stored (``dashboard.cache.links``)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard.cache import links as link_cache
from dashboard.core import charts
from dashboard.core.i18n import lang, t
from metrics.base.format import chance_text, format_value
from metrics.base.store import Store
from metrics.links import forecast
from metrics.scorecard.registry import Kpi


def flags(store: Store) -> dict[str, dict]:
    """Per KPI, its year forecast row (flag, probability, interval)."""
    stored = link_cache.forecasts(store)
    if stored.empty:
        return {}
    return {r["kpi_id"]: r for r in stored[stored["horizon"] == "year"].to_dict("records")}


# the chance words: likely from an even chance (the on-track flag), unlikely below 10%
LIKELY_FROM, UNLIKELY_BELOW = forecast.EVEN_CHANCE, 0.1


def flag_text(row: dict | None) -> str:
    """The year forecast in words: ``likely: 97% chance`` / ``at risk: 30% chance`` / ``unlikely: 0% chance`` of
    reaching the year target (``verdict_forecast_help`` says how the chance is drawn); a known year says reached or
    not."""
    if not row or row["flag"] == "none":
        return t("flag_none")
    if row["flag"] in ("reached", "missed", "not_estimable") or pd.isna(row["probability"]):
        return t("flag_" + row["flag"])  # a known value or no forecast: no chance to state
    p = float(row["probability"])
    word = "likely" if p >= LIKELY_FROM else "unlikely" if p < UNLIKELY_BELOW else "at_risk"
    return t(f"forecast_chance_{word}", chance=chance_text(p))


def forecast_caption(store: Store, kpi: Kpi) -> None:
    stored = link_cache.forecasts(store)
    rows = stored[stored["kpi_id"] == kpi.id].to_dict("records") if not stored.empty else []
    unit = kpi.unit.value
    for r in rows:
        basis, period = r.get("basis"), t(f"horizon_{r['horizon']}")
        if basis == "known":  # a complete period: its value, no interval
            value, target = (format_value(r[k], unit, lang()) for k in ("forecast", "target"))
            if value == target and r["forecast"] != r["target"]:  # $450.58 missing $451.44: not "$451 of $451"
                value, target = (format_value(r[k], unit, lang(), cents=True) for k in ("forecast", "target"))
            st.caption(t("fc17_known_no_target" if r["flag"] == "none" else "fc17_known", period=period, value=value,
                         complete=t(f"fc17_complete_{r['horizon']}"), target=target, flag=t(f"flag_{r['flag']}")))
            continue
        if basis == "not_estimable":
            reason = t(f"fc17_reason_{r['reason']}", months=forecast.MIN_MONTHS)
            st.caption(t("fc17_not_estimable", period=period, reason=reason))
            continue
        st.caption(t("forecast_caption", period=t(f"horizon_{r['horizon']}"),
                     value=format_value(r["forecast"], unit, lang()), low=format_value(r["low90"], unit, lang()),
                     high=format_value(r["high90"], unit, lang()), target=format_value(r["target"], unit, lang()),
                     probability="–" if pd.isna(r["probability"]) else chance_text(r["probability"]),
                     flag=t(f"flag_{r['flag']}")))


def decorate_trend(fig, store: Store, kpi: Kpi, labels: list[str], periods: list[str]):
    """The trend chart with the forecast path and anomalous months (month grain only: ``periods`` are ISO
    month starts, ``labels`` their axis labels)."""
    paths = link_cache.forecast_paths(store)
    unusual = link_cache.anomalies(store)
    path = paths[paths["kpi_id"] == kpi.id].copy() if not paths.empty else pd.DataFrame()
    if len(path):
        first = pd.to_datetime(path["period"]).min()
        if not periods or pd.Timestamp(periods[-1]) + pd.DateOffset(months=1) != first:
            path = pd.DataFrame()  # the trend ends before the latest month: no path to continue
        else:
            path["label"] = pd.to_datetime(path["period"]).dt.strftime("%Y-%m")
    marks = unusual[unusual["kpi_id"] == kpi.id].copy() if not unusual.empty else pd.DataFrame()
    if len(marks):
        iso = pd.to_datetime(marks["period"]).dt.strftime("%Y-%m-%d")
        by_period = dict(zip(periods, labels, strict=True))
        marks["label"] = iso.map(by_period)
        marks = marks[marks["label"].notna()]
    return charts.add_forecast(fig, path, marks, line_label=t("forecast_line"), band_label=t("forecast_band"),
                               anomaly_label=t("anomaly_marker"))
