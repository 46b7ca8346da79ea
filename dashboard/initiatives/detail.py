"""One initiative in full: what it should move and what it moved, its milestones, risks and dated updates. People's
words are shown as text (``st.text`` or ``plain``), never rendered as Markdown."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard.core.i18n import lang, t
from dashboard.core.safe import plain
from dashboard.initiatives.common import (
    InitiativesContext,
    code,
    controls_text,
    day,
    effect_text,
    effects_of,
    field,
    kpi_name,
    money,
    objective_name,
    ratio,
    verdict,
)
from metrics.base.format import format_value


def picker(ctx: InitiativesContext, chosen: int | None) -> int | None:
    """A select box of every initiative (the table's selection, when there is one, wins)."""
    found = ctx.tables.initiatives
    if found.empty:
        return None
    ids = [int(i) for i in found["id"]]
    names = dict(zip(ids, found["name"], strict=True))
    if chosen is not None and chosen in ids:
        st.session_state["initiatives_pick"] = chosen
    return st.selectbox(t("initiatives_pick"), ids, index=None, format_func=lambda i: names.get(i, str(i)),
                        key="initiatives_pick", help=t("initiatives_pick_help"), placeholder=t("initiatives_pick"))


def effects_frame(ctx: InitiativesContext, initiative_id: int) -> pd.DataFrame:
    rows = effects_of(ctx, initiative_id)
    return pd.DataFrame([{field("kpi"): kpi_name(r["kpi_id"]), field("effect"): effect_text(r),
                          field("verdict"): verdict(r), field("controls"): controls_text(r)} for r in rows],
                        columns=[field("kpi"), field("effect"), field("verdict"), field("controls")])


def detail(ctx: InitiativesContext, initiative_id: int) -> None:
    row = ctx.initiative(initiative_id)
    if row is None:
        return
    st.subheader(plain(row["name"]))
    ev = ctx.earned.set_index("initiative_id")
    with st.container(horizontal=True):
        st.metric(field("status"), code("status", row["status"]), border=True)
        st.metric(field("percent_complete"), format_value(row["percent_complete"] / 100, "percent", lang(), decimals=0),
                  border=True)
        st.metric(field("budget"), money(row["budget"]), border=True)
        st.metric(field("actual_cost"), money(row["actual_cost"]), border=True)
        st.metric(field("cpi"), ratio(ev.at[initiative_id, "cpi"]) if initiative_id in ev.index else "–", border=True,
                  help=t("initiatives_ev_help"))
        st.metric(field("spi"), ratio(ev.at[initiative_id, "spi"]) if initiative_id in ev.index else "–", border=True)
    scope = row["region"] or t("initiatives_whole_company")
    st.caption(f"{field('owner')}: {plain(row['owner'] or '–')} · {day(row['start_on'])} – {day(row['end_on'])} · "
               f"{field('region')}: {plain(scope)} · {field('objectives')}: "
               f"{plain(', '.join(objective_name(o) for o in ctx.tables.objectives_of(initiative_id)) or '–')}")
    if row["description"]:
        st.text(row["description"])
    st.markdown(f"**{t('initiatives_effects')}**", help=t("initiatives_effect_help"))
    st.dataframe(effects_frame(ctx, initiative_id), hide_index=True, width="stretch")
    milestones_and_risks(ctx, initiative_id)
    updates(ctx, initiative_id)


def milestones_and_risks(ctx: InitiativesContext, initiative_id: int) -> None:
    left, right = st.columns(2)
    found = ctx.tables.milestones
    found = found[found["initiative_id"] == initiative_id]
    left.markdown(f"**{t('initiatives_milestones')}**")
    left.dataframe(pd.DataFrame({field("milestone"): found["name"], field("due"): [day(d) for d in found["due"]],
                                 field("status"): [code("milestone", s) for s in found["status"]],
                                 field("done"): found["done"].astype(bool)}), hide_index=True, width="stretch")
    risks = ctx.tables.risks
    risks = risks[risks["initiative_id"] == initiative_id]
    right.markdown(f"**{t('initiatives_risks')}**")
    right.dataframe(pd.DataFrame({field("risk"): risks["text"], field("rating"): [code("risk", r) for r in
                                                                                   risks["rating"]],
                                  field("open"): risks["open"].astype(bool)}), hide_index=True, width="stretch")


def updates(ctx: InitiativesContext, initiative_id: int) -> None:
    """Dated updates, newest first: each kept as written."""
    st.markdown(f"**{t('initiatives_updates')}**")
    found = ctx.tables.updates
    found = found[found["initiative_id"] == initiative_id]
    if found.empty:
        st.caption(t("initiatives_updates_none"))
    for r in found.head(20).to_dict("records"):
        with st.container(border=True):
            st.caption(t("initiatives_update_by", when=plain(f"{pd.Timestamp(r['written_at']):%Y-%m-%d %H:%M}"),
                         author=plain(r["author"])))
            st.text(r["text"])
