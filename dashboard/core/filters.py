"""Global filters: sidebar widgets <-> ``Filters`` <-> ``st.query_params``, so every view is a link.

URL parameters: ``period`` (2026-09, 2026-Q3 or 2026: sets the grain too), ``compare`` (prev |
year), ``region``, ``channel``, ``industry`` (comma-separated), ``manager`` (comma-separated ids),
``vp`` (value proposition), ``kpi`` (the KPI a perspective page focuses on) and ``lang``.
"""

from __future__ import annotations

import streamlit as st

from dashboard.core import i18n
from dashboard.core.i18n import t
from dashboard.core.labels import labeller
from metrics.base.dimensions import DimensionValues
from metrics.base.filters import Filters, complete_periods, covered_days, parse_period
from metrics.scorecard.strategy import VALUE_PROPOSITIONS

GRAINS = ("month", "quarter", "year")
COMPARISONS = ("prev", "year")
LIST_KEYS = ("region", "channel", "industry")
DEFAULT_VP = "customer_intimacy"


def period_options(values: DimensionValues, grain: str) -> list[str]:
    """Labels of every complete period of ``grain`` in the data, newest first; for months, also the month the data
    ends inside (partial: marked by :func:`period_labeller`, never the default)."""
    if values.first_month is None or values.last_month is None:
        return []
    probe = Filters(values.first_month, values.last_month, grain=grain)
    complete = complete_periods(values.first_month, values.last_month, grain, data_end=values.as_of)
    if grain == "month" and values.last_month not in complete:
        complete = [*complete, values.last_month]
    return [probe.label(p) for p in reversed(complete)]


def default_period(values: DimensionValues, grain: str) -> str | None:
    """The period a visitor sees first: the newest complete one."""
    options = [p for p in period_options(values, grain) if partial_days(values, p) is None]
    return options[0] if options else (period_options(values, grain) or [None])[0]


def partial_days(values: DimensionValues, period: str | None):
    """(first day, last day with data) of ``period`` when the data ends inside it, else ``None``."""
    if not period:
        return None
    start, grain = parse_period(period)
    return covered_days(start, Filters(start, start, grain=grain).months, values.as_of)


def period_labeller(values: DimensionValues):
    """Period labels as the selector shows them: a partial one with the days it covers, ``2026-05 (1–6 May,
    partial)``."""
    language = i18n.lang()

    def label(period: str) -> str:
        covered = partial_days(values, period)
        if covered is None:
            return period
        first, last = covered
        return t("scorecard_period_partial", period=period, first=i18n.day(first, language=language),
                 last=i18n.day(last, language=language))

    return label


def _from_url(values: DimensionValues) -> list[str]:
    """Fill widget state from the URL once per session; returns what could not be honoured."""
    problems = []
    query = st.query_params
    period = query.get("period")
    grain = "month"
    if period:
        try:
            _, grain = parse_period(period)
        except ValueError:
            problems.append(f"period={period}")
            period = None
    options = period_options(values, grain)
    if period and period not in options:
        problems.append(f"period={period}")
        period = None
    st.session_state["f_grain"] = grain
    st.session_state["f_period"] = period or default_period(values, grain)
    compare = query.get("compare", "prev")
    st.session_state["f_compare"] = compare if compare in COMPARISONS else "prev"
    for key in LIST_KEYS:
        asked = [v for v in query.get(key, "").split(",") if v]
        known = getattr(values, key)
        problems += [f"{key}={v}" for v in asked if v not in known]
        st.session_state[f"f_{key}"] = [v for v in asked if v in known]
    managers = {m for m, _ in values.manager}
    asked = [v for v in query.get("manager", "").split(",") if v]
    chosen = [int(v) for v in asked if v.isascii() and v.isdigit() and int(v) in managers]  # "²".isdigit() too
    problems += [f"manager={v}" for v in asked if not (v.isascii() and v.isdigit() and int(v) in managers)]
    st.session_state["f_manager"] = chosen
    vp = query.get("vp", DEFAULT_VP)
    st.session_state["f_vp"] = vp if vp in VALUE_PROPOSITIONS else DEFAULT_VP
    return problems


def _regrain() -> None:
    """Keep the period when the grain changes: the new period is the one holding the old one's start."""
    values = st.session_state.get("_dimension_values")
    old = st.session_state.get("f_period")
    if not st.session_state.get("f_grain"):  # a click on the chosen grain deselects it: keep the grain
        st.session_state["f_grain"] = st.session_state.get(SAVED, {}).get("f_grain", "month")
    grain = st.session_state["f_grain"]
    options = period_options(values, grain) if values else []
    if not options:
        return
    if old:
        start, _ = parse_period(old)
        label = Filters(start, start, grain=grain).label(Filters(start, start, grain=grain).period_start(start))
        st.session_state["f_period"] = label if label in options else default_period(values, grain)
    else:
        st.session_state["f_period"] = default_period(values, grain)


WIDGET_KEYS = ("f_grain", "f_period", "f_compare", "f_region", "f_channel", "f_industry", "f_manager", "f_vp")
SAVED = "_filters_saved"


def _start(values: DimensionValues) -> None:
    """What every run does before the filters are drawn or held: the values they choose from, the URL read once
    per session (its nonsense kept to be said), and every filter's value handed back (:func:`keep_widget_values`)."""
    st.session_state["_dimension_values"] = values
    if not st.session_state.get("_filters_ready"):
        problems = _from_url(values)
        st.session_state["_filters_ready"] = True
        if problems:
            st.session_state["_filter_problems"] = problems
    keep_widget_values(WIDGET_KEYS, SAVED)


def sidebar(values: DimensionValues) -> None:
    """Draw the filter widgets (in the sidebar of every page) and write them to the URL.

    Widget values are also kept under a plain key: Streamlit forgets a widget's value on a run that
    does not draw it, and the filters must survive such runs."""
    _start(values)
    if not st.session_state.get("f_grain"):
        st.session_state["f_grain"] = "month"
    grain = st.segmented_control(t("grain"), GRAINS, key="f_grain", format_func=labeller("grain_"),
                                 on_change=_regrain) or st.session_state.get(SAVED, {}).get("f_grain", "month")
    st.selectbox(t("period"), period_options(values, grain), key="f_period", format_func=period_labeller(values))
    if partial_days(values, st.session_state.get("f_period")) is not None:
        st.caption(t("scorecard_period_partial_help"))
    st.radio(t("compare_with"), COMPARISONS, key="f_compare", format_func=labeller("compare_"),
             horizontal=True)
    for key in LIST_KEYS:
        st.multiselect(t(key), getattr(values, key), key=f"f_{key}", placeholder=t("all"), format_func=labeller())
    names = dict(values.manager)
    st.multiselect(t("manager"), list(names), key="f_manager", format_func=names.get, disabled=not names,
                   placeholder=t("all") if names else t("cd_no_managers_short"))
    st.selectbox(t("value_proposition"), list(VALUE_PROPOSITIONS), key="f_vp",
                 format_func=labeller(names={k: v["name"] for k, v in VALUE_PROPOSITIONS.items()}),
                 help=t("value_proposition_help"))
    _write_url()


def hold(values: DimensionValues) -> None:
    """The filters without their widgets, for a page that uses none (``PageSpec.filters``): read from the URL once
    per session like :func:`sidebar`, kept in the session and in the URL (a link from this page carries them to
    the pages that draw them)."""
    _start(values)
    _write_url()


def keep_widget_values(keys: tuple[str, ...], saved_key: str) -> None:
    """Hand every widget its value again before it is drawn (the current one, else the saved copy).

    Streamlit drops or orphans a widget's value on a run that does not draw it: a page switch that
    runs the page alone first (a fresh server, AppTest), or a widget whose id changed. Assigning the
    key before the widget is created makes the widget take that value, so nothing resets to defaults."""
    state = st.session_state
    saved = state.get(saved_key, {})
    for key in keys:
        if key in state:
            state[key] = state[key]
        elif key in saved:
            state[key] = saved[key]


def _write_url() -> None:
    state = st.session_state
    state[SAVED] = {key: state[key] for key in WIDGET_KEYS if key in state}
    wanted = {
        "period": state.get("f_period") or "",
        "compare": state.get("f_compare", "prev"),
        "region": ",".join(state.get("f_region", [])),
        "channel": ",".join(state.get("f_channel", [])),
        "industry": ",".join(state.get("f_industry", [])),
        "manager": ",".join(str(m) for m in state.get("f_manager", [])),
        "vp": state.get("f_vp", DEFAULT_VP),
    }
    for key, value in wanted.items():
        if value and st.query_params.get(key) != value:
            st.query_params[key] = value
        elif not value and key in st.query_params:
            del st.query_params[key]


def problems() -> list[str]:
    """URL values that were ignored because they match nothing in the data (shown once)."""
    return st.session_state.pop("_filter_problems", [])


def _value(key: str, default=None):
    return st.session_state.get(key, st.session_state.get(SAVED, {}).get(key, default))


def current() -> Filters | None:
    """The filters the sidebar holds: the selected period and its grain, and the dimension filters."""
    period = _value("f_period")
    if not period:
        return None
    start, grain = parse_period(period)
    return Filters(start, start, grain=grain, region=tuple(_value("f_region", [])),
                   channel=tuple(_value("f_channel", [])), industry=tuple(_value("f_industry", [])),
                   manager=tuple(_value("f_manager", [])))


def comparison() -> str:
    return _value("f_compare", "prev")


def value_proposition() -> str:
    return _value("f_vp", DEFAULT_VP)


def focus_kpi(default: str) -> str:
    return st.query_params.get("kpi", default)
