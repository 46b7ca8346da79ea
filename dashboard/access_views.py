"""Page parts of the admin pages for users and the audit trail (issue 12)."""

from datetime import UTC, datetime, time, timedelta

import pandas as pd
import streamlit as st

from dashboard import auth, cache
from dashboard.i18n import t
from data import accounts, db


def _role_label(role: str) -> str:
    return auth.role_name(role)


def users_table() -> list[str]:
    """Every account with its role and last sign-in; returns the e-mails."""
    with db.session_scope(cache.engine()) as session:
        rows = [{t("col_email"): u.email, t("col_role"): _role_label(u.role), t("col_active"): u.active,
                 t("col_password"): bool(u.password_hash), t("col_created"): u.created_at,
                 t("col_last_sign_in"): u.last_sign_in_at} for u in accounts.list_users(session=session)]
    st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch")
    return [row[t("col_email")] for row in rows]


def add_user_form(actor: str) -> None:
    with st.form("users_add", clear_on_submit=True):
        st.subheader(t("users_add"))
        email = st.text_input(t("col_email"), key="users_add_email")
        role = st.selectbox(t("users_role"), accounts.ROLES, format_func=_role_label, key="users_add_role")
        password = st.text_input(t("users_password_optional"), type="password", key="users_add_password")
        submitted = st.form_submit_button(t("users_add"))
    if submitted:
        try:
            with db.session_scope(cache.engine()) as session:
                user = accounts.add_user(session=session, email=email, role=role, password=password or None,
                                         actor=actor)
                added = user.email
        except accounts.AccountError as error:
            st.error(str(error))
        else:
            st.success(t("users_added", email=added))


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
                                format_func=_role_label, key="users_change_role")
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
            st.error(str(error))
        else:
            st.success(t("users_saved", email=email))
            st.rerun()


def audit_filters() -> dict:
    """The audit page's filters: who, action, and a date range (UTC days)."""
    with db.session_scope(cache.engine()) as session:
        actions = accounts.audit_actions(session=session)
    with st.container(horizontal=True):
        who = st.text_input(t("audit_who"), key="audit_who")
        action = st.selectbox(t("audit_action"), [None, *actions], key="audit_action",
                              format_func=lambda a: t("all") if a is None else a)
        start = st.date_input(t("audit_from"), value=None, key="audit_from")
        end = st.date_input(t("audit_to"), value=None, key="audit_to")
    return {"actor": who or None, "action": action,
            "since": datetime.combine(start, time(), UTC) if start else None,
            "until": datetime.combine(end, time(), UTC) + timedelta(days=1) if end else None}


def audit_table(filters: dict) -> None:
    with db.session_scope(cache.engine()) as session:
        rows = [{t("col_at"): e.at, t("col_actor"): e.actor, t("col_action"): e.action, t("col_detail"): e.detail}
                for e in accounts.audit_events(session=session, **filters)]
    if not rows:
        st.info(t("audit_none"))
        return
    st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch")


def contact_line(facts: pd.DataFrame) -> None:
    """The customer's contact (name, e-mail, phone) as plain text: already masked for roles that may not see it."""
    row = facts.iloc[0]
    parts = [str(row[c]) for c in ("contact_name", "email", "phone") if c in row and isinstance(row[c], str)]
    if parts:
        st.text(f"{t('contact')}: " + " · ".join(parts))
