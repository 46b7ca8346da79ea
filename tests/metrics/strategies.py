"""Hypothesis strategies for metrics tests."""

from datetime import date

from hypothesis import strategies as st

from data.demo.company import CHANNELS, INDUSTRIES, REGIONS


@st.composite
def filters_kwargs(draw) -> dict:
    """A period range inside the demo's data, a grain, a fiscal start and some dimension filters."""
    first = draw(st.dates(min_value=date(2023, 11, 1), max_value=date(2026, 10, 31)))
    last = draw(st.dates(min_value=first, max_value=date(2026, 10, 31)))
    return {
        "start": first, "end": last,
        "grain": draw(st.sampled_from(["month", "quarter", "year"])),
        "fiscal_start": draw(st.integers(1, 12)),
        "region": tuple(draw(st.sets(st.sampled_from(REGIONS), max_size=2))),
        "channel": tuple(draw(st.sets(st.sampled_from(CHANNELS), max_size=2))),
        "industry": tuple(draw(st.sets(st.sampled_from(INDUSTRIES), max_size=2))),
    }
