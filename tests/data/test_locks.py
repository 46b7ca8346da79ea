"""One import or refresh at a time, across real processes, on SQLite and PostgreSQL: the second waits and says for
whom, or gives up cleanly with exit code 4; the generation counter rises with each write of facts."""

import os
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from sqlalchemy import text

from data import db, locks

ROOT = Path(__file__).resolve().parents[2]
HOLD = textwrap.dedent("""
    import sys, time
    from pathlib import Path
    from data import db, locks
    engine = db.get_engine(sys.argv[1])
    with locks.job_lock(engine, "import by tester"):
        print("held", flush=True)
        stop = Path(sys.argv[2])
        deadline = time.monotonic() + 300
        while not stop.exists() and time.monotonic() < deadline:
            time.sleep(0.1)
    print("released", flush=True)
""")


@pytest.fixture(params=["sqlite", "postgresql"])
def database(request, tmp_path) -> str:
    """An empty database with the schema, as the README writes its URL."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'locks.db'}"
    else:
        url = "postgresql://" + request.getfixturevalue("postgres_url").split("://", 1)[1]
    engine = db.get_engine(url)
    db.create_schema(engine)
    engine.dispose()
    return url


def customers_file(folder: Path, first: int, count: int) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "customer.csv"
    path.write_text("id,name\n" + "".join(f"{i},Customer {i}\n" for i in range(first, first + count)))
    return path


def cli(url: str, *args: str, wait_s: float) -> subprocess.Popen:
    env = {**os.environ, "DATABASE_URL": url, locks.WAIT_ENV: str(wait_s), "ANALYTICS_DIR": str(Path(
        os.environ.get("PYTEST_TMP", "/tmp")))}
    return subprocess.Popen([sys.executable, "-m", "data", *args], cwd=ROOT, env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)


def count(url: str) -> int:
    engine = db.get_engine(url)
    with engine.connect() as conn:
        n = conn.execute(text("SELECT count(*) FROM customer")).scalar_one()
    engine.dispose()
    return n


def test_a_second_import_waits_for_the_first_or_gives_up_with_exit_4(database, tmp_path, monkeypatch):
    monkeypatch.setenv("PYTEST_TMP", str(tmp_path))
    stop = tmp_path / "stop"
    holder = subprocess.Popen([sys.executable, "-c", HOLD, database, str(stop)], cwd=ROOT, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "held"
        impatient = cli(database, "import", str(customers_file(tmp_path / "a", 1, 50)), wait_s=1)
        out, err = impatient.communicate(timeout=300)
        assert impatient.returncode == 4, out + err
        assert "another import by tester has been running since" in err
        assert "Traceback" not in err and count(database) == 0

        patient = cli(database, "import", str(customers_file(tmp_path / "b", 101, 50)), wait_s=300)
        first = patient.stderr.readline()
        assert "another import by tester has been running since" in first and "waiting" in first
        started = time.monotonic()
        time.sleep(1.0)
        stop.touch()
        out, err = patient.communicate(timeout=300)
        assert patient.returncode == 0, out + err
        assert time.monotonic() - started >= 1.0
        assert count(database) == 50
    finally:
        stop.touch()
        holder.communicate(timeout=60)


def test_a_refresh_waits_for_an_import_and_reports_busy_plainly(database, tmp_path, monkeypatch):
    monkeypatch.setenv("PYTEST_TMP", str(tmp_path))
    stop = tmp_path / "stop"
    holder = subprocess.Popen([sys.executable, "-c", HOLD, database, str(stop)], cwd=ROOT, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "held"
        refresh = cli(database, "refresh", wait_s=0.5)
        out, err = refresh.communicate(timeout=300)
        assert refresh.returncode == 4, out + err
        assert "Not started: another import by tester has been running since" in err
        assert "Cannot reach" not in err
    finally:
        stop.touch()
        holder.communicate(timeout=60)


def test_a_lock_left_by_a_process_that_died_is_taken(tmp_path):
    url = f"sqlite:///{tmp_path / 'dead.db'}"
    engine = db.get_engine(url)
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    with locks.job_lock(engine, "first"):
        pass
    with engine.begin() as conn:
        conn.execute(text("INSERT INTO job_lock (name, holder, pid, host, since) VALUES ('data', 'import by ghost', "
                          ":pid, :host, '2026-01-01T10:42:00')"), {"pid": dead.pid, "host": os.uname().nodename})
    started = time.monotonic()
    with locks.job_lock(engine, "second", wait_s=5):
        assert time.monotonic() - started < 2
    engine.dispose()


def test_the_generation_rises_once_per_write(tmp_path):
    engine = db.get_engine(f"sqlite:///{tmp_path / 'g.db'}")
    db.create_schema(engine)
    assert locks.generation(engine) == 0
    for expected in (1, 2, 3):
        with engine.begin() as conn:
            locks.bump_generation(conn)
        assert locks.generation(engine) == expected
    with pytest.raises(RuntimeError), engine.begin() as conn:  # a write rolled back leaves it as it was
        locks.bump_generation(conn)
        raise RuntimeError("the write failed")
    assert locks.generation(engine) == 3
    engine.dispose()
