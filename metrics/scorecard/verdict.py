"""The scorecard's verdict in words and colours: how many KPIs are on target, close and off target, the score's
own band, how many KPIs a score rests on, and whether a change is good or bad for the KPI it belongs to.

The score bands follow the rule that colours an objective (``scoring.objective_status``: green from 0.75 of the
status points, amber from 0.4): a score (0..100) is on target from :data:`SCORE_BANDS` ``green`` (75), close from
``amber`` (40), off target below.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np
import pandas as pd

from metrics.scorecard.registry import Direction
from metrics.scorecard.strategy import Perspective

SCORE_BANDS = {"green": 75.0, "amber": 40.0}
Goodness = Literal["good", "bad", "flat"]
FLAT = 0.01  # a trend moving less than 1% of the series' typical size over its window is flat


def score_band(score: float) -> str:
    """``green`` | ``amber`` | ``red`` for a score in 0..100 by :data:`SCORE_BANDS`; ``none`` when unknown."""
    if score is None or not math.isfinite(score):
        return "none"
    return "green" if score >= SCORE_BANDS["green"] else "amber" if score >= SCORE_BANDS["amber"] else "red"


@dataclass(frozen=True)
class Counts:
    green: int
    amber: int
    red: int
    none: int

    @property
    def judged(self) -> int:
        return self.green + self.amber + self.red


def status_counts(card: pd.DataFrame) -> Counts:
    """How many KPIs of a scorecard frame are on target (green), close (amber), off target (red) or unjudged."""
    found = card["status"].value_counts()
    return Counts(*(int(found.get(s, 0)) for s in ("green", "amber", "red", "none")))


def coverage(card: pd.DataFrame) -> dict[str, tuple[int, int]]:
    """Perspective -> (KPIs with a score, KPIs in the perspective): what each perspective score rests on."""
    out = {p.value: (0, 0) for p in Perspective}
    for perspective, score in zip(card["perspective"].tolist(), card["score"].tolist(), strict=True):
        scored, total = out[perspective]
        out[perspective] = (scored + int(score is not None and math.isfinite(score)), total + 1)
    return out


def partial_coverage(card: pd.DataFrame) -> dict[str, tuple[int, int]]:
    """The perspectives whose score rests on fewer than all of their KPIs."""
    return {p: (n, total) for p, (n, total) in coverage(card).items() if n < total}


def change_goodness(change: float, better: str | Direction) -> Goodness:
    """``good`` when ``change`` moves the KPI the way it should go (up when higher is better), ``bad`` the other
    way, ``flat`` when zero or unknown."""
    if change is None or not math.isfinite(change) or change == 0:
        return "flat"
    up = Direction(better) == Direction.HIGHER
    return "good" if (change > 0) == up else "bad"


def trend_goodness(values: Sequence[float | None], better: str | Direction) -> Goodness:
    """Good or bad of a series' trend for its KPI: the least-squares slope over the known values, times their
    span, against :data:`FLAT` of the mean absolute value (a trend smaller than that is ``flat``)."""
    y = np.array([v for v in values if v is not None and math.isfinite(v)], dtype=float)
    if y.size < 3:
        return "flat"
    x = np.arange(y.size, dtype=float)
    slope = float(np.polyfit(x, y, 1)[0])
    size = float(np.mean(np.abs(y)))
    if abs(slope * (y.size - 1)) <= FLAT * size:
        return "flat"
    return change_goodness(slope, better)


def tile_colour(change: float, values: Sequence[float | None], better: str | Direction) -> str:
    """A KPI tile's delta and sparkline colour (``st.metric``'s ``delta_color``, which colours both): green or red
    only when the change shown and the trend drawn agree on good or bad, ``off`` (grey) when they disagree or
    either is flat (a dip in a rising revenue is not drawn red, a rising line never red)."""
    now, trend = change_goodness(change, better), trend_goodness(values, better)
    if now != trend or now == "flat":
        return "off"
    return "green" if now == "good" else "red"
