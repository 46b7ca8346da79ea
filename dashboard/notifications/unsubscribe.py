"""The one-click unsubscribe link of every e-mail (``?unsubscribe=<token>``), handled before the sign-in gate: it
works without signing in, once, and only for the person the signed token names (``data.notifications.tokens``)."""

from datetime import UTC, datetime

import streamlit as st
from sqlalchemy.exc import SQLAlchemyError

from dashboard import cache
from dashboard.core.i18n import t
from dashboard.core.safe import plain
from data import db
from data.notifications.tokens import Unsubscribed
from data.notifications.tokens import unsubscribe as follow

PARAM = "unsubscribe"
OUTCOME_KEY = "_unsubscribe_outcome"


def handle() -> None:
    """When the URL carries an unsubscribe token: follow it, say what happened, and stop the run there."""
    token = st.query_params.get(PARAM)
    if not token:
        return
    kept = st.session_state.get(OUTCOME_KEY)
    if kept is not None and kept[0] == token:  # a rerun (the language picked, say) says again what the link did
        outcome, email = kept[1], kept[2]
    else:
        try:
            with db.session_scope(cache.engine()) as session:
                outcome, email = follow(session=session, token=str(token), now=datetime.now(UTC))
        except (SQLAlchemyError, ValueError):
            outcome, email = Unsubscribed.INVALID, None
        st.session_state[OUTCOME_KEY] = (token, outcome, email)
    st.title(t("notify_unsub_title"))
    if outcome == Unsubscribed.DONE:
        st.success(t("notify_unsub_done", email=plain(email)))
    elif outcome == Unsubscribed.USED:
        st.info(t("notify_unsub_used"))
    else:
        st.error(t("notify_unsub_invalid"))
    if st.button(t("notify_unsub_continue"), key="notify_unsub_continue"):
        del st.query_params[PARAM]
        st.rerun()
    st.stop()
