"""The monthly review pack: one view per period that an executive walks through in the meeting, top to bottom.

1. the scores; 2. the KPIs off target or at risk, with their owners and the owners' notes of the month (check-ins,
``data.review``); 3. the initiatives with their status and measured effects; 4. the decisions of this meeting (a form
for executives and admins); 5. the last meeting's decisions with their outcome (editable by the chair or the
decision's owner). Notes and decisions are people's words: shown as text, never as Markdown.
"""

from __future__ import annotations

import math
from datetime import date

import pandas as pd
import streamlit as st

from dashboard import cache
from dashboard.cache import review as review_cache
from dashboard.core import labels
from dashboard.core.i18n import lang, t
from dashboard.initiatives import listing
from dashboard.initiatives.common import InitiativesContext, code, day, editor, field, kpi_name, month
from dashboard.initiatives.editor import KPI_IDS, save, saved_note
from data import db
from data.initiatives import decisions
from data.review import checkins, owners
from metrics.base.format import format_value
from metrics.initiatives import flags
from metrics.scorecard.scoring import rollup
from metrics.scorecard.strategy import PERSPECTIVE_NAMES, Perspective

ATTENTION = ("red", "amber")  # computed statuses the meeting looks at
JUDGED = ("at_risk", "off_track")  # an owner's judgement that brings a KPI in even when the computed status is green


def period_of(ctx: InitiativesContext) -> date:
    """The month under review: the month of the filters' last period."""
    f = ctx.page.filters
    last = f.period_start(f.end)
    return date(last.year, last.month, 1)


def _scope():
    engine = cache.engine()
    review_cache.tables_ready(engine.url.render_as_string(hide_password=True))
    return db.session_scope(engine)


def scores(ctx: InitiativesContext) -> None:
    st.subheader(t("initiatives_review_scores"))
    now, before = rollup(ctx.card), rollup(ctx.card, "score_prev")
    tiles = [(t("overall_score"), now["overall"], before["overall"])]
    tiles += [(PERSPECTIVE_NAMES[p][lang()], now["perspectives"][p.value], before["perspectives"][p.value])
              for p in Perspective]
    with st.container(horizontal=True):
        for label, value, previous in tiles:
            known = math.isfinite(value)
            delta = f"{value - previous:+.0f}" if known and math.isfinite(previous) else None
            st.metric(label, t("score_of", score=f"{value:.0f}") if known else "–", delta, border=True)


def attention_frame(ctx: InitiativesContext, period: date) -> pd.DataFrame:
    """The KPIs off target or close to it, or judged at risk by their owners: value, target, statuses, owner, note,
    and whether an active initiative works on it."""
    with _scope() as session:
        found_owners = owners.owners(session)
        notes = checkins.latest_for_period(session, period)
    covered = flags.covered_kpis(ctx.tables.initiatives, ctx.tables.kpis, ctx.tables.objectives, today=ctx.today)
    card = ctx.card
    judged = {k for k, c in notes.items() if c.status in JUDGED}
    chosen = card[card["status"].isin(ATTENTION) | card["id"].isin(judged)]
    chosen = chosen.assign(_order=chosen["status"].map({"red": 0, "amber": 1}).fillna(2)).sort_values("_order")
    rows = []
    for r in chosen.to_dict("records"):
        owner = found_owners.get(r["id"])
        note = notes.get(r["id"])
        rows.append({
            field("kpi"): kpi_name(r["id"]),
            field("value"): format_value(r["value"], r["unit"], lang(), per=r.get("per")),
            field("target"): format_value(r["target"], r["unit"], lang(), per=r.get("per")),
            field("computed"): t(f"status_{r['status']}"),
            field("judgement"): t(f"initiatives_judgement_{note.status}") if note else "–",
            field("owner"): (owner.owner or owner.deputy) if owner and (owner.owner or owner.deputy)
            else t("initiatives_review_no_owner"),
            field("note"): note.note if note and note.note else t("initiatives_review_no_note"),
            field("initiative"): "" if r["id"] in covered else t("initiatives_review_no_initiative"),
        })
    return pd.DataFrame(rows)


def attention(ctx: InitiativesContext, period: date) -> None:
    st.subheader(t("initiatives_review_kpis"))
    shown = attention_frame(ctx, period)
    if shown.empty:
        st.info(t("initiatives_review_kpis_none"))
        return
    st.dataframe(shown, hide_index=True, width="stretch", row_height=60,
                 column_config={field("note"): st.column_config.TextColumn(width="large"),
                                field("kpi"): st.column_config.TextColumn(width="medium")})


def initiatives(ctx: InitiativesContext) -> None:
    st.subheader(t("initiatives_review_initiatives"))
    listing.red_flag(ctx)
    shown = listing.frame(ctx)
    if shown.empty:
        st.info(t("initiatives_none"))
        return
    st.dataframe(shown.drop(columns="id"), hide_index=True, width="stretch", row_height=70,
                 column_config={field("percent_complete"): st.column_config.ProgressColumn(
                     min_value=0, max_value=100, format="%.0f%%"),
                     field("effect"): st.column_config.TextColumn(width="large", help=t("initiatives_effect_help"))})


def _about(ctx: InitiativesContext, row) -> str:
    names = dict(zip(ctx.tables.initiatives["id"].astype(int), ctx.tables.initiatives["name"], strict=True))
    parts = [kpi_name(row.kpi_id)] if row.kpi_id else []
    if row.initiative_id is not None:
        parts.append(names.get(int(row.initiative_id), str(row.initiative_id)))
    return ", ".join(parts) or "–"


def decisions_frame(ctx: InitiativesContext, found: list) -> pd.DataFrame:
    return pd.DataFrame([{field("decision"): d.text, field("owner"): d.owner or "–", field("due"): day(d.due),
                          t("initiatives_review_about"): _about(ctx, d), field("status"): code("decision", d.status),
                          field("outcome"): d.outcome or "–"} for d in found])


def this_meeting(ctx: InitiativesContext, period: date) -> None:
    st.subheader(t("initiatives_review_decisions"))
    with _scope() as session:
        found = decisions.of_period(session, period)
    if found:
        st.dataframe(decisions_frame(ctx, found), hide_index=True, width="stretch",
                     column_config={field("decision"): st.column_config.TextColumn(width="large")})
    else:
        st.caption(t("initiatives_review_decisions_none"))
    who = editor()
    if who is None or not decisions.may_record(who.role):
        st.caption(t("initiatives_review_read_only"))
        return
    ids = [int(i) for i in ctx.tables.initiatives["id"]]
    names = dict(zip(ids, ctx.tables.initiatives["name"], strict=True))
    with st.form("initiatives_decision_form", clear_on_submit=True):
        st.markdown(f"**{t('initiatives_review_record')}**")
        text = st.text_area(field("decision"), max_chars=4000, help=t("initiatives_markdown_note"))
        c1, c2 = st.columns(2)
        owner = c1.text_input(field("owner"), max_chars=320)
        due = c2.date_input(field("due"), None)
        kpi = c1.selectbox(field("kpi"), KPI_IDS, index=None, format_func=labels.kpi_labeller(),
                           placeholder=t("initiatives_review_nothing"))
        initiative = c2.selectbox(field("initiative"), ids, index=None, format_func=lambda i: names.get(i, str(i)),
                                  placeholder=t("initiatives_review_nothing"))
        if st.form_submit_button(t("initiatives_add"), type="primary"):
            save(lambda session: decisions.record(session=session, editor=who, period=period, text_=text, owner=owner,
                                                  due=due, kpi_id=kpi, initiative_id=initiative, known_kpis=KPI_IDS))


def last_meeting(ctx: InitiativesContext, period: date) -> None:
    with _scope() as session:
        found = decisions.before(session, period)
    if not found:
        st.subheader(t("initiatives_review_last", period="–"))
        st.caption(t("initiatives_review_last_none"))
        return
    st.subheader(t("initiatives_review_last", period=month(found[0].period)))
    st.dataframe(decisions_frame(ctx, found), hide_index=True, width="stretch",
                 column_config={field("decision"): st.column_config.TextColumn(width="large"),
                                field("outcome"): st.column_config.TextColumn(width="large")})
    who = editor()
    mine = [d for d in found if who is not None and decisions.may_settle(role=who.role, email=who.email,
                                                                         owner=d.owner)]
    if not mine:
        return
    texts = {int(d.id): d for d in mine}
    picked = st.selectbox(t("initiatives_review_settle"), list(texts), format_func=lambda i: texts[i].text[:120],
                          key="initiatives_settle_pick")
    current = texts[picked]
    statuses = list(decisions.STATUSES)
    with st.form(f"initiatives_settle_form_{picked}"):
        at = statuses.index(current.status) if current.status in statuses else 0
        status = st.selectbox(field("status"), statuses, index=at, format_func=labels.labeller("initiatives_decision_"))
        outcome = st.text_area(field("outcome"), current.outcome, max_chars=4000, help=t("initiatives_markdown_note"))
        if st.form_submit_button(t("initiatives_save"), type="primary"):
            save(lambda session: decisions.settle(session=session, editor=who, decision_id=picked, status=status,
                                                  outcome=outcome))


def pack(ctx: InitiativesContext) -> None:
    """The whole pack for the month under review."""
    period = period_of(ctx)
    st.caption(t("initiatives_review_intro"))
    saved_note()
    st.header(t("initiatives_review_period", period=month(period)))
    scores(ctx)
    attention(ctx, period)
    initiatives(ctx)
    this_meeting(ctx, period)
    last_meeting(ctx, period)

