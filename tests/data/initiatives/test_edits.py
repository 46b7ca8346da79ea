"""Initiatives, milestones, risks, updates and review decisions: who may write what, what is refused, and that every
write is audited and kept, on SQLite and PostgreSQL."""

from datetime import date

import pytest
from sqlmodel import select

from data import db
from data.accounts import audit_events
from data.initiatives import decisions, edits, tables
from data.initiatives.edits import Editor, InitiativeEditError, InitiativeFields
from data.initiatives.models import Decision, Initiative, InitiativeUpdate

KPIS = ("first_response_hours", "crm_adoption", "churn_rate")
OBJECTIVES = ("retain", "crm_adoption")
EXEC = Editor("boss@firm.example", "executive")
ADMIN = Editor("root@firm.example", "admin")
PROJECT = Editor("pm@firm.example", "project")
OTHER_PM = Editor("other@firm.example", "project")
MARKETER = Editor("mk@firm.example", "marketer")


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def engine(request, sqlite_engine):
    if request.param == "sqlite":
        yield sqlite_engine
        return
    engine = db.get_engine(request.getfixturevalue("postgres_url"))
    db.create_schema(engine)
    yield engine
    engine.dispose()


def fields(**changes) -> InitiativeFields:
    values = dict(name="Faster response", owner=PROJECT.email, start=date(2025, 5, 1), end=date(2026, 4, 30),
                  budget="1200000.50", actual_cost=0, percent_complete=10, status="active",
                  kpis=("first_response_hours",), objectives=("retain",))
    return InitiativeFields(**{**values, **changes})


def create(engine, editor=PROJECT, **changes) -> int:
    with db.session_scope(engine) as session:
        return edits.create(session=session, editor=editor, fields=fields(**changes), known_kpis=KPIS,
                            known_objectives=OBJECTIVES).id


def refused(engine, action) -> InitiativeEditError:
    with pytest.raises(InitiativeEditError) as caught, db.session_scope(engine) as session:
        action(session)
    return caught.value


def test_the_project_team_starts_and_edits_what_it_owns_and_every_write_is_audited(engine):
    found = create(engine)
    with db.session_scope(engine) as session:
        edits.update(session=session, editor=PROJECT, initiative_id=found, known_kpis=KPIS, known_objectives=OBJECTIVES,
                     fields=fields(percent_complete=40, kpis=("first_response_hours", "crm_adoption")))
        edits.add_milestone(session=session, editor=PROJECT, initiative_id=found, name="Routing live",
                            due=date(2025, 6, 1))
        edits.add_risk(session=session, editor=PROJECT, initiative_id=found, text_="Staff resist", rating="high")
    loaded = tables.load(engine)
    row = loaded.initiatives.iloc[0]
    assert row["percent_complete"] == 40 and row["budget"] == 1200000.5 and row["owner"] == PROJECT.email
    assert sorted(loaded.kpis_of(found)) == ["crm_adoption", "first_response_hours"]
    assert len(loaded.milestones) == 1 and list(loaded.risks["rating"]) == ["high"]
    with db.session_scope(engine) as session:
        actions = [e.action for e in audit_events(session=session, actor=PROJECT.email)]
    assert sorted(actions) == ["initiative_create", "initiative_edit", "initiative_milestone", "initiative_risk"]


def test_others_may_not_edit_an_initiative_the_project_team_does_not_own(engine):
    found = create(engine)
    for who in (OTHER_PM, MARKETER):
        error = refused(engine, lambda s, who=who: edits.add_update(session=s, editor=who, initiative_id=found,
                                                                     text_="mine now"))
        assert (error.field, error.code) == ("initiative", "not_permitted")
    assert refused(engine, lambda s: edits.create(session=s, editor=MARKETER, fields=fields(), known_kpis=KPIS,
                                                  known_objectives=OBJECTIVES)).code == "not_permitted"
    # the project team starts initiatives as their owner only
    assert refused(engine, lambda s: edits.create(session=s, editor=PROJECT, fields=fields(owner=EXEC.email),
                                                  known_kpis=KPIS, known_objectives=OBJECTIVES)).code == "own_only"
    for chair in (EXEC, ADMIN):  # executives and admins edit any
        with db.session_scope(engine) as session:
            edits.add_update(session=session, editor=chair, initiative_id=found, text_=f"from {chair.role}")
    assert len(tables.load(engine).updates) == 2


def test_updates_are_kept_never_overwritten(engine):
    found = create(engine)
    for text in ("first", "second", "**bold** =1+1"):
        with db.session_scope(engine) as session:
            edits.add_update(session=session, editor=PROJECT, initiative_id=found, text_=text)
    with db.session_scope(engine) as session:
        kept = session.exec(select(InitiativeUpdate.text).order_by(InitiativeUpdate.id)).all()
    assert list(kept) == ["first", "second", "**bold** =1+1"]  # stored as typed


@pytest.mark.parametrize(("changes", "field", "code"), [
    ({"end": date(2025, 1, 1)}, "end", "end_before_start"),
    ({"budget": "lots"}, "budget", "not_a_number"),
    ({"actual_cost": -5}, "actual_cost", "negative"),
    ({"percent_complete": 120}, "percent_complete", "percent_range"),
    ({"status": "dreaming"}, "status", "unknown_code"),
    ({"kpis": ("no_such_kpi",)}, "kpis", "unknown_kpi"),
    ({"kpis": (), "objectives": ()}, "kpis", "no_links"),
    ({"owner": "not an e-mail"}, "owner", "not_an_email"),
    ({"name": "  "}, "name", "empty"),
])
def test_a_bad_field_is_refused_and_nothing_is_written(sqlite_engine, changes, field, code):
    error = refused(sqlite_engine, lambda s: edits.create(session=s, editor=EXEC, fields=fields(**changes),
                                                          known_kpis=KPIS, known_objectives=OBJECTIVES))
    assert (error.field, error.code) == (field, code)
    with db.session_scope(sqlite_engine) as session:
        assert session.exec(select(Initiative)).all() == []
        assert audit_events(session=session) == []


def test_decisions_are_recorded_by_the_chair_and_settled_by_their_owner(engine):
    found = create(engine)
    with db.session_scope(engine) as session:
        decisions.record(session=session, editor=EXEC, period=date(2026, 9, 14), text_="Extend the promise",
                         owner=PROJECT.email, due=date(2026, 10, 31), kpi_id="first_response_hours",
                         initiative_id=found, known_kpis=KPIS)
    for who in (PROJECT, MARKETER):
        assert refused(engine, lambda s, who=who: decisions.record(
            session=s, editor=who, period=date(2026, 9, 1), text_="x", owner="", due=None, kpi_id=None,
            initiative_id=None, known_kpis=KPIS)).code == "not_permitted"
    with db.session_scope(engine) as session:
        decision = decisions.of_period(session, date(2026, 9, 1))[0]
    assert decision.period == date(2026, 9, 1)
    for who in (OTHER_PM, MARKETER):  # not the owner, not the chair
        assert refused(engine, lambda s, who=who: decisions.settle(session=s, editor=who, decision_id=decision.id,
                                                                   status="done", outcome="x")).code == "not_permitted"
    with db.session_scope(engine) as session:
        decisions.settle(session=session, editor=PROJECT, decision_id=decision.id, status="done", outcome="Done 12 Oct")
    with db.session_scope(engine) as session:
        last = decisions.before(session, date(2026, 10, 1))
        assert [(d.status, d.outcome) for d in last] == [("done", "Done 12 Oct")]
        assert decisions.before(session, date(2026, 9, 1)) == []
        assert session.exec(select(Decision)).one().updated_by == PROJECT.email
        assert [e.action for e in audit_events(session=session, action="decision_settle")] == ["decision_settle"]


def test_a_decision_due_before_its_meeting_or_about_an_unknown_kpi_is_refused(sqlite_engine):
    def record(**changes):
        values = dict(period=date(2026, 9, 1), text_="Act", owner="", due=None, kpi_id=None, initiative_id=None)
        return lambda s: decisions.record(session=s, editor=EXEC, known_kpis=KPIS, **{**values, **changes})

    assert refused(sqlite_engine, record(due=date(2026, 8, 31))).code == "due_before_meeting"
    assert refused(sqlite_engine, record(kpi_id="nope")).code == "unknown_kpi"
    assert refused(sqlite_engine, record(initiative_id=99)).code == "unknown_initiative"
    assert refused(sqlite_engine, record(text_="")).code == "empty"
