"""The targets and weights editor (``pages/admin_targets.py``): per KPI its target, baseline, amber band and
weight in its objective; per objective its weight in its perspective. Validated, previewed as the overall
score before and after, saved with who and when, and applied to the scorecard at once."""

from __future__ import annotations

import math

import pandas as pd
import streamlit as st

from dashboard import cache
from dashboard.core import auth
from dashboard.core.i18n import lang, t
from data import db, targets
from jobs import targets as targets_job
from metrics.scorecard.registry import CATALOGUE
from metrics.scorecard.scoring import effective_objective_weights, overall_before_after
from metrics.scorecard.strategy import OBJECTIVES

KPIS = {k.id: k for k in CATALOGUE}
OBJECTIVE_NAMES = {o.id: o for o in OBJECTIVES}


def _kpi_table(engine) -> tuple[pd.DataFrame, list]:
    """The KPI rows as edited (kpi_id, target, baseline, threshold, weight) and their problems (drawn)."""
    current = targets.read(engine)
    current = current[current["kpi_id"].isin(KPIS)].copy()
    current.insert(1, "name", [KPIS[k].name[lang()] for k in current["kpi_id"]])
    current.insert(2, "better", [t(f"targets_better_{KPIS[k].better.value}") for k in current["kpi_id"]])
    labels = {"name": t("kpi"), "better": t("targets_better"), "target": t("target"),
              "baseline": t("targets_baseline"), "threshold": t("targets_band"), "weight": t("targets_weight")}
    st.subheader(t("targets_kpis"))
    shown = st.data_editor(current.set_index("kpi_id").rename(columns=labels), hide_index=True, key="targets_editor",
                           disabled=[labels["name"], labels["better"]])
    edited = shown.rename(columns={v: k for k, v in labels.items()}).rename_axis("kpi_id").reset_index()
    problems = targets.problems(edited, {k: KPIS[k].better.value for k in edited["kpi_id"]})
    for kpi_id, words in problems:
        st.error(f"{KPIS[kpi_id].name[lang()]}: {t('targets_' + words)}", icon=":material/error:")
    return edited[["kpi_id", *targets.FIELDS]], problems


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


def targets_editor(store, f) -> None:
    if message := st.session_state.pop(SAVED_KEY, None):
        st.success(message, icon=":material/task_alt:")
    engine = cache.engine()
    card = cache.scorecard(store, f)
    kpis, kpi_problems = _kpi_table(engine)
    shown = effective_objective_weights(card)
    weights, objective_problems = _objective_table(shown)
    bad = kpi_problems or objective_problems
    before, after = overall_before_after(
        card, dict(zip(kpis["kpi_id"], kpis["weight"].astype(float), strict=True)), weights)
    left, right = st.columns(2)
    left.metric(t("targets_overall_before"), f"{before:.1f}", border=True)
    right.metric(t("targets_overall_after"), f"{after:.1f}", f"{after - before:+.1f}", border=True)
    if not auth.can_edit_targets():
        st.info(t("targets_read_only"))
        return
    if st.button(t("targets_save"), type="primary", disabled=bool(bad), key="targets_save", icon=":material/save:"):
        who = auth.current().email
        try:
            count = targets_job.save_and_refresh(engine, kpis, weights, shown, actor=who,
                                                 refreshing=lambda: st.spinner(t("targets_refreshing")))
        except targets_job.NotSaved:  # the database went away: nothing was saved (one transaction)
            st.error(t("targets_unreachable", url=db.masked_url(db.database_url())), icon=":material/database_off:")
            return
        if not count:
            st.info(t("targets_nothing_changed"))
            return
        st.session_state[SAVED_KEY] = t("targets_saved", count=count, who=who)
        st.rerun()  # the page again, on the store that now holds the new targets
