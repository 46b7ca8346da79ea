"""The sample companies' files hold what the packages hold, in the importer's columns, and nothing they lack."""

import pandas as pd
import pytest

from data.importing.rules import IMPORTABLE, spec
from tests.samples import fetch

# published sizes of the two sample databases (issue 17 quotes Northwind's; Chinook's are its documented counts)
SIZES = {
    "northwind": {"customer": 91, "product": 77, "sales_order": 830, "order_line": 2155},
    "chinook": {"employee": 8, "customer": 59, "product": 3503, "sales_order": 412, "order_line": 2240},
}
# what each company does not keep: the conversion must not invent it
ABSENT = {
    "northwind": {("order_line", "unit_cost"), ("product", "unit_cost"), ("customer", "manager_id"),
                  ("customer", "churned_on"), ("sales_order", "sales_rep_id")},
    "chinook": {("order_line", "unit_cost"), ("product", "unit_cost"), ("customer", "churned_on")},
}


@pytest.fixture(scope="module", params=sorted(SIZES))
def company(request, tmp_path_factory):
    folder = fetch.company_files(request.param, tmp_path_factory.mktemp(request.param))
    return request.param, {p.stem: pd.read_csv(p, dtype=str, keep_default_na=False) for p in folder.glob("*.csv")}


def test_every_row_of_the_package_is_written(company):
    name, tables = company
    assert {t: len(f) for t, f in tables.items()} == SIZES[name]


def test_files_and_columns_are_the_importers(company):
    _, tables = company
    for table, frame in tables.items():
        assert table in IMPORTABLE
        assert set(frame.columns) <= {c.name for c in spec(table)}, table


def test_what_the_company_lacks_is_left_out(company):
    name, tables = company
    for table, column in ABSENT[name]:
        assert column not in tables.get(table, pd.DataFrame()).columns, (table, column)


def test_northwind_keeps_its_own_text_customer_ids():
    tables = fetch.northwind_source()
    customers = set(tables["Customer"]["Id"])
    assert "ALFKI" in customers and set(tables["Order"]["CustomerId"]) <= customers


def test_chinook_customers_are_served_by_its_support_reps(tmp_path):
    folder = fetch.write_chinook(tmp_path)
    customers, employees = pd.read_csv(folder / "customer.csv"), pd.read_csv(folder / "employee.csv")
    reps = set(customers["manager_id"])
    assert reps <= set(employees["id"]) and len(reps) == 3
