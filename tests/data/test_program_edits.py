"""Edits of the program tables: validated (dates in order, % within 0..100, costs not negative), all or nothing."""

import threading
from datetime import date
from decimal import Decimal

import duckdb
import pytest
from sqlmodel import Session, select

from data import analytics, db, locks, models
from data import program as edits
from data.demo.builder import build_demo
from jobs import refresh as precompute


@pytest.fixture
def engine(sqlite_engine):
    _program_step(sqlite_engine)
    return sqlite_engine


def _update(session, **changes):
    values = {"step_id": 1, "planned_start": date(2024, 1, 1), "planned_end": date(2024, 3, 31),
              "actual_start": date(2024, 1, 5), "actual_end": None, "percent_complete": 40.0, "owner": " B ",
              "status": "in_progress"}
    return edits.update_step(session=session, **{**values, **changes})


def test_a_valid_step_edit_is_saved(engine):
    with db.session_scope(engine) as session:
        _update(session)
    with Session(engine) as session:
        step = session.get(models.ProgramStep, 1)
        assert (step.percent_complete, step.owner, step.status, step.actual_start) == (40.0, "B", "in_progress",
                                                                                       date(2024, 1, 5))


@pytest.mark.parametrize(("changes", "field", "code"), [
    ({"planned_end": date(2023, 12, 31)}, "planned_end", "edit_dates_order"),
    ({"actual_end": date(2024, 1, 1)}, "actual_end", "edit_dates_order"),
    ({"actual_start": None, "actual_end": date(2024, 2, 1)}, "actual_start", "edit_end_without_start"),
    ({"percent_complete": 100.5}, "percent_complete", "edit_percent_range"),
    ({"percent_complete": -1}, "percent_complete", "edit_percent_range"),
    ({"status": "finished"}, "status", "edit_unknown_status"),
    ({"step_id": 9}, "step", "edit_unknown_step"),
])
def test_a_bad_step_edit_says_what_and_writes_nothing(engine, changes, field, code):
    with pytest.raises(edits.ProgramEditError) as error, db.session_scope(engine) as session:
        _update(session, **changes)
    assert (error.value.field, error.value.code) == (field, code)
    with Session(engine) as session:
        assert session.get(models.ProgramStep, 1).percent_complete == 0


def test_costs_are_exact_and_never_negative(engine):
    with db.session_scope(engine) as session:
        edits.add_cost(session=session, step_id=1, incurred_on=date(2024, 2, 1), category="staff", amount=1234.565)
    for amount, code in ((-0.01, "edit_negative_cost"), ("abc", "edit_not_a_number"), (float("nan"),
                                                                                          "edit_not_a_number")):
        with pytest.raises(edits.ProgramEditError) as error, db.session_scope(engine) as session:
            edits.add_cost(session=session, step_id=1, incurred_on=date(2024, 2, 1), category="staff", amount=amount)
        assert error.value.code == code
    with pytest.raises(edits.ProgramEditError), db.session_scope(engine) as session:
        edits.add_cost(session=session, step_id=1, incurred_on=date(2024, 2, 1), category="lunch", amount=1)
    with Session(engine) as session:
        amounts = session.exec(select(models.ProgramCost.amount)).all()
    assert amounts == [Decimal("1234.57")]


def test_comments_need_text(engine):
    with pytest.raises(edits.ProgramEditError), db.session_scope(engine) as session:
        edits.add_comment(session=session, step_id=1, written_on=date(2024, 2, 1), author="A", text="  ")
    with db.session_scope(engine) as session:
        edits.add_comment(session=session, step_id=None, written_on=date(2024, 2, 1), author="", text="Kick-off")
    with Session(engine) as session:
        assert [c.text for c in session.exec(select(models.ProgramComment)).all()] == ["Kick-off"]


# --- the data's generation: an edit is a change of the data -------------------------------------------------------
def _edit_each_kind(engine) -> None:
    with db.session_scope(engine) as session:
        _update(session)
    with db.session_scope(engine) as session:
        edits.add_cost(session=session, step_id=1, incurred_on=date(2024, 2, 1), category="staff", amount=10)
    with db.session_scope(engine) as session:
        edits.add_comment(session=session, step_id=1, written_on=date(2024, 2, 1), author="A", text="Started")


def _program_step(engine) -> None:
    with db.session_scope(engine) as session:
        session.add(models.ProgramStep(id=1, phase=1, name_en="Preparation", name_zh="准备",
                                       planned_start=date(2024, 1, 1), planned_end=date(2024, 3, 31),
                                       owner="A", status="planned", percent_complete=0, budget=Decimal("1000")))


def _generation_rises_once_per_saved_edit(engine) -> None:
    before = locks.generation(engine)
    _edit_each_kind(engine)
    assert locks.generation(engine) == before + 3
    with pytest.raises(edits.ProgramEditError), db.session_scope(engine) as session:
        _update(session, percent_complete=101)
    with pytest.raises(edits.ProgramEditError), db.session_scope(engine) as session:
        edits.add_comment(session=session, step_id=1, written_on=date(2024, 2, 1), author="A", text=" ")
    assert locks.generation(engine) == before + 3  # a refused edit changes nothing, the counter included


def test_each_saved_edit_raises_the_generation_once(engine):
    _generation_rises_once_per_saved_edit(engine)


@pytest.mark.postgres
def test_each_saved_edit_raises_the_generation_once_on_postgresql(postgres_url):
    engine = db.get_engine(postgres_url)
    db.create_schema(engine)
    _program_step(engine)
    _generation_rises_once_per_saved_edit(engine)
    engine.dispose()


def _stored_owner(path) -> str:
    with duckdb.connect(str(path), read_only=True) as store:
        return store.execute("SELECT owner FROM program_step WHERE id = 1").fetchone()[0]


def test_a_refresh_that_read_the_program_before_an_edit_is_discarded_and_built_again(tmp_path, monkeypatch):
    """As for an import (tests/jobs/test_refresh.py): a refresh pauses after reading the data, a program edit is
    saved meanwhile, the refresh's file is discarded. The edit takes no job lock and no refresh follows it, so the
    refresh holding the lock (``jobs.refresh.run``: an import's, the command line's) builds again with the edit."""
    company = db.get_engine(f"sqlite:///{tmp_path / 'company.db'}")
    build_demo(company, customers=30, seed=5)
    entered, go_on = threading.Event(), threading.Event()

    def paused(store, connection):
        if not entered.is_set():  # the first build only
            entered.set()
            assert go_on.wait(60)

    def edit_while_paused() -> None:
        assert entered.wait(60)
        with db.session_scope(company) as session:
            step = session.get(models.ProgramStep, 1)
            edits.update_step(session=session, step_id=1, planned_start=step.planned_start,
                              planned_end=step.planned_end, actual_start=step.actual_start,
                              actual_end=step.actual_end, percent_complete=step.percent_complete,
                              owner="Edited while the refresh ran", status=step.status)
        go_on.set()

    builds = []
    real_build = analytics.build
    monkeypatch.setattr(analytics, "build", lambda *a, **k: builds.append(real_build(*a, **k)) or builds[-1])
    monkeypatch.setattr(precompute, "STEPS", (("paused", paused),))
    editor = threading.Thread(target=edit_while_paused)
    editor.start()
    done = precompute.run(company)
    editor.join(60)
    company.dispose()
    assert [b.swapped for b in builds] == [False, True]  # the file built before the edit was discarded
    assert builds[0].generation < builds[1].generation == builds[0].generation + 1
    assert done.swapped and _stored_owner(done.path) == "Edited while the refresh ran"
    assert not list(tmp_path.glob("*.building"))
