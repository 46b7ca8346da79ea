"""Formula-injection text that came in through the importer leaves the Segments page's CSV and Excel
downloads neutralised: imported file -> database -> analytical store -> page -> the download's own bytes."""

import csv
import io
from pathlib import Path

import openpyxl
import streamlit
from streamlit.testing.v1 import AppTest

from cli.data import main
from tests.data.importing.test_importer import write

APP = str(Path(__file__).resolve().parents[2] / "streamlit_app.py")
INJECTIONS = ["=cmd|' /C calc'!A0", "+1+1", "-2+3", "@SUM(A1:A9)", "\tTabbed", "\rReturned"]


def company() -> dict[str, str]:
    """Customers named with injection strings, buying alike (so one segment, one download, holds them all)."""
    rows = io.StringIO()
    writer = csv.writer(rows, lineterminator="\n", quoting=csv.QUOTE_ALL)  # a lone CR is quoted too
    writer.writerow(["id", "name", "region"])
    for number, text in enumerate(INJECTIONS, start=1):
        writer.writerow([number, text, "=HYPERLINK(\"http://x\")" if number == 1 else "North"])
    orders = "id,customer_id,ordered_on\n" + "".join(
        f"{100 * c + m},{c},2024-{m:02d}-15\n" for c in range(1, len(INJECTIONS) + 1) for m in range(1, 13))
    lines = "order_id,product_id,quantity,unit_price,unit_cost\n" + "".join(
        f"{100 * c + m},10,2,{20 + m}.00,10.00\n" for c in range(1, len(INJECTIONS) + 1) for m in range(1, 13))
    return {"customer.csv": rows.getvalue(), "product.csv": "id,name\n10,Pump\n",
            "sales_order.csv": orders, "order_line.csv": lines}


def test_injection_text_imported_is_neutralised_in_csv_and_excel_downloads(monkeypatch, tmp_path):
    url = f"sqlite:///{tmp_path / 'company.db'}"
    assert main(["import", str(write(tmp_path / "files", company())), "--database-url", url]) == 0
    built: dict[str, object] = {}
    real = streamlit.download_button

    def keep(label, data, file_name=None, *args, **kwargs):
        built[file_name] = data  # the callable the button runs on click
        return real(label, data, file_name, *args, **kwargs)

    monkeypatch.setattr(streamlit, "download_button", keep)
    monkeypatch.setenv("DATABASE_URL", url)
    at = AppTest.from_file(APP, default_timeout=120)
    at.run()
    at.switch_page("pages/segments.py").run()
    at.selectbox(key="segment").set_value("custom:filters").run()  # the group of every customer
    assert not at.exception, at.exception
    name = "customers-custom-filters.csv"

    text = built[name]().decode("utf-8-sig")
    cells = [cell for row in csv.reader(io.StringIO(text)) for cell in row]
    for injected in INJECTIONS:  # every injection string shown by the page is there, with a leading quote
        assert "'" + injected in cells, (injected, text)
    assert "'=HYPERLINK(\"http://x\")" in cells
    assert not [c for c in cells if c.startswith(("=", "+", "-", "@", "\t", "\r"))]

    book = openpyxl.load_workbook(io.BytesIO(built[name.removesuffix(".csv") + ".xlsx"]()))
    values = [c for row in book.active.iter_rows() for c in row if isinstance(c.value, str)]
    # typed as text, so no formula runs and no apostrophe is needed (issue 21); an XML reader turns a stored CR into
    # LF (XML end-of-line handling)
    assert {injected.replace("\r", "\n") for injected in INJECTIONS} <= {c.value for c in values}
    assert all(c.data_type == "s" for c in values)
    assert not [c for row in book.active.iter_rows() for c in row if c.data_type == "f"]
