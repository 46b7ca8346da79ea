"""Status, score, roll-ups, the scorecard frame, the CLI, and SQLite vs PostgreSQL."""

import json
import math
from datetime import date

import numpy as np
import pandas as pd
import pytest

from cli.metrics import main
from data import db
from data.demo import builder as demo
from jobs import refresh as precompute
from metrics.base.filters import Filters
from metrics.base.store import Store
from metrics.scorecard.registry import CATALOGUE, Direction, get
from metrics.scorecard.scoring import (
    effective_objective_weights,
    objective_status,
    objective_statuses,
    overall_before_after,
    period_target,
    reweighted,
    rollup,
    score,
    scorecard,
    status,
)
from metrics.scorecard.strategy import OBJECTIVES

UP, DOWN = Direction.HIGHER, Direction.LOWER


@pytest.mark.parametrize(("value", "better", "expected"), [
    (0.90, UP, "green"), (0.95, UP, "green"), (0.86, UP, "amber"), (0.85, UP, "amber"), (0.80, UP, "red"),
    (4.0, DOWN, "green"), (3.0, DOWN, "green"), (5.0, DOWN, "amber"), (6.5, DOWN, "red"), (math.nan, UP, "none"),
])
def test_status_is_direction_aware(value, better, expected):
    # higher is better: target 0.90 from a baseline of 0.80, amber within half that distance (0.05)
    # lower is better: target 4 from a baseline of 8, amber within 1 (a quarter of 4)
    target, baseline, threshold = (0.90, 0.80, 0.5) if better == UP else (4.0, 8.0, 0.25)
    assert status(value, target=target, baseline=baseline, threshold=threshold, better=better) == expected


@pytest.mark.parametrize(("value", "expected"), [(8.0, 0.0), (9.0, 0.0), (6.0, 50.0), (4.0, 100.0), (2.0, 100.0)])
def test_score_is_progress_from_baseline_to_target_capped(value, expected):
    assert score(value, target=4.0, baseline=8.0, better=DOWN) == expected


def test_period_targets_follow_the_kpis_rule():
    assert period_target(100.0, get("revenue"), 3) == 300.0
    assert period_target(0.99, get("retention_rate"), 12) == pytest.approx(0.99**12)
    assert period_target(0.01, get("churn_rate"), 3) == pytest.approx(1 - 0.99**3)
    assert period_target(0.5, get("gross_margin_pct"), 12) == 0.5


def test_rollup_weights_kpis_then_objectives():
    card = scorecard_rows({"revenue": (100, 1), "revenue_growth": (50, 3), "retention_rate": (20, 1)})
    totals = rollup(card)
    assert totals["objectives"]["grow_revenue"] == pytest.approx((100 * 1 + 50 * 3) / 4)
    assert totals["objectives"]["keep_customers"] == 20
    assert totals["perspectives"]["financial"] == pytest.approx(62.5)
    assert totals["overall"] == pytest.approx((62.5 + 20) / 2)


def test_an_objectives_colour_is_its_kpis_weighted_status_points():
    # two KPIs of one objective: green (1) weighted 3 and red (0) weighted 1 -> 0.75, green at the edge; amber (0.5)
    # and red at 1:1 -> 0.25, red; one amber alone -> 0.5, amber; an unjudged KPI counts for nothing
    objectives = [o.id for o in OBJECTIVES]
    card = pd.DataFrame({"objective": [objectives[0]] * 2 + [objectives[1]] * 2 + [objectives[2]] * 2,
                         "status": ["green", "red", "amber", "red", "amber", "none"],
                         "weight": [3.0, 1.0, 1.0, 1.0, 1.0, 5.0]})
    expected = {objectives[0]: "green", objectives[1]: "red", objectives[2]: "amber"}
    found = objective_statuses(card)
    assert {o: found[o] for o in expected} == expected
    assert set(found) == set(objectives) and all(found[o] == "none" for o in objectives[3:])
    assert all(objective_status(card, o) == found[o] for o in objectives)


def test_an_objectives_set_weight_replaces_its_kpis_sum_in_the_perspective():
    # grow_revenue scores 100 with KPI weight 1; profitable_base scores 0 with KPI weights 1 + 2 = 3
    card = scorecard_rows({"revenue": (100, 1), "gross_margin": (0, 1), "gross_margin_pct": (0, 2)})
    assert rollup(card)["perspectives"]["financial"] == pytest.approx(100 * 1 / 4)
    card["objective_weight"] = card["objective"].map({"grow_revenue": 3.0})  # profitable_base left unset
    assert rollup(card)["perspectives"]["financial"] == pytest.approx(100 * 3 / 6)
    assert effective_objective_weights(card) == {"grow_revenue": 3.0, "profitable_base": 3.0}
    # the preview: objectives absent from its weights go back to their KPIs' sums (grow_revenue 1)
    heavier_margin = reweighted(card, {"gross_margin": 5.0}, {})  # profitable_base: 5 + 2
    assert rollup(heavier_margin)["perspectives"]["financial"] == pytest.approx(100 * 1 / 8)
    assert rollup(reweighted(card, {}, {"profitable_base": 1.0}))["perspectives"]["financial"] == pytest.approx(50)
    # the editor's preview: weights left as shown change nothing; grow_revenue keeps its set 3
    assert overall_before_after(card, {}, effective_objective_weights(card)) == pytest.approx((50.0, 50.0))
    assert overall_before_after(card, {}, {"grow_revenue": 3.0, "profitable_base": 1.0})[1] == pytest.approx(75.0)
    assert overall_before_after(card, {}, {"grow_revenue": 1.0, "profitable_base": 3.0})[1] == pytest.approx(25.0)


def scorecard_rows(scores):
    import pandas as pd

    return pd.DataFrame([{"id": k, "objective": get(k).objective, "perspective": get(k).perspective.value,
                          "score": s, "weight": w} for k, (s, w) in scores.items()])


def test_scorecard_has_a_row_per_kpi_with_consistent_fields(demo_store):
    f = Filters(date(2026, 9, 1), date(2026, 9, 1))
    card = scorecard(demo_store, f)
    assert list(card["id"]) == [k.id for k in CATALOGUE]
    assert card["status"].isin(["green", "amber", "red"]).all()
    assert card["score"].between(0, 100).all()
    row = card.set_index("id").loc["revenue"]
    trend = dict(row["trend"])
    assert len(trend) == 24 and trend["2026-09-01"] == pytest.approx(row["value"])
    assert row["delta_prev"] == pytest.approx(row["value"] - trend["2026-08-01"])
    assert row["delta_year"] == pytest.approx(row["value"] - trend["2025-09-01"])


def test_additive_kpis_are_judged_against_a_derived_target_under_a_filter(demo_store):
    card = scorecard(demo_store, Filters(date(2026, 9, 1), date(2026, 9, 1), region=("East",))).set_index("id")
    whole = scorecard(demo_store, Filters(date(2026, 9, 1), date(2026, 9, 1))).set_index("id")
    assert card.loc["revenue", "status"] != "none" and card.loc["revenue", "target_scope"] == "derived"
    assert 0 < card.loc["revenue", "target"] < whole.loc["revenue", "target"]
    assert card.loc["retention_rate", "target"] == whole.loc["retention_rate", "target"]


def test_cli_prints_json_with_the_required_fields(demo_url, demo_store, capsys):
    assert main(["scorecard", "--period", "2026-Q3", "--json", "--database-url", demo_url]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert {r["id"] for r in rows} == {k.id for k in CATALOGUE}
    for field in ["id", "perspective", "name_en", "name_zh", "unit", "value", "target", "status", "delta_prev",
                  "delta_year"]:
        assert field in rows[0]
    assert rows[0]["period"] == "2026-Q3"


def test_cli_table_in_chinese(demo_url, demo_store, capsys):
    assert main(["scorecard", "--period", "2026", "--lang", "zh", "--database-url", demo_url]) == 0
    out = capsys.readouterr().out
    assert "平衡计分卡 2026" in out and "客户保持率" in out


@pytest.mark.parametrize("period", ["2019-05", "2031"])
def test_cli_period_without_data_exits_2_with_a_message(demo_url, demo_store, period, capsys):
    assert main(["scorecard", "--period", period, "--database-url", demo_url]) == 2
    assert f"No data for {period}" in capsys.readouterr().err


def test_cli_rejects_a_malformed_period(demo_url, demo_store, capsys):
    assert main(["scorecard", "--period", "2025-13", "--database-url", demo_url]) == 2
    assert "not one of 2025-12, 2025-Q4 or 2025" in capsys.readouterr().err


@pytest.mark.postgres
def test_sqlite_and_postgresql_give_the_same_scorecard(postgres_url, tmp_path, monkeypatch):
    monkeypatch.setenv("ANALYTICS_DIR", str(tmp_path / "stores"))
    cards = []
    for url in (f"sqlite:///{tmp_path / 'same.db'}", postgres_url):
        engine = db.get_engine(url)
        demo.build_demo(engine, customers=500, seed=13)
        store = Store(precompute.refresh(engine))
        cards.append(scorecard(store, Filters(date(2026, 6, 1), date(2026, 6, 1), grain="quarter")))
        store.close()
        engine.dispose()
    lite, pg = cards
    for column in ["value", "target", "score", "delta_prev", "delta_year"]:
        assert np.allclose(lite[column], pg[column], rtol=1e-12, equal_nan=True), column
    assert list(lite["status"]) == list(pg["status"])
    for a, b in zip(lite["trend"], pg["trend"], strict=True):
        assert [p for p, _ in a] == [p for p, _ in b]
        assert np.allclose([np.nan if v is None else v for _, v in a], [np.nan if v is None else v for _, v in b],
                           rtol=1e-12, equal_nan=True)
