"""The review's columns on the scorecard tables: each KPI's owner, and for a whole-company month whether its note
is due, overdue or written (``dashboard.scorecard.overview`` adds them)."""

from __future__ import annotations

import pandas as pd

from dashboard import cache
from dashboard.core import filters
from dashboard.core.i18n import t
from dashboard.review import period, reads
from data.review.owners import Owner
from metrics.base.store import StoreDamaged, StoreMissing
from metrics.review.due import NoteDue

NOTE_MARK = {"due": "✎", "overdue": "⚠", "written": "✓"}


def owner_text(owner: Owner | None) -> str:
    """The owner's e-mail (and the deputy's after a slash); "–" when nobody owns it."""
    if owner is None or not (owner.owner or owner.deputy):
        return "–"
    return " / ".join(e for e in (owner.owner or "–", owner.deputy) if e)


def note_text(found: NoteDue | None) -> str:
    if found is None:
        return ""
    return f"{NOTE_MARK[found.state]} {t('review_note_' + found.state)}"


def with_review_columns(shown: pd.DataFrame, card: pd.DataFrame) -> pd.DataFrame:
    """``shown`` (the scorecard as shown, one row per row of ``card``) with an Owner column last, and a Note column
    after the status when the scorecard is of one whole-company month."""
    owners = reads.owner_map()
    shown[t("review_col_owner")] = [owner_text(owners.get(kpi_id)) for kpi_id in card["id"]]
    month = period.reviewed_month(filters.current())
    if month is None:
        return shown
    try:
        store = cache.store()
    except (StoreMissing, StoreDamaged):
        return shown
    due = period.notes_due(store, card, month)
    notes = [note_text(due.get(kpi_id)) for kpi_id in card["id"]]
    status = t("status")
    shown.insert(shown.columns.get_loc(status) + 1 if status in shown else len(shown.columns), t("review_col_note"),
                 notes)  # beside the status it explains
    return shown
