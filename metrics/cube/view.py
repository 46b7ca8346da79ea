"""A store view whose base aggregates come from the cube: every KPI's own compute runs unchanged on top.

:func:`cubed` returns a :meth:`~metrics.base.store.Store.scoped` view whose ``frame`` answers a fact's memo key
(``metrics.base.facts._run``: ``(name, filters)``) from :data:`metrics.cube.frames.FRAMES` when the store holds
the cube, and runs the fact's exact query otherwise. :func:`scorecard` is the one entry: a scorecard of any
filters and period through it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pandas as pd

from metrics.base.filters import Filters
from metrics.base.store import Store
from metrics.cube import cells
from metrics.cube.frames import FRAMES
from metrics.scorecard import scoring as scorecards


class CubeStore(Store):
    """A scoped view of a store (one computation) reading the facts the cube holds from its cells; ``rollups``:
    the store holds the cells summed over managers (:data:`metrics.cube.cells.ROLLUPS`), read when no manager is
    chosen."""

    rollups = False

    def frame(self, key: Any, build: Callable[[], pd.DataFrame]) -> pd.DataFrame:
        if self._memo is None:  # never: a CubeStore is made scoped
            return build()
        if key not in self._memo:
            name, f = key if isinstance(key, tuple) and len(key) == 2 else (None, None)
            cube = FRAMES.get(name) if isinstance(f, Filters) else None
            self._memo[key] = cube(self, f) if cube is not None else build()
        return self._memo[key]


def cubed(store: Store) -> Store:
    """A view of ``store`` for one computation that reads the cube; a plain scoped view when the store has no
    cube (built before it, or its refresh step failed)."""
    view = store.scoped()
    if isinstance(view, CubeStore):
        return view
    found = cells.found(view)
    if not set(cells.TABLES) <= found:
        return view
    out = CubeStore.__new__(CubeStore)
    out.__dict__.update(view.__dict__)
    out._memo = {}
    out.rollups = set(cells.ROLLUPS) <= found
    return out


def kpi_values(store: Store, f: Filters) -> dict[str, pd.Series]:
    """:func:`metrics.scorecard.scoring.kpi_values` of ``f`` from the cube."""
    return scorecards.kpi_values(cubed(store), f)


def scorecard(store: Store, f: Filters) -> pd.DataFrame:
    """:func:`metrics.scorecard.scoring.scorecard` of ``f`` (any filters, any period) from the cube."""
    return scorecards.scorecard(cubed(store), f)
