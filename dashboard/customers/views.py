"""Page parts for the marketers' views: segments, 7P profiles, customer lists, one customer's history."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard.cache import customer_data
from dashboard.cache import customers as cache
from dashboard.core import auth, charts, guard, i18n, labels, navigation, tables
from dashboard.core.context import PageContext
from dashboard.core.downloads import table_downloads as downloads
from dashboard.core.i18n import lang, t
from dashboard.core.safe import plain
from dashboard.customers import call_lists, notes, profile_cards
from dashboard.customers.groups import group_name, group_picker
from metrics.base.format import format_value
from metrics.customers.segments import rfm_counts, segment_shares, tiers_known

CUSTOMER_PAGE = navigation.CUSTOMER_DETAIL.path
GROUPINGS = {"segment": {"en": "RFM segment", "zh": "RFM 细分"}, "tier": {"en": "Value tier", "zh": "价值层级"}}


@guard.fragment
def segment_map(table: pd.DataFrame) -> None:
    """The RFM grid and the groups' shares of customers, revenue and profit, largest revenue share first."""
    left, right = st.columns([2, 3])
    left.plotly_chart(charts.rfm_grid(rfm_counts(table), title=t("rfm_map"), x_title=t("fm_score"),
                                      y_title=t("recency_score")), width="stretch", config={"displayModeBar": False})
    with right:
        tiers = tiers_known(table)
        by = st.segmented_control(t("group_by"), ["segment", "tier"] if tiers else ["segment"], default="segment",
                                  key="share_by", format_func=labels.labeller(names=GROUPINGS))
        by = by if by and (tiers or by == "segment") else "segment"
        shares = segment_shares(table, by)
        names = [group_name(f"{by}:{v}") for v in shares[by]]
        series = {"customers_share": t("customers_count"), "revenue_share": t("revenue_12m")}
        if shares["profit_share"].notna().any():  # profit not measured: no bar of zeros
            series["profit_share"] = labels.seven_p_measure("profit_after_cost_to_serve")
        fig = charts.share_bars(shares, labels=names, title=t("segment_shares"), series=series)
        groups = [f"{by}:{v}" for v in shares[by]]
        for trace in fig.data:  # a bar names its group: a click chooses it below (as breakdown bars filter a page)
            trace.customdata = groups
        st.plotly_chart(fig, width="stretch", config={"displayModeBar": False}, key=SHARE_KEY,
                        selection_mode="points", on_select=choose_group_by_bar)
        if st.session_state.pop(CHOSEN_KEY, False):  # a bar was clicked: the 7P cards and lists follow it
            st.rerun(scope="app")
        st.caption(t("cust_share_click_help"))
        downloads(labels.frame(shares.assign(**{by: names})), f"shares-by-{by}")


SHARE_KEY, CHOSEN_KEY = "segment_share_bars", "_segment_share_chosen"
GROUP_KEY = "segment"  # the group picker's key (and URL parameter) of the 7P comparison and the lists


def choose_group_by_bar() -> None:
    """A click on a share bar (``on_select`` of :data:`SHARE_KEY`): that bar's segment or tier becomes the chosen
    group of the 7P comparison, the customer list and the call lists (and the URL's ``segment=``)."""
    points = (st.session_state.get(SHARE_KEY) or {}).get("selection", {}).get("points", [])
    group = next((p.get("customdata") for p in points if isinstance(p.get("customdata"), str)), None)
    if group is None:
        return
    st.session_state[GROUP_KEY] = group
    st.query_params[GROUP_KEY] = group
    st.session_state[CHOSEN_KEY] = True


def segment_notes(ctx: PageContext, table: pd.DataFrame) -> None:
    """What the segments rest on: churn inferred from inactivity, margins and costs not measured (so no value
    tiers), lifetime value not estimable."""
    covered = customer_data.coverage(ctx.store)
    notes.churn_note(ctx.store)
    notes.margins_note(covered)
    if len(table) and not tiers_known(table):
        st.caption(":material/info: " + t("cd_tiers_unknown", what=notes.needs_text(covered.lacking("profit"))))
    notes.lifetime_note(cache.lifetime_reason(ctx.store, ctx.filters))


def seven_p_comparison(ctx: PageContext, table: pd.DataFrame) -> str:
    """Pickers for a segment and an optional second one, then their 7P profiles as cards, side by side within
    each card; returns the first segment."""
    left, right = st.columns(2)
    with left:
        group = group_picker(table, key=GROUP_KEY, label=t("segment"))
    with right:
        other = group_picker(table, key="versus", label=t("compare_segment"), allow_none=True)
    chosen = [group] + ([other] if other and other != group else [])
    counts = {g: len(cache.group_members(ctx.store, ctx.filters, g)) for g in chosen}
    st.markdown("#### " + " · ".join(t("sg_group_count", group=group_name(g), count=f"{n:,}")
                                     for g, n in counts.items()))
    profile_cards.seven_p_cards(ctx, chosen)
    return group


@guard.fragment
def group_section(ctx: PageContext, table: pd.DataFrame) -> None:
    """The 7P comparison, the chosen group's customers and whom of them to call: reruns alone when its pickers,
    searches or pagers change, and every list follows the chosen group."""
    group = seven_p_comparison(ctx, table)
    st.subheader(t("customer_list"))
    customer_list(ctx, group)
    chosen = call_lists.call_lists(ctx, group)
    if chosen is not None:
        open_customer(int(chosen["customer_id"]))


# key columns first: who, how valuable, how likely to stay; then where and the scores
LIST_COLUMNS = ["name", "monetary", "profit", "clv", "p_alive", "region", "channel", "shown_id", "r_score",
                "f_score", "m_score", "customer_id"]


def customer_list(ctx: PageContext, group: str) -> None:
    """The group's customers: searchable, sortable, downloadable; a selected row opens the customer (by its
    internal id; the list shows the company's own)."""
    rows = cache.group_members(ctx.store, ctx.filters, group)
    values = cache.lifetime_scores(ctx.store, ctx.filters)
    shown = rows.assign(clv=values["clv"].reindex(rows["customer_id"]).to_numpy(),
                        p_alive=values["p_alive"].reindex(rows["customer_id"]).to_numpy())[LIST_COLUMNS]
    st.caption(t("open_customer"))
    chosen = tables.paged_table(shown, key="segment_customers", download_name=f"customers-{group.replace(':', '-')}",
                                search_columns=["shown_id", "name"], selectable=True, hidden=("customer_id",),
                                pinned=("name",))
    if chosen is not None:
        open_customer(int(chosen["customer_id"]))


def open_customer(customer_id: int) -> None:
    st.switch_page(CUSTOMER_PAGE, query_params={**st.query_params.to_dict(), "customer": str(customer_id)})


def customer_picker(ctx: PageContext) -> int | None:
    """The customer in view: ``customer=`` in the URL, one found by name or id, or one picked from the
    starting lists (the most valuable customers due now, the latest orders)."""
    asked = _linked_customer(ctx)
    text = st.text_input(t("search"), key="customer_lookup")
    if not text:
        if asked is not None:
            return asked
        _starting_lists(ctx)
        return None
    found = cache.find_customers(ctx.store, text)
    if found.empty:
        st.info(t("no_customer"))
        return None
    names = dict(zip(found["id"].astype(int), found["name"], strict=True))
    default = asked if asked in names else next(iter(names))
    chosen = st.selectbox(t("choose_customer"), list(names), index=list(names).index(default),
                          format_func=lambda i, n=names: f"{n[i]} (#{i})", key="customer_choice")
    st.query_params["customer"] = str(chosen)
    return chosen


def _linked_customer(ctx: PageContext) -> int | None:
    """The customer number ``customer=`` in the URL names, if it is a number of a customer in the data; else
    ``None``, with a note when the link asked for something."""
    asked = st.query_params.get("customer", "")
    if not asked:
        return None
    if asked.isascii() and asked.isdigit() and len(asked) <= 18:  # "²".isdigit() too, and int() refuses it
        number = int(asked)
        if not cache.customer_history(ctx.store, number, auth.role())["facts"].empty:
            return number
    st.warning(t("link_customer_unknown", value=plain(asked)), icon=":material/link_off:")
    return None


def _starting_lists(ctx: PageContext) -> None:
    st.caption(t("pick_help"))
    left, right = st.columns(2)
    due = cache.first_calls(ctx.store, ctx.filters, auth.role())
    recent = cache.recent_orders(ctx.store)
    for column, title, frame, shown, key in (
            (left, "pick_due", due, ["name", "revenue_12m", "categories_due", "overdue_days"], "pick_due"),
            (right, "pick_recent", recent, ["name", "ordered_on", "revenue"], "pick_recent")):
        with column:
            st.markdown(f"**{t(title)}**")
            event = labels.show(frame[shown], on_select="rerun", selection_mode="single-row", key=key)
            if event.selection.rows:
                st.query_params["customer"] = str(int(frame.iloc[event.selection.rows[0]]["customer_id"]))
                st.rerun()


def churn_words(churned_on, orders: pd.DataFrame, rule) -> str:
    """When the customer was lost, and on what evidence: an inferred date is the last order plus the inactivity
    rule's days (said so); a recorded one is the company's own record, with the days since the last order (a
    customer may tell the company it is leaving weeks after ordering)."""
    day = i18n.day(pd.Timestamp(churned_on).date())
    if rule.inferred:
        return t("cd_churned_inferred", day=day, days=rule.days)
    dates = pd.to_datetime(orders["ordered_on"]) if "ordered_on" in orders and len(orders) else pd.Series([])
    dates = dates[dates <= pd.Timestamp(churned_on)]
    if dates.empty:
        return t("cust_churned_recorded", day=day)
    last = dates.max()
    return t("cust_churned_recorded_after", day=day, last=i18n.day(last.date()),
             days=format_value((pd.Timestamp(churned_on) - last).days, "count", lang()))


def customer_header(ctx: PageContext, customer_id: int, history: dict[str, pd.DataFrame]) -> None:
    facts = history["facts"].iloc[0]
    reason = cache.lifetime_reason(ctx.store, ctx.filters)
    values = cache.lifetime_scores(ctx.store, ctx.filters)
    scored = values.loc[customer_id] if customer_id in values.index and reason is None else None
    rule = customer_data.churn_rule(ctx.store)
    st.subheader(" · ".join(plain(v) for v in (facts["name"], labels.member(facts["channel"]),
                                                labels.member(facts["region"]))))
    owner = t("no_owner") if pd.isna(facts["manager"]) else plain(facts["manager"])
    if not pd.isna(facts["manager_left_on"]):
        owner = t("owner_left", name=plain(facts["manager"]), day=i18n.day(facts["manager_left_on"].date()))
    lost = "" if pd.isna(facts["churned_on"]) else f" · {churn_words(facts['churned_on'], history['orders'], rule)}"
    st.caption(f"{labels.header('customer_id')}: {plain(facts['shown_id'])} · "  # the company's own id
               f"{t('industry')}: {plain(labels.member(facts['industry']))} · {t('owner')}: {owner} · "
               f"{t('customer_since')}: {i18n.day(facts['acquired_on'].date())}{lost}")
    orders = history["orders"]
    churned = not pd.isna(facts["churned_on"])
    with st.container(horizontal=True):
        if churned:  # a churned customer has no lifetime value and no chance of being active
            st.metric(t("lifetime_status"), t("churned"), border=True)
        else:
            clv = "–" if scored is None else format_value(scored["clv"], "currency", lang())
            st.metric(t("clv_12m"), notes.not_measured(customer_data.coverage(ctx.store).lacking("clv"))
                      if scored is not None and clv == "–" else clv, border=True)
            st.metric(t("p_alive"), "–" if scored is None else format_value(scored["p_alive"], "percent", lang()),
                      border=True)
            st.metric(t("expected_purchases"), "–" if scored is None else f"{scored['expected_purchases']:.1f}",
                      border=True)
        st.metric(t("h_orders"), f"{len(orders):,}", border=True)
        st.metric(t("h_tickets"), f"{len(history['tickets']):,}", border=True)
    if churned:
        note = "cd_churned_inferred_note" if rule.inferred else "churned_note"
        st.info(t(note, day=i18n.day(facts["churned_on"].date()), days=rule.days), icon=":material/person_off:")
    else:
        notes.lifetime_note(reason)
        notes.churn_note(ctx.store)  # when this customer would count as lost


def reorder_note(ctx: PageContext, customer_id: int) -> None:
    due = cache.due_to_reorder(ctx.store, ctx.filters, auth.role(), customer_id)
    st.markdown(f"**{t('due_for')}**")
    if due.empty:
        st.caption(t("nothing_due"))
        return
    for row in due.itertuples():
        st.warning(t("due_line", category=plain(labels.member(row.category)),
                     since=format_value(row.days_since, "days", lang()),
                     usual=format_value(row.usual_interval_days, "days", lang())), icon=":material/schedule:")


@guard.fragment
def history_sections(history: dict[str, pd.DataFrame], customer_id: int) -> None:
    section = st.segmented_control(t("history"), ["orders", "products", "campaigns", "tickets", "surveys", "owners"],
                                   default="orders", key="history_section", format_func=labels.labeller("h_"))
    section = section or "orders"
    labels.show(history[section])
    downloads(labels.frame(history[section]), f"customer-{customer_id}-{section}")
