"""A local sign-in (password or "try as") kept across reloads in a signed cookie (``data.sessions``, issue 19).

Streamlit reads cookies (``st.context.cookies``: those the browser sent when the session opened) but has no way to
set one from a script run, so the browser sets it: a few lines of JavaScript drawn with ``st.html`` after the
sign-in. A cookie set from JavaScript cannot be ``HttpOnly``; it is ``SameSite=Strict``, ``Secure`` over HTTPS,
lives 12 hours, and is worth nothing once the account signs out, is disabled or gets a new password (README,
"Sessions and shared links"). OpenID Connect and the trusted proxy keep their own identity across reloads.
"""

import json
import logging
import re
from urllib.parse import unquote

import streamlit as st
from sqlalchemy.exc import OperationalError, ProgrammingError

from dashboard import cache
from dashboard.core.auth import EMAIL_KEY, METHOD_KEY, Identity
from data import accounts, db, sessions

_LOG = logging.getLogger(__name__)
TOKEN_KEY = "auth_cookie_token"  # the cookie this session holds (written to the browser on every full run)
CHECKED_KEY = "auth_cookie_checked"  # the browser's cookie was looked at when this session opened
CLEAR_KEY = "auth_cookie_clear"  # the browser still holds a cookie that must go (signed out, or no longer valid)
_SAFE = re.compile(r"^[A-Za-z0-9._-]+$")  # what a cookie value of data.sessions is made of


def browser_cookie() -> str | None:
    """The session cookie the browser sent when this session opened, if any."""
    try:
        value = st.context.cookies.get(sessions.COOKIE)
    except Exception:  # no browser behind this run (a bare script run)
        return None
    return value if isinstance(value, str) else None  # AppTest's session has no cookies, only a stand-in


def restore() -> None:
    """At a session's first run, sign in the account of a valid cookie (a reload, a new tab); an invalid one is
    cleared. Only once: the cookie Streamlit reports is the one sent when the session opened, and stays so after
    a sign-out in this session."""
    state = st.session_state
    if state.get(CHECKED_KEY):
        return
    state[CHECKED_KEY] = True
    token = browser_cookie()
    if not token or state.get(EMAIL_KEY):
        return
    try:
        with db.session_scope(cache.engine()) as session:
            found = sessions.resolve(session=session, token=token, key=sessions.secret(session=session),
                                     now=accounts.now_utc())
    except sessions.SecretError as error:
        _LOG.error("session cookies are off: %s", error)
        return
    except (OperationalError, ProgrammingError):
        state[CHECKED_KEY] = False  # the database is down: look again on the next run
        raise
    if found is None:
        state[CLEAR_KEY] = True
        return
    state[EMAIL_KEY], state[METHOD_KEY] = found
    state[TOKEN_KEY] = token


def keep(identity: Identity) -> None:
    """Draw the script that holds this local sign-in in the browser (its cookie made once per sign-in); nothing
    for OpenID and proxy sign-ins."""
    if identity.method not in sessions.METHODS:
        return
    state = st.session_state
    token = state.get(TOKEN_KEY)
    if token is None:
        try:
            with db.session_scope(cache.engine()) as session:
                user = accounts.get_user(session=session, email=identity.email)
                token = sessions.issue(user=user, method=identity.method, key=sessions.secret(session=session),
                                       now=accounts.now_utc())
        except sessions.SecretError as error:
            _LOG.error("session cookies are off: %s", error)
            return
        state[TOKEN_KEY] = token
    state.pop(CLEAR_KEY, None)
    _write(f"{sessions.COOKIE}={token}; Max-Age={int(sessions.LIFETIME.total_seconds())}")


def forget() -> None:
    """This session's cookie is over: the next sign-in screen removes it from the browser."""
    st.session_state.pop(TOKEN_KEY, None)
    st.session_state[CLEAR_KEY] = True


def clear_in_browser() -> None:
    """On the screens in front of the app: remove a cookie that was signed out or found invalid."""
    if st.session_state.get(CLEAR_KEY):
        _write(f"{sessions.COOKIE}=; Max-Age=0")


def _write(cookie: str) -> None:
    name, _, rest = cookie.partition("=")
    value = rest.split(";")[0]
    if not _SAFE.match(name) or (value and not _SAFE.match(value)):
        raise ValueError("a session cookie holds only letters, digits, '.', '_' and '-'")
    attributes = f"{cookie}; Path=/; SameSite=Strict"
    st.html(f"<script>document.cookie = {json.dumps(attributes)} + "
            "(location.protocol === 'https:' ? '; Secure' : '');</script>", unsafe_allow_javascript=True)


# OpenID Connect comes back from the provider to the app's root: the page a shared link asked for is noted in a
# short-lived cookie on the sign-in screen, and the first signed-in run goes there.
NEXT_COOKIE = "crm_next"
NEXT_CHECKED_KEY = "auth_next_checked"
_DESTINATION = re.compile(r"^/(?:[A-Za-z0-9_-]+/)*([A-Za-z0-9_-]*)(\?[A-Za-z0-9_=&%.,+~-]*)?$")


def note_destination() -> None:
    """On the OpenID sign-in screen: remember in the browser which page and filters it was asked for."""
    st.html(f"<script>document.cookie = '{NEXT_COOKIE}=' + encodeURIComponent(location.pathname + location.search)"
            " + '; Path=/; Max-Age=600; SameSite=Lax';</script>", unsafe_allow_javascript=True)


def destination(noted: str | None, url_paths: set[str]) -> str | None:
    """The path and query a noted destination names, when it is one of the app's pages (never another site)."""
    if not isinstance(noted, str):
        return None
    path = unquote(noted)
    found = _DESTINATION.match(path)
    if found is None or found.group(1) not in url_paths or found.group(1) == "":
        return None
    return path


def go_to_destination(url_paths: set[str]) -> None:
    """At the first run of an OpenID session: open the page noted before the sign-in, once."""
    if st.session_state.get(NEXT_CHECKED_KEY):
        return
    st.session_state[NEXT_CHECKED_KEY] = True
    try:
        noted = st.context.cookies.get(NEXT_COOKIE)
    except Exception:
        return
    if not isinstance(noted, str):
        return
    target = destination(noted, url_paths)
    script = f"document.cookie = '{NEXT_COOKIE}=; Path=/; Max-Age=0';"
    if target is not None:
        script += f" if (location.pathname + location.search !== {json.dumps(target)}) " \
                  f"location.replace({json.dumps(target)});"
    st.html(f"<script>{script}</script>", unsafe_allow_javascript=True)
