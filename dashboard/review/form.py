"""The check-in form of one KPI and month: the owner's status judgement beside the computed status, the note, and
the suggested drivers (upstream KPIs whose links are supported on the data) to confirm or reject as causes. Saving
adds a version (``data.review.checkins``), audited; people who may not write it see why."""

from __future__ import annotations

import math
from datetime import date

import pandas as pd
import streamlit as st

from dashboard import cache
from dashboard.cache import links as link_cache
from dashboard.cache import review as review_cache
from dashboard.core import auth, labels, roles
from dashboard.core.i18n import lang, t
from dashboard.core.safe import plain
from dashboard.review import reads
from data import db
from data.review import checkins
from data.review.checkins import STATUSES, CheckInError
from metrics.base.format import format_change
from metrics.base.store import Store
from metrics.review import drivers
from metrics.scorecard import registry

FLASH_KEY = "review_flash"
AS_JUDGED = {"green": "on_track", "amber": "at_risk", "red": "off_track"}  # the form's first suggestion
CHOICES = ("open", "confirmed", "rejected")


def flash() -> None:
    """The message a save left for the run after it."""
    message = st.session_state.pop(FLASH_KEY, None)
    if message:
        st.success(message, icon=":material/check_circle:")


def driver_label(driver: drivers.Driver, kpi_id: str) -> str:
    """One suggested driver in words: the source's move, the month it acts from and the expected effect."""
    source, target = registry.get(driver.source_kpi), registry.get(kpi_id)
    if not math.isfinite(driver.change):
        return t("review_driver_unknown", source=source.name[lang()], lag=driver.lag_months)
    verdict = "" if driver.good is None else t("review_driver_good" if driver.good else "review_driver_bad")
    return t("review_driver", source=source.name[lang()],
             change=format_change(driver.change, source.unit.value, lang(), per=source.per),
             month=f"{driver.acting_month:%Y-%m}", lag=driver.lag_months, target=target.name[lang()],
             expected=format_change(driver.expected, target.unit.value, lang(), per=target.per),
             low=format_change(driver.expected_low, target.unit.value, lang(), per=target.per),
             high=format_change(driver.expected_high, target.unit.value, lang(), per=target.per), verdict=verdict)


def suggested_drivers(store: Store, kpi_id: str, month: date) -> list[drivers.Driver]:
    links = link_cache.link_table(store)
    if links.empty:
        return []
    sources = tuple(sorted(set(links.loc[links["target_kpi"] == kpi_id, "source_kpi"])))
    if not sources:
        return []
    values = review_cache.monthly_values(store, sources)
    return drivers.suggested(links, values, kpi_id, pd.Timestamp(month))


def checkin_form(store: Store, kpi_id: str, month: date, computed: str, *, key: str) -> None:
    """The form for ``kpi_id``'s check-in of ``month`` (``computed``: its computed status then), or why the
    signed-in person may not write it."""
    who = auth.current()
    owner = reads.owner_map().get(kpi_id)
    if who is None or not roles.may_check_in(who.role, who.email, owner):
        st.caption(t("review_form_read_only"))
        return
    found = reads.versions(kpi_id, month)
    latest = found[-1] if found else None
    seen_key = f"review_seen_{kpi_id}_{month:%Y-%m}"
    seen = st.session_state.setdefault(seen_key, latest.id if latest else None)  # the version this person began from
    suggested = suggested_drivers(store, kpi_id, month)
    before = dict(latest.drivers) if latest else {}
    with st.form(key=f"checkin_{key}_{kpi_id}_{month:%Y-%m}", border=True):
        st.markdown(t("review_form_title", kpi=registry.get(kpi_id).name[lang()], month=f"{month:%Y-%m}",
                      status=t(f"status_{computed}")))
        default = latest.status if latest else AS_JUDGED.get(computed, "on_track")
        status = st.radio(t("review_form_status"), STATUSES, index=STATUSES.index(default), horizontal=True,
                          format_func=labels.labeller("review_judged_"))
        note = st.text_area(t("review_form_note"), value=latest.note if latest else "",
                            max_chars=checkins.NOTE_LIMIT, help=t("review_form_note_help"))
        verdicts = {}
        if suggested:
            st.markdown(t("review_form_drivers"))
            for driver in suggested:
                picked = st.radio(driver_label(driver, kpi_id), CHOICES,
                                  index=CHOICES.index(before.get(driver.source_kpi, "open")), horizontal=True,
                                  format_func=labels.labeller("review_driver_"), key=f"drv_{key}_{kpi_id}_"
                                                                                    f"{month:%Y-%m}_{driver.source_kpi}")
                if picked != "open":
                    verdicts[driver.source_kpi] = picked
            st.caption(t("review_form_drivers_note"))
        else:
            st.caption(t("review_form_no_drivers"))
        if latest is not None and seen is not None and latest.id != seen:
            st.warning(t("review_form_newer", author=plain(latest.author)), icon=":material/history:")
        submitted = st.form_submit_button(t("review_form_save"), type="primary")
    if submitted:
        save(kpi_id, month, status=status, note=note, computed=computed, verdicts=verdicts, based_on=seen,
             seen_key=seen_key)


def save(kpi_id: str, month: date, *, status: str, note: str, computed: str, verdicts: dict[str, str],
         based_on: int | None, seen_key: str) -> None:
    who = auth.current()
    if who is None:
        return
    try:
        with db.session_scope(cache.engine()) as session:
            saved = checkins.save(session=session, kpi_id=kpi_id, period=month, status=status, note=note,
                                  author=who.email, role=who.role, owner=reads.owner_map().get(kpi_id),
                                  known={k.id for k in registry.CATALOGUE}, based_on=based_on,
                                  computed=computed if computed != "none" else None, drivers=verdicts)
    except CheckInError as error:
        st.error(t(f"review_err_{error.code}", value=plain(error.value)), icon=":material/error:")
        return
    st.session_state.pop(seen_key, None)
    st.session_state[FLASH_KEY] = t("review_saved", version=saved.version, month=f"{month:%Y-%m}")
    st.rerun()
