"""Column helpers the build's steps share: money to the cent, categorical draws, per-value lookups."""

import numpy as np

Columns = dict[str, np.ndarray]


def cents(x: np.ndarray | list[float]) -> np.ndarray:
    """Money as float rounded to the cent (exact once stored as NUMERIC)."""
    return np.round(np.asarray(x, dtype=float), 2)


def pick(rng: np.random.Generator, options: list[str], share: list[float] | None, n: int) -> np.ndarray:
    return np.asarray(options, dtype=object)[rng.choice(len(options), size=n, p=share)]


def lookup(mapping: dict[str, float], keys: np.ndarray) -> np.ndarray:
    return np.vectorize(mapping.__getitem__, otypes=[float])(keys)
