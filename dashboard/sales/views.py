"""Parts of the Sales team page: the team's tiles, the ranking table, the attainment chart and the weekly stage
advancement. Numbers are formatted by ``metrics.base.format``; unknown values read "–"."""

from __future__ import annotations

from datetime import date, timedelta

import pandas as pd
import streamlit as st

from dashboard.cache import sales as sales_cache
from dashboard.core import i18n
from dashboard.core.context import PageContext
from dashboard.core.i18n import lang, t
from dashboard.core.safe import chart_texts, plain
from dashboard.sales import charts
from metrics.base.format import format_value
from metrics.sales import advancement as advancement_metrics
from metrics.sales.attainment import team_summary

UNKNOWN = "–"
LISTED = 8  # reps named in a caption; the table lists them all


def rep_label(rep_id: int, name: str | None, status: str) -> str:
    """The rep's name (or number, without an employee row), marked when the rep has left or has no record."""
    label = name if isinstance(name, str) and name.strip() else t("sales_rep_number", id=rep_id)
    return label if status == "active" else t("sales_rep_marked", name=label, status=t(f"sales_status_{status}"))


def with_labels(frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` (``rep_id, name, status``) with a ``label`` per rep, made unique by the rep's number where two
    reps share a name."""
    status = frame["status"] if "status" in frame else pd.Series("active", index=frame.index)
    labels = [rep_label(int(r), n, s) for r, n, s in zip(frame["rep_id"], frame["name"], status, strict=True)]
    counts = pd.Series(labels).value_counts()
    labels = [f"{label} #{int(r)}" if counts[label] > 1 else label
              for label, r in zip(labels, frame["rep_id"], strict=True)]
    return frame.assign(label=labels)


def team_present(ctx: PageContext) -> bool:
    """Whether the data names sales reps on its orders; says so when it does not."""
    if sales_cache.has_sales_reps(ctx.store):
        return True
    st.info(t("sales_no_reps"), icon=":material/person_off:")
    return False


def ranking(ctx: PageContext) -> pd.DataFrame:
    return with_labels(sales_cache.ranking(ctx.store, ctx.filters))


def partial_to(ctx: PageContext) -> date | None:
    """The data's last day when the selected period runs past it, else ``None``."""
    as_of = ctx.values.as_of
    return as_of if as_of is not None and as_of < ctx.filters.end_exclusive - timedelta(days=1) else None


def summary_tiles(frame: pd.DataFrame) -> None:
    """Three tiles that say what they count: the team, how many of the reps WITH a target reached it (and how many
    have none), and the team's attainment, named "against baselines" when the targets are the reps' own medians
    (which a growing team beats by design) rather than targets someone set."""
    summary = team_summary(frame)
    language = lang()
    known = frame.dropna(subset=["attainment"])
    baselines = int(known["target_kind"].isin(["baseline", "mixed"]).sum()) if "target_kind" in known else 0
    count = lambda n: format_value(n, "count", language)  # noqa: E731
    without = summary.reps - summary.with_target
    on_target_help = t("sales_tile_on_target_help", on=count(summary.on_target), known=count(summary.with_target),
                       reps=count(summary.reps), without=count(without))
    against_baseline = summary.with_target and baselines == summary.with_target
    team_label = t("sales_tile_team_vs_baseline" if against_baseline else "sales_tile_team_attainment")
    team_help = t("sales_tile_team_help")
    if baselines:
        team_help += " " + t("sales_tile_baseline_flatters", n=count(baselines), known=count(summary.with_target))
    with st.container(horizontal=True):
        st.metric(t("sales_tile_reps"), count(summary.reps), border=True, help=t("sales_team_help"))
        st.metric(t("sales_tile_on_target"),
                  t("sales_tile_on_target_value", on=count(summary.on_target), known=count(summary.with_target))
                  if summary.with_target else UNKNOWN,
                  delta=t("sales_tile_without_target", n=count(without)) if without and summary.with_target else None,
                  delta_color="off", delta_arrow="off", border=True, help=on_target_help)
        st.metric(team_label, format_value(summary.attainment, "percent", language), border=True, help=team_help)
    st.caption(on_target_help + (" " + t("sales_tile_baseline_flatters", n=count(baselines),
                                            known=count(summary.with_target)) if baselines else ""))


def _kind(kind: object, no_target: object) -> str:
    if isinstance(kind, str):
        return t(f"sales_kind_{kind}")
    return t(f"sales_no_target_{no_target}") if isinstance(no_target, str) else UNKNOWN


def ranking_table(frame: pd.DataFrame, *, filtered: bool, partial_to: date | None = None) -> None:
    """The ranking, as people read it: every number formatted, unknown as "–". ``partial_to``: the data's last day,
    when the period runs past it (its last month is partial, its targets are whole months)."""
    st.subheader(t("sales_ranking"))
    language = lang()

    def each(column: str, unit: str) -> list[str]:
        return [format_value(v, unit, language) for v in frame[column]]

    shown = pd.DataFrame({
        t("sales_col_rank"): [UNKNOWN if pd.isna(r) else f"{int(r)}" for r in frame["rank"]],
        t("sales_col_rep"): frame["label"],
        t("sales_col_revenue"): each("revenue", "currency"),
        **({t("sales_col_revenue_all"): each("revenue_all", "currency")} if filtered else {}),
        t("sales_col_target"): each("target", "currency"),
        t("sales_col_target_kind"): list(map(_kind, frame["target_kind"], frame["no_target"])),
        t("sales_col_attainment"): each("attainment", "percent"),
        t("sales_col_orders"): each("orders", "count"),
        t("sales_col_customers"): each("customers", "count"),
        t("sales_col_margin"): each("margin", "currency"),
        t("sales_col_new_customers"): each("new_customers", "count"),
    })
    st.dataframe(shown, hide_index=True, width="stretch")
    notes = [t("sales_baseline_help")]
    if partial_to is not None:
        notes.append(t("sales_partial_period", day=i18n.day(partial_to)))
    if filtered:
        notes.append(t("sales_filtered_note"))
    if frame["margin"].isna().any():
        notes.append(t("sales_margin_unknown"))
    st.caption(" ".join(notes))


def attainment_chart(frame: pd.DataFrame) -> None:
    if frame["attainment"].notna().sum() == 0:
        st.info(t("sales_no_attainment"), icon=":material/flag:")
        return
    shown = frame.assign(baseline=frame["target_kind"].isin(["baseline", "mixed"]),
                         label=chart_texts(frame["label"]))  # names are the company's data: text, never markup
    st.plotly_chart(charts.attainment_bars(shown, title=t("sales_attainment_chart"),
                                           target_label=t("sales_target_line"), lang=lang()), width="stretch")
    notes = [t("sales_baseline_marked")] if shown["baseline"].any() else []
    missing = list(frame.loc[frame["attainment"].isna(), "label"])
    if missing:
        named = ", ".join(missing[:LISTED]) + (f", … (+{len(missing) - LISTED})" if len(missing) > LISTED else "")
        notes.append(t("sales_without_target", reps=plain(named)))
    if notes:
        st.caption(" ".join(notes))


def _week(week: date, days: int) -> str:
    text = f"{week.month}月{week.day}日" if lang() == "zh" else f"{week:%b} {week.day}"
    return text if days >= 7 else t("sales_partial_week", week=text, days=days)


def advancement(ctx: PageContext) -> None:
    """The team's weekly total as bars, and per rep a row of weekly counts (most active first)."""
    st.subheader(t("sales_advancement"))
    frame = sales_cache.stage_advancement(ctx.store, ctx.filters)
    if frame.empty:
        st.info(t("sales_no_opportunities"), icon=":material/timeline:")
        return
    st.caption(t("sales_advancement_help", weeks=advancement_metrics.WEEKS))
    frame = frame.assign(week_label=[_week(w, d) for w, d in zip(frame["week"], frame["days"], strict=True)])
    weeks = frame.drop_duplicates("week")[["week", "week_label"]]
    totals = frame.groupby("week", as_index=False)["advanced"].sum().merge(weeks, on="week")
    st.plotly_chart(charts.weekly_advancement(totals, title="", y_title=t("sales_advanced")), width="stretch")
    people = with_labels(frame.drop_duplicates("rep_id")[["rep_id", "name"]])
    table = frame.pivot(index="rep_id", columns="week_label", values="advanced")[list(weeks["week_label"])]
    table.columns.name = None
    table.insert(0, t("sales_advanced"), table.sum(axis=1))
    table.insert(0, t("sales_col_rep"), people.set_index("rep_id")["label"])
    table = table.sort_values(t("sales_advanced"), ascending=False, kind="stable")
    st.dataframe(table, hide_index=True, width="stretch")
