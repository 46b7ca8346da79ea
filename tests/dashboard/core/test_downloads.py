"""Downloads: injection-safe CSV and Excel (numbers as numbers), files built only when a button is clicked, and the
overview's scorecard export and board pack as the page binds them."""

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
    # numbers stay numbers, negative ones included, never guarded; whole ones without ".0"
    assert [r[1] for r in rows[1:3]] == ["-5.5", "1"] and rows[1][2] == "-6"


def test_excel_holds_values_never_formulas_and_text_as_typed():
    book = load_workbook(io.BytesIO(downloads.excel_bytes(frame(), "customers:tier/A")))
    sheet = book.active
    assert sheet.title == "customers_tier_A"
    cells = [c for row in sheet.iter_rows() for c in row]
    assert not [c.coordinate for c in cells if c.data_type == "f"]
    names = [sheet.cell(row=i, column=1) for i in range(2, sheet.max_row + 1)]
    # typed as text: no formula runs, so no apostrophe (XML reads a carriage return back as a line feed)
    assert [c.value for c in names[:len(INJECTIONS)]] == [s.replace("\r", "\n") for s in INJECTIONS]
    assert {c.data_type for c in names[:len(INJECTIONS)]} == {"s"}
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


def test_the_overview_binds_the_scorecard_export_and_the_board_pack(monkeypatch, demo_url):
    """The overview's buttons as a user clicks them: the scorecard's Excel with its header block (the sidebar's
    period, the data's as-of) and numbers, and the board pack."""
    import streamlit

    from data import accounts

    built: dict[str, object] = {}
    real = streamlit.download_button

    def keep(label, data, file_name=None, *args, **kwargs):
        built[file_name] = data
        return real(label, data, file_name, *args, **kwargs)

    monkeypatch.setattr(streamlit, "download_button", keep)
    monkeypatch.setenv("DATABASE_URL", demo_url)
    at = AppTest.from_file(APP, default_timeout=120)
    at.user = {"is_logged_in": True, "email": accounts.DEMO_ACCOUNTS["executive"]}
    at.run()
    assert not at.exception, at.exception
    assert {"scorecard.csv", "scorecard.xlsx", "board-pack-2026-10.pdf"} <= set(built)
    sheet = load_workbook(io.BytesIO(built["scorecard.xlsx"]())).active
    block = {sheet.cell(row=r, column=1).value: sheet.cell(row=r, column=2).value for r in range(2, 6)}
    assert block["Period"] == "2026-10" and block["Data as of"] == datetime(2026, 10, 31)
    values = [r[2] for r in sheet.iter_rows(min_row=9) if r[1].value == "Revenue"]
    assert values and values[0].data_type == "n"
    assert built["board-pack-2026-10.pdf"]()[:5] == b"%PDF-"
