"""The screens in front of the app: sign-in (OpenID button, or local e-mail and password, and "try as" on the
demo), creating the first admin, and "no access"; and the sidebar's signed-in line (issue 12)."""

import logging

import streamlit as st
from sqlalchemy.exc import OperationalError, ProgrammingError

from dashboard import cache
from dashboard.access import remember
from dashboard.core import context
from dashboard.core.auth import (
    CONFIG_ERRORS,
    EMAIL_KEY,
    EXPIRED_KEY,
    METHOD_KEY,
    RECORDED_KEY,
    Identity,
    audit,
    audit_as,
    claimed_email,
    expired,
    forget_local,
    lookup,
    oidc_provider,
    oidc_settings,
    prepare,
    sessions_ended,
)
from dashboard.core.i18n import t
from dashboard.core.navigation import ALL_PAGES, OVERVIEW
from dashboard.core.roles import role_name
from dashboard.core.safe import plain
from data import accounts, db
from data.accounts import Outcome, Role

_LOG = logging.getLogger(__name__)
ENDED_KEY = "auth_session_ended"
ELSEWHERE_KEY = "auth_signed_out_elsewhere"


def gate() -> Identity | None:
    """The signed-in identity; otherwise draws the sign-in, first-run or no-access screen and returns ``None``.

    Call once per run from ``streamlit_app.py`` before anything reads data; inside ``guard.frame``,
    ``auth.current()`` then answers from what it found.
    """
    settings = oidc_settings()
    if settings is not None and not settings.get("cookie_secret"):
        st.error("`.streamlit/secrets.toml` has an [auth] section without `cookie_secret`: sign-in is off "
                 "until one is set (the same long random value for every process).")
        return None
    try:
        cache.engine()
    except CONFIG_ERRORS as error:  # nobody can be told apart from a visitor without the accounts: one sentence
        _LOG.error("DATABASE_URL is not valid: %s: %s", type(error).__name__, error)
        st.error(t("auth_config_broken"), icon=":material/database_off:")
        return None
    try:
        prepare()
        remember.restore()  # a reload or a new tab of a local sign-in: its cookie
        email, method = claimed_email()
        identity = lookup(email, method) if email is not None else None
        if identity is None:  # the screens in front of the app need to know more about the database
            with db.session_scope(cache.engine()) as session:
                demo = accounts.is_demo_only(session=session)
                no_accounts = accounts.count_users(session=session) == 0
    except (OperationalError, ProgrammingError):
        if context.load_summary() is not None:  # says why the database cannot be read (masked URL)
            st.error(t("auth_database_down", url=db.masked_url(db.database_url())))
        return None
    if email is not None and method == "oidc" and expired():
        audit("sign_out", "ID token expired")
        st.session_state[EXPIRED_KEY] = True
        st.logout()
        return None
    if email is None:
        if no_accounts and settings is None:
            _screen(_first_run_local)
        else:
            _screen(lambda: _sign_in(settings, demo))
        return None
    if identity is None:
        if method in ("password", "demo"):  # disabled since: back to the sign-in screen
            audit_as("system", "sign_out", f"{email}: the account is no longer active")
            forget_local()
            remember.forget()
            st.session_state[ENDED_KEY] = True
            st.rerun()
        if no_accounts:
            _screen(lambda: _first_run_signed_in(email, method))
        else:
            _screen(lambda: _no_access(email, method))
        return None
    if sessions_ended(identity):  # signed out in another tab or device, or a new password was set
        forget_local()
        st.session_state.pop(remember.TOKEN_KEY, None)  # the browser's cookie may be another tab's newer one
        st.session_state[ELSEWHERE_KEY] = True
        st.rerun()
    if method in ("oidc", "proxy") and st.session_state.get(RECORDED_KEY) != identity.email:
        with db.session_scope(cache.engine()) as session:
            user = accounts.get_user(session=session, email=identity.email)
            accounts.record_session_sign_in(session=session, user=user, method=method)
        st.session_state[RECORDED_KEY] = identity.email
    if method == "oidc":
        remember.go_to_destination({spec.url_path for spec in ALL_PAGES})
    return identity


def _screen(draw) -> None:
    """Run ``draw`` in place of every page: nothing of the app, and no page of the ``pages/`` folder, is reachable,
    yet every page's URL is known (no "page not found" for a shared link). The URL, with its query, stays as it
    came: once signed in, the rerun opens the page it names with its filters."""

    def screen() -> None:
        remember.clear_in_browser()
        draw()

    st.navigation([st.Page(screen, title=t("signin_title"), url_path=spec.url_path, default=spec is OVERVIEW)
                   for spec in ALL_PAGES], position="hidden").run()


def _sign_in_locally(email: str, method: str) -> None:
    forget_local()
    st.session_state.pop(remember.TOKEN_KEY, None)  # a cookie of its own, drawn by the next run's account box
    st.session_state[EMAIL_KEY] = email
    st.session_state[METHOD_KEY] = method
    st.rerun()


def _sign_in(settings: dict | None, demo: bool) -> None:
    st.title(t("signin_title"))
    if st.session_state.pop(EXPIRED_KEY, False):
        st.warning(t("session_expired"))
    if st.session_state.pop(ENDED_KEY, False):
        st.warning(t("auth_session_ended"))
    if st.session_state.pop(ELSEWHERE_KEY, False):
        st.warning(t("auth_signed_out_elsewhere"))
    if settings is not None:
        remember.note_destination()
        if st.button(t("signin_oidc"), type="primary", key="auth_oidc"):
            st.login(oidc_provider(settings))
    else:
        with st.form("auth_sign_in"):
            email = st.text_input(t("signin_email"), key="auth_form_email")
            password = st.text_input(t("signin_password"), type="password", key="auth_form_password")
            submitted = st.form_submit_button(t("signin_submit"), type="primary")
        if submitted:
            with db.session_scope(cache.engine()) as session:
                result = accounts.authenticate(session=session, email=email, password=password)
                signed = result.user.email if result.outcome is Outcome.OK else None
            if signed:
                _sign_in_locally(signed, "password")
            elif result.outcome is Outcome.LOCKED:
                st.error(t("signin_locked", minutes=max(1, round(result.retry_after.total_seconds() / 60))))
            elif result.outcome is Outcome.INACTIVE:
                st.error(t("signin_inactive"))
            else:
                st.error(t("signin_wrong"))
    if demo:
        st.divider()
        st.caption(t("signin_demo"))
        with st.container(horizontal=True):
            for each in accounts.ROLES:
                if st.button(t("try_as", role=role_name(each)), key=f"auth_try_{each}"):
                    with db.session_scope(cache.engine()) as session:
                        user = accounts.get_user(session=session, email=accounts.DEMO_ACCOUNTS[each])
                        accounts.record_sign_in(session=session, user=user, method="demo")
                    _sign_in_locally(accounts.DEMO_ACCOUNTS[each], "demo")


def _first_run_local() -> None:
    st.title(t("first_run_title"))
    st.info(t("first_run_body"))
    context.load_summary()  # an operator's page: say whether the database is empty and how to fill it
    with st.form("auth_first_run"):
        email = st.text_input(t("signin_email"), key="auth_first_email")
        password = st.text_input(t("signin_password"), type="password", key="auth_first_password")
        again = st.text_input(t("password_again"), type="password", key="auth_first_again")
        submitted = st.form_submit_button(t("create_admin"), type="primary")
    if submitted:
        if password != again:
            st.error(t("passwords_differ"))
            return
        try:
            with db.session_scope(cache.engine()) as session:
                if accounts.count_users(session=session):
                    st.rerun()  # somebody else was quicker: sign in normally
                user = accounts.add_user(session=session, email=email, role=Role.ADMIN, password=password,
                                         actor="first-run")
                accounts.record_sign_in(session=session, user=user, method="password")
                created = user.email
        except accounts.AccountError as error:
            st.error(plain(error))
            return
        _sign_in_locally(created, "password")


def _first_run_signed_in(email: str, method: str) -> None:
    st.title(t("first_run_title"))
    st.info(t("first_run_body"))
    if st.button(t("first_run_oidc", email=plain(email)), type="primary", key="auth_first_oidc"):
        with db.session_scope(cache.engine()) as session:
            if not accounts.count_users(session=session):
                accounts.add_user(session=session, email=email, role=Role.ADMIN, actor="first-run")
        st.rerun()
    _sign_out_button(method)


def _no_access(email: str, method: str) -> None:
    st.title(t("no_access_title"))
    st.warning(t("no_access_body", email=plain(email)))
    _sign_out_button(method)


def _sign_out_button(method: str) -> None:
    if method == "proxy":
        return  # the proxy owns the sign-in; signing out is done there
    if st.button(t("sign_out"), key="auth_sign_out"):
        sign_out()


def sign_out() -> None:
    email, method = claimed_email()
    audit("sign_out", method)
    if method == "password":  # every cookie of the account ends; the demo's shared accounts keep other visitors'
        with db.session_scope(cache.engine()) as session:
            user = accounts.get_user(session=session, email=email)
            if user is not None:
                accounts.end_sessions(user=user)
                session.add(user)
    forget_local()
    remember.forget()
    if method == "oidc":
        st.logout()  # clears st.user and sends the browser to the provider's end of session
        st.stop()
    st.rerun()


def account_box(identity: Identity) -> None:
    """The sidebar's line saying who is signed in, and the sign-out button."""
    st.caption(t("signed_in_as", email=plain(identity.email), role=role_name(identity.role)))
    _sign_out_button(identity.method)
    remember.keep(identity)

