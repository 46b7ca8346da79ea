"""Downloads: injection-safe CSV and Excel, and files built only when a button is clicked."""

import csv
import io
from datetime import UTC, date, datetime
from pathlib import Path

import pandas as pd
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import load_workbook
from streamlit.testing.v1 import AppTest

from dashboard.core import downloads

APP = str(Path(__file__).resolve().parents[3] / "streamlit_app.py")
# Payloads from the OWASP CSV-injection page and common variants.
INJECTIONS = ["=1+1", "+1+1", "-1+1", "@SUM(1+1)*cmd|' /C calc'!A0", "=HYPERLINK(\"http://x\",\"click\")",
              "\t=1+1", "\r=1+1", "=cmd|' /C notepad'!'A1'", "-2+3+cmd|' /C calc'!A0"]


def frame() -> pd.DataFrame:
    return pd.DataFrame({
        "name": [*INJECTIONS, "Acme Ltd", "a=b", "", None],
        "amount": [-5.5, 1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, -8.0, 9.0, 10.0, float("nan"), 12.0],
        "count": list(range(-6, 7)),
    })


def test_every_formula_start_gets_a_leading_quote_in_csv():
    rows = list(csv.reader(io.StringIO(downloads.csv_bytes(frame()).decode("utf-8-sig"), newline="")))
    names = [r[0] for r in rows[1:]]
    assert names[:len(INJECTIONS)] == ["'" + s for s in INJECTIONS]
    assert names[len(INJECTIONS):] == ["Acme Ltd", "a=b", "", ""]
    # numbers stay numbers, negative ones included
    assert [r[1] for r in rows[1:3]] == ["-5.5", "1.0"] and rows[1][2] == "-6"


def test_excel_holds_values_never_formulas():
    book = load_workbook(io.BytesIO(downloads.excel_bytes(frame(), "customers:tier/A")))
    sheet = book.active
    assert sheet.title == "customers_tier_A"
    cells = [c for row in sheet.iter_rows() for c in row]
    assert not [c.coordinate for c in cells if c.data_type == "f"]
    names = [sheet.cell(row=i, column=1).value for i in range(2, sheet.max_row + 1)]
    # XML reads a carriage return back as a line feed
    assert names[:len(INJECTIONS)] == ["'" + s.replace("\r", "\n") for s in INJECTIONS]
    assert sheet["B2"].value == -5.5 and sheet["C2"].value == -6 and sheet["B13"].value is None
    assert [sheet.cell(row=1, column=i).value for i in (1, 2, 3)] == ["name", "amount", "count"]


def test_headers_are_neutralised_and_list_columns_dropped():
    shown = pd.DataFrame({"=evil()": ["x"], "trend": [[1, 2, 3]], "v": [1]})
    header = next(csv.reader(io.StringIO(downloads.csv_bytes(shown).decode("utf-8-sig"))))
    assert header == ["'=evil()", "v"]


def test_dates_and_aware_times_are_written_as_excel_dates():
    shown = pd.DataFrame({"day": [date(2026, 3, 1)], "at": [pd.Timestamp(datetime(2026, 3, 1, 12, 30, tzinfo=UTC))]})
    sheet = load_workbook(io.BytesIO(downloads.excel_bytes(shown))).active
    assert sheet["A2"].value == datetime(2026, 3, 1) and sheet["B2"].value == datetime(2026, 3, 1, 12, 30)


@given(st.text(min_size=1))
def test_no_text_cell_can_start_a_formula(text):
    cell = downloads.neutralise_cell(text)
    assert not cell.startswith(downloads.FORMULA_STARTS)
    assert cell in (text, "'" + text)


def test_a_page_builds_no_file_until_clicked(monkeypatch, demo_url):
    built = []
    monkeypatch.setattr(downloads, "csv_bytes", lambda *a: built.append("csv") or b"")
    monkeypatch.setattr(downloads, "excel_bytes", lambda *a: built.append("xlsx") or b"")
    monkeypatch.setenv("DATABASE_URL", demo_url)
    at = AppTest.from_file(APP, default_timeout=90)
    at.run()
    at.switch_page("pages/segments.py").run()
    assert not at.exception
    assert built == []


def test_a_download_built_on_click_is_recorded_in_the_audit_trail(monkeypatch, tmp_path):
    from sqlalchemy import text

    from data import accounts, db

    url = f"sqlite:///{tmp_path / 'audit.db'}"
    engine = db.get_engine(url)
    db.create_schema(engine)
    monkeypatch.setenv("DATABASE_URL", url)
    with db.session_scope(engine) as session:
        accounts.add_user(session=session, email="ann@example.cn", role="marketer", actor="test")
    build = downloads._deferred(("ann@example.cn", "marketer"), "champions.csv", lambda: b"a,b\n")
    with engine.connect() as conn:
        assert not conn.execute(text("SELECT count(*) FROM audit_event WHERE action = 'export'")).scalar()  # drawing
    assert build() == b"a,b\n"
    with engine.connect() as conn:
        rows = conn.execute(text("SELECT actor, action, detail FROM audit_event")).all()
    assert [tuple(r) for r in rows][1:] == [("ann@example.cn", "export", "champions.csv")]  # after user_add
    engine.dispose()
