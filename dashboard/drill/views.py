"""Drill-through: the Who page's parts (the customers behind a KPI for the period and filters) and the ways into it
from the scorecard row, the KPI tile and the strategy map's box."""

from __future__ import annotations

import math

import pandas as pd
import streamlit as st

from dashboard.cache import drill as cache
from dashboard.core import auth, downloads, guard, labels, navigation, tables
from dashboard.core.context import PageContext
from dashboard.core.i18n import lang, t
from dashboard.core.safe import plain
from metrics.base.format import WAN, format_number, format_value
from metrics.drill import lists
from metrics.drill.catalogue import NO_LIST
from metrics.drill.who import Part, Who
from metrics.scorecard.registry import CATALOGUE, Kpi, get

WITH_LIST = [k.id for k in CATALOGUE if k.who is not None]
SCROLL_KEY = "_drill_scroll_top"  # set by a drill link: the page it opens starts at its top
STATUS_ORDER = {"red": 0, "amber": 1, "none": 2, "green": 3}
_SCROLL_TOP = """<script>
for (const el of [document.querySelector('[data-testid="stMain"]'),
                  document.querySelector('[data-testid="stAppViewContainer"]'), document.scrollingElement]) {
  if (el) { el.scrollTo(0, 0); }
}
</script>"""


def has_list(kpi_id: str) -> bool:
    return kpi_id in WITH_LIST


def open_who(kpi_id: str) -> None:
    """Go to the customers behind ``kpi_id``, keeping the period and filters (the URL's parameters)."""
    open_page(navigation.WHO.path, kpi=kpi_id)


def open_page(path: str, **query: str) -> None:
    """Go to another page with the URL's parameters and ``query``, opened at its top."""
    st.session_state[SCROLL_KEY] = True
    st.switch_page(path, query_params={**st.query_params.to_dict(), **query})


def arrive_at_top() -> None:
    """On the first run after a drill link, scroll the page to its top (Streamlit keeps the last page's scroll)."""
    if st.session_state.pop(SCROLL_KEY, False):
        st.html(_SCROLL_TOP, unsafe_allow_javascript=True, width="content")


def objective_kpi(card: pd.DataFrame, objective_id: str) -> str | None:
    """The KPI a click on an objective's box opens: of its KPIs with a customer list, the worst by status (red
    first), else its first KPI; ``None`` for an objective without KPIs."""
    rows = card[card["objective"] == objective_id] if "objective" in card else card.iloc[0:0]
    ids = list(rows["id"]) or [k.id for k in CATALOGUE if k.objective == objective_id]
    if not ids:
        return None
    status = dict(zip(rows["id"], rows["status"], strict=True)) if len(rows) else {}
    listed = [k for k in ids if has_list(k)]
    return min(listed, key=lambda k: STATUS_ORDER.get(status.get(k, "none"), 2)) if listed else ids[0]


def kpi_picker() -> Kpi:
    """The KPI whose customers are shown: ``kpi=`` in the URL when it has a list (else a note), kept in the URL."""
    asked, state = st.query_params.get("kpi", ""), st.session_state
    # the URL's KPI wins when a link or another page set it (not the value this picker wrote last)
    if asked in WITH_LIST and (asked != state.get("_drill_written") or state.get("drill_kpi") not in WITH_LIST):
        state["drill_kpi"] = asked
    elif state.get("drill_kpi") not in WITH_LIST:
        state["drill_kpi"] = WITH_LIST[0]
    if asked and not has_list(asked):
        why = NO_LIST.get(asked)
        if why is not None:
            st.info(t("drill_no_list", kpi=get(asked).name[lang()], why=why[lang()]), icon=":material/info:")
        else:
            st.warning(t("drill_unknown_kpi", value=plain(asked)), icon=":material/link_off:")
    chosen = st.selectbox(t("drill_kpi"), WITH_LIST, format_func=labels.kpi_labeller(), key="drill_kpi",
                          help=t("drill_kpi_help"))
    st.query_params["kpi"] = state["_drill_written"] = chosen
    return get(chosen)


def headline(ctx: PageContext, card: pd.DataFrame, kpi: Kpi) -> None:
    """The KPI's value for the period and filters, its target and status, and a link to its trend."""
    row = card.set_index("id").loc[kpi.id]
    f = ctx.filters
    dims = ", ".join(f"{t(k)}: {'/'.join(_member(ctx, k, v) for v in vs)}" for k, vs in f.dimensions.items())
    with st.container(horizontal=True, vertical_alignment="center"):
        st.markdown(plain(t("drill_headline", kpi=kpi.name[lang()], period=f.label(f.period_start(f.end)),
                            filters=f" · {dims}" if dims else "",
                            value=format_value(row["value"], row["unit"], lang(), per=kpi.per),
                            target=format_value(row["target"], row["unit"], lang(), per=kpi.per),
                            status=t(f"status_{row['status']}"))))
        if st.button(t("drill_trend_link"), icon=":material/show_chart:", key="drill_trend"):
            open_page(navigation.PERSPECTIVE_PAGES[kpi.perspective].path, kpi=kpi.id)


def _member(ctx: PageContext, dimension: str, value) -> str:
    if dimension == "manager":
        return str(dict(ctx.values.manager).get(value, value))
    return labels.member(value)


def part_picker(who: Who, frame: pd.DataFrame, kpi_id: str) -> Part:
    """Which part of the KPI to list (the shortfall first where there is one), each with its count."""
    counts = {p: len(lists.part(frame, p)) for p in who.parts}
    language = lang()
    key = f"drill_part_{kpi_id}"
    if st.session_state.get(key) not in who.parts:
        st.session_state[key] = who.parts[0]
    chosen = st.segmented_control(
        t("drill_part"), list(who.parts), key=key,
        format_func=lambda p: t("drill_part_count", words=who.words(p)[language],
                                count=format_number(counts[p], language)))
    chosen = chosen or who.parts[0]
    if chosen != "denominator" and who.denominator:
        st.caption(t("drill_part_of", count=format_number(counts[chosen], language),
                     whole=format_number(counts["denominator"], language),
                     denominator=who.denominator[language]))
    return chosen


def _value_column(who: Who, header: str, values: pd.Series):
    if who.unit == "currency":  # in Chinese in 万 only when the amounts reach it (labels.in_wan)
        return st.column_config.NumberColumn(header, format=labels.money_format(values))
    if who.unit == "percent":
        return st.column_config.NumberColumn(header, format="percent")
    if who.unit == "count":
        return st.column_config.NumberColumn(header, format="localized")
    if who.unit == "date":
        return st.column_config.DateColumn(header, format="YYYY-MM-DD")
    return st.column_config.NumberColumn(header, format="%.1f")


PEOPLE = ["name", "revenue_12m", "last_order", "manager", "region", "channel", "industry", "contact_name", "phone"]


def list_frame(frame: pd.DataFrame, who: Who, *, on_screen: bool, language: str | None = None) -> pd.DataFrame:
    """The list as people read it, key columns first: the company's customer id, the name, the value that puts
    each customer on the list, the revenue over 12 months, the last order and the customer manager; then the
    dimensions and the contact. ``on_screen``: money in 万 in Chinese, as every table shows it (the download keeps
    whole amounts); ``language``: the session's when not given."""
    language = language or lang()
    people = frame[PEOPLE]
    out = labels.shown(people, language) if on_screen else labels.frame(people, language)
    out.insert(0, labels.header("customer_id", language), frame["shown_id"].astype(str).to_numpy())
    values = frame["value"]
    if who.unit == "date":
        values = pd.to_datetime(values).dt.date
    elif who.unit == "currency" and on_screen and "万" in labels.money_format(values, language):
        values = values.astype(float) / WAN
    header = who.value[language]
    out = out.drop(columns=[header], errors="ignore")  # the value is the 12 months' revenue itself (tier A)
    out.insert(2, header, values.to_numpy())
    return out.reset_index(drop=True)


@guard.fragment
def customer_list(ctx: PageContext, kpi: Kpi) -> None:
    """The customers of the chosen part: searchable, a page at a time, downloadable (contacts masked by role); a
    selected row opens the customer."""
    who = kpi.who
    frame = cache.who_list(ctx.store, kpi.id, ctx.filters, auth.role())
    chosen_part = part_picker(who, frame, kpi.id)
    key = f"who_{kpi.id}_{chosen_part}"
    rows = tables.search(lists.part(frame, chosen_part), st.text_input(t("search"), key=f"{key}_search"),
                         ["shown_id", "name"])
    pages = max(1, math.ceil(len(rows) / tables.PAGE_ROWS))
    if st.session_state.get(f"{key}_page", 1) > pages:
        st.session_state[f"{key}_page"] = pages
    page = tables.page_of(rows, st.session_state.get(f"{key}_page", 1)).reset_index(drop=True)
    id_header, value_header = labels.header("customer_id"), who.value[lang()]
    config = labels.column_config(page[PEOPLE]) | {id_header: st.column_config.TextColumn(id_header),
                                                   value_header: _value_column(who, value_header, page["value"])}
    st.caption(t("drill_open_help"))
    event = st.dataframe(list_frame(page, who, on_screen=True), hide_index=True, width="stretch", key=key,
                         column_config=config, on_select="rerun", selection_mode="single-row", placeholder="")
    with st.container(horizontal=True, vertical_alignment="center"):
        if pages > 1:
            st.number_input(t("table_page"), min_value=1, max_value=pages, step=1, key=f"{key}_page", width=140)
        if len(rows):
            first = (st.session_state.get(f"{key}_page", 1) - 1) * tables.PAGE_ROWS + 1
            st.caption(t("table_rows", first=f"{first:,}", last=f"{first + len(page) - 1:,}", total=f"{len(rows):,}"))
        else:
            st.caption(t("drill_none"))
    period = ctx.filters.label(ctx.filters.period_start(ctx.filters.end))
    # the whole list labelled on click (0.4 s of every run at a million customers), in this run's language
    language = lang()
    downloads.table_downloads(lambda: list_frame(rows, who, on_screen=False, language=language),
                              f"customers-{kpi.id}-{chosen_part}-{period}")
    if event.selection.rows:
        open_page(navigation.CUSTOMER_DETAIL.path, customer=str(int(page.loc[event.selection.rows[0], "customer_id"])))
