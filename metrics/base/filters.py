"""The ``Filters`` value object: period range and grain, fiscal-year start, and dimension filters."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from typing import Literal

import pandas as pd

Grain = Literal["month", "quarter", "year"]
GRAIN_MONTHS: dict[str, int] = {"month": 1, "quarter": 3, "year": 12}
DIMENSIONS = ("region", "channel", "industry", "manager")


def add_months(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


@dataclass(frozen=True)
class Filters:
    """Which data a metric covers.

    ``start`` and ``end`` are the first and the last period included (any day inside them);
    ``fiscal_start`` is the month (1..12) a fiscal year starts, which also sets the quarters.
    Empty dimension tuples mean "all".
    """

    start: date
    end: date
    grain: Grain = "month"
    fiscal_start: int = 1
    region: tuple[str, ...] = field(default=())
    channel: tuple[str, ...] = field(default=())
    industry: tuple[str, ...] = field(default=())
    manager: tuple[int, ...] = field(default=())

    def __post_init__(self) -> None:
        if self.grain not in GRAIN_MONTHS:
            raise ValueError(f"grain must be month, quarter or year, not {self.grain!r}")
        if not 1 <= self.fiscal_start <= 12:
            raise ValueError(f"fiscal_start must be a month 1..12, not {self.fiscal_start}")
        if self.end < self.start:
            raise ValueError(f"the period range ends ({self.end}) before it starts ({self.start})")
        for name in DIMENSIONS:
            object.__setattr__(self, name, tuple(sorted(getattr(self, name))))

    @property
    def months(self) -> int:
        """Months in one period."""
        return GRAIN_MONTHS[self.grain]

    def period_start(self, day: date) -> date:
        """The first day of the period holding ``day``."""
        offset = (day.year * 12 + day.month - 1 - (self.fiscal_start - 1)) % self.months
        return add_months(date(day.year, day.month, 1), -offset)

    @property
    def periods(self) -> list[date]:
        """First days of every period from ``start`` to ``end``."""
        first, last = self.period_start(self.start), self.period_start(self.end)
        out = []
        while first <= last:
            out.append(first)
            first = add_months(first, self.months)
        return out

    @property
    def period_index(self) -> pd.DatetimeIndex:
        return pd.DatetimeIndex(pd.to_datetime(self.periods), name="period")

    @property
    def first_day(self) -> date:
        return self.period_start(self.start)

    @property
    def end_exclusive(self) -> date:
        """The day after the last period."""
        return add_months(self.period_start(self.end), self.months)

    @property
    def periods_per_year(self) -> int:
        return 12 // self.months

    def shifted(self, periods: int) -> Filters:
        """The same filters with the range moved back by ``periods`` at the start (for deltas)."""
        return replace(self, start=add_months(self.first_day, -periods * self.months))

    def with_dimensions(self, **values: tuple) -> Filters:
        return replace(self, **values)

    @property
    def dimensions(self) -> dict[str, tuple]:
        return {name: getattr(self, name) for name in DIMENSIONS if getattr(self, name)}

    def label(self, period: date, *, lang: str = "en") -> str:
        """``2025-12``, ``2025-Q4`` or ``2025``; with a fiscal start, ``FY2025-Q1`` (year of its start)."""
        if self.grain == "month":
            return f"{period:%Y-%m}"
        fiscal = self.fiscal_start != 1
        year = period.year
        if self.grain == "year":
            return f"FY{year}" if fiscal else f"{year}"
        quarter = ((period.month - self.fiscal_start) % 12) // 3 + 1
        return f"FY{year}-Q{quarter}" if fiscal else f"{year}-Q{quarter}"


def month_end(month: date) -> date:
    """The last day of the month holding ``month``."""
    return add_months(date(month.year, month.month, 1), 1) - timedelta(days=1)


def last_complete_month(last_month: date, data_end: date | None) -> date:
    """The latest month the data covers to its last day: ``last_month`` (the latest month with sales) when
    ``data_end`` (the data's last day, its "as of") reaches that month's last day, else the month before.
    Without ``data_end``, ``last_month``."""
    last_month = date(last_month.year, last_month.month, 1)
    if data_end is None or data_end >= month_end(last_month):
        return last_month
    return add_months(last_month, -1)


def covered_days(period: date, months: int, data_end: date | None) -> tuple[date, date] | None:
    """(first day, last day with data) of the period starting ``period`` when the data ends inside it
    (``data_end`` before its last day); ``None`` for a complete period."""
    last = add_months(period, months) - timedelta(days=1)
    if data_end is None or data_end >= last or data_end < period:
        return None
    return period, data_end


def complete_periods(first_month: date, last_month: date, grain: Grain, *, data_end: date | None = None) -> list[date]:
    """First days of every complete period of ``grain`` from ``first_month`` to ``last_month``, oldest first
    (the last, possibly partial, period when none is complete). ``data_end``: the data's last day; a month it
    does not reach the end of is not complete."""
    probe = Filters(first_month, last_month, grain=grain)
    last_complete = add_months(last_complete_month(last_month, data_end), 1)
    return [p for p in probe.periods if add_months(p, probe.months) <= last_complete] or probe.periods[-1:]


def default_filters(first_month: date | None, last_month: date | None, *,
                    data_end: date | None = None) -> Filters | None:
    """What a visitor sees first: the latest complete month (``data_end``: the data's last day, see
    :func:`last_complete_month`), every region, channel, industry and manager."""
    if first_month is None or last_month is None:
        return None
    period = complete_periods(first_month, last_month, "month", data_end=data_end)[-1]
    return Filters(period, period, grain="month")


def parse_period(text: str, *, fiscal_start: int = 1) -> tuple[date, str]:
    """``2025-12`` -> (2025-12-01, month); ``2025-Q4`` -> quarter; ``2025`` -> year.

    Raises ValueError with the accepted forms.
    """
    text = text.strip().upper()
    try:
        if "-Q" in text:
            year, quarter = text.split("-Q")
            q = int(quarter)
            if not 1 <= q <= 4:
                raise ValueError
            return add_months(date(int(year), fiscal_start, 1), 3 * (q - 1)), "quarter"
        if "-" in text:
            year, month = text.split("-")
            return date(int(year), int(month), 1), "month"
        return date(int(text), fiscal_start, 1), "year"
    except ValueError:
        raise ValueError(f"period {text!r} is not one of 2025-12, 2025-Q4 or 2025") from None
