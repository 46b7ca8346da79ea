"""Cached reads of the link tests and forecasts stored at refresh (keyed by the store's data version)."""

import pandas as pd

from dashboard.cache import results
from metrics.base.store import Store
from metrics.links import fit as links
from metrics.links import forecast
from metrics.links import what_if as scenarios


@results(max_entries=4)
def link_table(store: Store) -> pd.DataFrame:
    return links.read(store)


@results(max_entries=4)
def link_series(store: Store) -> pd.DataFrame:
    return links.read_series(store)


@results(max_entries=4)
def forecasts(store: Store) -> pd.DataFrame:
    return forecast.read(store)


@results(max_entries=4)
def forecast_paths(store: Store) -> pd.DataFrame:
    return forecast.read(store, forecast.PATH_TABLE)


@results(max_entries=4)
def anomalies(store: Store) -> pd.DataFrame:
    return forecast.read(store, forecast.ANOMALY_TABLE)


@results(max_entries=32)
def what_if(store: Store, changes: tuple[tuple[str, float], ...]) -> pd.DataFrame:
    return scenarios.what_if(links.read(store), dict(changes))


@results(max_entries=8)
def map_evidence(store: Store, language: str, _build) -> dict:
    """The strategy map's evidence per link in ``language`` (``_build(store)`` writes it in the page's
    language, which ``language`` names for the key)."""
    return _build(store)
