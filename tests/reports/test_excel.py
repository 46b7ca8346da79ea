"""Exports as numbers, read back: the demo's scorecard in Excel (cell types, number formats, header block, sheet
name and headers in the reader's language, status colours) and CSV (the formula guard on text only)."""

import csv
import io
from datetime import date, datetime

import pandas as pd
import pytest
from openpyxl import load_workbook

from metrics.base.dimensions import dimension_values
from metrics.links import forecast
from metrics.scorecard.stored import scorecard
from reports import excel
from reports.content import filters_for
from reports.excel import About
from reports.scorecard_export import scorecard_export


@pytest.fixture(scope="module")
def card(demo_store) -> pd.DataFrame:
    return scorecard(demo_store, filters_for(dimension_values(demo_store), None, None))


@pytest.fixture(scope="module")
def flags(demo_store) -> dict:
    stored = forecast.read(demo_store)
    return {r["kpi_id"]: r for r in stored[stored["horizon"] == "year"].to_dict("records")}


def workbook(card, flags, lang):
    export = scorecard_export(card, lang=lang, currency="CNY", flags=flags)
    about = About(lang=lang, title="Scorecard", period="2026-10", filters="Region: East", as_of=date(2026, 10, 31),
                  currency="CNY", notes=("note",))
    return load_workbook(io.BytesIO(export.excel(about))).active, export


def row_of(sheet, kpi: str) -> dict:
    rows = list(sheet.iter_rows())
    header = next(i for i, r in enumerate(rows) if r[0].value in ("Perspective", "视角"))
    names = [c.value for c in rows[header]]
    found = next(r for r in rows[header + 1:] if r[1].value == kpi)
    return dict(zip(names, found, strict=True))


def test_numbers_are_numbers_with_their_formats(card, flags):
    sheet, _ = workbook(card, flags, "en")
    revenue = row_of(sheet, "Revenue")
    assert revenue["Value"].data_type == "n" and isinstance(revenue["Value"].value, float | int)
    assert revenue["Value"].value == pytest.approx(card.set_index("id").at["revenue", "value"])
    assert revenue["Value"].number_format.startswith('"¥"#,##0.00')
    assert revenue["vs previous"].number_format.startswith('+"¥"#,##0.00;-"¥"')
    churn = row_of(sheet, "Customer churn rate")
    assert churn["Value"].number_format.startswith("0.0%") and churn["Value"].value < 1
    # a change of a percentage in percentage points, said by its format and the unit column
    assert churn["vs previous"].value == pytest.approx(card.set_index("id").at["churn_rate", "delta_prev"] * 100)
    assert churn["vs previous"].number_format.startswith('+0.0" pt"') and churn["Unit of changes"].value == "pt"
    days = row_of(sheet, "Sales cycle")
    assert days["Value"].number_format.startswith('0.0" d"') and days["Unit"].value == "d"
    count = row_of(sheet, "Active customers")
    assert count["Value"].value == int(count["Value"].value) and isinstance(count["Value"].value, int)
    assert count["Value"].number_format.startswith("#,##0")
    assert row_of(sheet, "Revenue")["Chance of reaching the year target"].number_format.startswith("0.0%")


def test_text_is_text_and_statuses_are_coloured(card, flags):
    sheet, _ = workbook(card, flags, "en")
    cells = [c for r in sheet.iter_rows() for c in r]
    assert not [c.coordinate for c in cells if c.data_type == "f"]
    revenue = row_of(sheet, "Revenue")
    assert revenue["KPI"].data_type == "s" and revenue["Status"].value == "On target"
    assert revenue["Status"].fill.fgColor.rgb.endswith("C8E6C9")
    red = next(r for r in card.to_dict("records") if r["status"] == "red")
    assert row_of(sheet, red["name_en"])["Status"].fill.fgColor.rgb.endswith("F4C7C3")


def test_header_block_says_period_filters_and_as_of(card, flags):
    sheet, _ = workbook(card, flags, "en")
    assert sheet["A1"].value == "Scorecard"
    block = {sheet.cell(row=r, column=1).value: sheet.cell(row=r, column=2) for r in range(2, 6)}
    assert block["Period"].value == "2026-10" and block["Filters"].value == "Region: East"
    assert block["Data as of"].value == datetime(2026, 10, 31) and block["Data as of"].is_date
    assert block["Currency"].value == "CNY"
    assert sheet.freeze_panes == "A9"


def test_sheet_name_and_headers_in_chinese(card, flags):
    sheet, _ = workbook(card, flags, "zh")
    assert sheet.title == "计分卡"
    revenue = row_of(sheet, "销售收入")
    assert {"视角", "指标", "实际值", "目标", "状态", "较上期", "较去年同期", "单位"} <= set(revenue)
    assert revenue["状态"].value == "达标" and revenue["视角"].value == "财务视角"
    assert revenue["实际值"].number_format.startswith('"¥"#,##0.00')
    churn = row_of(sheet, "客户流失率")
    assert churn["较上期"].number_format.startswith('+0.0" 个百分点"')


def test_csv_guards_text_never_numbers_or_changes(card, flags):
    _, export = workbook(card, flags, "en")
    rows = list(csv.DictReader(io.StringIO(export.csv().decode("utf-8-sig"), newline="")))
    revenue = next(r for r in rows if r["KPI"] == "Revenue")
    falling = next(r for r in rows if r["vs previous"].startswith("-"))  # a negative change: a number, unguarded
    assert float(falling["vs previous"]) < 0
    assert not [r for r in rows for v in r.values() if v.startswith("'")]  # no KPI name starts a formula
    assert float(revenue["Value"]) == pytest.approx(card.set_index("id").at["revenue", "value"], abs=0.005)
    count = next(r for r in rows if r["KPI"] == "Active customers")
    assert "." not in count["Value"]  # whole numbers without ".0"


def test_injected_text_and_phones_are_typed_text():
    frame = pd.DataFrame({"name": ["=1+1", "-2+3", "Acme"], "phone": ["+86 138 0000 0000", "+86-21-5555", None],
                          "amount": [-5.0, 2.5, float("nan")]})
    sheet = load_workbook(io.BytesIO(excel.excel_bytes(frame, sheet="Data", units={"amount": "currency"}))).active
    assert [sheet.cell(row=r, column=1).value for r in (2, 3, 4)] == ["=1+1", "-2+3", "Acme"]  # no apostrophe
    assert all(sheet.cell(row=r, column=c).data_type == "s" for r in (2, 3) for c in (1, 2))
    assert sheet["B2"].value == "+86 138 0000 0000" and sheet["B4"].value is None
    assert sheet["C2"].value == -5 and sheet["C2"].data_type == "n" and sheet["C4"].value is None
    lines = excel.csv_bytes(frame).decode("utf-8-sig").splitlines()
    assert lines[1:] == ["'=1+1,'+86 138 0000 0000,-5", "'-2+3,'+86-21-5555,2.5", "Acme,,"]
