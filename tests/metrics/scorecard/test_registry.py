"""The catalogue: one case per KPI proves it is fully declared (names, definitions, target)."""

import pytest

from metrics.scorecard.registry import CATALOGUE, Unit, by_objective, get
from metrics.scorecard.strategy import LINKS, OBJECTIVES, PERSPECTIVE_NAMES, objective


@pytest.mark.parametrize("kpi", CATALOGUE, ids=lambda k: k.id)
def test_kpi_is_fully_declared(kpi):
    assert kpi.name["en"] and kpi.name["zh"] and kpi.name["en"] != kpi.name["zh"]
    assert kpi.definition["en"].endswith(".") and kpi.definition["zh"].endswith("。")
    assert objective(kpi.objective).perspective == kpi.perspective
    assert kpi.kind in ("leading", "lagging")
    assert not kpi.share or kpi.unit == Unit.PERCENT
    assert get(kpi.id) is kpi


def test_ids_are_unique():
    assert len({k.id for k in CATALOGUE}) == len(CATALOGUE)


def test_demo_seeds_a_target_for_every_kpi(demo_store):
    targets = demo_store.targets().set_index("kpi_id")
    assert set(targets.index) == {k.id for k in CATALOGUE}
    assert (targets["target"] != targets["baseline"]).all()
    assert targets["threshold"].between(0, 1).all() and (targets["weight"] > 0).all()


def test_every_objective_is_measured_and_linked():
    linked = {a for a, _ in LINKS} | {b for _, b in LINKS}
    for o in OBJECTIVES:
        assert by_objective(o.id), f"{o.id} has no KPI"
        assert o.id in linked, f"{o.id} is on no cause-and-effect link"
        assert o.perspective in PERSPECTIVE_NAMES


def test_links_run_upwards_through_the_perspectives():
    order = ["learning", "process", "customer", "financial"]
    for cause, effect in LINKS:
        assert order.index(objective(cause).perspective) <= order.index(objective(effect).perspective)
