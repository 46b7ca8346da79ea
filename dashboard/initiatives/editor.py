"""The Initiatives view's forms: start an initiative; edit one's details, milestones and risks; add a dated update.
Drawn only for those the one rule (``data.initiatives.edits.may_edit``) lets edit; the rule is asked again by every
write, which is validated and audited in one unit of work, and the page reruns so every figure uses it at once."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pandas as pd
import streamlit as st

from dashboard import cache
from dashboard.core import labels
from dashboard.core.i18n import t
from dashboard.initiatives.common import OBJECTIVE_NAMES, InitiativesContext, editor, error_text, field, may_edit
from data import db
from data.initiatives import edits
from metrics.scorecard import registry
from metrics.scorecard.strategy import OBJECTIVES

SAVED_KEY = "initiatives_saved"
KPI_IDS = tuple(k.id for k in registry.CATALOGUE)
OBJECTIVE_IDS = tuple(o.id for o in OBJECTIVES)


def save(action: Callable, *, key: str = SAVED_KEY) -> bool:
    """Run one edit in a unit of work; show what was wrong, or rerun so every figure uses it."""
    try:
        with db.session_scope(cache.engine()) as session:
            action(session)
    except edits.InitiativeEditError as error:
        st.error(error_text(error), icon=":material/error:")
        return False
    st.session_state[key] = True
    st.rerun()
    return True  # not reached: the rerun ends this run


def saved_note() -> None:
    if st.session_state.pop(SAVED_KEY, False):
        st.success(t("initiatives_saved"), icon=":material/check_circle:")


def _day(value) -> date | None:
    return None if value is None or pd.isna(value) else pd.Timestamp(value).date()


def _fields_form(key: str, row: dict | None, kpis: list[str], objectives: list[str],
                 owner_default: str) -> edits.InitiativeFields | None:
    """The details form; the fields when submitted."""
    statuses = list(edits.STATUSES)
    with st.form(key):
        name = st.text_input(field("name"), (row or {}).get("name", ""), max_chars=edits.NAME_LIMIT)
        c1, c2, c3 = st.columns(3)
        owner = c1.text_input(field("owner"), (row or {}).get("owner") or owner_default, max_chars=320)
        start = c2.date_input(field("start"), _day((row or {}).get("start_on")) or date.today())
        end = c3.date_input(field("end"), _day((row or {}).get("end_on")) or date.today().replace(day=28))
        budget = c1.number_input(field("budget"), min_value=0.0, value=float((row or {}).get("budget", 0.0)),
                                 step=10_000.0, format="%.2f")
        cost = c2.number_input(field("actual_cost"), min_value=0.0, value=float((row or {}).get("actual_cost", 0.0)),
                               step=10_000.0, format="%.2f")
        percent = c3.number_input(field("percent_complete"), min_value=0.0, max_value=100.0,
                                  value=float((row or {}).get("percent_complete", 0.0)), step=5.0)
        current = (row or {}).get("status", "planned")
        status = c1.selectbox(field("status"), statuses, index=statuses.index(current) if current in statuses else 0,
                              format_func=labels.labeller("initiatives_status_"))
        region = c2.text_input(field("region"), (row or {}).get("region") or "", max_chars=64)
        chosen_objectives = st.multiselect(field("objectives"), OBJECTIVE_IDS, default=objectives,
                                           format_func=labels.labeller(names=OBJECTIVE_NAMES))
        chosen_kpis = st.multiselect(field("kpis"), KPI_IDS, default=kpis, format_func=labels.kpi_labeller())
        description = st.text_area(field("description"), (row or {}).get("description", ""),
                                   max_chars=edits.TEXT_LIMIT, help=t("initiatives_markdown_note"))
        if not st.form_submit_button(t("initiatives_save"), type="primary"):
            return None
    return edits.InitiativeFields(name=name, owner=owner, start=start, end=end, budget=budget, actual_cost=cost,
                                  percent_complete=percent, status=status, description=description,
                                  region=region or None, objectives=tuple(chosen_objectives), kpis=tuple(chosen_kpis))


def new_form(ctx: InitiativesContext) -> None:
    """Start an initiative (executives, admins, and the project team as its owner)."""
    who = editor()
    if who is None or not edits.may_start(who.role):
        return
    with st.expander(t("initiatives_new"), icon=":material/add:"):
        fields = _fields_form("initiatives_new_form", None, [], [], who.email)
        if fields is not None:
            save(lambda session: edits.create(session=session, editor=who, fields=fields, known_kpis=KPI_IDS,
                                              known_objectives=OBJECTIVE_IDS))


def edit_forms(ctx: InitiativesContext, initiative_id: int) -> None:
    """The forms of one initiative, for those who may edit it; a note for the others."""
    row = ctx.initiative(initiative_id)
    if row is None:
        return
    if not may_edit(row["owner"]):
        st.caption(t("initiatives_read_only"))
        return
    who = editor()
    st.markdown(f"**{t('initiatives_edit')}**")
    tab = st.segmented_control(t("initiatives_edit_what"), ["details", "milestone", "risk", "update"],
                               default="update", format_func=labels.labeller("initiatives_tab_"),
                               key=f"initiatives_tab_{initiative_id}")
    if tab == "details":
        fields = _fields_form(f"initiatives_form_{initiative_id}", row, ctx.tables.kpis_of(initiative_id),
                              ctx.tables.objectives_of(initiative_id), row["owner"])
        if fields is not None:
            save(lambda session: edits.update(session=session, editor=who, initiative_id=initiative_id, fields=fields,
                                              known_kpis=KPI_IDS, known_objectives=OBJECTIVE_IDS))
    elif tab == "milestone":
        milestone_forms(ctx, initiative_id, who)
    elif tab == "risk":
        risk_forms(ctx, initiative_id, who)
    elif tab == "update":
        with st.form(f"initiatives_update_form_{initiative_id}", clear_on_submit=True):
            text = st.text_area(field("update"), max_chars=edits.TEXT_LIMIT, help=t("initiatives_markdown_note"))
            if st.form_submit_button(t("initiatives_add"), type="primary"):
                save(lambda session: edits.add_update(session=session, editor=who, initiative_id=initiative_id,
                                                      text_=text))


def milestone_forms(ctx: InitiativesContext, initiative_id: int, who: edits.Editor) -> None:
    statuses = list(edits.MILESTONE_STATUSES)
    found = ctx.tables.milestones
    found = found[found["initiative_id"] == initiative_id]
    if not found.empty:
        names = dict(zip(found["id"].astype(int), found["name"], strict=True))
        picked = st.selectbox(t("initiatives_pick_milestone"), list(names), format_func=names.get,
                              key=f"initiatives_milestone_pick_{initiative_id}")
        with st.form(f"initiatives_milestone_set_{picked}"):
            current = found.set_index("id").loc[picked]
            c1, c2, c3 = st.columns(3)
            at = statuses.index(current["status"]) if current["status"] in statuses else 0
            status = c1.selectbox(field("status"), statuses, index=at,
                                  format_func=labels.labeller("initiatives_milestone_"))
            due = c2.date_input(field("due"), _day(current["due"]))
            done = c3.checkbox(field("done"), bool(current["done"]))
            if st.form_submit_button(t("initiatives_save"), type="primary"):
                save(lambda session: edits.set_milestone(session=session, editor=who, milestone_id=int(picked),
                                                         status=status, done=done, due=due))
    with st.form(f"initiatives_milestone_add_{initiative_id}", clear_on_submit=True):
        st.caption(t("initiatives_new_milestone"))
        c1, c2, c3 = st.columns(3)
        name = c1.text_input(field("milestone"), max_chars=edits.NAME_LIMIT)
        due = c2.date_input(field("due"), ctx.today.date())
        status = c3.selectbox(field("status"), statuses, format_func=labels.labeller("initiatives_milestone_"))
        if st.form_submit_button(t("initiatives_add")):
            save(lambda session: edits.add_milestone(session=session, editor=who, initiative_id=initiative_id,
                                                     name=name, due=due, status=status))


def risk_forms(ctx: InitiativesContext, initiative_id: int, who: edits.Editor) -> None:
    ratings = list(edits.RISK_RATINGS)
    found = ctx.tables.risks
    found = found[found["initiative_id"] == initiative_id]
    if not found.empty:
        texts = dict(zip(found["id"].astype(int), found["text"], strict=True))
        picked = st.selectbox(t("initiatives_pick_risk"), list(texts), format_func=lambda i: texts[i][:120],
                              key=f"initiatives_risk_pick_{initiative_id}")
        with st.form(f"initiatives_risk_set_{picked}"):
            current = found.set_index("id").loc[picked]
            c1, c2 = st.columns(2)
            at = ratings.index(current["rating"]) if current["rating"] in ratings else 1
            rating = c1.selectbox(field("rating"), ratings, index=at, format_func=labels.labeller("initiatives_risk_"))
            still_open = c2.checkbox(field("open"), bool(current["open"]))
            if st.form_submit_button(t("initiatives_save"), type="primary"):
                save(lambda session: edits.set_risk(session=session, editor=who, risk_id=int(picked), rating=rating,
                                                    open_=still_open))
    with st.form(f"initiatives_risk_add_{initiative_id}", clear_on_submit=True):
        st.caption(t("initiatives_new_risk"))
        text = st.text_input(field("risk"), max_chars=edits.TEXT_LIMIT)
        rating = st.selectbox(field("rating"), ratings, index=1, format_func=labels.labeller("initiatives_risk_"))
        if st.form_submit_button(t("initiatives_add")):
            save(lambda session: edits.add_risk(session=session, editor=who, initiative_id=initiative_id, text_=text,
                                                rating=rating))
