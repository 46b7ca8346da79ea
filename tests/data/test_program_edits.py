"""Edits of the program tables: validated (dates in order, % within 0..100, costs not negative), all or nothing."""

from datetime import date
from decimal import Decimal

import pytest
from sqlmodel import Session, select

from data import db, models
from data import program as edits


@pytest.fixture
def engine(sqlite_engine):
    with db.session_scope(sqlite_engine) as session:
        session.add(models.ProgramStep(id=1, phase=1, name_en="Preparation", name_zh="准备",
                                       planned_start=date(2024, 1, 1), planned_end=date(2024, 3, 31),
                                       owner="A", status="planned", percent_complete=0, budget=Decimal("1000")))
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
