"""A refresh never dies of one step: a step that raises or warns is recorded, the store is built all the same."""

import threading
import warnings

import duckdb
import pytest
from sqlalchemy import text
from statsmodels.tools.sm_exceptions import ConvergenceWarning, InfeasibleTestError

from data import analytics, db, locks
from data.demo.builder import build_demo
from jobs import refresh as precompute
from metrics.base.store import write_table


@pytest.fixture(scope="module")
def company(tmp_path_factory):
    """A small demo company in a SQLite file of its own (its store beside it)."""
    url = f"sqlite:///{tmp_path_factory.mktemp('refresh') / 'company.db'}"
    engine = db.get_engine(url)
    build_demo(engine, customers=120, seed=3)
    yield engine
    engine.dispose()


def raising(store, connection):
    write_table(connection, "kpi_forecast", store.query("SELECT 1 AS half_written"))
    raise InfeasibleTestError("The x values include a column with constant values")


def warning(store, connection):
    warnings.warn("Maximum Likelihood optimization failed to converge", ConvergenceWarning, stacklevel=1)
    write_table(connection, "customer_lifetime", store.query("SELECT 1 AS customer_id"))


def fine(store, connection):
    write_table(connection, "scorecard_values", store.query("SELECT 1 AS kpi_id"))


STEPS = (("forecast", raising), ("lifetime_values", warning), ("default_scorecard", fine))


def recorded(path) -> dict[str, tuple]:
    with duckdb.connect(str(path), read_only=True) as store:
        rows = store.execute("SELECT step, status, reason_code, reason_en, reason_zh FROM refresh_steps").fetchall()
    return {r[0]: r[1:] for r in rows}


def tables(path) -> set[str]:
    with duckdb.connect(str(path), read_only=True) as store:
        return {r[0] for r in store.execute("SELECT table_name FROM information_schema.tables").fetchall()}


def test_a_step_that_raises_and_one_that_warns_leave_the_store_built(company, monkeypatch, capfd):
    monkeypatch.setattr(precompute, "STEPS", STEPS)
    done = precompute.run(company)
    assert done.swapped and done.path.exists()
    steps = recorded(done.path)
    assert steps["forecast"][:2] == ("failed", "constant_series")
    assert steps["lifetime_values"][:2] == ("warned", "no_convergence")
    assert steps["default_scorecard"][:2] == ("ok", "")
    for _, _, _code, en, zh in [(k, *v) for k, v in steps.items() if v[0] != "ok"]:
        assert en and zh and "Traceback" not in en and "\n" not in en
    found = tables(done.path)
    assert "kpi_forecast" not in found  # the failed step's half-written table is gone
    assert {"customer_lifetime", "scorecard_values", "customer", "sales"} <= found
    assert [s.step for s in done.doubts] == ["forecast", "lifetime_values"]
    out, err = capfd.readouterr()
    assert "ConvergenceWarning" not in out + err  # never printed raw


def test_the_command_line_refresh_lists_the_failed_step_and_exits_0(company, monkeypatch, capsys):
    from cli import data as data_cli
    monkeypatch.setattr(precompute, "STEPS", STEPS)
    code = data_cli.main(["--database-url", company.url.render_as_string(hide_password=False), "refresh"])
    out, err = capsys.readouterr()
    assert code == 0
    assert "Refreshed the analytical store" in out
    assert "forecast could not compute: a series it needs does not vary" in err
    assert "lifetime_values computed with a warning" in err
    assert "Traceback" not in out + err


def test_an_older_refresh_never_replaces_a_newer_store(company, monkeypatch):
    """Refresh A reads the data, pauses in a step; the data change (generation raised) and refresh B swaps its
    store in; A then finishes and is discarded: the store holds the newer data."""
    entered, go_on = threading.Event(), threading.Event()

    def paused(store, connection):
        entered.set()
        assert go_on.wait(60)

    results = {}
    first = threading.Thread(target=lambda: results.setdefault("a", analytics.build(
        company, derive=lambda duck, path: precompute.derive(duck, path, steps=(("paused", paused),)))))
    first.start()
    assert entered.wait(60)
    with company.begin() as conn:
        before = conn.execute(text("SELECT count(*) FROM customer")).scalar_one()
        conn.execute(text("INSERT INTO customer (id, name, region, industry, channel, acquired_on) "
                          "SELECT (SELECT max(id) + 1 FROM customer), 'Newer Ltd', region, industry, channel, "
                          "acquired_on FROM customer WHERE id = (SELECT min(id) FROM customer)"))
        locks.bump_generation(conn)
    newer = analytics.build(company)
    go_on.set()
    first.join(60)
    assert newer.swapped and not results["a"].swapped
    with duckdb.connect(str(newer.path), read_only=True) as store:
        assert store.execute("SELECT count(*) FROM customer").fetchone()[0] == before + 1
        assert store.execute("SELECT value FROM store_meta WHERE key = 'generation'").fetchone()[0] == str(
            locks.generation(company))
    assert not list(newer.path.parent.glob("*.building"))
