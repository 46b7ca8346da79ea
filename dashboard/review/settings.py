"""Scorecard settings: who owns each objective and KPI, and their deputies (executives and admins)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard import cache
from dashboard.core import auth, roles
from dashboard.core.i18n import lang, t
from dashboard.core.safe import plain
from dashboard.review import form, reads
from data import db
from data.review import owners, owners_file
from data.review.owners import OwnerError
from metrics.scorecard import registry
from metrics.scorecard.strategy import OBJECTIVES, PERSPECTIVE_NAMES

COLUMNS = ("item_id", "kind", "kind_label", "perspective", "name", "owner", "deputy")


def known_items() -> set[tuple[str, str]]:
    """Every (kind, id) that may be owned."""
    return {("objective", o.id) for o in OBJECTIVES} | {("kpi", k.id) for k in registry.CATALOGUE}


def items_frame(stored: dict[tuple[str, str], owners.Owner]) -> pd.DataFrame:
    """One row per objective, followed by its KPIs, in the strategy map's order."""
    rows = []
    for objective in OBJECTIVES:
        kpis = [(k.id, "kpi", "  · " + k.name[lang()]) for k in registry.by_objective(objective.id)]
        for item_id, kind, name in [(objective.id, "objective", objective.name[lang()]), *kpis]:
            found = stored.get((kind, item_id))
            rows.append({"item_id": item_id, "kind": kind, "kind_label": t(f"review_kind_{kind}"),
                         "perspective": PERSPECTIVE_NAMES[objective.perspective][lang()], "name": name,
                         "owner": found.owner if found else None, "deputy": found.deputy if found else None})
    return pd.DataFrame(rows, columns=list(COLUMNS))


def _blank(value: object) -> str | None:
    return None if value is None or (isinstance(value, float) and value != value) or value == "" else str(value)


def owners_editor() -> None:
    who = auth.current()
    if who is None or who.role not in roles.OWNER_EDITORS:
        st.error(t("page_refused", role=roles.role_name(who.role) if who else "–"))
        return
    form.flash()
    st.caption(t("review_settings_intro"))
    accounts = reads.accounts()
    frame = items_frame(reads.all_owners())
    names = {"kind_label": t("review_col_kind"), "perspective": t("review_col_perspective"),
             "name": t("review_col_item"), "owner": t("review_col_owner"), "deputy": t("review_col_deputy")}
    shown = frame.set_index(frame["kind"] + ":" + frame["item_id"])[list(names)].rename(columns=names)
    edited = st.data_editor(  # headers in the UI language; the row's kind and id ride on the hidden index
        shown, hide_index=True, width="stretch", key="review_owners", height=35 * min(len(frame) + 1, 20) + 3,
        disabled=[names["kind_label"], names["perspective"], names["name"]],
        column_config={names["name"]: st.column_config.TextColumn(width="large"),
                       names["owner"]: st.column_config.SelectboxColumn(options=accounts, required=False),
                       names["deputy"]: st.column_config.SelectboxColumn(options=accounts, required=False)})
    edited = edited.rename(columns={v: k for k, v in names.items()})
    edited[["kind", "item_id"]] = [key.split(":", 1) for key in edited.index]
    if st.button(t("review_settings_save"), type="primary", key="review_owners_save"):
        rows = [{"kind": r["kind"], "item_id": r["item_id"], "owner": _blank(r["owner"]),
                 "deputy": _blank(r["deputy"])} for r in edited.to_dict("records")]
        save(rows, who.email)
    owners_import(frame, who.email)


def owners_import(frame: pd.DataFrame, actor: str) -> None:
    """The owners as a file: the template to fill in (every item, its owners now), and an upload saved at once."""
    st.subheader(t("review_settings_file"))
    st.caption(t("review_settings_file_help"))
    items = [(r["kind"], r["item_id"], r["name"].strip(" ·")) for r in frame.to_dict("records")]
    st.download_button(t("review_settings_template"), owners_file.template(items, reads.all_owners()),
                       file_name="kpi_owner.csv", mime="text/csv", key="review_owners_template",
                       icon=":material/download:")
    upload = st.file_uploader(t("review_settings_upload"), type=["csv", "xlsx"], key="review_owners_upload")
    if upload is not None and st.button(t("review_settings_import"), key="review_owners_import",
                                        icon=":material/upload:"):
        try:
            rows = owners_file.read(upload.name, upload.getvalue())
        except OwnerError as error:
            st.error(t("review_err_in_row", item=plain(error.item), problem=t(f"review_err_{error.code}",
                                                                              value=plain(error.value))))
            return
        save(rows, actor, source="import")


def save(rows: list[dict], actor: str, *, source: str = "editor") -> None:
    names = {k.id: k.name[lang()] for k in registry.CATALOGUE} | {o.id: o.name[lang()] for o in OBJECTIVES}
    try:
        with db.session_scope(cache.engine()) as session:
            changed = owners.save(session=session, rows=rows, known=known_items(), actor=actor, source=source)
    except OwnerError as error:
        st.error(t("review_err_in_row", item=plain(names.get(error.item, error.item)),
                   problem=t(f"review_err_{error.code}", value=plain(error.value))), icon=":material/error:")
        return
    st.session_state[form.FLASH_KEY] = t("review_settings_saved", n=changed)
    st.session_state.pop("review_owners", None)
    st.rerun()
