"""Every page runs inside the app's frame (``streamlit_app.py``: sign-in, language, filters, navigation) and
only for the roles its ``PageSpec`` names.

The customer's layout has a folder named ``pages/``, which Streamlit also auto-discovers (its first multipage
design): until some run in the process has called ``st.navigation``, a visitor arriving on a page's own URL is
served that script alone. Streamlit documents that calling ``st.navigation`` once ends that mode for every
session; a page served alone therefore calls it over the same pages and reruns, and the rerun goes through the
frame (tested end to end on a fresh server).
"""

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path

import streamlit as st

from dashboard.core import auth, roles
from dashboard.core.i18n import t
from dashboard.core.navigation import ALL_PAGES, OVERVIEW, PageSpec

ROOT = Path(__file__).resolve().parents[2]  # where streamlit_app.py and pages/ are
_FRAMED: ContextVar[bool] = ContextVar("framed", default=False)
BOUNCED_KEY = "guard_bounced_into_frame"


@contextmanager
def frame(identity: auth.Identity) -> Iterator[None]:
    """The frame's part of a run: pages entered inside it know they are framed, and who signed in."""
    framed = _FRAMED.set(True)
    st.session_state.pop(BOUNCED_KEY, None)  # a later run served alone is sent through the frame again
    try:
        with auth.running_as(identity):
            yield
    finally:
        _FRAMED.reset(framed)


def enter(spec: PageSpec) -> None:
    """Call first in every page, with the page's own spec: stops the page (no data, no widgets) unless the
    signed-in role may open it."""
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
