"""The reps' monthly revenue targets, editable on the Sales team page by the roles that may edit targets: a row per
rep of the team, a column per month of the selected period (and the month's baseline beside it for a single
month). A blank cell is the baseline. Saved through ``jobs.sales_targets`` (one transaction, audited), then the
page reruns on the updated store."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard import cache
from dashboard.cache import sales as sales_cache
from dashboard.core import auth, guard
from dashboard.core.i18n import month, t
from dashboard.core.safe import plain
from dashboard.sales.views import with_labels
from data import db, locks, sales_targets
from jobs import sales_targets as sales_targets_job
from metrics.base.filters import Filters
from metrics.base.store import Store
from metrics.sales.attainment import months_of

SAVED_KEY = "sales_targets_saved_message"
REP = "rep_id"


def _grid(store: Store, f: Filters) -> tuple[pd.DataFrame, dict[str, object]]:
    """The editor's frame (index: rep id) and, per target column, the month it holds."""
    months = months_of(f)
    monthly = sales_cache.monthly_targets(store, f)
    reps = with_labels(monthly.drop_duplicates(REP)[[REP, "name", "status"]]).set_index(REP)
    stored = sales_targets.read(cache.engine())
    stored = stored[stored["employee_id"].isin(reps.index)]
    grid = pd.DataFrame({t("sales_col_rep"): reps["label"]}, index=reps.index)
    columns = {}
    for first in months:
        if len(months) == 1:
            baseline = monthly[monthly["month"] == first].set_index(REP)["baseline"]
            grid[t("sales_editor_baseline", month=month(first))] = baseline.reindex(grid.index)
        name = t("sales_editor_target", month=month(first))
        grid[name] = stored[stored["month"] == first].set_index("employee_id")["revenue_target"].reindex(grid.index)
        columns[name] = first
    return grid, columns


def _edits(edited: pd.DataFrame, columns: dict[str, object]) -> pd.DataFrame:
    """The edited cells as ``employee_id, month, revenue_target`` rows (blank: back to the baseline)."""
    rows = [(int(rep), first, None if pd.isna(value) else float(value))
            for name, first in columns.items() for rep, value in edited[name].items()]
    return pd.DataFrame(rows, columns=["employee_id", "month", "revenue_target"])


@guard.fragment  # each rerun checks the account first (disabled: signed out; new role: redrawn)
def target_editor(store: Store, f: Filters) -> None:
    """The editor as a fragment: editing cells reruns it alone; a save reruns the page."""
    st.subheader(t("sales_editor"))
    if message := st.session_state.pop(SAVED_KEY, None):
        st.success(message, icon=":material/task_alt:")
    grid, columns = _grid(store, f)
    if grid.empty:
        return
    st.caption(t("sales_editor_help"))
    editable = auth.can_edit_targets()
    config = {name: st.column_config.NumberColumn(min_value=0.0, format="localized") for name in grid.columns[1:]}
    edited = st.data_editor(grid, hide_index=True, key="sales_targets_editor", column_config=config, placeholder="–",
                            disabled=[c for c in grid.columns if c not in columns or not editable])
    if not editable:
        st.info(t("sales_read_only"))
        return
    edits = _edits(edited, columns)
    problems = sales_targets.problems(edits)
    labels = grid[t("sales_col_rep")]
    for rep, when, what in problems:
        st.error(f"{plain(labels.get(rep, rep))}, {when}: {t('sales_problem_' + what)}", icon=":material/error:")
    if not st.button(t("sales_save"), type="primary", disabled=bool(problems), key="sales_targets_save",
                     icon=":material/save:"):
        return
    who = auth.current().email
    try:
        count = sales_targets_job.save_and_refresh(cache.engine(), edits, actor=who,
                                                   refreshing=lambda: st.spinner(t("sales_refreshing")))
    except sales_targets_job.NotSaved:
        st.error(t("sales_unreachable", url=db.masked_url(db.database_url())), icon=":material/database_off:")
        return
    except locks.JobBusy as busy:
        st.warning(t("sales_busy", holder=busy.holder, since=busy.since), icon=":material/hourglass_top:")
        return
    if not count:
        st.info(t("sales_nothing_changed"))
        return
    st.session_state[SAVED_KEY] = t("sales_saved", count=count, who=plain(who))
    st.rerun(scope="app")  # the ranking and chart again, on the store that now holds the new targets
