"""Small helpers the KPI compute functions share."""

import numpy as np
import pandas as pd

from metrics.base.filters import Filters


def ratio(numerator: pd.Series, denominator: pd.Series, *, scale: float = 1.0) -> pd.Series:
    """``numerator / denominator * scale``, NaN where the denominator is 0 or missing."""
    den = denominator.astype(float).where(denominator.astype(float) != 0)
    return (numerator.astype(float) / den * scale).replace([np.inf, -np.inf], np.nan)


def growth(series_over_longer_range: pd.Series, f: Filters) -> pd.Series:
    """Change against the same period a year before, from a series that starts a year earlier."""
    lagged = series_over_longer_range.shift(f.periods_per_year)
    return ratio(series_over_longer_range - lagged, lagged.abs()).reindex(f.period_index)
