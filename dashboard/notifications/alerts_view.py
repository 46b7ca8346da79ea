"""The Alerts page's parts: the alerts holding now, their history, and (admins) the delivery outbox."""

from datetime import UTC, datetime
from urllib.parse import urlsplit

import pandas as pd
import streamlit as st
from sqlalchemy import inspect

from dashboard import cache
from dashboard.core import auth
from dashboard.core.i18n import lang, t
from data import db
from data.accounts import Role
from data.notifications import alerts, outbox
from data.notifications.models import AlertState
from metrics.scorecard import registry


def available() -> bool:
    """Whether this database has the alert tables (made by the worker's first run or ``db.create_schema``)."""
    return inspect(cache.engine()).has_table(AlertState.__tablename__)


def shown_target(target: str) -> str:
    """An e-mail as it is; a webhook's URL without its query (robots' URLs carry their access token there)."""
    parts = urlsplit(target)
    return f"{parts.scheme}://{parts.netloc}{parts.path}" if parts.scheme in ("http", "https") else target


def _minute(moment: datetime | None) -> str:
    return "" if moment is None else moment.strftime("%Y-%m-%d %H:%M")


def subject_name(kind: str, subject: str) -> str:
    """A KPI's name in the page's language, a refresh step's own name."""
    if kind == "refresh":
        return t("notify_subject_store") if subject == "store" else subject
    try:
        return registry.get(subject).name[lang()]
    except KeyError:
        return subject


def state_name(state: str | None) -> str:
    """``overdue:2026-10`` -> overdue (2026-10); codes named in both languages."""
    if state is None:
        return t("notify_state_first")
    code, _, month = state.partition(":")
    name = t(f"notify_state_{code}") if f"notify_state_{code}" in _STATES else code
    return f"{name} ({month})" if month else name


_STATES = {f"notify_state_{s}" for s in ("red", "amber", "green", "none", "below", "above", "unknown", "due",
                                        "overdue", "uncovered", "covered", "not_red", "ok", "warned", "failed")}


def active_table() -> None:
    st.subheader(t("notify_active"))
    with db.session_scope(cache.engine()) as session:
        rows = [{t("notify_kind"): t(f"notify_kind_{s.kind}"), t("notify_subject"): subject_name(s.kind, s.subject),
                 t("notify_state"): state_name(s.state), t("notify_since"): _minute(s.changed_at)}
                for s in alerts.active(session=session)]
    if not rows:
        st.info(t("notify_active_none"))
        return
    st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch")


def history_table(limit: int = 300) -> None:
    st.subheader(t("notify_history"))
    with db.session_scope(cache.engine()) as session:
        rows = [{t("notify_at"): _minute(e.at), t("notify_kind"): t(f"notify_kind_{e.kind}"),
                 t("notify_subject"): subject_name(e.kind, e.subject), t("notify_previous"): state_name(e.previous),
                 t("notify_state"): state_name(e.state), t("notify_fired"): bool(e.fired)}
                for e in alerts.history(session=session, limit=limit)]
    if not rows:
        st.info(t("notify_history_none"))
        return
    st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch")


def outbox_panel() -> None:
    """For admins: counts per status, the dead letters, and sending one again."""
    identity = auth.current()
    if identity is None or identity.role != Role.ADMIN.value:
        return
    actor = identity.email
    st.subheader(t("notify_outbox"))
    with db.session_scope(cache.engine()) as session:
        counts = outbox.counts(session=session)
        dead = [{"id": r.id, t("notify_at"): _minute(r.created_at), t("notify_recipient"): shown_target(r.target),
                 t("notify_channel"): r.channel, t("notify_message"): r.kind, t("notify_attempts"): r.attempts,
                 t("notify_error"): r.last_error or ""} for r in outbox.rows(session=session, status="dead")]
    st.caption(t("notify_outbox_counts", pending=counts["pending"], sent=counts["sent"], dead=counts["dead"],
                 max=outbox.MAX_ATTEMPTS))
    if not dead:
        return
    st.markdown(f"**{t('notify_dead')}**")
    st.dataframe(pd.DataFrame(dead).drop(columns="id"), hide_index=True, width="stretch")
    labels = {row["id"]: f"{row[t('notify_at')]} · {row[t('notify_recipient')]}" for row in dead}
    with st.form("notify_retry_form"):
        picked = st.selectbox(t("notify_retry_pick"), list(labels), format_func=lambda i: labels.get(i, str(i)),
                              key="notify_retry_pick")
        if st.form_submit_button(t("notify_retry")) and picked is not None:
            with db.session_scope(cache.engine()) as session:
                outbox.retry(session=session, row_id=int(picked), actor=actor, now=datetime.now(UTC))
            st.success(t("notify_retried"))
