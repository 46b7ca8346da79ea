"""Parts of the Strategy links page, the evidence on the strategy map's arrows, and the forecast marks on the
scorecard and the KPI trends. Reads what the refresh stored (``dashboard.cache.links``); computes nothing heavy."""

from __future__ import annotations

import math

import pandas as pd
import streamlit as st

from dashboard.cache import links as link_cache
from dashboard.core import charts, widths
from dashboard.core.i18n import lang, t

# the scorecard's and the trends' forecast parts live in ``forecasts``; named here too, the views' one entry point
from dashboard.links.forecasts import chance_text, decorate_trend, flag_text, flags, forecast_caption  # noqa: F401
from metrics.base.format import (
    PER_WORDS,
    UNIT_WORDS,
    currency_symbol,
    format_change,
    format_signed,
    format_value,
    known,
)
from metrics.base.store import Store
from metrics.links import evidence, what_if
from metrics.links import fit as links
from metrics.scorecard.registry import Direction, Kpi, get
from metrics.scorecard.strategy import PERSPECTIVE_NAMES, Perspective, objective

# a "step" of a source KPI in the sentences: one percentage point, 1,000 CNY, else one unit
STEP = {"percent": 0.01, "currency": 1000.0}


def step_of(unit: str) -> float:
    return STEP.get(unit, 1.0)


FIXED_UNITS = ("percent", "hours", "days", "currency")  # the formatter gives these their own digits


def change_text(value: float, unit: str, *, decimals: int | None = None) -> str:
    """A signed change in a KPI's own unit, with the digits effects need (``metrics.base.format``); ``decimals``
    (:func:`interval_decimals`) for scores, ratios and counts, so an effect carries no more digits than its
    interval can tell apart (``+0.018``, not ``+0.0176``)."""
    if decimals is not None and unit not in FIXED_UNITS and known(value):
        return f"{value:+,.{decimals}f}"
    return format_change(value, unit, lang(), precise=True)


def interval_decimals(low: float, high: float) -> int | None:
    """The decimals that show an interval's width to two digits (width 0.06 -> 3: ``-0.012 to +0.048``); ``None``
    without a finite width."""
    if not (known(low) and known(high)) or high == low:
        return None
    return int(min(6, max(0, 1 - math.floor(math.log10(abs(high - low))))))


def effect_texts(effect: float, low: float, high: float, unit: str) -> tuple[str, str, str]:
    """An effect and its interval in one rounding (see :func:`change_text`)."""
    decimals = interval_decimals(low, high)
    return tuple(change_text(v, unit, decimals=decimals) for v in (effect, low, high))


def unit_suffix(kpi: Kpi) -> str:
    """What a KPI's axis counts in, after its name: `` (h)`` / ``（小时）``, `` (%)``, `` (¥)``, `` (per 100)``;
    nothing for a score or a count."""
    if kpi.unit.value == "percent":
        unit = "%"
    elif kpi.unit.value == "currency":
        unit = currency_symbol(None, lang()).strip()
    elif kpi.unit.value in UNIT_WORDS:
        unit = UNIT_WORDS[kpi.unit.value]["zh" if lang() == "zh" else "en"]
    elif kpi.per in PER_WORDS:
        unit = PER_WORDS[kpi.per]["zh" if lang() == "zh" else "en"].lstrip("/")
    else:
        return ""
    return f"（{unit}）" if lang() == "zh" else f" ({unit})"


def _number(value: float, digits: int = 3) -> str:
    return "–" if value is None or pd.isna(value) else f"{value:.{digits}g}"


def kpi_name(kpi_id: str) -> str:
    return get(kpi_id).name[lang()]


def pair_label(row: dict) -> str:
    return f"{kpi_name(row['source_kpi'])} → {kpi_name(row['target_kpi'])}"


def link_label(row: dict) -> str:
    return f"{objective(row['source_objective']).name[lang()]} → {objective(row['target_objective']).name[lang()]}"


def links_frame(table: pd.DataFrame) -> pd.DataFrame:
    """The link tests as shown: translated headers, named KPIs and objectives, effects per source step."""
    rows = []
    for r in table.to_dict("records"):
        target_unit = get(r["target_kpi"]).unit.value
        step = step_of(get(r["source_kpi"]).unit.value)
        rows.append({
            t("link_col_link"): link_label(r),
            t("link_col_pair"): pair_label(r),
            t("link_col_method"): t(f"method_{r['method']}"),
            t("link_col_lag"): "–" if pd.isna(r["lag_months"]) else str(int(r["lag_months"])),
            t("link_col_effect"): effect_texts(r["effect"] * step, r["ci_low"] * step, r["ci_high"] * step,
                                               target_unit)[0],
            t("link_col_interval"): "–" if pd.isna(r["ci_low"]) else "{1} … {2}".format(
                *effect_texts(r["effect"] * step, r["ci_low"] * step, r["ci_high"] * step, target_unit)),
            t("link_col_p"): _number(r["p_value"], 2),
            t("link_col_q"): _number(r["q_value"], 2),
            t("link_col_n"): int(r["n"]),
            t("link_col_r2"): _number(r["r2"], 2),
            t("link_col_evidence"): t(f"evidence_{r['evidence']}"),
            t("link_col_note"): row_note(r),
        })
    return pd.DataFrame(rows)


def evidence_names() -> dict[str, str]:
    """Each evidence value's name in the page's language (the map's legend)."""
    return {e: t(f"evidence_{e}") for e in charts.EVIDENCE_ORDER}


def row_note(row: dict) -> str:
    """Why a row has no numbers, and the months left out of its fit ("" when nothing to say)."""
    parts = []
    if row.get("evidence") == "not_enough_data":
        parts.append(t("link_note_not_enough"))
    months = row.get("left_out_months")
    if months is not None and pd.notna(months) and int(months) > 0 and pd.notna(row.get("fit_from")):
        parts.append(t(f"link_left_out_{row['left_out_why'] or 'inputs'}", months=int(months),
                       first=f"{pd.Timestamp(row['fit_from']):%Y-%m}"))
    return " ".join(parts)


def step_name(unit: str) -> str:
    return t(f"step_{unit}")


def sentence(row: dict) -> str:
    """"One hour faster first response goes with +0.12 CSAT two months later, 95% interval ..."."""
    if pd.isna(row["effect"]):
        return t("link_sentence_none")
    source, target = get(row["source_kpi"]), get(row["target_kpi"])
    step = step_of(source.unit.value)
    # say it the way that improves the source: "one hour lower first response", "one point higher CSAT"
    sign = 1.0 if source.better == Direction.HIGHER else -1.0
    lag = int(row["lag_months"])
    when = t("link_same_month") if lag == 0 else t("link_months_later", lag=lag)
    low, high = sorted((row["ci_low"] * step * sign, row["ci_high"] * step * sign))
    effect, low, high = effect_texts(row["effect"] * step * sign, low, high, target.unit.value)
    step_text = t("link_one", unit=step_name(source.unit.value))
    return t("link_sentence", step=step_text, direction=t("link_higher" if sign > 0 else "link_lower"),
             source=source.name[lang()], effect=effect, target=target.name[lang()] + unit_suffix(target),
             when=when, low=low, high=high, q=_number(row["q_value"], 2), n=int(row["n"]))


def map_evidence(store: Store) -> dict[tuple[str, str], tuple[str, str]]:
    """Per strategy-map link: its evidence and the hover text with the numbers of its rows (in the page's
    language; built once per data version and language for every session)."""
    return link_cache.map_evidence(store, lang(), _map_evidence)


def _map_evidence(store: Store) -> dict[tuple[str, str], tuple[str, str]]:
    table = link_cache.link_table(store)
    if table.empty:
        return {}
    status = links.link_evidence(table)
    out = {}
    for link, rows in table.groupby(["source_objective", "target_objective"], sort=False):
        lines = []
        for r in rows.to_dict("records"):
            if pd.isna(r["effect"]) or pd.isna(r["lag_months"]):
                lines.append(f"{pair_label(r)} ({t('method_' + r['method'])})<br>{t('evidence_not_enough_data')}")
                continue
            unit = get(r["source_kpi"]).unit.value
            step, target_unit = step_of(unit), get(r["target_kpi"]).unit.value
            lines.append(t("map_evidence_hover", pair=f"{pair_label(r)} ({t('method_' + r['method'])})",
                           effect=change_text(r["effect"] * step, target_unit), step=step_name(unit),
                           low=change_text(r["ci_low"] * step, target_unit),
                           high=change_text(r["ci_high"] * step, target_unit), lag=int(r["lag_months"]),
                           q=_number(r["q_value"], 2), evidence=t(f"evidence_{r['evidence']}")))
        out[link] = (status[link], "<br><br>".join(lines))
    return out


# --- the Strategy links page ----------------------------------------------------------------------
def links_section(store: Store) -> pd.DataFrame | None:
    """Intro and the table of every link; the table (``None`` when nothing is stored)."""
    st.caption(t("links_intro"))
    table = link_cache.link_table(store)
    if table.empty:
        st.info(t("links_none"))
        return None
    st.subheader(t("links_table"), help=t("links_evidence_help"))
    frame = links_frame(table)
    fitted = {name: st.column_config.Column(width=widths.fit(name, [str(v) for v in widths.sample(frame[name])]))
              for name in frame.columns if name not in (t("link_col_link"), t("link_col_pair"), t("link_col_note"))}
    st.dataframe(frame, hide_index=True, width="stretch", column_config=fitted)  # no interval or verdict cut
    left_out = table[table["left_out_months"].fillna(0) > 0] if "left_out_months" in table else table.iloc[:0]
    if len(left_out):
        st.caption(t("links_windows_note"))
    st.caption(t("links_method_note"))
    return table


def link_detail(store: Store, table: pd.DataFrame) -> None:
    """For one chosen link: the two series with the lag, the scatter with the fitted line, the sentence."""
    measured = table[table["effect"].notna()].reset_index(drop=True)
    if measured.empty:
        return
    options = list(range(len(measured)))
    default = next((i for i, r in measured.iterrows() if r["source_kpi"] == "first_response_hours"
                    and r["method"] == "time_series"), 0)
    names = [f"{pair_label(measured.iloc[i])} · {t('method_' + measured.iloc[i]['method'])}" for i in options]
    choice = st.selectbox(t("link_choose"), options, index=default, key="link_choice",
                          format_func=names.__getitem__)  # fixed now: the widget keeps it past the run
    row = measured.iloc[choice].to_dict()
    st.markdown(f"**{sentence(row)}**")
    series = link_cache.link_series(store)
    x_id, y_id, lag = row["source_kpi"], row["target_kpi"], int(row["lag_months"])
    if series.empty or x_id not in series or y_id not in series:
        return
    source, target = get(x_id), get(y_id)
    x, y = series[x_id].shift(lag), series[y_id]
    left, right = st.columns(2)
    fig = charts.link_series(x, y, source_name=t("link_source_shifted", name=source.name[lang()], lag=lag),
                             target_name=target.name[lang()], source_unit=source.unit.value,
                             target_unit=target.unit.value, title=t("link_series_title"), lang=lang())
    # each axis says whose it is and in what (the right one is the target's: CSAT, a 1-5 score, has no unit)
    fig.update_layout(yaxis_title={"text": source.name[lang()] + unit_suffix(source), "font": {"color": charts.GREY}},
                      yaxis2_title={"text": target.name[lang()] + unit_suffix(target), "font": {"color": charts.BLUE}})
    left.plotly_chart(fig, width="stretch", config={"displayModeBar": False}, key="link_series_chart")
    ts = table[(table.source_kpi == x_id) & (table.target_kpi == y_id) & (table.method == "time_series")]
    if ts.empty or ts["effect"].isna().all() or ts["lag_months"].isna().all():
        return
    fit = ts.iloc[0]
    points = evidence.partial_points(series[x_id], series[y_id], int(fit["lag_months"]))
    if points.empty:
        return
    right.plotly_chart(charts.link_scatter(
        points.set_index("period")["x"], points.set_index("period")["y"], effect=float(fit["effect"]),
        low=float(fit["ci_low"]), high=float(fit["ci_high"]),
        x_title=t("adjusted_for_trend", name=source.name[lang()]),
        y_title=t("adjusted_for_trend", name=target.name[lang()]), title=t("link_scatter_title"),
        line_label=t("fitted_line"), band_label=t("interval_band"), x_unit=source.unit.value,
        y_unit=target.unit.value),
        width="stretch", config={"displayModeBar": False}, key="link_scatter_chart")


def what_if_section(store: Store, card: pd.DataFrame) -> None:
    """Move a driver; the expected change downstream with intervals, and the perspective scores' change."""
    st.subheader(t("whatif_title"))
    st.caption(t("whatif_intro"))
    table = link_cache.link_table(store)
    chain = what_if.chain(table) if not table.empty else pd.DataFrame()
    if chain.empty:
        st.info(t("links_none"))
        return
    drivers = sorted(set(chain["source_kpi"]), key=lambda k: (k != "first_response_hours", kpi_name(k)))
    current = card.set_index("id")["value"]
    with st.container(horizontal=True):
        driver = st.selectbox(t("whatif_driver"), drivers, format_func={d: kpi_name(d) for d in drivers}.get,
                              key="whatif_driver")
        mode = st.segmented_control(t("whatif_mode"), ["percent", "absolute"], default="percent",
                                    format_func={m: t(f"whatif_{m}") for m in ("percent", "absolute")}.get,
                                    key="whatif_mode") or "percent"
        amount = st.number_input(t("whatif_change") + (" (%)" if mode == "percent" else ""), value=-20.0,
                                 step=5.0 if mode == "percent" else 1.0, key="whatif_amount")
    now = float(current.get(driver, math.nan))
    delta = now * amount / 100 if mode == "percent" else amount
    if not math.isfinite(delta):
        st.info(t("whatif_nothing"))
        return
    result = link_cache.what_if(store, ((driver, float(delta)),))
    downstream = result[~result["driver"]]
    if downstream.empty:
        st.info(t("whatif_nothing"))
        return
    rows = []
    for r in result.to_dict("records"):
        kpi: Kpi = get(r["kpi_id"])
        unit = kpi.unit.value
        value = float(current.get(r["kpi_id"], math.nan))
        rows.append({t("kpi"): kpi.name[lang()], t("whatif_now"): format_value(value, unit, lang()),
                     t("whatif_delta"): change_text(r["change"], unit),
                     t("whatif_interval"): "–" if r["driver"] else
                     f"{change_text(r['low'], unit)} … {change_text(r['high'], unit)}",
                     t("whatif_expected"): format_value(value + r["change"], unit, lang()),
                     t("whatif_after"): int(r["months"])})
    st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch")
    effect = what_if.score_effect(card, result)
    st.markdown(f"**{t('whatif_scores')}**")
    with st.container(horizontal=True):
        st.metric(t("overall_score"), "", _signed(effect["overall"]), border=True)
        for p in Perspective:
            st.metric(PERSPECTIVE_NAMES[p][lang()], "", _signed(effect[p.value]), border=True)
    st.caption(t("whatif_limits"))


def _signed(value: float | None) -> str | None:
    """A score change for a metric's delta; ``None`` (no delta drawn) when unknown, never "+nan"."""
    return format_signed(value) if known(value) else None
