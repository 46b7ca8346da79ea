"""The board pack (``reports.board_pack``) made once per store version, period, filters and language for every
session, for five minutes at most: owners and check-in notes are read from the system of record, so a note written
now is in a pack made a few minutes later, without a refresh."""

from __future__ import annotations

import streamlit as st

from dashboard import cache
from dashboard.cache import STORE_KEY
from metrics.base.filters import Filters
from metrics.base.store import Store
from reports import board_pack as packs

PACK_TTL = 300  # seconds


@st.cache_data(ttl=PACK_TTL, max_entries=8, show_spinner=False, hash_funcs=STORE_KEY)
def board_pack(store: Store, f: Filters, lang: str) -> bytes:
    """The board pack's PDF bytes (a few seconds to make: called on the download's click)."""
    return packs.pack_pdf(store, f, lang, engine=cache.engine())
