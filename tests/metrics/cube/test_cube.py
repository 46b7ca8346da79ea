"""The cube equals the direct computation: every KPI, for random filters x periods, from the cells and from the
facts' own queries (``metrics.cube``), on a demo of 1,000 customers whose store holds the facts and the cube only
(no other refresh step: seconds to build)."""

from __future__ import annotations

from datetime import date

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from data import analytics, db
from data.demo.builder import build_demo
from metrics.base import facts
from metrics.base.filters import Filters, add_months
from metrics.base.store import Store
from metrics.cube import cells, frames
from metrics.cube.view import CubeStore, cubed
from metrics.scorecard import registry, scoring
from metrics.scorecard import stored as scorecard_store
from tests.metrics.strategies import filters_kwargs

KPIS = registry.CATALOGUE
COMBINATIONS = 35  # examples, each of 2 to 5 periods: some 120 filter x period combinations


@pytest.fixture(scope="module")
def demo_store(tmp_path_factory):
    """A demo of 1,000 customers: its store with the derived tables and the cube, no other refresh step."""
    folder = tmp_path_factory.mktemp("cube")
    engine = db.get_engine(f"sqlite:///{folder / 'demo.db'}")
    build_demo(engine, customers=1000, seed=11)
    built = analytics.build(engine, path=folder / "demo.duckdb", derive=lambda duck, _: cells.build(duck))
    engine.dispose()
    store = Store(built.path)
    yield store
    store.close()


@pytest.fixture(scope="module")
def managers(demo_store) -> list[int]:
    found = demo_store.query("SELECT DISTINCT manager_id AS m FROM customer WHERE manager_id IS NOT NULL ORDER BY 1")
    return [int(m) for m in found["m"]]


@st.composite
def cube_filters(draw, managers: list[int]) -> Filters:
    """A short range of periods (the last within the data), a grain, a fiscal start and some filters."""
    kwargs = draw(filters_kwargs())
    grain = kwargs["grain"]
    end = draw(st.dates(min_value=date(2024, 1, 1), max_value=date(2026, 10, 31)))
    span = {"month": 5, "quarter": 3, "year": 2}[grain]
    kwargs.update(start=add_months(date(end.year, end.month, 1), -(span - 1) * {"month": 1, "quarter": 3,
                                                                                    "year": 12}[grain]), end=end)
    kwargs["manager"] = tuple(draw(st.sets(st.sampled_from(managers), max_size=3)))
    return Filters(**kwargs)


def _kpis(store, f: Filters) -> np.ndarray:
    return np.array([scoring.kpi_series(store, kpi, f).to_numpy(dtype=float) for kpi in KPIS])


def test_the_demo_store_holds_the_cube(demo_store):
    assert cells.present(demo_store)
    assert isinstance(cubed(demo_store), CubeStore)
    assert cubed(demo_store).rollups  # the cells summed over managers: read when no manager is chosen


@settings(max_examples=COMBINATIONS, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                   HealthCheck.too_slow])
@given(data=st.data())
def test_every_kpi_from_the_cube_equals_the_direct_computation(demo_store, managers, data):
    f = data.draw(cube_filters(managers))
    exact = demo_store.scoped()
    direct = _kpis(exact, f)
    view = cubed(demo_store)
    # the facts the cube does not hold run the same query on both sides: computed once, shared
    view._memo.update({key: frame for key, frame in exact._memo.items() if key[0] not in frames.FRAMES})
    from_cube = _kpis(view, f)
    assert any(key[0] in frames.FRAMES for key in view._memo)  # the cube was read
    same = np.isclose(direct, from_cube, rtol=1e-9, atol=1e-9, equal_nan=True)
    wrong = [(KPIS[i].id, f.periods[j], direct[i, j], from_cube[i, j]) for i, j in np.argwhere(~same)]
    assert not wrong, (f, wrong[:5])


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_every_cube_frame_equals_its_fact(demo_store, managers, data):
    """Column by column, the base aggregates from the cells against the facts' own queries (before their
    fill-ins), over a longer range."""
    f = data.draw(cube_filters(managers))
    f = Filters(add_months(f.first_day, -12 * 2), f.end, grain=f.grain, fiscal_start=f.fiscal_start,
                region=f.region, channel=f.channel, industry=f.industry, manager=f.manager)
    for name in frames.FRAMES:
        if name.startswith("campaigns"):
            window = int(name.split("_")[1]) or None
            direct = facts.campaigns(demo_store.scoped(), f, window=window)
            from_cube = facts.campaigns(cubed(demo_store), f, window=window)
        else:
            direct = getattr(facts, name)(demo_store.scoped(), f)
            from_cube = getattr(facts, name)(cubed(demo_store), f)
        assert list(from_cube.columns) == list(direct.columns), name
        same = np.isclose(direct.to_numpy(float), from_cube.to_numpy(float), rtol=1e-9, atol=1e-9, equal_nan=True)
        assert same.all(), (name, f, direct[~same.all(axis=1)], from_cube[~same.all(axis=1)])


def test_a_filtered_scorecard_reads_the_cube_and_equals_the_direct_one(demo_store):
    f = Filters(date(2026, 7, 1), date(2026, 9, 30), grain="quarter", region=("East",), channel=("online",))
    direct = scoring.scorecard(demo_store, f)
    through = scorecard_store.scorecard(demo_store, f)  # the page's and the CLI's one function
    assert list(through["id"]) == list(direct["id"])
    assert np.allclose(direct["value"].astype(float), through["value"].astype(float), rtol=1e-9, equal_nan=True)
    assert (direct["status"] == through["status"]).all()
