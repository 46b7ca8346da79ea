"""The targets and weights editor (``pages/admin_targets.py``): per KPI its target, baseline, amber band and
weight in its objective; per objective its weight in its perspective. Validated, previewed as the overall
score before and after, saved with who and when, and applied to the scorecard at once.

A KPI nobody set a target for shows its baseline target (``metrics.scorecard.baselines``), marked as such: editing
its row, or adopting every baseline, makes it a target of the company's own.

Numbers are edited in the units the scorecard shows (:func:`to_display`, :func:`from_display`): a percentage as a
percentage (20 is 20%), money in the company's currency, hours and days as such, the amber band as a percentage of
the distance from baseline to target. The preview scores the default period (the latest complete month, nothing
filtered) with the edited targets and weights."""

from __future__ import annotations

import math

import pandas as pd
import streamlit as st

from dashboard import cache
from dashboard.core import auth
from dashboard.core.i18n import lang, t
from dashboard.core.labels import code
from data import db, targets
from jobs import targets as targets_job
from metrics.base.filters import default_filters
from metrics.base.format import PER_WORDS, UNIT_WORDS, currency_symbol
from metrics.scorecard import baselines
from metrics.scorecard.registry import CATALOGUE, Kpi, Unit
from metrics.scorecard.scoring import effective_objective_weights, overall_before_after
from metrics.scorecard.strategy import OBJECTIVES

KPIS = {k.id: k for k in CATALOGUE}
OBJECTIVE_NAMES = {o.id: o for o in OBJECTIVES}


def target_rows(engine, store) -> pd.DataFrame:
    """kpi_id, target, baseline, threshold, weight, source: the targets set (``set``), then the baseline targets of
    the KPIs without one (``baseline``), in the catalogue's order."""
    current = targets.read(engine).assign(source="set", basis=None)
    found = baselines.read(store)[["kpi_id", *targets.FIELDS, "basis"]]
    found = found[~found["kpi_id"].isin(current["kpi_id"])].assign(source="baseline")
    rows = pd.concat([frame for frame in (current, found) if not frame.empty] or [current], ignore_index=True)
    order = {k: i for i, k in enumerate(KPIS)}
    rows = rows[rows["kpi_id"].isin(KPIS)].astype({name: float for name in targets.FIELDS})
    return rows.sort_values("kpi_id", key=lambda ids: ids.map(order)).reset_index(drop=True)


def scale(kpi: Kpi) -> float:
    """How many display units one stored unit is: 100 for a percentage (stored as a fraction), else 1."""
    return 100.0 if kpi.unit == Unit.PERCENT else 1.0


SCALED = ("target", "baseline")  # in the KPI's unit; the amber band is a percentage of the baseline-to-target gap


def to_display(rows: pd.DataFrame) -> pd.DataFrame:
    """Stored targets (fractions for percentages, the band as a fraction) in the units the editor shows."""
    factors = rows["kpi_id"].map(lambda k: scale(KPIS[k])).astype(float)
    out = rows.copy()
    for name in SCALED:
        out[name] = out[name].astype(float) * factors
    out["threshold"] = out["threshold"].astype(float) * 100
    return out


def from_display(shown: pd.DataFrame) -> pd.DataFrame:
    """The inverse of :func:`to_display`: what the editor shows back in stored units."""
    factors = shown["kpi_id"].map(lambda k: scale(KPIS[k])).astype(float)
    out = shown.copy()
    for name in SCALED:
        out[name] = pd.to_numeric(out[name], errors="coerce").astype(float) / factors
    out["threshold"] = pd.to_numeric(out["threshold"], errors="coerce").astype(float) / 100
    out["weight"] = pd.to_numeric(out["weight"], errors="coerce").astype(float)
    return out


def unit_text(kpi: Kpi, language: str) -> str:
    """The unit a row's target is typed in: ``%``, the currency's symbol, ``h``, ``d``, ``per 100``..."""
    if kpi.unit == Unit.PERCENT:
        return "%"
    if kpi.unit == Unit.CURRENCY:
        return currency_symbol(None, language).strip()
    if kpi.unit.value in UNIT_WORDS:
        return UNIT_WORDS[kpi.unit.value]["zh" if language == "zh" else "en"]
    if kpi.per:
        return PER_WORDS[kpi.per]["zh" if language == "zh" else "en"]
    return ""


def to_save(edited: pd.DataFrame, rows: pd.DataFrame, *, adopt: bool) -> pd.DataFrame:
    """The rows a save writes: every set target (unchanged ones change nothing), and the baseline rows the user
    edited, or every baseline row with ``adopt``."""
    before = rows.set_index("kpi_id")[list(targets.FIELDS)]
    after = edited.set_index("kpi_id")[list(targets.FIELDS)].astype(float)
    changed = ~((after - before.reindex(after.index)).abs() <= 1e-12).all(axis=1)
    keep = (rows.set_index("kpi_id")["source"].reindex(after.index) == "set") | changed | adopt
    return after[keep.to_numpy()].reset_index()


def _kpi_table(engine, store) -> tuple[pd.DataFrame, pd.DataFrame, list]:
    """The KPI rows as shown (with their source) and as edited (kpi_id, target, baseline, threshold, weight), and
    their problems (drawn)."""
    rows = target_rows(engine, store)
    current = to_display(rows)
    current.insert(1, "name", [KPIS[k].name[lang()] for k in current["kpi_id"]])
    current.insert(2, "better", [t(f"targets_better_{KPIS[k].better.value}") for k in current["kpi_id"]])
    current.insert(3, "unit", [unit_text(KPIS[k], lang()) for k in current["kpi_id"]])
    current["source"] = [t(f"targets_source_{s}") for s in current["source"]]
    current["basis"] = [code(b) for b in current["basis"]]
    labels = {"name": t("kpi"), "better": t("targets_better"), "unit": t("targets_unit"), "target": t("target"),
              "baseline": t("targets_baseline"), "threshold": t("targets_band_pct"), "weight": t("targets_weight"),
              "source": t("targets_source"), "basis": t("targets_basis")}
    st.subheader(t("targets_kpis"))
    st.caption(t("targets_units_help"))
    if (rows["source"] == "baseline").any():
        st.info(t("targets_baseline_rule"), icon=":material/history:")
    if rows.empty:
        st.info(t("targets_no_data"))
    number = st.column_config.NumberColumn(format="localized")  # 49,552,000 and 1.5, never 4.955e+07
    shown = st.data_editor(
        current.set_index("kpi_id").rename(columns=labels), hide_index=True, key="targets_editor",
        disabled=[labels["name"], labels["better"], labels["unit"], labels["source"], labels["basis"]],
        column_config={labels["target"]: number, labels["baseline"]: number,
                       labels["threshold"]: st.column_config.NumberColumn(format="localized", min_value=0,
                                                                          max_value=100),
                       labels["weight"]: st.column_config.NumberColumn(format="localized", min_value=0)})
    edited = from_display(shown.rename(columns={v: k for k, v in labels.items()}).rename_axis("kpi_id").reset_index())
    problems = targets.problems(edited, {k: KPIS[k].better.value for k in edited["kpi_id"]},
                                shares={k for k in edited["kpi_id"] if KPIS[k].share})
    for kpi_id, words in problems:
        st.error(f"{KPIS[kpi_id].name[lang()]}: {t('targets_' + words)}", icon=":material/error:")
    return rows, edited[["kpi_id", *targets.FIELDS]], problems


def _score(value: float) -> str:
    return f"{value:.1f}" if math.isfinite(value) else "–"


def _objective_table(shown: dict[str, float]) -> tuple[dict[str, float], list]:
    """Objective id -> weight as edited, and their problems (drawn)."""
    st.subheader(t("targets_objectives"))
    st.caption(t("targets_objectives_help"))
    frame = pd.DataFrame({
        t("targets_perspective"): [t(f"page_{OBJECTIVE_NAMES[o].perspective.value}") for o in shown],
        t("targets_objective"): [OBJECTIVE_NAMES[o].name[lang()] for o in shown],
        t("targets_weight"): list(shown.values())}, index=list(shown))
    edited = st.data_editor(frame, hide_index=True, key="targets_objective_editor",
                            disabled=[t("targets_perspective"), t("targets_objective")])
    weights = {o: math.nan if pd.isna(w) else float(w) for o, w in edited[t("targets_weight")].items()}  # a cleared
    # cell is a missing number, said as such below
    problems = targets.objective_problems(weights)
    for objective, words in problems:
        st.error(f"{OBJECTIVE_NAMES[objective].name[lang()]}: {t('targets_' + words)}", icon=":material/error:")
    return weights, problems


SAVED_KEY = "targets_saved_message"


def preview_filters(store):
    """The period the preview scores: the latest complete month, nothing filtered (targets are the company's)."""
    values = cache.dimension_values_of(store)
    return default_filters(values.first_month, values.last_month, data_end=values.as_of)


def targets_editor(store, f=None) -> None:
    """``f`` is not used: targets are the company's, previewed on :func:`preview_filters` whatever the filters."""
    if message := st.session_state.pop(SAVED_KEY, None):
        st.success(message, icon=":material/task_alt:")
        st.toast(message, icon=":material/task_alt:")
    engine = cache.engine()
    period = preview_filters(store)
    if period is None:
        st.info(t("targets_no_data"))
        return
    card = cache.scorecard(store, period)
    rows, kpis, kpi_problems = _kpi_table(engine, store)
    shown = effective_objective_weights(card)
    weights, objective_problems = _objective_table(shown)
    bad = kpi_problems or objective_problems
    before, after = overall_before_after(
        card, dict(zip(kpis["kpi_id"], kpis["weight"].astype(float), strict=True)), weights,
        targets=None if kpi_problems else kpis)
    st.caption(t("targets_preview_period", period=period.label(period.period_start(period.end))))
    left, right = st.columns(2)
    left.metric(t("targets_overall_before"), _score(before), border=True)
    right.metric(t("targets_overall_after"), _score(after),
                 f"{after - before:+.1f}" if math.isfinite(after - before) else None, border=True)
    if not auth.can_edit_targets():
        st.info(t("targets_read_only"))
        return
    with st.container(horizontal=True):
        save = st.button(t("targets_save"), type="primary", disabled=bool(bad), key="targets_save",
                         icon=":material/save:")
        adopt = (rows["source"] == "baseline").any() and st.button(
            t("targets_adopt_all"), disabled=bool(bad), key="targets_adopt", icon=":material/done_all:")
    if save or adopt:
        who = auth.current().email
        try:
            count = targets_job.save_and_refresh(engine, to_save(kpis, rows, adopt=bool(adopt)), weights, shown,
                                                 actor=who, refreshing=lambda: st.spinner(t("targets_refreshing")))
        except targets_job.NotSaved:  # the database went away: nothing was saved (one transaction)
            st.error(t("targets_unreachable", url=db.masked_url(db.database_url())), icon=":material/database_off:")
            return
        if not count:
            st.info(t("targets_nothing_changed"))
            return
        st.session_state[SAVED_KEY] = t("targets_saved", count=count, who=who)
        st.rerun()  # the page again, on the store that now holds the new targets
