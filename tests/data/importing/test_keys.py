"""Text keys, links resolved by them, order lines found again: an import of a company whose ids are text (a trading
company: ALFKI, 00123), imported twice, on SQLite and PostgreSQL."""

import hashlib
import json

import pytest
from sqlalchemy import text

from cli.data import main
from data import db
from tests.data.importing.test_importer import write

# an import's own bookkeeping changes with every import: who imported when (audit), the data's generation counter
BOOKKEEPING = {"audit_event", "dataset_info", "job_lock"}


def table_hashes(url: str) -> dict[str, str]:
    """One digest per table of the model over every row in key order (bookkeeping tables left out)."""
    engine = db.get_engine(url)
    out = {}
    with engine.connect() as conn:
        for table in db.tables():
            if table.name in BOOKKEEPING:
                continue
            key = ", ".join(c.name for c in table.primary_key.columns)
            found = [tuple(r) for r in conn.execute(text(f"SELECT * FROM {table.name} ORDER BY {key}"))]
            out[table.name] = hashlib.sha256(repr(found).encode()).hexdigest()
    engine.dispose()
    return out

TEXT_KEYS = {
    "employee.csv": "id,name\nE-01,Nancy\nE-02,Andrew\n",
    "customer.csv": "id,name,manager_id,referred_by_id\nALFKI,Alfreds,E-01,\n00123,Zero Ltd,E-02,ALFKI\n"
                    "ANATR,Ana,,00123\n",
    "product.csv": "id,name\nP1,Chai\n002,Chang\n",
    "sales_order.csv": "id,customer_id,ordered_on,sales_rep_id\n10248,ALFKI,1996-07-04,E-01\n"
                       "10249,00123,1996-07-05,E-02\n",
    "order_line.csv": "order_id,product_id,quantity,unit_price,discount\n10248,P1,12,14.00,0\n10248,002,10,9.80,0\n"
                      "10248,P1,12,14.00,0\n10249,P1,5,34.80,0.05\n",
}


@pytest.fixture(params=["sqlite", "postgresql"])
def url(request, tmp_path):
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'company.db'}"
    return request.getfixturevalue("postgres_url")


def rows(url: str, sql: str) -> list[tuple]:
    engine = db.get_engine(url)
    with engine.connect() as conn:
        found = [tuple(r) for r in conn.execute(text(sql))]
    engine.dispose()
    return found


def test_text_keys_are_kept_as_codes_and_links_resolve_by_them(url, tmp_path, capsys):
    assert main(["import", str(write(tmp_path / "f", TEXT_KEYS)), "--database-url", url]) == 0
    customers = rows(url, "SELECT c.code, m.code, r.code FROM customer c LEFT JOIN employee m ON m.id = c.manager_id "
                          "LEFT JOIN customer r ON r.id = c.referred_by_id ORDER BY c.id")
    assert customers == [("ALFKI", "E-01", None), ("00123", "E-02", "ALFKI"), ("ANATR", None, "00123")]
    lines = rows(url, "SELECT o.code, c.code, p.code, l.line_no, l.quantity FROM order_line l "
                      "JOIN sales_order o ON o.id = l.order_id JOIN customer c ON c.id = o.customer_id "
                      "JOIN product p ON p.id = l.product_id ORDER BY o.id, l.line_no")
    # order ids are whole numbers: the ids themselves, no code; lines numbered by their position in the order
    assert lines == [(None, "ALFKI", "P1", 1, 12), (None, "ALFKI", "002", 2, 10), (None, "ALFKI", "P1", 3, 12),
                     (None, "00123", "P1", 1, 5)]
    assert rows(url, "SELECT id FROM sales_order ORDER BY id") == [(10248,), (10249,)]
    ids = [r[0] for r in rows(url, "SELECT id FROM customer ORDER BY id")]
    assert ids == [1, 2, 3]  # surrogate ids, numbered in the file's order


def test_the_same_files_again_upsert_changes_nothing_append_is_refused_once(url, tmp_path, capsys):
    folder = write(tmp_path / "f", TEXT_KEYS)
    assert main(["import", str(folder), "--database-url", url]) == 0
    before = table_hashes(url)
    assert len(before) > 20  # every table of the model, not only those imported
    revenue = rows(url, "SELECT sum(quantity * unit_price * (1 - discount)) FROM order_line")
    assert main(["import", str(folder), "--mode", "upsert", "--database-url", url]) == 0
    assert table_hashes(url) == before  # every table, every row: no doubled lines, no new customers
    assert rows(url, "SELECT sum(quantity * unit_price * (1 - discount)) FROM order_line") == revenue
    capsys.readouterr()
    assert main(["import", str(folder), "--database-url", url]) == 1
    err = capsys.readouterr().err
    assert err.count("already in the database") == 13  # 2 + 3 + 2 + 2 + 4 rows: few, one line each
    assert table_hashes(url) == before


def test_many_rows_already_there_are_summed_up_in_one_line(tmp_path, capsys):
    url = f"sqlite:///{tmp_path / 'many.db'}"
    files = {"customer.csv": "id,name\n" + "".join(f"C{i:04d},N{i}\n" for i in range(91)),
             "sales_order.csv": "id,customer_id,ordered_on\n" + "".join(
                 f"{10000 + i},C{i % 91:04d},2024-01-{1 + i % 28:02d}\n" for i in range(830))}
    folder = write(tmp_path / "f", files)
    assert main(["import", str(folder), "--database-url", url]) == 0
    capsys.readouterr()
    assert main(["import", str(folder), "--database-url", url]) == 1
    err = capsys.readouterr().err
    faults = [line for line in err.splitlines() if line.startswith("fault")]
    assert len(faults) == 1, err
    assert "921 rows are already in the database" in faults[0]
    assert "customer 91/91" in faults[0] and "sales order 830/830" in faults[0] and "--mode upsert" in faults[0]


def test_numeric_keys_stay_ids_without_codes(tmp_path):
    url = f"sqlite:///{tmp_path / 'n.db'}"
    files = {"customer.csv": "id,name\n7,A\n12,B\n", "sales_order.csv": "id,customer_id,ordered_on\n5,12,2024-01-02\n"}
    assert main(["import", str(write(tmp_path / "f", files)), "--database-url", url]) == 0
    assert rows(url, "SELECT id, code FROM customer ORDER BY id") == [(7, None), (12, None)]
    assert rows(url, "SELECT id, customer_id, code FROM sales_order") == [(5, 12, None)]


def test_codes_of_later_imports_find_earlier_rows_and_numbers_stay_numbers(tmp_path):
    """Once a table holds codes its keys stay codes: a later file naming ``ALFKI`` reaches the same customer, a
    customer first imported by number is still reached by that number."""
    url = f"sqlite:///{tmp_path / 'later.db'}"
    assert main(["import", str(write(tmp_path / "a", {"customer.csv": "id,name\n5,Five\n"})),
                 "--database-url", url]) == 0
    assert main(["import", str(write(tmp_path / "b", {"customer.csv": "id,name\nALFKI,Alfreds\n"})),
                 "--database-url", url]) == 0
    orders = {"sales_order.csv": "id,customer_id,ordered_on\n1,ALFKI,2024-01-02\n2,5,2024-01-03\n"}
    assert main(["import", str(write(tmp_path / "c", orders)), "--database-url", url]) == 0
    assert rows(url, "SELECT id, code FROM customer ORDER BY id") == [(5, None), (6, "ALFKI")]
    assert rows(url, "SELECT id, customer_id FROM sales_order ORDER BY id") == [(1, 6), (2, 5)]


def test_a_link_to_an_unknown_code_is_a_fault_named_by_row(tmp_path, capsys):
    url = f"sqlite:///{tmp_path / 'u.db'}"
    files = {"customer.csv": "id,name\nALFKI,A\n", "sales_order.csv": "id,customer_id,ordered_on\n1,ALFKI,2024-01-02\n"
                                                                       "2,BONAP,2024-01-03\n"}
    assert main(["import", str(write(tmp_path / "f", files)), "--database-url", url]) == 1
    assert "sales_order.csv row 3, column customer_id (sales_order): 'BONAP' points to a customer" in \
        capsys.readouterr().err


def test_a_code_twice_in_a_file_is_a_fault(tmp_path, capsys):
    url = f"sqlite:///{tmp_path / 't.db'}"
    folder = write(tmp_path / "f", {"customer.csv": "id\nA1\nB2\nA1\n"})
    assert main(["import", str(folder), "--database-url", url]) == 1
    assert "customer.csv row 4, column id (customer): 'A1' appears more than once in the file (first in row 2)" in \
        capsys.readouterr().err


def test_company_line_numbers_are_the_key_and_a_number_twice_is_a_fault(tmp_path, capsys):
    url = f"sqlite:///{tmp_path / 'l.db'}"
    base = {"customer.csv": "id\n1\n", "product.csv": "id,name\n1,P\n",
            "sales_order.csv": "id,customer_id,ordered_on\n1,1,2024-01-02\n"}
    lines = {"order_line.csv": "order_id,line_no,product_id,quantity,unit_price\n1,10,1,1,2.00\n1,20,1,3,2.00\n"}
    assert main(["import", str(write(tmp_path / "a", {**base, **lines})), "--database-url", url]) == 0
    changed = {"order_line.csv": "order_id,line_no,product_id,quantity,unit_price\n1,20,1,4,2.00\n"}
    assert main(["import", str(write(tmp_path / "b", changed)), "--mode", "upsert", "--database-url", url]) == 0
    assert rows(url, "SELECT line_no, quantity FROM order_line ORDER BY line_no") == [(10, 1), (20, 4)]
    twice = {"order_line.csv": "order_id,line_no,product_id,quantity,unit_price\n1,30,1,1,2.00\n1,30,1,1,2.00\n"}
    assert main(["import", str(write(tmp_path / "c", twice)), "--database-url", url]) == 1
    assert "order_line.csv row 3, column line_no (order_line): '30' this order already has a line with this number" \
        in capsys.readouterr().err


def test_json_summary_carries_money_as_exact_decimals(tmp_path, capsys):
    url = f"sqlite:///{tmp_path / 'j.db'}"
    files = {"customer.csv": "id\n1\n", "product.csv": "id,name\n1,P\n",
             "sales_order.csv": "id,customer_id,ordered_on\n1,1,2024-01-02\n",
             # 3 x 0.10 is 0.30000000000000004 in floats; 7 x 19.99 x 0.95 = 132.9335 -> 132.93
             "order_line.csv": "order_id,product_id,quantity,unit_price,discount\n1,1,3,0.10,0\n1,1,7,19.99,0.05\n"}
    assert main(["import", str(write(tmp_path / "f", files)), "--dry-run", "--json", "--currency", "usd",
                 "--database-url", url]) == 0
    summary = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert summary["currency"] == "USD" and summary["dry_run"] is True
    assert summary["money"]["order_line"]["revenue"] == "133.23"  # 0.30 + 132.9335, rounded once
    assert summary["tables"]["order_line"]["rows"] == 2
