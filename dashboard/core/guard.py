"""Keeps every page inside the app's frame (``streamlit_app.py``: sign-in, language, filters, navigation)
and refuses a page to a role that may not open it."""

import streamlit as st
from streamlit.runtime.pages_manager import PagesManager

from dashboard.core import auth


def inside_app_frame() -> None:
    """Call first in every page.

    The customer's layout has a folder named ``pages/``, which Streamlit also auto-discovers (its
    first multipage design). Until some run has called ``st.navigation``, a visitor arriving on a
    page's own URL would be served that script alone, without the frame's sidebar. Setting the flag
    ``st.navigation`` itself sets and rerunning serves the same page inside the frame.
    """
    if PagesManager.uses_pages_directory:
        PagesManager.uses_pages_directory = False
        st.rerun()
    # The navigation lists only the pages a role may open; a page opened by its URL checks again, keyed by
    # its own path, before it reads anything or draws a widget.
    auth.refuse_unless_permitted()
