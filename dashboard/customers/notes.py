"""What a customer view says about data it does not have: churn inferred from inactivity, lifetime value not
estimable, margins and costs not measured, no customer managers. Light (no statsmodels): the scorecard pages may
show the churn note too."""

from __future__ import annotations

import streamlit as st

from dashboard.cache import customer_data
from dashboard.core import i18n
from dashboard.core.i18n import lang, t
from metrics.base.format import format_value
from metrics.base.store import Store
from metrics.customers.churn_rule import ChurnRule
from metrics.customers.coverage import Coverage
from metrics.scorecard.needs import needs_words


def churn_sentence(rule: ChurnRule) -> str:
    """The inferred-churn note with where its days come from; ``""`` when the company records churn."""
    if not rule.inferred or rule.days is None:
        return ""
    basis = f"cd_churn_basis_{rule.basis}"
    explained = [t(basis, days=rule.days)] if basis in i18n.TEXT else []
    return ("" if lang() == "zh" else " ").join([t("cd_churn_inferred", days=rule.days), *explained])


def churn_note(store: Store) -> None:
    """A caption saying churn, retention and active customers are inferred from inactivity, when they are."""
    sentence = churn_sentence(customer_data.churn_rule(store))
    if sentence:
        st.caption(f":material/info: {sentence}")


def churn_short(store: Store) -> str:
    """``inferred from inactivity (no purchase for 144 days)``, or ``""`` when churn dates are the company's."""
    rule = customer_data.churn_rule(store)
    return t("cd_churn_short", days=rule.days) if rule.inferred and rule.days is not None else ""


def lifetime_reason(reason: str) -> str:
    return t(f"cd_reason_{reason}")


def lifetime_note(reason: str | None) -> None:
    """Why lifetime value and probability still active are not shown, when the models are not estimable."""
    if reason is not None:
        st.info(t("cd_lifetime_not_estimable", reason=lifetime_reason(reason)), icon=":material/help:")


def needs_text(lacking: list[str]) -> str:
    """``unit costs of products`` in the reader's language."""
    return needs_words(lacking, lang())


def not_measured(lacking: list[str]) -> str:
    """``not measured: needs unit costs of products`` in the reader's language."""
    return t("not_measured", what=needs_text(lacking))


def margins_note(covered: Coverage) -> None:
    """Margins, profit and cost to serve: what they lack on this data, if anything."""
    what = needs_text(["order_line.unit_cost"])
    if covered.lines and not covered.lines_with_cost:
        st.caption(":material/info: " + t("cd_no_unit_costs", what=what))
    elif covered.lines and not covered.unit_costs:  # partly known counts as unknown: say how much is known
        share = format_value(covered.cost_share, "percent", lang())
        st.caption(":material/info: " + t("cd_unknown_margins", share=share, what=what))
    if not covered.cost_to_serve:
        st.caption(":material/info: " + t("cd_unknown_cost_to_serve"))
