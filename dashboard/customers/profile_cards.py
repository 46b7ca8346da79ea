"""The 7P profile as a compact card per P, the groups compared side by side; the product mix as charts."""

from __future__ import annotations

import math

import pandas as pd
import streamlit as st

from dashboard.cache import customer_data
from dashboard.cache import customers as cache
from dashboard.core import charts, labels
from dashboard.core.context import PageContext
from dashboard.core.i18n import lang, t
from dashboard.core.safe import chart_texts, plain
from dashboard.customers import notes
from dashboard.customers.groups import group_name
from metrics.base.format import format_value
from metrics.customers.profiles import SEVEN_P

LIFETIME_MEASURES = ("probability_alive", "expected_purchases_next_12m", "clv_next_12m")
CARDS_PER_ROW = 2
CHARTED = "product"  # the category mix and the cross-sell gaps read better as bars


def seven_p_cards(ctx: PageContext, groups: list[str]) -> None:
    """One bordered card per P with a row per measure and a column per group; the product P as two bar charts."""
    profiles = [cache.seven_p(ctx.store, ctx.filters, g) for g in groups]
    names = [group_name(g) for g in groups]
    why = _Unknown(cache.lifetime_reason(ctx.store, ctx.filters), customer_data.coverage(ctx.store))
    tabled = [p for p in SEVEN_P if p != CHARTED]
    for start in range(0, len(tabled), CARDS_PER_ROW):
        for column, p in zip(st.columns(CARDS_PER_ROW), tabled[start:start + CARDS_PER_ROW], strict=False):
            card = card_frame(p, profiles, names, why)
            if card.empty:
                continue
            with column.container(border=True):
                st.markdown(f"**{t(f'p_{p}')}**")
                st.table(card, hide_index=True, border="horizontal")
    with st.container(border=True):
        st.markdown(f"**{t(f'p_{CHARTED}')}**")
        left, right = st.columns(2)
        for column, kind, title in ((left, "revenue_share", "sg_product_chart"),
                                    (right, "never_bought", "sg_never_bought_chart")):
            shares = category_shares(profiles, kind)
            if shares.empty:
                continue
            series = {f"g{i}": name for i, name in enumerate(names)}
            column.plotly_chart(charts.share_bars(shares, labels=chart_texts(map(labels.member, shares.index)),
                                                  series=series, title=t(title)),
                                width="stretch", config={"displayModeBar": False})


def card_frame(p: str, profiles: list[pd.DataFrame], names: list[str], why: _Unknown) -> pd.DataFrame:
    """One P's measures (rows, in the first group's order) by group (columns), as text: ``Measure | A | B``.
    A ``top_region:East`` measure reads ``Largest region`` with ``East · 27.5%``: groups' largest may differ."""
    cells: dict[str, dict[int, str]] = {}
    for i, profile in enumerate(profiles):
        for row in profile[profile["p"] == p].itertuples():
            kind, _, member = row.measure.partition(":")
            key = kind if kind.startswith("top_") else row.measure
            text = why.value(row.measure, row.value, row.unit) + _interval(row.low, row.high, row.unit)
            # st.table renders markdown in its cells: a member named by the company's data goes in as text
            shown = f"{plain(labels.member(member))} · {text}" if kind.startswith("top_") else text
            cells.setdefault(key, {})[i] = shown
    frame = pd.DataFrame({t("sg_measure"): [labels.seven_p_measure(k) for k in cells]})
    for i, name in enumerate(names):
        frame[name if names.count(name) == 1 else f"{name} ({i + 1})"] = [v.get(i, "–") for v in cells.values()]
    return frame


def category_shares(profiles: list[pd.DataFrame], kind: str) -> pd.DataFrame:
    """``kind:<category>`` measures of every group: a row per category (index), a column ``g<i>`` per group;
    categories by the first group's value, largest first."""
    columns = {}
    for i, profile in enumerate(profiles):
        rows = profile[profile["measure"].str.startswith(f"{kind}:")]
        categories = rows["measure"].str.slice(len(kind) + 1)  # after "<kind>:" (empty when no category)
        columns[f"g{i}"] = pd.Series(rows["value"].to_numpy(), index=categories.to_numpy(), dtype=float)
    frame = pd.DataFrame(columns)
    return frame.sort_values("g0", ascending=False) if len(frame) else frame


class _Unknown:
    """A measure's value as text; where unknown, why: "not estimable" (lifetime models) or "not measured:
    needs ..."."""

    def __init__(self, reason: str | None, covered) -> None:
        self.reason, self.covered = reason, covered

    def value(self, measure: str, value: float, unit: str) -> str:
        if math.isfinite(value):
            return format_value(value, unit, lang())
        if self.reason is not None and measure in LIFETIME_MEASURES:
            return t("cd_not_estimable")
        lacking = self.covered.lacking(measure)
        return notes.not_measured(lacking) if lacking else "–"


def _interval(low: float, high: float, unit: str) -> str:
    if not (math.isfinite(low) and math.isfinite(high)):
        return ""
    return f" ({format_value(low, unit, lang())} – {format_value(high, unit, lang())})"
