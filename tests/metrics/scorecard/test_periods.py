"""Quarters and years are judged like their months: a company whose every month is the same gets the same status
and score for a month, its quarter and its year, for every KPI (``per_period`` rules and
``scoring.monthly_equivalent``)."""

import math
from datetime import date

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from metrics.base.filters import Filters
from metrics.scorecard.registry import CATALOGUE, Direction
from metrics.scorecard.scoring import kpi_series, kpi_values, scorecard
from tests.metrics.stores import tiny_store

FIRST, MONTHS = date(2022, 1, 1), 48  # 2022-01 .. 2025-12
CUSTOMERS = 10
# Every month the same: 10 customers (acquired long before, none lost) order on the 5th (a base product, and
# every other month a product of that month's own new category: half of them cross-sell each month), open a
# ticket on the 10th, answer a survey and a campaign contact; 4 leads (2 convert in 10 days); one opportunity
# won within the month and one open over its end (moved on the 26th); 3 customer-facing staff log in every day,
# train 2 hours, log 10 calls and 4 notes. One more customer was lost in 2021 (churn dates are recorded).
STEADY = [
    """INSERT INTO employee (id, name, role, department, region, customer_facing, hired_on)
       SELECT i, 'E' || i, CASE WHEN i = 4 THEN 'marketing' ELSE 'account_manager' END, 'sales', 'East', i <= 3,
              DATE '2020-01-01' FROM range(1, 5) r(i)""",
    f"""INSERT INTO customer (id, name, region, channel, industry, acquired_on, acquisition_cost, manager_id,
                              churned_on, contact_name, email, phone, city)
       SELECT c, 'C' || c, 'East', 'direct', 'mining', DATE '2021-01-01', 1000, 1, NULL, 'n',
              CASE WHEN c <= 5 THEN NULL ELSE 'e' END, 'p', 'x' FROM range(1, {CUSTOMERS + 1}) r(c)""",
    """INSERT INTO customer (id, name, region, channel, industry, acquired_on, acquisition_cost, manager_id,
                             churned_on) VALUES (99, 'gone', 'East', 'direct', 'mining', DATE '2020-01-01', 1000, 1,
                                             DATE '2021-06-01')""",
    "INSERT INTO product (id, name, category, list_price, unit_cost) VALUES (0, 'base', 'base', 100, 40)",
    f"""INSERT INTO product (id, name, category, list_price, unit_cost)
        SELECT m + 1, 'new' || m, 'cat' || m, 500, 300 FROM range({MONTHS}) r(m)""",
    f"""CREATE TEMP TABLE steady AS
       SELECT m, c, CAST(DATE '{FIRST}' + to_months(m) AS DATE) AS month
       FROM range({MONTHS}) a(m) CROSS JOIN range(1, {CUSTOMERS + 1}) b(c)""",
    """INSERT INTO sales_order (id, customer_id, ordered_on, channel, promised_on, delivered_on)
       SELECT m * 100 + c, c, month + 4, 'direct', month + 14, month + CASE WHEN c <= 8 THEN 10 ELSE 20 END
       FROM steady""",
    """INSERT INTO order_line (id, order_id, product_id, quantity, unit_price, unit_cost, discount)
       SELECT (m * 100 + c) * 10 + 1, m * 100 + c, 0, 2, 100 + c, 40, 0 FROM steady UNION ALL
       SELECT (m * 100 + c) * 10 + 2, m * 100 + c, m + 1, 1, 500, 300, 0 FROM steady WHERE c % 2 = m % 2""",
    """INSERT INTO service_ticket (id, customer_id, engineer_id, category, channel, opened_at, first_response_at,
                                   resolved_at, promised_at, csat, handling_cost)
       SELECT m * 100 + c, c, 3, CASE WHEN c <= 3 THEN 'complaint' WHEN c <= 5 THEN 'how_to' ELSE 'repair' END,
              'phone', month + INTERVAL 9 DAY + INTERVAL 9 HOUR, month + INTERVAL 9 DAY + INTERVAL (9 + c) HOUR,
              CASE WHEN c < 10 THEN month + INTERVAL 9 DAY + INTERVAL (c * 24) HOUR END,
              month + INTERVAL 14 DAY, 4, 50
       FROM steady""",
    """INSERT INTO survey_response (id, customer_id, responded_on, nps, csat)
       SELECT m * 100 + c, c, month + 11, c, 1 + c % 5 FROM steady""",
    """INSERT INTO campaign (id, name, channel, purpose, started_on, ended_on, spend)
       SELECT DISTINCT m + 1, 'K' || m, 'email', 'retention', month + 1, month + 20, 1000 FROM steady""",
    """INSERT INTO campaign_contact (id, campaign_id, customer_id, contacted_on, responded, converted, revenue)
       SELECT m * 100 + c, m + 1, c, month + 2, c % 2 = 0, c % 4 = 0, CASE WHEN c % 4 = 0 THEN 500 ELSE 0 END
       FROM steady""",
    """INSERT INTO lead (id, source, region, channel, industry, created_on, qualified, converted_customer_id,
                         converted_on)
       SELECT m * 10 + c, 'web', 'East', 'direct', 'mining', month + 3, TRUE, CASE WHEN c <= 2 THEN 1 END,
              CASE WHEN c <= 2 THEN month + 13 END FROM steady WHERE c <= 4""",
    """INSERT INTO opportunity (id, lead_id, customer_id, owner_id, created_on, closed_on, stage, status, amount)
       SELECT m * 10 + 1, m * 10 + 1, 1, 1, month + 1, month + 19, 'won', 'won', 1000 FROM steady WHERE c = 1
       UNION ALL
       SELECT m * 10 + 2, m * 10 + 2, 1, 1, month + 23, CAST(month + to_months(1) AS DATE) + 2, 'lost', 'lost', 1000
       FROM steady WHERE c = 1""",
    """INSERT INTO opportunity_stage_change (id, opportunity_id, changed_on, from_stage, to_stage)
       SELECT m + 1, m * 10 + 2, month + 25, 'prospecting', 'proposal' FROM steady WHERE c = 1""",
    """INSERT INTO training_record (id, employee_id, course, completed_on, hours)
       SELECT m * 10 + c, c, 'crm', month + 14, 2 FROM steady WHERE c <= 3""",
    """INSERT INTO employee_survey (id, employee_id, surveyed_on, goal_alignment, engagement, knowledge_sharing)
       SELECT m * 10 + c, c, month + 15, 3 + c % 2, 4, 4 FROM steady WHERE c <= 4""",
    f"""INSERT INTO crm_activity (id, employee_id, occurred_on, kind)
       SELECT row_number() OVER (), e, day, 'login'
       FROM range(1, 4) a(e) CROSS JOIN (
           SELECT CAST(unnest(generate_series(DATE '{FIRST}' - 7, DATE '{FIRST}' + to_months({MONTHS}) - INTERVAL 1 DAY,
                                              INTERVAL 1 DAY)) AS DATE) AS day)""",
    """INSERT INTO crm_activity (id, employee_id, customer_id, occurred_on, kind)
       SELECT 10000000 + (m * 100 + c) * 20 + k, c, 1, month + CAST(k AS INTEGER),
              CASE WHEN k <= 4 THEN 'note' ELSE 'call' END
       FROM steady CROSS JOIN range(1, 15) r(k) WHERE c <= 3""",
]
TARGET_COLUMNS = "kpi_id VARCHAR, target DOUBLE, baseline DOUBLE, threshold DOUBLE, weight DOUBLE"


@pytest.fixture(scope="module")
def steady():
    store = tiny_store(*STEADY)
    store._conn.execute(f"DROP TABLE kpi_target; CREATE TABLE kpi_target ({TARGET_COLUMNS})")
    yield store
    store.close()


def test_the_steady_company_is_the_same_every_month(steady):
    months = Filters(date(2024, 1, 1), date(2025, 12, 1))
    for kpi in CATALOGUE:
        series = kpi_series(steady.scoped(), kpi, months)
        assert series.notna().all() or series.isna().all(), (kpi.id, series)
        assert series.max() - series.min() <= 1e-9 * max(1.0, abs(series.max())) or series.isna().all(), \
            (kpi.id, series.drop_duplicates())


_CARDS: dict = {}


def _values(store, f: Filters) -> dict:
    """Each KPI's series for ``f`` (computed once per period: targets change, values do not)."""
    key = repr(f)
    if key not in _CARDS:
        _CARDS[key] = kpi_values(store, f)
    return _CARDS[key]


def _set_targets(store, month_values: dict[str, float], a: float, gap: float, threshold: float, rnd) -> None:
    """Monthly targets around each KPI's monthly value: ``a`` times it (give or take 10%), the baseline ``gap``
    of its size on the worse side."""
    rows = []
    for kpi in CATALOGUE:
        value = month_values.get(kpi.id, math.nan)
        factor = a * rnd.uniform(0.9, 1.1)
        target = value * factor if math.isfinite(value) and value != 0 else factor - 1
        worse = -1 if kpi.better == Direction.HIGHER else 1
        rows.append((kpi.id, target, target + worse * (abs(target) * gap + 0.01), threshold, 1.0))
    store._conn.execute("DELETE FROM kpi_target")
    store._conn.executemany("INSERT INTO kpi_target VALUES (?, ?, ?, ?, ?)", rows)


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(month=st.integers(0, 23), a=st.sampled_from([1.0, 0.8, 1.2]) | st.floats(0.5, 1.5),
       gap=st.floats(0.05, 1.0), threshold=st.floats(0.05, 0.95), rnd=st.randoms(use_true_random=False))
def test_a_month_its_quarter_and_its_year_get_the_same_status_and_score(steady, month, a, gap, threshold, rnd):
    day = date(2024 + month // 12, month % 12 + 1, 1)
    cards = {}
    for grain in ("month", "quarter", "year"):
        f = Filters(day, day, grain=grain)
        if grain == "month":
            values = _values(steady, f)
            _set_targets(steady, {k: float(v.iloc[-1]) for k, v in values.items()}, a, gap, threshold, rnd)
        cards[grain] = scorecard(steady, f, values=_values(steady, f)).set_index("id")
    wrong = []
    for kpi in CATALOGUE:
        statuses = {g: c.loc[kpi.id, "status"] for g, c in cards.items()}
        scores = {g: c.loc[kpi.id, "score"] for g, c in cards.items()}
        same_score = all((math.isnan(s) and math.isnan(scores["month"])) or
                         math.isclose(s, scores["month"], abs_tol=1e-6) for s in scores.values())
        if len(set(statuses.values())) > 1 or not same_score:
            wrong.append(f"{kpi.id}: {statuses} {scores} values "
                         f"{ {g: c.loc[kpi.id, 'value'] for g, c in cards.items()} } "
                         f"targets { {g: c.loc[kpi.id, 'target'] for g, c in cards.items()} }")
    assert not wrong, "\n".join(wrong)


def test_the_month_values_are_known_for_most_kpis(steady):
    card = pd.Series({k: float(v.iloc[-1]) for k, v in _values(steady, Filters(date(2025, 6, 1),
                                                                                date(2025, 6, 1))).items()})
    assert card.notna().sum() >= len(CATALOGUE) - 2, card[card.isna()]
