"""The Program view's edit forms: a step's dates, % complete, owner and status; a cost; a note. Validated by
``data.program`` and saved in one unit of work; the page reruns so every figure uses the edit at once. Who may
edit is decided by ``dashboard.core.auth.can_edit_program``, the one gate, before these forms are drawn."""

from __future__ import annotations

from datetime import date

import pandas as pd
import streamlit as st

from dashboard import cache
from dashboard.core import auth, labels
from dashboard.core.i18n import t
from dashboard.core.safe import plain
from dashboard.program.common import ProgramContext, step_name
from data import db
from data import program as edits


def _save(action, detail: str) -> None:
    """Run one edit in a unit of work and record it in the audit trail; show what was wrong, or rerun so every
    figure uses it."""
    if not auth.can_edit_program():  # the form is drawn only for editors; a stale session whose role changed stops here
        return
    try:
        with db.session_scope(cache.engine()) as session:
            action(session)
    except edits.ProgramEditError as error:
        st.error(t("program_edit_failed", field=plain(error.field),
                   problem=t(error.code, **{k: plain(v) for k, v in error.values.items()})),
                 icon=":material/error:")
        return
    auth.audit("program_edit", detail)
    st.session_state["program_saved"] = True
    st.rerun()


def _opt_date(value) -> date | None:
    return None if value is None or pd.isna(value) else pd.Timestamp(value).date()


def editor(ctx: ProgramContext) -> None:
    """Forms to edit a step, add a cost and add a note; the gate is asked again on save."""
    st.subheader(t("program_section_edit"))
    if st.session_state.pop("program_saved", False):
        st.success(t("program_saved"), icon=":material/check_circle:")
    st.caption(t("program_edit_note"))
    steps = ctx.program.steps
    ids = [int(i) for i in steps["id"]]
    names = {i: step_name(steps, i) for i in ids}
    tab = st.segmented_control(t("program_edit_what"), ["step", "cost", "comment"], default="step",
                               format_func=lambda k: t(f"program_edit_tab_{k}"), key="program_edit_tab")
    if tab == "step":
        step_id = st.selectbox(t("program_edit_step"), ids, format_func=names.get, key="program_edit_step_id")
        s = steps.loc[steps["id"] == step_id].iloc[0]
        with st.form(f"program_step_form_{step_id}"):
            c1, c2 = st.columns(2)
            planned_start = c1.date_input(t("program_edit_planned_start"), s["planned_start"].date())
            planned_end = c2.date_input(t("program_edit_planned_end"), s["planned_end"].date())
            actual_start = c1.date_input(t("program_edit_actual_start"), _opt_date(s["actual_start"]))
            actual_end = c2.date_input(t("program_edit_actual_end"), _opt_date(s["actual_end"]))
            percent_complete = c1.number_input(t("program_edit_percent"), min_value=0.0, max_value=100.0,
                                               value=float(s["percent_complete"]), step=5.0,
                                               key=f"program_percent_{step_id}")
            statuses = [labels.code(v) for v in edits.STATUSES]  # shown names as options: forms keep them
            shown = c2.selectbox(t("program_edit_status"), statuses,
                                 index=list(edits.STATUSES).index(s["status"]) if s["status"] in edits.STATUSES else 0)
            status = edits.STATUSES[statuses.index(shown)]
            owner = st.text_input(t("program_edit_owner"), s["owner"], max_chars=200)
            if st.form_submit_button(t("program_edit_save_step"), type="primary"):
                _save(lambda session: edits.update_step(
                    session=session, step_id=step_id, planned_start=planned_start, planned_end=planned_end,
                    actual_start=actual_start, actual_end=actual_end, percent_complete=percent_complete, owner=owner,
                    status=status), f"step {step_id}: {status}, {percent_complete:.0f}% complete")
    elif tab == "cost":
        with st.form("program_cost_form", clear_on_submit=True):
            c1, c2 = st.columns(2)
            step_label = c1.selectbox(t("program_edit_step"), [names[i] for i in ids])
            step_id = ids[[names[i] for i in ids].index(step_label)]
            categories = [labels.code(v) for v in edits.COST_CATEGORIES]
            category = edits.COST_CATEGORIES[categories.index(c2.selectbox(t("program_edit_cost_category"),
                                                                            categories))]
            incurred_on = c1.date_input(t("program_edit_cost_date"), ctx.today.date())
            amount = c2.number_input(t("program_edit_cost_amount"), value=0.0, step=1000.0, format="%.2f")
            if st.form_submit_button(t("program_edit_add_cost"), type="primary"):
                _save(lambda session: edits.add_cost(session=session, step_id=step_id, incurred_on=incurred_on,
                                                     category=category, amount=amount),
                      f"step {step_id}: cost {category} {amount:.2f} on {incurred_on}")
    elif tab == "comment":
        with st.form("program_comment_form", clear_on_submit=True):
            choices = [t("program_whole"), *[names[i] for i in ids]]
            picked = choices.index(st.selectbox(t("program_edit_step"), choices))
            step_id = None if picked == 0 else ids[picked - 1]
            author = st.text_input(t("program_edit_comment_author"), max_chars=200)
            text = st.text_area(t("program_edit_comment_text"), max_chars=2000)
            if st.form_submit_button(t("program_edit_add_comment"), type="primary"):
                _save(lambda session: edits.add_comment(session=session, step_id=step_id, written_on=date.today(),
                                                        author=author, text=text),
                      f"step {step_id or 'all'}: comment")
