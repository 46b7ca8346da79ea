"""My scorecard: the signed-in person's KPIs and objectives counted by colour, their check-ins due and overdue
(each with its form), and the initiatives they own."""

from __future__ import annotations

from datetime import date

import pandas as pd
import streamlit as st
from sqlalchemy.exc import SQLAlchemyError

from dashboard import cache
from dashboard.core import auth, context, labels
from dashboard.core.i18n import lang, t
from dashboard.core.navigation import INITIATIVES, SCORECARD_SETTINGS
from dashboard.core.safe import plain
from dashboard.review import form, period, reads
from dashboard.review.marks import NOTE_MARK
from data.review.owners import Owner
from metrics.base.format import chance_text, format_value
from metrics.base.store import Store
from metrics.review import due as due_rule
from metrics.scorecard import registry
from metrics.scorecard.scoring import objective_status
from metrics.scorecard.strategy import objective

COLOURS = ("green", "amber", "red", "none")
BADGE = {"green": ":green[●]", "amber": ":orange[◆]", "red": ":red[▲]", "none": ":gray[○]"}


def owns_something(email: str | None) -> bool:
    """Whether ``email`` owns (or deputises for) any KPI or objective: My scorecard is then their first page."""
    try:
        return bool(reads.owned_by(email))
    except SQLAlchemyError:  # the landing page never fails on this question: the overview then
        return False


def counts(statuses: list[str]) -> dict[str, int]:
    return {c: statuses.count(c) for c in COLOURS}


def colour_tiles(title: str, found: dict[str, int]) -> None:
    st.markdown(f"**{title}**")
    with st.container(horizontal=True):
        for colour in COLOURS:
            st.metric(f"{BADGE[colour]} {t('status_' + colour)}", found[colour], border=True)


def _role_of(owner: Owner, email: str) -> str:
    return t("review_as_owner") if owner.owner == email else t("review_as_deputy")


def kpi_rows(card: pd.DataFrame, mine: dict[str, Owner], email: str, due: dict) -> pd.DataFrame:
    """The person's KPIs (``mine``: KPI id -> owner) with their status and note state."""
    shown = card[card["id"].isin(mine)]
    rows = []
    for row in shown.to_dict("records"):
        found = due.get(row["id"])
        rows.append({t("kpi"): row["name_en"] if lang() == "en" else row["name_zh"],
                     t("review_col_role"): _role_of(mine[row["id"]], email),
                     t("value"): format_value(row["value"], row["unit"], lang(), per=row.get("per")),
                     t("target"): format_value(row["target"], row["unit"], lang(), per=row.get("per")),
                     t("status"): t(f"status_{row['status']}"),
                     t("review_col_note"): f"{NOTE_MARK[found.state]} {t('review_note_' + found.state)}"
                     if found else ""})
    return pd.DataFrame(rows)


def due_section(store: Store, card: pd.DataFrame, month: date, due: dict) -> None:
    """The check-ins due and overdue, oldest deadline first, and the form of the one picked."""
    open_ones = {k: d for k, d in due.items() if d.state in ("due", "overdue")}
    st.subheader(t("review_mine_due", n=len(open_ones)))
    if not open_ones:
        st.caption(t("review_mine_nothing_due", month=f"{month:%Y-%m}"))
        return
    ordered = sorted(open_ones.values(), key=lambda d: (d.state != "overdue", d.kpi_id))
    st.dataframe(pd.DataFrame([{
        t("kpi"): registry.get(d.kpi_id).name[lang()], t("review_col_month"): f"{d.period:%Y-%m}",
        t("review_col_why"): ", ".join(t("review_why_" + r, p=_chance(d.probability)) for r in d.reasons),
        t("review_col_due_by"): f"{d.due_by:%Y-%m-%d}",
        t("review_col_note"): f"{NOTE_MARK[d.state]} {t('review_note_' + d.state)}"} for d in ordered]),
        hide_index=True, width="stretch")
    st.caption(t("review_due_rule", days=due_rule.GRACE_DAYS))
    chosen = st.selectbox(t("review_mine_write"), [d.kpi_id for d in ordered], format_func=labels.kpi_labeller(),
                          key="review_mine_pick")
    statuses = dict(zip(card["id"], card["status"], strict=True))
    form.checkin_form(store, chosen, month, statuses.get(chosen, "none"), key="mine")


def _chance(probability: float) -> str:
    return "–" if probability != probability else chance_text(probability)  # NaN: unknown, never 0%


def initiatives_section(email: str) -> None:
    st.subheader(t("review_mine_initiatives"))
    found = reads.initiatives_of(email)
    if found.empty:
        st.caption(t("review_mine_no_initiatives"))
    else:
        st.dataframe(found.rename(columns={c: t(f"review_init_{c}") for c in found.columns}), hide_index=True,
                     width="stretch")
    st.page_link(INITIATIVES.path, label=t(INITIATIVES.title_key), icon=INITIATIVES.icon)


def my_scorecard() -> None:
    who = auth.current()
    if who is None:
        return
    form.flash()
    mine = reads.owned_by(who.email)
    if not mine:
        st.info(t("review_mine_none"), icon=":material/person_off:")
        if SCORECARD_SETTINGS.permits(who.role):
            st.page_link(SCORECARD_SETTINGS.path, label=t(SCORECARD_SETTINGS.title_key), icon=SCORECARD_SETTINGS.icon)
        initiatives_section(who.email)
        return
    opened = context.open_store(banner=False)
    month = period.review_month(opened[0]) if opened else None
    if opened is None or month is None:
        st.info(t("no_data_for", what=t("period")))
        return
    store = opened[0]
    card = cache.scorecard(store, period.month_filters(month))
    st.caption(t("review_mine_month", month=f"{month:%Y-%m}", email=plain(who.email)))
    kpis = {o.item_id: o for o in mine if o.kind == "kpi"}
    objectives = [o.item_id for o in mine if o.kind == "objective"]
    left, right = st.columns(2)
    with left:
        colour_tiles(t("review_mine_kpis", n=len(kpis)), counts([s for k, s in zip(card["id"], card["status"],
                                                                                 strict=True) if k in kpis]))
    with right:
        colour_tiles(t("review_mine_objectives", n=len(objectives)),
                     counts([objective_status(card, o) for o in objectives]))
    if objectives:
        st.caption(t("review_mine_objective_names", names=", ".join(objective(o).name[lang()] for o in objectives)))
    due = {k: d for k, d in period.notes_due(store, card, month).items() if k in kpis}
    if kpis:
        st.dataframe(kpi_rows(card, kpis, who.email, due), hide_index=True, width="stretch")
    due_section(store, card, month, due)
    initiatives_section(who.email)
