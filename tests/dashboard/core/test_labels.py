"""Every code value in the analytical store has a name in both languages; unknown values show as given."""

import pandas as pd
import pytest
from sqlmodel import SQLModel

import data.models  # noqa: F401  (every table registered before the cases are listed)
from dashboard.core import i18n, labels, widths
from dashboard.core.texts.names import MEASURES, PRIVATE_TABLES, TABLE_NAMES

# Columns holding people's own words (names, contact data, free notes) or the store's bookkeeping.
FREE_TEXT = {"name", "contact_name", "email", "phone", "source", "name_en", "name_zh", "description", "sku",
             "owner", "author", "text", "shown_id"}  # shown_id: the company's own customer id, shown as given
# The store's bookkeeping and fitted-model tables (parameter names are never shown as values).
BOOKKEEPING = {"dataset_info", "store_meta", "precompute_log", "lifetime_fit", "lifetime_cov", "scorecard_values",
               "customer_views_key"}
# Columns whose values are named by an interface text, not CODES: a value tier ``A`` is shown as ``tier_A``
# ("Tier A (top 80% of profit)", dashboard.customers.groups.group_name), never as the letter.
NAMED_BY_TEXT = {"tier": "tier_"}
# The Segments page's stored opening 7P profile (metrics.customers.profiles) is named as the page names it: a
# measure by MEASURES (``kind:member``: the member by CODES), a P by its text ``p_<P>``, the group's member by CODES.
PROFILE_TABLE = "seven_p_opening"


def code_columns(store) -> list[tuple[str, str]]:
    rows = store.query("""
        SELECT table_name, column_name FROM information_schema.columns
        WHERE data_type IN ('VARCHAR', 'BOOLEAN') ORDER BY table_name, column_name""")
    return [(t, c) for t, c in rows.itertuples(index=False)
            if t not in BOOKKEEPING and t != PROFILE_TABLE and c not in FREE_TEXT
            and not c.endswith(("_en", "_zh", "_note", "_text"))]


def test_every_code_value_in_the_store_is_named_in_both_languages(demo_store):
    missing = []
    columns = code_columns(demo_store)
    assert ("customer", "region") in columns and ("service_ticket", "channel") in columns
    for table, column in columns:
        values = demo_store.query(f'SELECT DISTINCT "{column}" AS v FROM "{table}" WHERE "{column}" IS NOT NULL')["v"]
        for value in values:
            if column in NAMED_BY_TEXT:
                named = i18n.TEXT.get(f"{NAMED_BY_TEXT[column]}{value}", {})
                if not (named.get("en") and named.get("zh")):
                    missing.append(f"{table}.{column}={value!r}")
                continue
            en, zh = labels.code(value, "en"), labels.code(value, "zh")
            if value == "":  # no value (a step that needed no reason): an empty cell, nothing to name
                continue
            if isinstance(value, str) and (zh == value or not en or not zh):
                missing.append(f"{table}.{column}={value!r}")
    assert not missing, "name these in dashboard/core/texts/names.py CODES (English and Chinese): " + ", ".join(missing)


def test_the_stored_opening_profile_is_named_in_both_languages(demo_store):
    rows = demo_store.query(f'SELECT DISTINCT measure, p, chosen_group FROM "{PROFILE_TABLE}"')
    assert len(rows) > 20
    missing = []
    for measure, p, group in rows.itertuples(index=False):
        kind, _, member = measure.partition(":")
        members = [m for m in (member, group.partition(":")[2]) if m]
        if kind not in MEASURES or f"p_{p}" not in i18n.TEXT or any(labels.code(m, "zh") == m for m in members):
            missing.append(f"{measure} ({p}, {group})")
    assert not missing, "unnamed in the stored 7P profile: " + ", ".join(missing)


def test_a_companys_own_value_shows_as_given():
    assert labels.code("Nordost-Gebiet", "zh") == "Nordost-Gebiet"
    shown = labels.frame(pd.DataFrame({"region": ["Nordost-Gebiet", "East"], "responded": [True, False]}), "zh")
    assert list(shown.columns) == ["大区", "已响应"]
    assert list(shown["大区"]) == ["Nordost-Gebiet", "华东"] and list(shown["已响应"]) == ["是", "否"]


def test_dates_lose_their_midnight_and_numbers_their_noise():
    raw = pd.DataFrame({"last_purchase": pd.to_datetime(["2026-03-01", "2026-04-02"]),
                        "usual_interval_days": [220.6667, 31.2], "category": ["repair", "excavator"]})
    shown = labels.frame(raw, "zh")
    assert list(shown.columns) == ["上次购买", "惯常间隔", "类别"]
    assert str(shown.iloc[0, 0]) == "2026-03-01"
    assert list(shown["惯常间隔"]) == [221.0, 31.0]
    assert list(shown["类别"]) == ["维修", "挖掘机"]


@pytest.mark.parametrize("table", sorted(SQLModel.metadata.tables))
def test_every_table_is_named_in_both_languages_or_kept_off_the_data_page(table):
    if table in PRIVATE_TABLES or SQLModel.metadata.tables[table].info.get("private"):
        return
    en, zh = TABLE_NAMES[table]
    assert en and zh and "_" not in en and zh != en


def test_chinese_tables_show_money_in_wan_and_downloads_keep_yuan():
    raw = pd.DataFrame({"monetary": [7_470_225.0, 350.0], "name": ["A", "B"]})
    assert list(labels.shown(raw, "zh")["近 12 个月收入"]) == [747.0225, 0.035]
    assert labels.column_config(raw, "zh")["近 12 个月收入"]["type_config"]["format"] == "¥%,.1f万"
    assert list(labels.frame(raw, "zh")["近 12 个月收入"]) == [7_470_225.0, 350.0]  # the download: whole yuan
    assert list(labels.shown(raw, "en")["Revenue, last 12 months"]) == [7_470_225.0, 350.0]


def test_a_chinese_column_of_small_amounts_keeps_every_yuan():
    """¥5,467, not ¥0.5万: a money column whose amounts stay under 100,000 is not shown in 万."""
    raw = pd.DataFrame({"monetary": [5_467.0, 31_845.0, None]})
    assert list(labels.shown(raw, "zh")["近 12 个月收入"].dropna()) == [5_467.0, 31_845.0]
    assert labels.column_config(raw, "zh")["近 12 个月收入"]["type_config"]["format"] == "¥%,.0f"
    assert labels.money_format(pd.Series([99_999.0]), "zh") == "¥%,.0f"
    assert labels.money_format(pd.Series([100_000.0]), "zh") == "¥%,.1f万"


def test_a_tuple_of_codes_reads_as_their_names():
    raw = pd.DataFrame({"categories_due": [("crane", "loader"), ("Nordost-Teile",), None]})
    assert list(labels.frame(raw, "zh")["到期品类"]) == ["起重机、装载机", "Nordost-Teile", ""]
    assert list(labels.frame(raw, "en")["Categories due"]) == ["Cranes, Loaders", "Nordost-Teile", ""]


def test_columns_are_as_wide_as_their_header_and_widest_cell_and_pinned_on_request():
    raw = pd.DataFrame({"p_alive": [0.5], "phone": ["+86 10 00000004"], "name": ["Customer 000001"]})
    config = labels.column_config(raw, "en", pinned=["name"])
    header_px = len("Probability still active") * 7  # no narrower than 7 px a character of the header
    assert config["Probability still active"]["width"] >= header_px
    assert config["Phone"]["width"] >= len("+86 10 00000004") * 7
    assert config["Name"]["pinned"] is True and not config["Phone"]["pinned"]
    assert widths.text_px("客户编号") > widths.text_px("No.")  # a Chinese character a full em
