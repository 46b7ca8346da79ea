"""The measured effect of an initiative on each KPI it should move: initiatives judged by what they moved.

For each (initiative, linked KPI), the KPI's monthly series (the refresh's ``kpi_monthly``,
:mod:`metrics.scorecard.series`) is split at the initiative's start month; the months before it fit the counterfactual
of :func:`metrics.program.impact.counterfactual_effect` (a local level model, with controls), the months since are
compared with its forecast. The effect is the **average monthly effect** (actual minus counterfactual, in the KPI's
unit: a percentage point, hours, yuan a month) with its 95% interval from whole simulated paths (the interval of the
cumulative effect divided by the number of months, so the correlation between months is kept).

Controls (series the initiative did not touch, so what they did the KPI would have done too):

- an initiative run in one region: the same KPI over the rest of the company (the untouched regions);
- an initiative of the whole company: up to :data:`MAX_CONTROLS` KPIs of untouched objectives, i.e. KPIs that no
  initiative is linked to (directly or through its objective), whose objective is not the initiative's own nor
  downstream of it on the strategy map (an effect flows along the map's links), and whose months before the start
  move with the KPI's (absolute correlation at least :data:`MIN_CONTROL_CORRELATION`); none where none qualifies.

When not measurable, a reason instead: not started, fewer than :data:`MIN_LIVE_MONTHS` complete months since the
start (with the month it becomes measurable), too few months before it, gaps in the KPI's series, a KPI this data
cannot measure. Why three months: the review judges a KPI quarter by quarter, and with one or two months the
interval is one month's noise and the ramp-up of the initiative (``tests/metrics/initiatives/test_effect.py``
measures power and coverage on simulated series at three and more months).

The fit runs at refresh (:func:`precompute`, a ``jobs.refresh`` step: about half a second per pair), never in a
page run; pages read :func:`stored` and show a row only while the initiative's start and links are the ones it was
measured for (else: "measured at the next refresh").
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from metrics.base.dimensions import dimension_values
from metrics.base.filters import Filters
from metrics.base.store import Store, write_table
from metrics.program.impact import MIN_PRE_PERIODS, counterfactual_effect
from metrics.scorecard import registry
from metrics.scorecard import series as kpi_series
from metrics.scorecard.strategy import LINKS

MIN_LIVE_MONTHS = 3
MAX_CONTROLS = 2
MIN_CONTROL_CORRELATION = 0.5
ALPHA = 0.05
DRAWS, PARAMETER_DRAWS = 400, 40  # 400 paths over 40 variance draws: ~0.5 s a pair, bounds within ~2% of 1000 x 200
TABLE = "initiative_effect"
COLUMNS = ["initiative_id", "kpi_id", "start", "post_start", "months", "average", "low", "high",
           "probability_no_effect", "reason", "measurable_from", "controls_text"]
REASONS = ("not_started", "too_few_months", "short_history", "gaps", "no_values", "unknown_kpi", "failed")
SKIPPED = ("cancelled",)


@dataclass(frozen=True)
class Effect:
    """The average monthly effect over ``months`` months since the start and its interval (KPI's unit)."""

    average: float
    low: float
    high: float
    months: int
    probability_no_effect: float

    @property
    def detected(self) -> bool:
        return self.low > 0 or self.high < 0


def month_of(day) -> pd.Timestamp:
    return pd.Timestamp(day).to_period("M").to_timestamp()


def measure(y: pd.Series, *, post_start: pd.Timestamp, controls: pd.DataFrame | None = None, seed: int = 0,
            draws: int = DRAWS, parameter_draws: int = PARAMETER_DRAWS) -> Effect:
    """The average monthly effect on ``y`` (monthly, no gaps) from ``post_start`` on; raises ValueError like
    :func:`metrics.program.impact.counterfactual_effect` when too few months precede it."""
    impact = counterfactual_effect(y, post_start=post_start, controls=controls, alpha=ALPHA, seed=seed,
                                   draws=draws, parameter_draws=parameter_draws)
    n = len(impact.frame)
    return Effect(impact.average, impact.cumulative_low / n, impact.cumulative_high / n, n,
                  impact.probability_no_effect)


def verdict(low: float, high: float, better: str) -> str:
    """``improved`` / ``worsened`` when the interval lies on one side of zero (read with the KPI's direction),
    else ``unclear``."""
    if not (np.isfinite(low) and np.isfinite(high)):
        return "unclear"
    sign = 1 if better == "higher" else -1
    if sign * low > 0 and sign * high > 0:
        return "improved"
    if sign * low < 0 and sign * high < 0:
        return "worsened"
    return "unclear"


def downstream(objectives: set[str]) -> set[str]:
    """The objectives and every objective their links lead to on the strategy map."""
    found, frontier = set(objectives), set(objectives)
    while frontier:
        frontier = {effect for cause, effect in LINKS if cause in frontier} - found
        found |= frontier
    return found


def _trimmed(y: pd.Series) -> pd.Series:
    """The series from its first known month on."""
    known = y.dropna()
    return y.loc[known.index[0]:] if len(known) else y.iloc[0:0]


def objective_controls(monthly: pd.DataFrame, y: pd.Series, post_start: pd.Timestamp, *, touched: set[str],
                       linked_anywhere: set[str]) -> pd.DataFrame | None:
    """KPIs of untouched objectives that move with ``y`` before the start (see the module's notes)."""
    pre = y.loc[:post_start - pd.Timedelta(days=1)].dropna()
    if len(pre) < MIN_PRE_PERIODS:
        return None
    scores = {}
    for kpi in registry.CATALOGUE:
        if kpi.id in linked_anywhere or kpi.objective in touched or kpi.id not in monthly:
            continue
        candidate = monthly[kpi.id].reindex(y.index)
        if candidate.isna().any() or candidate.loc[pre.index].std() == 0:
            continue
        r = np.corrcoef(pre.to_numpy(), candidate.loc[pre.index].to_numpy())[0, 1]
        if np.isfinite(r) and abs(r) >= MIN_CONTROL_CORRELATION:
            scores[kpi.id] = abs(r)
    chosen = sorted(scores, key=lambda k: -scores[k])[:MAX_CONTROLS]
    return monthly[chosen].reindex(y.index) if chosen else None


def _months(store: Store) -> Filters | None:
    """The KPI series' window cut at the latest complete month."""
    f = kpi_series.window(store)
    last = dimension_values(store).complete_month
    if f is None or last is None or last < f.first_day:
        return None
    return Filters(f.first_day, min(last, f.period_start(f.end)), grain="month")


def _row(initiative: dict, kpi_id: str, **values) -> dict:
    row = dict.fromkeys(COLUMNS, None)
    row.update(initiative_id=int(initiative["id"]), kpi_id=kpi_id, start=pd.Timestamp(initiative["start_on"]), **values)
    return row


def measure_pair(initiative: dict, kpi_id: str, *, monthly: pd.DataFrame, last: pd.Timestamp,
                 controls: pd.DataFrame | None, y: pd.Series | None = None) -> dict:
    """One row of :data:`TABLE` for an initiative (``id``, ``start_on``, ``status``) and one of its KPIs."""
    post_start = month_of(initiative["start_on"])
    if str(initiative.get("status")) == "planned" or post_start > last:
        return _row(initiative, kpi_id, post_start=post_start, reason="not_started",
                    measurable_from=post_start + pd.DateOffset(months=MIN_LIVE_MONTHS))
    try:
        registry.get(kpi_id)
    except KeyError:
        return _row(initiative, kpi_id, post_start=post_start, reason="unknown_kpi")
    if y is None:
        y = monthly[kpi_id] if kpi_id in monthly else pd.Series(dtype=float)
    y = _trimmed(y)
    months = len(y.loc[post_start:last])
    if y.dropna().empty:
        return _row(initiative, kpi_id, post_start=post_start, reason="no_values")
    if months < MIN_LIVE_MONTHS:
        return _row(initiative, kpi_id, post_start=post_start, months=months, reason="too_few_months",
                    measurable_from=post_start + pd.DateOffset(months=MIN_LIVE_MONTHS))
    y = y.loc[:last]
    if y.isna().any():
        return _row(initiative, kpi_id, post_start=post_start, months=months, reason="gaps")
    needed = max(MIN_PRE_PERIODS, 4 + (0 if controls is None else controls.shape[1]))
    if len(y.loc[:post_start - pd.Timedelta(days=1)]) < needed:
        return _row(initiative, kpi_id, post_start=post_start, months=months, reason="short_history")
    effect = measure(y, post_start=post_start, controls=None if controls is None else controls.reindex(y.index),
                     seed=int(initiative["id"]))
    return _row(initiative, kpi_id, post_start=post_start, months=effect.months, average=effect.average,
                low=effect.low, high=effect.high, probability_no_effect=effect.probability_no_effect,
                controls_text=", ".join(() if controls is None else controls.columns))


def _region_series(store: Store, f: Filters, kpi_id: str, region: str) -> tuple[pd.Series, pd.DataFrame] | None:
    """The KPI in ``region`` and over the other regions (the untouched ones), or None without such a region."""
    regions = kpi_series.units(store, "region")
    if region not in regions or len(regions) < 2:
        return None
    inside = kpi_series.compute(store, f.with_dimensions(region=(region,)), [kpi_id])[kpi_id]
    others = tuple(r for r in regions if r != region)
    rest = kpi_series.compute(store, f.with_dimensions(region=others), [kpi_id])[kpi_id]
    return inside, rest.rename("rest_of_company").to_frame()


def compute(store: Store) -> pd.DataFrame:
    """Every (initiative, KPI) pair's row of :data:`TABLE` (empty without initiatives or sales)."""
    if not all(store.has_table(t) for t in ("initiative", "initiative_kpi", "initiative_objective")):
        return pd.DataFrame(columns=COLUMNS)
    initiatives = store.query('SELECT id, start_on, status, region FROM initiative ORDER BY id')
    links = store.query("SELECT initiative_id, kpi_id FROM initiative_kpi")
    served = store.query("SELECT initiative_id, objective_id FROM initiative_objective")
    f = _months(store)
    if f is None or initiatives.empty or links.empty:
        return pd.DataFrame(columns=COLUMNS)
    last = pd.Timestamp(f.period_start(f.end))
    monthly = kpi_series.stored(store, Filters(f.first_day, f.end, grain="month"))
    if monthly is None:
        monthly = kpi_series.compute(store, f)
    objective_of = {k.id: k.objective for k in registry.CATALOGUE}
    linked_anywhere = set(links["kpi_id"]) | {k.id for k in registry.CATALOGUE if k.objective in set(
        served["objective_id"])}
    rows = []
    for initiative in initiatives.to_dict("records"):
        if initiative["status"] in SKIPPED:
            continue
        kpis = list(links.loc[links["initiative_id"] == initiative["id"], "kpi_id"])
        own = set(served.loc[served["initiative_id"] == initiative["id"], "objective_id"])
        touched = downstream(own | {objective_of[k] for k in kpis if k in objective_of})
        for kpi_id in kpis:
            y, controls = None, None
            post_start = month_of(initiative["start_on"])
            if initiative.get("region") and kpi_id in objective_of:
                found = _region_series(store, f, kpi_id, str(initiative["region"]))
                if found is not None:
                    y, controls = found
                    if controls.isna().any().any():
                        controls = None
            elif kpi_id in monthly:
                controls = objective_controls(monthly, _trimmed(monthly[kpi_id]), post_start, touched=touched,
                                              linked_anywhere=linked_anywhere)
            try:
                rows.append(measure_pair(initiative, kpi_id, monthly=monthly, last=last, controls=controls, y=y))
            except (ValueError, np.linalg.LinAlgError):
                rows.append(_row(initiative, kpi_id, post_start=post_start, reason="failed"))
    return pd.DataFrame(rows, columns=COLUMNS)


def precompute(store: Store, connection) -> None:
    """``jobs.refresh`` step: table :data:`TABLE`, one row per (initiative, linked KPI)."""
    frame = compute(store).astype({"initiative_id": "int64", "kpi_id": str, "start": "datetime64[ns]",
                                   "post_start": "datetime64[ns]", "months": "float64", "average": "float64",
                                   "low": "float64", "high": "float64", "probability_no_effect": "float64",
                                   "reason": object, "measurable_from": "datetime64[ns]", "controls_text": object})
    write_table(connection, TABLE, frame)


def stored(store: Store) -> pd.DataFrame | None:
    """What the refresh measured, or None when the store predates this step (or it failed)."""
    if not store.has_table(TABLE):
        return None
    frame = store.query(f"SELECT * FROM {TABLE} ORDER BY initiative_id, kpi_id")
    for column in ("start", "post_start", "measurable_from"):
        frame[column] = pd.to_datetime(frame[column])
    return frame


def current(measured: pd.DataFrame | None, initiatives: pd.DataFrame, links: pd.DataFrame) -> pd.DataFrame:
    """One row per (initiative, linked KPI) now: the stored measure where the initiative's start is the one it was
    measured for, else reason ``pending`` (measured at the next refresh)."""
    starts = initiatives[["id", "start_on"]].rename(columns={"id": "initiative_id", "start_on": "start"})
    base = links.merge(starts, on="initiative_id")
    if measured is None or measured.empty:
        return base.assign(reason="pending").reindex(columns=COLUMNS)
    merged = base.merge(measured.drop(columns=["start"]).assign(measured_start=measured["start"]),
                        on=["initiative_id", "kpi_id"], how="left")
    stale = merged["measured_start"].isna() | (pd.to_datetime(merged["start"]) != merged["measured_start"])
    merged.loc[stale, "reason"] = "pending"
    merged.loc[stale, ["average", "low", "high", "probability_no_effect", "months"]] = np.nan
    return merged.reindex(columns=COLUMNS)
