"""Text ids for the tables nothing links to (order lines, tickets, survey answers, campaign contacts, ...): a
company's own row key such as Northwind's line id ``10248-11`` is kept in ``code``, and importing the same files
again finds its rows by it (upsert changes nothing, append is refused row by row), on SQLite and PostgreSQL."""

import pytest
from sqlalchemy import inspect

from cli.data import main
from data import db
from data.importing.rules import IMPORTABLE, spec
from tests.data.importing.test_importer import write
from tests.data.importing.test_keys import rows, table_hashes

BASE = {
    "customer.csv": "id,name\nALFKI,Alfreds\nANATR,Ana\n",
    "product.csv": "id,name\n11,Queso\n42,Tofu\n",
    "sales_order.csv": "id,customer_id,ordered_on\n10248,ALFKI,2024-01-02\n10249,ANATR,2024-01-03\n",
}
# Northwind's line ids: order and product joined by a dash
LINES = {"order_line.csv": "id,order_id,product_id,quantity,unit_price\n10248-11,10248,11,12,14.00\n"
                           "10248-42,10248,42,10,9.80\n10249-11,10249,11,5,14.00\n"}
OTHERS = {
    "service_ticket.csv": "id,customer_id,category,channel,opened_at,promised_at,csat\n"
                          "T-001,ALFKI,repair,phone,2024-01-05,2024-01-07,4\nT-002,ANATR,how_to,email,2024-01-06,"
                          "2024-01-08,5\n",
    "survey_response.csv": "id,customer_id,responded_on,nps,csat\nS-9,ALFKI,2024-02-01,9,5\nS-10,ANATR,2024-02-02,"
                           "6,3\n",
}


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def url(request, tmp_path):
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'company.db'}"
    return request.getfixturevalue("postgres_url")


@pytest.mark.parametrize("name", IMPORTABLE)
def test_every_importable_table_has_a_unique_code_and_takes_a_text_id(sqlite_engine, name):
    indexes = inspect(sqlite_engine).get_indexes(name)
    assert any(ix["column_names"] == ["code"] and ix["unique"] for ix in indexes)
    assert next(c for c in spec(name) if c.name == "id").kind == "key"  # read as text, not "a whole number"


def test_line_ids_as_text_are_kept_and_the_line_numbers_stay_positions(url, tmp_path):
    assert main(["import", str(write(tmp_path / "f", {**BASE, **LINES})), "--database-url", url]) == 0
    found = rows(url, "SELECT l.code, l.order_id, l.line_no, l.quantity FROM order_line l ORDER BY l.id")
    assert found == [("10248-11", 10248, 1, 12), ("10248-42", 10248, 2, 10), ("10249-11", 10249, 1, 5)]


def test_the_same_files_again_upsert_changes_nothing_append_names_each_row(url, tmp_path, capsys):
    folder = write(tmp_path / "f", {**BASE, **LINES, **OTHERS})
    assert main(["import", str(folder), "--database-url", url]) == 0
    before = table_hashes(url)
    assert main(["import", str(folder), "--mode", "upsert", "--database-url", url]) == 0
    assert table_hashes(url) == before  # no line, ticket or answer doubled; none renumbered
    assert rows(url, "SELECT count(*) FROM order_line") == [(3,)]
    capsys.readouterr()
    assert main(["import", str(folder), "--database-url", url]) == 1
    err = capsys.readouterr().err
    assert "order_line.csv row 2, column id (order_line): '10248-11' is already in the database" in err
    assert "service_ticket.csv row 3, column id (service_ticket): 'T-002' is already in the database" in err
    assert table_hashes(url) == before


def test_an_upsert_updates_the_rows_its_codes_name_and_adds_new_codes_after_the_largest_id(tmp_path):
    url = f"sqlite:///{tmp_path / 'later.db'}"
    assert main(["import", str(write(tmp_path / "a", {**BASE, **LINES, **OTHERS})), "--database-url", url]) == 0
    ids = dict(rows(url, "SELECT code, id FROM order_line"))
    changed = {"order_line.csv": "id,order_id,product_id,quantity,unit_price\n10248-42,10248,42,99,9.80\n"
                                 "10249-42,10249,42,1,9.80\n",
               "survey_response.csv": "id,customer_id,responded_on,nps,csat\nS-10,ANATR,2024-02-02,10,5\n"}
    assert main(["import", str(write(tmp_path / "b", changed)), "--mode", "upsert", "--database-url", url]) == 0
    after = {code: (i, q) for code, i, q in rows(url, "SELECT code, id, quantity FROM order_line")}
    assert after["10248-42"] == (ids["10248-42"], 99)  # the same row, updated
    assert after["10248-11"] == (ids["10248-11"], 12)  # untouched
    assert after["10249-42"] == (max(ids.values()) + 1, 1)  # a new code: the next id
    assert rows(url, "SELECT code, nps FROM survey_response ORDER BY code") == [("S-10", 10), ("S-9", 9)]


def test_a_text_line_id_twice_in_a_file_is_a_fault_named_by_row(tmp_path, capsys):
    url = f"sqlite:///{tmp_path / 't.db'}"
    twice = {"order_line.csv": "id,order_id,product_id,quantity,unit_price\n10248-11,10248,11,1,14.00\n"
                               "10248-11,10248,42,1,9.80\n"}
    assert main(["import", str(write(tmp_path / "f", {**BASE, **twice})), "--database-url", url]) == 1
    assert ("order_line.csv row 3, column id (order_line): '10248-11' appears more than once in the file "
            "(first in row 2)") in capsys.readouterr().err
    engine = db.get_engine(url)
    written = "order_line" in inspect(engine).get_table_names()
    engine.dispose()
    assert not written or rows(url, "SELECT count(*) FROM order_line") == [(0,)]  # nothing written


def test_whole_number_ids_of_other_tables_stay_ids_without_codes(tmp_path):
    url = f"sqlite:///{tmp_path / 'n.db'}"
    numbered = {"service_ticket.csv": "id,customer_id,category,channel,opened_at,promised_at\n"
                                      "70,ALFKI,repair,phone,2024-01-05,2024-01-07\n"}
    assert main(["import", str(write(tmp_path / "f", {**BASE, **numbered})), "--database-url", url]) == 0
    assert rows(url, "SELECT id, code FROM service_ticket") == [(70, None)]
