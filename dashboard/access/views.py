"""Page parts of the admin pages for users and the audit trail (issue 12)."""

from datetime import UTC, datetime, time, timedelta

import pandas as pd
import streamlit as st

from dashboard import cache
from dashboard.core import labels, roles
from dashboard.core.i18n import t
from dashboard.core.safe import plain
from data import accounts, db


def _role_labels() -> dict[str, str]:
    """Role code -> its name in the page's language, fixed when drawn (a widget's format function may be called
    outside the run, where the language is not known)."""
    return {role: roles.role_name(role) for role in accounts.ROLES}


USER_COLUMNS = ["email", "role", "active", "has_password", "created_at", "last_sign_in_at"]
AUDIT_COLUMNS = ["at", "actor", "action", "detail"]


def _minute(moment: datetime | None) -> str:
    """A UTC moment to the minute, as people read it."""
    return "" if moment is None else moment.strftime("%Y-%m-%d %H:%M")


def users_table() -> list[str]:
    """Every account with its role and last sign-in; returns the e-mails."""
    with db.session_scope(cache.engine()) as session:
        rows = [{"email": u.email, "role": u.role, "active": u.active, "has_password": bool(u.password_hash),
                 "created_at": _minute(u.created_at), "last_sign_in_at": _minute(u.last_sign_in_at)}
                for u in accounts.list_users(session=session)]
    labels.show(pd.DataFrame(rows, columns=USER_COLUMNS))
    return [row["email"] for row in rows]


def add_user_form(actor: str) -> None:
    with st.form("users_add", clear_on_submit=True):
        st.subheader(t("users_add"))
        email = st.text_input(t("signin_email"), key="users_add_email")
        role = st.selectbox(t("users_role"), accounts.ROLES, format_func=_role_labels().get,
                            key="users_add_role")
        password = st.text_input(t("users_password_optional"), type="password", key="users_add_password")
        submitted = st.form_submit_button(t("users_add"))
    if submitted:
        try:
            with db.session_scope(cache.engine()) as session:
                user = accounts.add_user(session=session, email=email, role=role, password=password or None,
                                         actor=actor)
                added = user.email
        except accounts.AccountError as error:
            st.error(plain(error))
        else:
            st.success(t("users_added", email=plain(added)))


def change_user_form(emails: list[str], actor: str) -> None:
    if not emails:
        return
    st.subheader(t("users_change"))
    email = st.selectbox(t("users_pick"), emails, key="users_pick")
    with db.session_scope(cache.engine()) as session:
        user = accounts.get_user(session=session, email=email)
        role, active = user.role, user.active
    with st.form("users_change"):
        new_role = st.selectbox(t("users_role"), accounts.ROLES, index=accounts.ROLES.index(role),
                                format_func=_role_labels().get, key="users_change_role")
        new_active = st.checkbox(t("users_active"), value=active, key="users_change_active")
        password = st.text_input(t("users_new_password"), type="password", key="users_change_password")
        submitted = st.form_submit_button(t("users_apply"))
    if submitted:
        try:
            with db.session_scope(cache.engine()) as session:
                if new_active and not active:
                    accounts.set_active(session=session, email=email, active=True, actor=actor)
                accounts.set_role(session=session, email=email, role=new_role, actor=actor)
                if not new_active and active:
                    accounts.set_active(session=session, email=email, active=False, actor=actor)
                if password:
                    accounts.set_password(session=session, email=email, password=password, actor=actor)
        except accounts.AccountError as error:
            st.error(plain(error))
        else:
            st.success(t("users_saved", email=plain(email)))
            st.rerun()


def audit_filters() -> dict:
    """The audit page's filters: who, action, and a date range (UTC days)."""
    with db.session_scope(cache.engine()) as session:
        actions = accounts.audit_actions(session=session)
    with st.container(horizontal=True):
        who = st.text_input(t("audit_who"), key="audit_who")
        names = {None: t("all")} | {a: labels.code(a) for a in actions}
        action = st.selectbox(t("audit_action"), [None, *actions], key="audit_action", format_func=names.get)
        start = st.date_input(t("audit_from"), value=None, key="audit_from")
        end = st.date_input(t("audit_to"), value=None, key="audit_to")
    return {"actor": who or None, "action": action,
            "since": datetime.combine(start, time(), UTC) if start else None,
            "until": datetime.combine(end, time(), UTC) + timedelta(days=1) if end else None}


def audit_table(filters: dict) -> None:
    with db.session_scope(cache.engine()) as session:
        rows = [{"at": _minute(e.at), "actor": e.actor, "action": e.action, "detail": e.detail}
                for e in accounts.audit_events(session=session, **filters)]
    if not rows:
        st.info(t("audit_none"))
        return
    labels.show(pd.DataFrame(rows, columns=AUDIT_COLUMNS))


def contact_line(facts: pd.DataFrame) -> None:
    """The customer's contact (name, e-mail, phone) as plain text: already masked for roles that may not see it."""
    row = facts.iloc[0]
    parts = [str(row[c]) for c in ("contact_name", "email", "phone") if c in row and isinstance(row[c], str)]
    if parts:
        st.text(f"{t('contact')}: " + " · ".join(parts))
