"""``python -m data import``: every fault class refused with row and column, on SQLite and PostgreSQL,
the database unchanged in content afterwards (a hash of every table)."""

import hashlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import openpyxl
import pytest
from sqlalchemy import inspect, text

from cli.data import main
from data import db

MINIMUM = {
    "customer.csv": "id,name,region\n1,Acme,North\n2,Globex,South\n",
    "employee.csv": "id,name\n1,Wang Fang\n",
    "product.csv": "id,name,category\n10,Pump,Hardware\n11,Valve,Hardware\n",
    "sales_order.csv": "id,customer_id,ordered_on\n100,1,2024-01-15\n101,2,2024-02-20\n",
    "order_line.csv": "order_id,product_id,quantity,unit_price,unit_cost\n100,10,2,50.00,30.00\n101,11,1,80.00,\n",
}


def write(folder: Path, files: dict[str, str | bytes]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, content in files.items():
        (folder / name).write_bytes(content.encode() if isinstance(content, str) else content)
    return folder


def content_hash(url: str) -> str:
    """One digest over every row of every table, in key order."""
    engine = db.get_engine(url)
    digest = hashlib.sha256()
    names = set(inspect(engine).get_table_names())
    with engine.connect() as conn:
        for table in db.tables():
            if table.name not in names:
                continue
            key = ", ".join(c.name for c in table.primary_key.columns)
            for row in conn.execute(text(f"SELECT * FROM {table.name} ORDER BY {key}")):
                digest.update(repr((table.name, tuple(row))).encode())
    engine.dispose()
    return digest.hexdigest()


@pytest.fixture(params=["sqlite", "postgresql"])
def url(request, tmp_path):
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'company.db'}"
    return request.getfixturevalue("postgres_url")


@pytest.fixture
def loaded(url, tmp_path, capsys):
    """The minimum company imported."""
    assert main(["import", str(write(tmp_path / "base", MINIMUM)), "--database-url", url]) == 0
    capsys.readouterr()
    return url


FAULTS = [
    # (files, words expected in the report)
    ({"customer.csv": "name,region\nNew,East\n"}, ["customer.csv", "column id", "required column and is missing"]),
    ({"order_line.csv": "order_id,product_id,quantity,unit_price\n100,10,x7,5.00\n"},
     ["order_line.csv row 2, column quantity", "'x7'", "not a whole number"]),
    ({"sales_order.csv": "id,customer_id,ordered_on\n200,1,2024-13-45\n"}, ["row 2, column ordered_on",
                                                                          "not a real calendar date"]),
    ({"sales_order.csv": "id,customer_id,ordered_on\n200,1,1997-02-30\n"}, ["'1997-02-30'", "not a real calendar"]),
    ({"sales_order.csv": "id,customer_id,ordered_on\n200,1,yesterday\n"}, ["'yesterday'", "is not a date"]),
    ({"sales_order.csv": "id,customer_id,ordered_on\n200,1,03/04/2024\n201,1,05/06/2024\n"},
     ["column ordered_on", "day and month could be either way round", "--date-format"]),
    ({"order_line.csv": "order_id,product_id,quantity,unit_price\n100,10,-3,5.00\n"},
     ["row 2, column quantity", "'-3'", "must be more than 0"]),
    ({"order_line.csv": "order_id,product_id,quantity,unit_price\n100,10,1,5.00\n100,10,1,-5.00\n"},
     ["row 3, column unit_price", "is negative"]),
    ({"customer.csv": "id,name\n7,A\n8,B\n7,C\n"}, ["row 4, column id", "more than once in the file (first in row 2)"]),
    ({"customer.csv": "id,name\n2,Again\n"}, ["row 2, column id", "already in the database"]),
    ({"sales_order.csv": "id,customer_id,ordered_on\n200,999,2024-03-01\n"},
     ["row 2, column customer_id", "'999'", "neither in the files nor in the database"]),
    ({"customer.csv": ""}, ["customer.csv", "the file is empty"]),
    ({"customer.csv": "id,name\n"}, ["customer.csv", "header but no rows"]),
]


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def loaded_once(request, tmp_path_factory):
    """The minimum company imported once per database kind, for the tests whose import must write nothing (each
    compares the content before and after its own import, so they may share it)."""
    folder = tmp_path_factory.mktemp("loaded_once")
    if request.param == "sqlite":
        url = f"sqlite:///{folder / 'company.db'}"
    else:
        server = request.getfixturevalue("postgres_server")
        url = (os.environ["TEST_POSTGRES_URL"] if server is None
               else server.create_database(f"t_loaded_once_{os.getpid()}"))
    with pytest.MonkeyPatch.context() as patch:  # its store in the folder, not the project's var/
        patch.setenv("ANALYTICS_DIR", str(folder / "stores"))
        assert main(["import", str(write(folder / "base", MINIMUM)), "--database-url", url]) == 0
    return url


@pytest.mark.parametrize("files,words", FAULTS, ids=[w[-1][:30] for _, w in FAULTS])
def test_each_fault_is_reported_and_nothing_is_written(loaded_once, tmp_path, capsys, files, words):
    loaded = loaded_once
    before = content_hash(loaded)
    # a good file goes along: all or nothing means it is not written either
    good = {"product.csv": "id,name\n12,Seal\n"} if "product.csv" not in files else {}
    folder = write(tmp_path / "bad", {**files, **good})
    assert main(["import", str(folder), "--database-url", loaded]) == 1
    err = capsys.readouterr().err
    for word in words:
        assert word in err, err
    assert "nothing was written" in err
    assert content_hash(loaded) == before


def test_file_over_the_size_limit_is_refused_plainly(loaded, tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("IMPORT_MAX_MB", "0.001")
    before = content_hash(loaded)
    folder = write(tmp_path / "big", {"customer.csv": "id,name\n" + "".join(f"{i},N{i}\n" for i in range(50, 300))})
    assert main(["import", str(folder), "--database-url", loaded]) == 1
    err = capsys.readouterr().err
    assert "over the limit" in err and "IMPORT_MAX_MB" in err
    assert content_hash(loaded) == before


def test_every_fault_is_reported_not_only_the_first(loaded, tmp_path, capsys):
    folder = write(tmp_path / "many", {
        "customer.csv": "id,name,shoe_size,acquisition_cost\n5,A,42,\n7,B,43,x\n6,C,44,\n",
        "sales_order.csv": "id,customer_id,ordered_on\n300,5,2024-02-30\n301,77,2024-03-01\n"})
    assert main(["import", str(folder), "--database-url", loaded]) == 1
    out = capsys.readouterr()
    assert "warning: customer.csv, column shoe_size" in out.out  # unknown column: a warning, ignored
    assert "customer.csv row 3, column acquisition_cost (customer): 'x' is not a number" in out.err
    assert "sales_order.csv row 2, column ordered_on" in out.err
    assert "sales_order.csv row 3, column customer_id" in out.err
    assert "3 faults found" in out.err


def test_minimum_company_unknown_stays_unknown(loaded):
    engine = db.get_engine(loaded)
    with engine.connect() as conn:
        lines = conn.execute(text("SELECT order_id, unit_cost, discount FROM order_line ORDER BY order_id")).all()
        customers = conn.execute(text("SELECT id, acquired_on, channel, acquisition_cost FROM customer "
                                      "ORDER BY id")).all()
    engine.dispose()
    assert lines[0][1] is not None and float(lines[0][1]) == 30.0
    assert lines[1][1] is None  # no unit cost given: unknown, not zero
    assert [float(d) for _, _, d in lines] == [0.0, 0.0]  # no discount column: no discount
    assert [str(c[1]) for c in customers] == ["2024-01-15", "2024-02-20"]  # acquired on the first order
    assert all(c[2] is None and c[3] is None for c in customers)


def test_upsert_updates_by_key_and_appends_the_rest(loaded, tmp_path, capsys):
    folder = write(tmp_path / "up", {"customer.csv": "id,name\n2,Globex Ltd\n3,Initech\n"})
    assert main(["import", str(folder), "--mode", "upsert", "--database-url", loaded]) == 0
    assert "customer 1 inserted, 1 updated" in capsys.readouterr().out
    engine = db.get_engine(loaded)
    with engine.connect() as conn:
        rows = conn.execute(text("SELECT id, name, region FROM customer ORDER BY id")).all()
    engine.dispose()
    assert [tuple(r) for r in rows] == [(1, "Acme", "North"), (2, "Globex Ltd", "South"), (3, "Initech", None)]


def test_replace_swaps_the_tables_given(loaded, tmp_path):
    folder = write(tmp_path / "rep", {"product.csv": "id,name\n10,Pump II\n11,Valve II\n"})
    assert main(["import", str(folder), "--mode", "replace", "--database-url", loaded]) == 0
    engine = db.get_engine(loaded)
    with engine.connect() as conn:
        assert conn.execute(text("SELECT name FROM product ORDER BY id")).scalars().all() == ["Pump II", "Valve II"]
    engine.dispose()


def test_formula_and_html_text_is_stored_as_given(loaded, tmp_path):
    names = ['=HYPERLINK("http://x","click")', "+1+2", "@SUM(A1)", "<b>bold</b> **star**"]
    body = "id,name\n" + "".join(f'{i},"{n.replace(chr(34), chr(34) * 2)}"\n' for i, n in enumerate(names, 50))
    assert main(["import", str(write(tmp_path / "inj", {"customer.csv": body})), "--database-url", loaded]) == 0
    engine = db.get_engine(loaded)
    with engine.connect() as conn:
        stored = conn.execute(text("SELECT name FROM customer WHERE id >= 50 ORDER BY id")).scalars().all()
    engine.dispose()
    assert stored == names


def test_unreachable_database_exit_3_password_masked(tmp_path, capsys):
    folder = write(tmp_path / "x", {"customer.csv": "id\n1\n"})
    assert main(["import", str(folder), "--database-url", "postgresql://crm:hunter2@127.0.0.1:1/crm"]) == 3
    out = capsys.readouterr()
    assert "crm:***@127.0.0.1:1" in out.err
    assert "hunter2" not in out.err + out.out and "Traceback" not in out.err


def test_gb18030_and_bom_files_keep_chinese_names_exactly(tmp_path, capsys):
    url = f"sqlite:///{tmp_path / 'zh.db'}"
    names = ["上海浦东𠀀贸易有限公司", "北京·朝阳区 客户"]  # 𠀀 is outside GBK: GB18030 only
    gb = ("id,name\n" + "".join(f"{i},{n}\n" for i, n in enumerate(names, 1))).encode("gb18030")
    bom = b"\xef\xbb\xbf" + "id;name\n3;深圳客户\n".encode()  # a semicolon file with a UTF-8 mark
    folder = write(tmp_path / "zh", {"customer.csv": gb})
    assert main(["import", str(folder), "--database-url", url]) == 0
    folder2 = write(tmp_path / "zh2", {"customers.csv": bom})
    assert main(["import", str(folder2), "--database-url", url]) == 0
    engine = db.get_engine(url)
    with engine.connect() as conn:
        stored = conn.execute(text("SELECT name FROM customer ORDER BY id")).scalars().all()
    engine.dispose()
    assert stored == [*names, "深圳客户"]


def test_dates_iso_timestamp_compact_and_day_first_with_a_format(tmp_path):
    url = f"sqlite:///{tmp_path / 'd.db'}"
    files = {"customer.csv": "id,acquired_on\n1,2009-01-03T00:00:00Z\n2,2009/01/04\n3,20090105\n",
             "sales_order.csv": "id,customer_id,ordered_on\n1,1,03/04/2024\n2,2,25/04/2024\n"}
    assert main(["import", str(write(tmp_path / "d", files)), "--database-url", url]) == 0  # 25 > 12: day first
    files2 = {"sales_order.csv": "id,customer_id,ordered_on\n3,3,03/04/2024\n"}
    assert main(["import", str(write(tmp_path / "d2", files2)), "--date-format", "%m/%d/%Y",
                 "--database-url", url]) == 0
    engine = db.get_engine(url)
    with engine.connect() as conn:
        acquired = conn.execute(text("SELECT acquired_on FROM customer ORDER BY id")).scalars().all()
        ordered = conn.execute(text("SELECT ordered_on FROM sales_order ORDER BY id")).scalars().all()
    engine.dispose()
    assert [str(d) for d in acquired] == ["2009-01-03", "2009-01-04", "2009-01-05"]
    assert [str(d) for d in ordered] == ["2024-04-03", "2024-04-25", "2024-03-04"]


def test_workbook_one_sheet_per_table_and_formulas_without_values_refused(tmp_path, capsys):
    url = f"sqlite:///{tmp_path / 'w.db'}"
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "customer"
    sheet.append(["id", "name"])
    sheet.append([1, "Acme"])
    sheet.append([2, "=CONCAT(\"Glo\",\"bex\")"])  # a formula never calculated: no saved value
    orders = book.create_sheet("sales_order")
    orders.append(["id", "customer_id", "ordered_on"])
    from datetime import date

    orders.append([100, 1, date(2024, 5, 6)])
    path = tmp_path / "company.xlsx"
    book.save(path)
    assert main(["import", str(path), "--database-url", url]) == 1
    err = capsys.readouterr().err
    assert "company.xlsx row 3, column name (customer)" in err and "formula without a saved value" in err
    sheet["B3"] = "Globex"
    book.save(path)
    assert main(["import", str(path), "--database-url", url]) == 0
    engine = db.get_engine(url)
    with engine.connect() as conn:
        assert conn.execute(text("SELECT name FROM customer ORDER BY id")).scalars().all() == ["Acme", "Globex"]
        assert str(conn.execute(text("SELECT ordered_on FROM sales_order")).scalar_one()) == "2024-05-06"
    engine.dispose()


def test_dry_run_writes_nothing(tmp_path, capsys):
    url = f"sqlite:///{tmp_path / 'dry.db'}"
    assert main(["import", str(write(tmp_path / "m", MINIMUM)), "--dry-run", "--database-url", url]) == 0
    assert "Dry run" in capsys.readouterr().out
    assert db.is_empty(db.get_engine(url))


def test_template_files_import_as_they_are(tmp_path, capsys):
    folder = tmp_path / "template"
    assert main(["template", str(folder)]) == 0
    assert (folder / "columns.csv").exists() and (folder / "order_line.csv").exists()
    assert main(["import", str(folder), "--database-url", f"sqlite:///{tmp_path / 't.db'}"]) == 0


@pytest.mark.parametrize("into", ["a company", "an empty database"])
def test_killed_import_leaves_the_database_as_it_was(url, tmp_path, capsys, into):
    """On SQLite (its journal) and on PostgreSQL (an open transaction whose client dies); into an empty
    database the bulk path drops and re-adds foreign keys inside the transaction: they are still there."""
    files = {"customer.csv": "id,name\n" + "".join(f"{i},C{i}\n" for i in range(1000, 41000)),
             "order_line.csv": "order_id,product_id,quantity,unit_price\n" + "102,10,1,1.00\n" * 400_000,
             "sales_order.csv": "id,customer_id,ordered_on\n102,1000,2024-01-15\n"}  # a new order's lines
    if into == "a company":
        assert main(["import", str(write(tmp_path / "base", MINIMUM)), "--database-url", url]) == 0
    else:
        files |= {"product.csv": "id,name\n10,Pump\n"}
    before = content_hash(url)
    folder = write(tmp_path / "big", files)
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[3])}
    process = subprocess.Popen([sys.executable, "-m", "data", "import", str(folder), "--database-url", url],
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env,
                               cwd=Path(__file__).resolve().parents[3])
    first = process.stdout.readline()  # the first table is written: the import is half-way
    assert "customer: written" in first, first
    os.kill(process.pid, signal.SIGKILL)
    process.wait(timeout=30)
    time.sleep(0.2)
    assert content_hash(url) == before
    engine = db.get_engine(url)
    links = {fk["referred_table"] for fk in inspect(engine).get_foreign_keys("order_line")}
    engine.dispose()
    assert links == {"sales_order", "product"}


@pytest.mark.parametrize("into", ["a company", "an empty database"])
def test_a_link_the_checks_missed_is_still_refused_by_the_database(url, tmp_path, capsys, into):
    """Defence in depth: the database itself refuses an order pointing to nothing, and nothing is written
    (an empty database takes the bulk path: links checked once after the rows)."""
    from data.importing import importer

    if into == "a company":
        assert main(["import", str(write(tmp_path / "base", MINIMUM)), "--database-url", url]) == 0
    loaded = url
    before = content_hash(loaded)
    engine = db.get_engine(loaded)
    folder = write(tmp_path / "new", {"customer.csv": "id,name\n3,Initech\n",
                                      "sales_order.csv": "id,customer_id,ordered_on\n300,3,2024-05-01\n"})
    prepared = importer.prepare(engine, [folder])
    assert prepared.ok
    prepared.plans["sales_order"].columns["customer_id"] = np.array([999.0])  # as if the check had let it through
    with pytest.raises(Exception, match=r"(?i)foreign key|point to missing"):
        importer.load(engine, prepared)
    engine.dispose()
    assert content_hash(loaded) == before


def test_command_line_reports_in_chinese_when_asked(tmp_path, capsys):
    folder = write(tmp_path / "zh", {"customer.csv": "id,name,acquisition_cost\n7,New,x7\n"})
    assert main(["import", str(folder), "--lang", "zh", "--database-url", f"sqlite:///{tmp_path / 'zh.db'}"]) == 1
    err = capsys.readouterr().err
    assert "错误：customer.csv 第 2 行，acquisition_cost 列（customer）： 'x7' 不是数字" in err
    assert "发现 1 处错误：未向 sqlite:///" in err  # the closing line too


def test_dry_run_leaves_no_database_file_behind(tmp_path, capsys):
    path = tmp_path / "none.db"
    folder = write(tmp_path / "m", MINIMUM)
    assert main(["import", str(folder), "--dry-run", "--database-url", f"sqlite:///{path}"]) == 0
    assert not path.exists()
    bad = write(tmp_path / "bad", {"customer.csv": "name\nA\n"})
    assert main(["import", str(bad), "--database-url", f"sqlite:///{path}"]) == 1
    assert not path.exists()


def test_ambiguous_dates_name_the_first_such_row(tmp_path, capsys):
    files = {"customer.csv": "id\n1\n",
             "sales_order.csv": "id,customer_id,ordered_on\n1,1,2012-07-01\n2,1,07/08/2012\n"}
    assert main(["import", str(write(tmp_path / "d", files)), "--database-url", f"sqlite:///{tmp_path / 'a.db'}"]) == 1
    assert "sales_order.csv row 3, column ordered_on (sales_order): '07/08/2012' has dates like this one" in \
        capsys.readouterr().err


def test_currency_is_validated_and_kept(tmp_path, capsys):
    from data.importing import importer

    url = f"sqlite:///{tmp_path / 'c.db'}"
    folder = write(tmp_path / "m", MINIMUM)
    assert main(["import", str(folder), "--currency", "dollars", "--database-url", url]) == 1
    assert "'dollars' is not an ISO 4217 currency code" in capsys.readouterr().err
    assert main(["import", str(folder), "--currency", "usd", "--database-url", url]) == 0
    engine = db.get_engine(url)
    assert importer.currency(engine) == "USD"
    engine.dispose()


def test_currency_of_a_database_without_one_is_the_demo_default(tmp_path):
    from data.importing import importer

    engine = db.get_engine(f"sqlite:///{tmp_path / 'empty.db'}")
    assert importer.currency(engine) == "CNY"
    engine.dispose()
