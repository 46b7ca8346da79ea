"""Every page runs inside the app's frame (``streamlit_app.py``: sign-in, language, filters, navigation) and
only for the roles its ``PageSpec`` names.

The customer's layout has a folder named ``pages/``, which Streamlit also auto-discovers (its first multipage
design): until some run in the process has called ``st.navigation``, a visitor arriving on a page's own URL is
served that script alone. Streamlit documents that calling ``st.navigation`` once ends that mode for every
session; a page served alone therefore calls it over the same pages and reruns, and the rerun goes through the
frame (tested end to end on a fresh server).
"""

import functools
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path

import streamlit as st

from dashboard.core import auth, failures, page_style, roles
from dashboard.core.i18n import t
from dashboard.core.navigation import ALL_PAGES, OVERVIEW, PageSpec

ROOT = Path(__file__).resolve().parents[2]  # where streamlit_app.py and pages/ are
_FRAMED: ContextVar[bool] = ContextVar("framed", default=False)
BOUNCED_KEY = "guard_bounced_into_frame"
SEEN_KEY = "guard_account_seen"  # (e-mail, role) the last full run was drawn for


@contextmanager
def frame(identity: auth.Identity) -> Iterator[None]:
    """The frame's part of a run: pages entered inside it know they are framed, and who signed in."""
    framed = _FRAMED.set(True)
    st.session_state.pop(BOUNCED_KEY, None)  # a later run served alone is sent through the frame again
    st.session_state[SEEN_KEY] = (identity.email, identity.role)
    try:
        with auth.running_as(identity):
            yield
    finally:
        _FRAMED.reset(framed)


def enter(spec: PageSpec) -> None:
    """Call first in every page, with the page's own spec: stops the page (no data, no widgets) unless the
    signed-in role may open it. The account is as the database says now: the sign-in gate looked it up at the
    start of this run (a disabled account is signed out there, a new role applies); fragments check again on each
    of their own reruns (:func:`fragment`) and downloads on click (``dashboard.core.downloads``)."""
    if not _FRAMED.get() and not st.session_state.get(BOUNCED_KEY):
        st.session_state[BOUNCED_KEY] = True  # once until a framed run: a page run alone on purpose (a test,
        # whose main script is the page) goes on below instead of bouncing for ever
        st.navigation([st.Page(ROOT / s.path, url_path=s.url_path, default=s is OVERVIEW) for s in ALL_PAGES],
                      position="hidden")
        st.rerun()
    identity = auth.current()
    if identity is None:
        st.error(t("signin_title"))
        st.stop()
    if not spec.permits(identity.role):
        st.error(t("page_refused", role=roles.role_name(identity.role)))
        st.stop()
    page_style.apply()  # tiles' titles and values never cut (dashboard.core.page_style)
    st.session_state[SEEN_KEY] = (identity.email, identity.role)


def account_unchanged() -> bool:
    """In a fragment's rerun (no sign-in gate runs), whether the account is still active with the role the page
    was drawn for; always true in a full run, whose gate has just looked."""
    if auth.framed_identity() is not None:
        return True
    identity = auth.current()  # looked up in the database now
    return identity is not None and (identity.email, identity.role) == st.session_state.get(SEEN_KEY)


def fragment(function: Callable | None = None, **options):
    """``st.fragment`` whose every rerun first checks the account: when it was disabled or its role changed, the
    whole app reruns instead (the gate then signs a disabled account out; a new role gets its own pages). An
    exception it lets escape is shown as the app shows one (``dashboard.core.failures``)."""
    if function is None:
        return lambda f: fragment(f, **options)

    @functools.wraps(function)
    def checked(*args, **kwargs):
        if not account_unchanged():
            st.rerun(scope="app")
        with failures.caught():  # a fragment's own rerun does not pass the app's catch: the same one here
            return function(*args, **kwargs)

    return st.fragment(checked, **options)
