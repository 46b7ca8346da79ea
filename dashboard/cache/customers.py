"""Cached customer analytics (segments, lifetime value, profiles, portfolios).

Kept apart from ``dashboard.cache`` itself so the scorecard pages do not import statsmodels (0.7 s at start).
"""

from datetime import date

import pandas as pd

from dashboard.cache import results, shared
from dashboard.core.roles import shows_contacts
from metrics.base.filters import Filters
from metrics.base.store import Store
from metrics.customers import lifetime, portfolios, privacy, profiles, segments


@shared(max_entries=16)
def customer_table(store: Store, f: Filters) -> pd.DataFrame:
    """Every customer of ``f`` with its scores and segment: shared by every session, read only (never mutated; a
    copy per run cost half a second at a million customers)."""
    return segments.customer_table(store, f)


@shared(max_entries=32)
def group_members(store: Store, f: Filters, group: str) -> pd.DataFrame:
    """The customers of ``group`` under ``f``, most profitable first (:func:`metrics.customers.segments.members`):
    shared by every session and every part of a run, read only (a million-row table filtered and sorted once, not
    four times a run)."""
    return segments.members(customer_table(store, f), group)


@shared(max_entries=4)
def _lifetime_at(store: Store, calibration_end: date) -> lifetime.LifetimeValues:
    """Every customer's scores at one calibration end: read from the store when the refresh precomputed
    them, fitted otherwise. Shared by every session, read only (never mutated)."""
    return lifetime.stored(store, calibration_end) or lifetime.compute(store, calibration_end)


@shared(max_entries=16)
def lifetime_values(store: Store, f: Filters) -> lifetime.LifetimeValues:
    """The customers of ``f``'s dimension filters, scored (read only, never mutated)."""
    return lifetime.select(_lifetime_at(store, f.end_exclusive), f)


@results(max_entries=16)
def lifetime_reason(store: Store, f: Filters) -> str | None:
    """Why the lifetime values of ``f`` are not estimable (``None``: they hold), read without the customers' rows
    when the refresh stored them."""
    reason = lifetime.stored_reason(store, f.end_exclusive)
    return lifetime_values(store, f).reason if reason == lifetime.NOT_STORED else reason


@shared(max_entries=16)
def lifetime_scores(store: Store, f: Filters) -> pd.DataFrame:
    """The scores of the customers of ``f`` (``p_alive, expected_purchases, clv``) by ``customer_id``: the stored
    columns alone when the refresh stored them, else :func:`lifetime_values`' (unknown: NaN). Read only."""
    scores = lifetime.stored_scores(store, f)
    if scores is None:
        scores = lifetime_values(store, f).table[["customer_id", *lifetime.SCORES]]
    return scores.set_index("customer_id")


@results(max_entries=64)
def seven_p(store: Store, f: Filters, group: str) -> pd.DataFrame:
    """The 7P profile of a group (``segment:..``, ``tier:..``, ``custom:filters``) under ``f``: keyed by the
    group's name, not by its thousands of member ids. The group the Segments page opens on is stored at refresh."""
    stored = profiles.opening_profile(store, f, group)
    if stored is not None:
        return stored
    return profiles.seven_p(store, f, customer_table(store, f), lifetime_values(store, f),
                            group_members(store, f, group)["customer_id"])


@results(max_entries=16)
def _reorder_lists(store: Store, f: Filters) -> pd.DataFrame:
    return segments.due_to_reorder(store, f, lapsed=None)  # the call list and the win-back list in one pass


@results(max_entries=16)
def due_to_reorder(store: Store, f: Filters, role: str | None, customer_id: int | None = None,
                   lapsed: bool = False) -> pd.DataFrame:
    """Who is due to reorder (or lapsed), with whom to call: contacts masked unless ``role`` may see them (the
    role is part of the cache key)."""
    if customer_id is None:
        both = _reorder_lists(store, f)
        due = both[both["lapsed"] == lapsed].drop(columns="lapsed").reset_index(drop=True)
    else:
        due = segments.due_to_reorder(store, f, customer_id=customer_id, lapsed=lapsed)
    return due if shows_contacts(role) else privacy.mask_contacts(due)


@results(max_entries=32)
def group_calls(store: Store, f: Filters, role: str | None, group: str, lapsed: bool) -> pd.DataFrame:
    """A group's reorder (or win-back) list, one row per customer: keyed by the group's name, like :func:`seven_p`
    (grouping the rows per customer took 0.3 s a list on every run at 100,000 customers)."""
    ids = group_members(store, f, group)["customer_id"]
    return segments.calls_by_customer(due_to_reorder(store, f, role, lapsed=lapsed), ids)


@results(max_entries=16)
def first_calls(store: Store, f: Filters, role: str | None, n: int = 10) -> pd.DataFrame:
    """The first ``n`` customers of the reorder list, one row each (the customer page's starting list: grouping
    the whole list per customer took 1.8 s on every run at 1,000,000 customers)."""
    return segments.calls_by_customer(due_to_reorder(store, f, role)).head(n)


@results(max_entries=4)
def recent_orders(store: Store) -> pd.DataFrame:
    return profiles.recent_orders(store)


@results(max_entries=64)
def customer_history(store: Store, customer_id: int, role: str | None) -> dict[str, pd.DataFrame]:
    """One customer's history; contact name, e-mail and phone masked unless ``role`` may see them (the role is
    part of the cache key, so a masked and an unmasked copy never mix)."""
    history = profiles.customer_history(store, customer_id)
    if not shows_contacts(role):
        history["facts"] = privacy.mask_contacts(history["facts"])
    return history


@results(max_entries=64)
def find_customers(store: Store, text: str) -> pd.DataFrame:
    return profiles.find_customers(store, text)


@results(max_entries=16)
def portfolio_table(store: Store, f: Filters) -> pd.DataFrame:
    return portfolios.portfolios(store, f, customer_table(store, f), lifetime_values(store, f))


@results(max_entries=16)
def picket_fence(store: Store, f: Filters) -> pd.DataFrame:
    return portfolios.picket_fence(customer_table(store, f), lifetime_values(store, f), store, f)
