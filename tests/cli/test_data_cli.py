"""``python -m data``: demo, ensure-demo, check."""

import sqlite3

from sqlalchemy import text

from cli.data import main
from data import db


def test_check_passes_on_clean_data_and_flags_each_problem(tmp_path, capsys):
    url = f"sqlite:///{tmp_path / 'c.db'}"
    assert main(["demo", "--customers", "200", "--database-url", url]) == 0
    assert main(["check", "--database-url", url]) == 0
    assert "no problems found" in capsys.readouterr().out
    engine = db.get_engine(url)
    with engine.begin() as conn:
        conn.execute(text("UPDATE order_line SET quantity = -2 WHERE id = 1"))
        conn.execute(text("UPDATE service_ticket SET first_response_at = '2000-01-01 00:00:00.000000' WHERE id = 1"))
    engine.dispose()
    raw = sqlite3.connect(tmp_path / "c.db")  # foreign keys off: plant an orphan as a bad import would
    raw.execute("UPDATE sales_order SET customer_id = 999999 WHERE id = 1")
    raw.commit()
    raw.close()
    assert main(["check", "--database-url", url]) == 1
    out = capsys.readouterr().out
    assert "order lines with a quantity of zero or less" in out
    assert "tickets answered before they were opened" in out
    assert "sales_order.customer_id pointing to a missing customer" in out


def test_ensure_demo_never_overwrites_existing_data(tmp_path, capsys):
    url = f"sqlite:///{tmp_path / 'e.db'}"
    assert main(["ensure-demo", "--customers", "150", "--database-url", url]) == 0
    engine = db.get_engine(url)
    with engine.begin() as conn:
        conn.execute(text("UPDATE customer SET name = 'Kept' WHERE id = 1"))
    assert main(["ensure-demo", "--customers", "300", "--database-url", url]) == 0
    with engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM customer")).scalar_one() == 150
        assert conn.execute(text("SELECT name FROM customer WHERE id = 1")).scalar_one() == "Kept"
    assert "existing database" in capsys.readouterr().out
    engine.dispose()


def test_unreachable_database_gives_a_clear_message(capsys):
    url = "postgresql://crm:hunter2@127.0.0.1:1/crm"
    assert main(["check", "--database-url", url]) == 3
    err = capsys.readouterr().err
    assert "Cannot reach the database at postgresql://crm:***@127.0.0.1:1/crm" in err
    assert "hunter2" not in err


def test_check_reports_order_lines_imported_twice(tmp_path, capsys):
    url = f"sqlite:///{tmp_path / 'twice.db'}"
    assert main(["demo", "--customers", "150", "--database-url", url]) == 0
    assert main(["check", "--database-url", url]) == 0  # a few repeated lines are a finding, not a problem
    engine = db.get_engine(url)
    with engine.begin() as conn:  # every line again, as an import without line keys once did
        conn.execute(text("INSERT INTO order_line (id, order_id, product_id, quantity, unit_price, unit_cost, "
                          "discount) SELECT id + 10000000, order_id, product_id, quantity, unit_price, unit_cost, "
                          "discount "
                          "FROM order_line"))
    engine.dispose()
    capsys.readouterr()
    assert main(["check", "--database-url", url]) == 1
    assert "order lines repeated within their order (same product, quantity and price): 5" in capsys.readouterr().out
