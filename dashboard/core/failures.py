"""A run that fails shows one sentence in the reader's language, never a traceback or a server path (issue 23).

``streamlit_app.py`` runs the frame and the page inside :func:`caught`:

- ``StoreDamaged`` (a block of the analytical store read damaged after the file opened) is said as the damaged-store
  path says it: the file is checked and, when damaged, this process reads the last good store from the next run on
  (the run starts again at once, under the "figures as of ..." banner), or says the store is damaged;
- any other exception is logged with its traceback under a short reference, and the page says only that reference.

Streamlit's control flow (``st.stop``, ``st.rerun``, ``st.switch_page``) raises ``ScriptControlException``, a
``BaseException``: it passes through untouched. A fragment's own rerun does not pass through the app: fragments are
made with ``guard.fragment``, which runs them inside :func:`caught` too.
"""

from __future__ import annotations

import logging
import secrets
from collections.abc import Iterator
from contextlib import contextmanager

import streamlit as st
from streamlit.errors import FragmentHandledException

from dashboard import cache
from dashboard.core.i18n import t
from metrics.base.store import StoreDamaged

log = logging.getLogger(__name__)

FALLBACK_TEXT = "This page could not be shown; the error was logged with reference {reference}."


def reference() -> str:
    """A short random reference, said on the page and written in the log beside the traceback."""
    return secrets.token_hex(4)


@contextmanager
def caught() -> Iterator[None]:
    """Run the block; an exception escaping it is shown as a sentence (and logged), never as a traceback."""
    try:
        yield
    except FragmentHandledException:  # a fragment outside guard.fragment failed: Streamlit has shown it already
        raise
    except StoreDamaged as error:
        log.warning("the analytical store read damaged during a page run: %s", error)
        if cache.store_damaged():
            st.rerun()  # the next run reads the last good store, under the fallback banner
        st.error(t("storefault_damaged"), icon=":material/report:")
    except Exception:
        ref = reference()
        log.exception("a page run failed (reference %s)", ref)
        st.error(_failed_text(ref), icon=":material/error:")


def _failed_text(ref: str) -> str:
    try:
        return t("pagefault_failed", reference=ref)
    except Exception:  # the failure was in the language state itself: say it in English
        return FALLBACK_TEXT.format(reference=ref)
