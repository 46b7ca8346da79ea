"""Who is signed in and with which role: the one answer for the whole app (issue 12).

Identity comes from, in this order:

1. Streamlit's own sign-in (``st.login``, OpenID Connect) when ``.streamlit/secrets.toml`` has an
   ``[auth]`` section: ``st.user.is_logged_in`` and the e-mail claim, read from Streamlit's signed
   identity cookie. The ID token's expiry (``exp``) is checked on every run: Streamlit does not.
2. An authenticating reverse proxy, when ``server.trustedUserHeaders`` maps a header to ``email``
   (e.g. ``{"X-Forwarded-Email": "email"}``): the proxy must drop that header from clients' requests.
3. Local accounts: e-mail and password checked against the Argon2id hash in ``app_user``; the
   signed-in e-mail is kept in this session's state (server side).

Whatever the source, the e-mail must belong to an active account in the database, whose role decides
what may be opened (:func:`may_open`), edited, and whether customer contact data is shown unmasked.
"""

import re
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import streamlit as st
from sqlalchemy.exc import OperationalError, ProgrammingError
from sqlmodel import SQLModel

from dashboard import cache, components
from dashboard.i18n import t
from data import accounts, db
from data.accounts import Outcome, Role
from data.models import AppUser, AuditEvent

ROOT = Path(__file__).resolve().parent.parent
EMAIL_KEY = "auth_email"  # session state of a local (password or demo) sign-in
METHOD_KEY = "auth_method"
RECORDED_KEY = "auth_recorded"  # the e-mail whose OpenID / proxy sign-in this session has audited
EXPIRED_KEY = "auth_expired"

# The role matrix of issue 12. Pages not named here are open to every role (scorecard, perspectives,
# strategy links, program, segments, customers, portfolios).
ADMIN_PAGE_PREFIX = "pages/admin_"
PAGE_ROLES: dict[str, frozenset[str]] = {
    "pages/admin_targets.py": frozenset({Role.EXECUTIVE, Role.ADMIN}),
    "pages/data.py": frozenset({Role.ADMIN}),
}
PROGRAM_EDITORS = frozenset({Role.PROJECT, Role.ADMIN})
TARGET_EDITORS = frozenset({Role.EXECUTIVE, Role.ADMIN})
CONTACT_READERS = frozenset({Role.MARKETER, Role.ADMIN})


@dataclass(frozen=True)
class Identity:
    email: str
    role: str
    method: str  # oidc | proxy | password | demo


# --- the role matrix ----------------------------------------------------------------------------------------
def may_open(role: str | None, path: str) -> bool:
    """Whether ``role`` may open the page script at ``path`` (relative, e.g. ``pages/admin_users.py``)."""
    if role not in accounts.ROLES:
        return False
    if path in PAGE_ROLES:
        return role in PAGE_ROLES[path]
    if path.startswith(ADMIN_PAGE_PREFIX):
        return role == Role.ADMIN
    return True


def shows_contacts(role: str | None) -> bool:
    """Whether ``role`` sees customers' contact name, e-mail and phone unmasked."""
    return role in CONTACT_READERS


def can_edit_program(identity: "Identity | None" = None) -> bool:
    identity = identity or current()
    return identity is not None and identity.role in PROGRAM_EDITORS


def can_edit_targets(identity: "Identity | None" = None) -> bool:
    identity = identity or current()
    return identity is not None and identity.role in TARGET_EDITORS


def role_name(role: str) -> str:
    return t(f"role_{role}")


# --- configuration -------------------------------------------------------------------------------------------
def oidc_settings() -> dict | None:
    """The ``[auth]`` section of ``.streamlit/secrets.toml`` when there is one."""
    try:
        if "auth" in st.secrets:
            return dict(st.secrets["auth"])
    except Exception:
        return None
    return None


def proxy_header_mode() -> bool:
    """True when ``server.trustedUserHeaders`` maps a proxy header to ``email``."""
    mapping = st.get_option("server.trustedUserHeaders") or {}
    return "email" in dict(mapping).values()


def _oidc_provider(settings: dict) -> str | None:
    named = [key for key, value in settings.items() if isinstance(value, dict)]
    return named[0] if named and "client_id" not in settings else None


# --- the one answer ------------------------------------------------------------------------------------------
def _user() -> dict:
    try:
        return st.user.to_dict()
    except Exception:
        return {}


def claimed_email() -> tuple[str | None, str]:
    """The e-mail this session presents and how (``oidc``, ``proxy``, ``password``, ``demo``); not yet checked
    against the accounts."""
    user = _user()
    if user.get("is_logged_in"):
        return (str(user.get("email") or "") or None), "oidc"
    if proxy_header_mode() and user.get("email"):
        return str(user["email"]), "proxy"
    email = st.session_state.get(EMAIL_KEY)
    if email:
        return email, st.session_state.get(METHOD_KEY, "password")
    return None, ""


def _expired() -> bool:
    exp = _user().get("exp")
    try:
        return exp is not None and float(exp) < time.time()
    except (TypeError, ValueError):
        return True


@st.cache_resource(show_spinner=False)
def _tables_ready(url: str) -> bool:
    """Create the account tables in an older database, and the demo's accounts on the demo (once per process)."""
    SQLModel.metadata.create_all(cache.engine(), tables=[AppUser.__table__, AuditEvent.__table__])
    with db.session_scope(cache.engine()) as session:
        accounts.ensure_demo_accounts(session=session)
    return True


def _prepare() -> None:
    engine = cache.engine()
    _tables_ready(engine.url.render_as_string(hide_password=True))


def lookup(email: str, method: str) -> Identity | None:
    """The identity of an active account with this e-mail, else ``None``."""
    with db.session_scope(cache.engine()) as session:
        user = accounts.get_user(session=session, email=email)
        if user is None or not user.active:
            return None
        return Identity(email=user.email, role=user.role, method=method)


def current() -> Identity | None:
    """Who is this and what role: an active account, or ``None`` (not signed in, no access, expired)."""
    email, method = claimed_email()
    if email is None or (method == "oidc" and _expired()):
        return None
    try:
        _prepare()
        return lookup(email, method)
    except (OperationalError, ProgrammingError):
        return None


def role() -> str | None:
    identity = current()
    return identity.role if identity else None


def audit(action: str, detail: str = "") -> None:
    """Record an event by the signed-in person (imports, target changes, program edits, exports...)."""
    audit_as(claimed_email()[0], action, detail)


def audit_as(email: str | None, action: str, detail: str = "") -> None:
    """Record an event by ``email``; for work done outside the script run, e.g. a download built on click
    (capture ``claimed_email()[0]`` when drawing the button)."""
    with db.session_scope(cache.engine()) as session:
        accounts.audit(session=session, actor=email or "anonymous", action=action, detail=detail)


# --- the gate ------------------------------------------------------------------------------------------------
def gate() -> Identity | None:
    """The signed-in identity; otherwise draws the sign-in, first-run or no-access screen and returns ``None``.

    Call once per run from ``streamlit_app.py`` before anything reads data.
    """
    settings = oidc_settings()
    if settings is not None and not settings.get("cookie_secret"):
        st.error("`.streamlit/secrets.toml` has an [auth] section without `cookie_secret`: sign-in is off "
                 "until one is set (the same long random value for every process).")
        return None
    try:
        _prepare()
        with db.session_scope(cache.engine()) as session:
            demo = accounts.is_demo_only(session=session)
            no_accounts = accounts.count_users(session=session) == 0
    except (OperationalError, ProgrammingError):
        if components.load_summary() is not None:  # says why the database cannot be read (masked URL)
            st.error(t("auth_database_down", url=db.masked_url(db.database_url())))
        return None
    email, method = claimed_email()
    if email is not None and method == "oidc" and _expired():
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
    identity = lookup(email, method)
    if identity is None:
        if method in ("password", "demo"):  # disabled since: back to the sign-in screen
            _forget_local()
            st.rerun()
        if no_accounts:
            _screen(lambda: _first_run_signed_in(email, method))
        else:
            _screen(lambda: _no_access(email, method))
        return None
    if method in ("oidc", "proxy") and st.session_state.get(RECORDED_KEY) != identity.email:
        with db.session_scope(cache.engine()) as session:
            user = accounts.get_user(session=session, email=identity.email)
            accounts.record_session_sign_in(session=session, user=user, method=method)
        st.session_state[RECORDED_KEY] = identity.email
    return identity


def _screen(draw) -> None:
    """Run ``draw`` as the only page: nothing of the app, and no page of the ``pages/`` folder, is reachable."""
    st.navigation([st.Page(draw, title=t("signin_title"), url_path="signin", default=True)],
                  position="hidden").run()


def _forget_local() -> None:
    for key in (EMAIL_KEY, METHOD_KEY, RECORDED_KEY):
        st.session_state.pop(key, None)


def _sign_in_locally(email: str, method: str) -> None:
    _forget_local()
    st.session_state[EMAIL_KEY] = email
    st.session_state[METHOD_KEY] = method
    st.rerun()


def _sign_in(settings: dict | None, demo: bool) -> None:
    st.title(t("signin_title"))
    if st.session_state.pop(EXPIRED_KEY, False):
        st.warning(t("session_expired"))
    if settings is not None:
        if st.button(t("signin_oidc"), type="primary", key="auth_oidc"):
            st.login(_oidc_provider(settings))
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
    components.load_summary()  # an operator's page: say whether the database is empty and how to fill it
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
            st.error(str(error))
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
    _, method = claimed_email()
    audit("sign_out", method)
    _forget_local()
    if method == "oidc":
        st.logout()  # clears st.user and sends the browser to the provider's end of session
        st.stop()
    st.rerun()


def plain(text: str) -> str:
    """``text`` with Markdown's special characters escaped, for a caption that must show it as typed."""
    return re.sub(r"([\\`*_{}\[\]()#+\-!|<>~$])", r"\\\1", text)


def account_box(identity: Identity) -> None:
    """The sidebar's line saying who is signed in, and the sign-out button."""
    st.caption(t("signed_in_as", email=plain(identity.email), role=role_name(identity.role)))
    _sign_out_button(identity.method)


# --- pages refuse roles that may not open them -------------------------------------------------------------
def page_path(filename: str) -> str:
    path = Path(filename).resolve()
    try:
        return path.relative_to(ROOT).as_posix()
    except ValueError:
        return path.name


def refuse_unless_permitted(depth: int = 1) -> None:
    """Stop the calling page (no data, no widgets) unless the signed-in role may open it."""
    path = page_path(sys._getframe(depth + 1).f_code.co_filename)
    identity = current()
    if identity is None:
        st.error(t("signin_title"))
        st.stop()
    if not may_open(identity.role, path):
        st.error(t("page_refused", role=role_name(identity.role)))
        st.stop()
