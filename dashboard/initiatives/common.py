"""What the Initiatives and Monthly review views share: the context they read, who may edit, and the words for
single values (names, statuses, measured effects) in the reader's language."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from dashboard import cache
from dashboard.cache import initiatives as initiative_cache
from dashboard.core import auth, i18n
from dashboard.core.context import PageContext
from dashboard.core.formats import day as day  # the shared single-value formats, imported from here by the views
from dashboard.core.formats import money as money
from dashboard.core.formats import month as month
from dashboard.core.formats import ratio as ratio
from dashboard.core.i18n import lang, t
from dashboard.core.safe import plain
from data.initiatives import edits
from data.initiatives.tables import Initiatives
from metrics.base.format import format_change
from metrics.initiatives import effect as effects
from metrics.initiatives import flags
from metrics.initiatives.cost import initiative_earned_value
from metrics.scorecard import registry
from metrics.scorecard.strategy import OBJECTIVES

OBJECTIVE_NAMES = {o.id: o.name for o in OBJECTIVES}


@dataclass(frozen=True)
class InitiativesContext:
    page: PageContext
    tables: Initiatives
    effects: pd.DataFrame  # effects.COLUMNS, one row per (initiative, linked KPI); reason "pending" when stale
    earned: pd.DataFrame  # metrics.initiatives.cost.COLUMNS
    card: pd.DataFrame  # the scorecard of the filters' period
    today: pd.Timestamp  # the end of the data's last month: what "now" means for dates and earned value

    def initiative(self, initiative_id: int) -> dict | None:
        rows = self.tables.initiatives
        found = rows.loc[rows["id"] == initiative_id]
        return None if found.empty else found.iloc[0].to_dict()


def load(page: PageContext) -> InitiativesContext:
    found = initiative_cache.initiatives()
    today = initiative_cache.data_end(page.store)
    measured = effects.current(initiative_cache.stored_effects(page.store), found.initiatives, found.kpis)
    return InitiativesContext(page, found, measured, initiative_earned_value(found.initiatives, as_of=today),
                              cache.scorecard(page.store, page.filters), today)


def editor() -> edits.Editor | None:
    who = auth.current()
    return None if who is None else edits.Editor(who.email, who.role)


def may_edit(owner: str | None) -> bool:
    """Whether the signed-in account may edit an initiative owned by ``owner`` (the one rule: ``data.initiatives``)."""
    who = editor()
    return who is not None and edits.may_edit(role=who.role, email=who.email, owner=owner)


def uncovered_red(ctx: InitiativesContext) -> list[str]:
    covered = flags.covered_kpis(ctx.tables.initiatives, ctx.tables.kpis, ctx.tables.objectives, today=ctx.today)
    return flags.red_without_initiative(ctx.card, covered)


def kpi_name(kpi_id: str) -> str:
    try:
        return registry.get(kpi_id).name[lang()]
    except KeyError:
        return str(kpi_id)


def objective_name(objective_id: str) -> str:
    names = OBJECTIVE_NAMES.get(objective_id)
    return names[lang()] if names else str(objective_id)


def code(prefix: str, value: object) -> str:
    key = f"initiatives_{prefix}_{value}"
    return t(key) if key in i18n.TEXT else ("" if value is None or pd.isna(value) else str(value))


def field(name: str) -> str:
    return t(f"initiatives_field_{name}")


def error_text(error: edits.InitiativeEditError) -> str:
    key = f"initiatives_field_{error.field}"
    name = t(key) if key in i18n.TEXT else error.field
    problem = t(f"initiatives_err_{error.code}", value=plain(str(error.value)))  # may be another person's text
    return t("initiatives_failed", field=name, problem=problem)


def effect_text(row: dict) -> str:
    """``-5.0 h a month (-5.4 h to -4.6 h)``, or why it is not measured."""
    reason = row.get("reason")
    if isinstance(reason, str) and reason:
        months = row.get("months")
        return t(f"initiatives_reason_{reason}", month=month(row.get("measurable_from")),
                 months=int(months) if months is not None and pd.notna(months) else 0)
    try:
        kpi = registry.get(row["kpi_id"])
    except KeyError:
        return t("initiatives_reason_unknown_kpi")
    unit, per = kpi.unit.value, kpi.per
    return t("initiatives_effect_value", effect=format_change(row["average"], unit, lang(), precise=True, per=per),
             low=format_change(row["low"], unit, lang(), precise=True, per=per),
             high=format_change(row["high"], unit, lang(), precise=True, per=per))


def verdict(row: dict) -> str:
    """The effect read with the KPI's direction; empty when not measured."""
    if isinstance(row.get("reason"), str) and row.get("reason"):
        return ""
    try:
        better = registry.get(row["kpi_id"]).better.value
    except KeyError:
        return ""
    return t(f"initiatives_verdict_{effects.verdict(row['low'], row['high'], better)}")


def controls_text(row: dict) -> str:
    names = [c.strip() for c in str(row.get("controls_text") or "").split(",") if c.strip()]
    if not names:
        return "" if isinstance(row.get("reason"), str) and row.get("reason") else t("initiatives_controls_none")
    return ", ".join(t("initiatives_rest_of_company") if n == "rest_of_company" else kpi_name(n) for n in names)


def effects_of(ctx: InitiativesContext, initiative_id: int) -> list[dict]:
    rows = ctx.effects.loc[ctx.effects["initiative_id"] == initiative_id]
    return rows.to_dict("records")


def effects_summary(ctx: InitiativesContext, initiative_id: int) -> str:
    """Every linked KPI's measured effect on one line each (a table cell)."""
    rows = effects_of(ctx, initiative_id)
    if not rows:
        return t("initiatives_effect_none")
    return "\n".join(t("initiatives_effect_line", kpi=kpi_name(r["kpi_id"]), text=effect_text(r)) for r in rows)
