"""Two imports checked against the same database before either writes (two people, two processes): the second
write ends with faults named by row, nothing written, never a traceback; different new codes both go in."""

import numpy as np
import pytest
from sqlalchemy import text

from data import db
from data.importing import importer
from tests.data.importing.test_importer import MINIMUM, write


@pytest.fixture(params=["sqlite", "postgresql"])
def engine(request, tmp_path):
    url = f"sqlite:///{tmp_path / 'race.db'}" if request.param == "sqlite" else request.getfixturevalue("postgres_url")
    engine = db.get_engine(url)
    importer.load(engine, importer.prepare(engine, [write(tmp_path / "base", MINIMUM)]))
    yield engine
    engine.dispose()


def both_checked(engine, first, second):
    return importer.prepare(engine, [first]), importer.prepare(engine, [second])


@pytest.mark.parametrize("ids", ["50,51", "ALFKI,BONAP"])
def test_the_same_new_customers_twice_second_gets_faults_by_row(engine, tmp_path, ids):
    a, b = ids.split(",")
    files = {"customer.csv": f"id,name\n{a},First\n{b},Second\n",
             "sales_order.csv": f"id,customer_id,ordered_on\n900,{a},2024-03-01\n"}
    one, two = both_checked(engine, write(tmp_path / "one", files),
                            write(tmp_path / "two", {**files, "sales_order.csv": f"id,customer_id,ordered_on\n"
                                                                                 f"901,{b},2024-03-02\n"}))
    assert one.ok and two.ok
    importer.load(engine, one)
    with engine.connect() as conn:
        before = conn.execute(text("SELECT count(*) FROM customer")).scalar_one()
    with pytest.raises(importer.KeysTaken) as raised:
        importer.load(engine, two)
    lines = [f.line() for f in raised.value.faults]
    assert lines == [f"fault: customer.csv row 2, column id (customer): '{a}' is already in the database: another "
                     "import added it while this one was being checked. Nothing was written: check again",
                     f"fault: customer.csv row 3, column id (customer): '{b}' is already in the database: another "
                     "import added it while this one was being checked. Nothing was written: check again"]
    with engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM customer")).scalar_one() == before
        assert conn.execute(text("SELECT count(*) FROM sales_order WHERE id = 901")).scalar_one() == 0


def test_different_new_codes_both_go_in_with_their_links(engine, tmp_path):
    one, two = both_checked(
        engine,
        write(tmp_path / "one", {"customer.csv": "id,name\nALFKI,A\n",
                                 "sales_order.csv": "id,customer_id,ordered_on\n900,ALFKI,2024-03-01\n"}),
        write(tmp_path / "two", {"customer.csv": "id,name\nBONAP,B\nCACTU,C\n",
                                 "sales_order.csv": "id,customer_id,ordered_on\n901,CACTU,2024-03-02\n"}))
    # both were numbered from the same largest id
    assert np.nanmin(one.plans["customer"].columns["id"]) == np.nanmin(two.plans["customer"].columns["id"])
    importer.load(engine, one)
    importer.load(engine, two)  # its new ids move past the first import's
    with engine.connect() as conn:
        found = conn.execute(text("SELECT c.code, o.id FROM customer c LEFT JOIN sales_order o "
                                  "ON o.customer_id = c.id WHERE c.code IS NOT NULL ORDER BY c.code")).all()
    assert [tuple(r) for r in found] == [("ALFKI", 900), ("BONAP", None), ("CACTU", 901)]
