"""Check-ins: every save a version, never an overwrite; two sessions saving at once both kept; the role rule;
refusals say what is wrong; audited; SQLite and PostgreSQL."""

import threading
from datetime import date

import pytest
from sqlalchemy import text
from sqlmodel import Session

from data import accounts, db
from data.review import checkins, owners
from data.review.checkins import CheckInError

KNOWN = frozenset({"churn_rate", "average_csat", "revenue"})
OCT = date(2026, 10, 1)


def _setup(engine) -> dict[str, owners.Owner]:
    db.create_schema(engine)
    with db.session_scope(engine) as session:
        for email, role in (("own@x.cn", "marketer"), ("dep@x.cn", "project"), ("other@x.cn", "marketer"),
                            ("boss@x.cn", "executive")):
            if accounts.get_user(session=session, email=email) is None:
                accounts.add_user(session=session, email=email, role=role, actor="t")
        row = {"kind": "kpi", "item_id": "churn_rate", "owner": "own@x.cn", "deputy": "dep@x.cn"}
        owners.save(session=session, rows=[row], known={("kpi", k) for k in KNOWN}, actor="boss@x.cn")
    with Session(engine) as session:
        return owners.owners(session)


def _save(session, owned, who="own@x.cn", role="marketer", **kw):
    values = {"kpi_id": "churn_rate", "period": OCT, "status": "at_risk", "note": "n", "today": date(2026, 11, 5),
              **kw}
    return checkins.save(session=session, author=who, role=role, owner=owned.get(values["kpi_id"]), known=KNOWN,
                         **values)


def _versions_and_audit(engine) -> None:
    owned = _setup(engine)
    with db.session_scope(engine) as session:
        first = _save(session, owned, note="first")
    with db.session_scope(engine) as session:
        second = _save(session, owned, who="dep@x.cn", role="project", status="off_track", note="second",
                       based_on=first.id, drivers={"average_csat": "confirmed"})
    with Session(engine) as session:
        found = checkins.versions(session, "churn_rate", OCT)
        latest = checkins.latest_for_period(session, date(2026, 10, 17))
    assert [(v.version, v.note, v.author) for v in found] == [(1, "first", "own@x.cn"), (2, "second", "dep@x.cn")]
    assert latest["churn_rate"] == second and latest["churn_rate"].drivers == (("average_csat", "confirmed"),)
    with engine.connect() as conn:
        logged = conn.execute(text("SELECT actor, detail FROM audit_event WHERE action = 'checkin_save' "
                                   "ORDER BY id")).all()
    assert [a for a, _ in logged] == ["own@x.cn", "dep@x.cn"]
    assert logged[1][1].startswith("churn_rate 2026-10: off_track")


def _two_sessions_at_once(engine) -> None:
    owned = _setup(engine)
    with db.session_scope(engine) as session:
        base = _save(session, owned, note="base")
    ready = threading.Barrier(2)

    def edit(who: str, role: str) -> None:
        with Session(engine) as session:
            seen = checkins.latest_for_period(session, OCT)["churn_rate"].id  # both start from the same version
            ready.wait(timeout=30)
            _save(session, owned, who=who, role=role, note=f"by {who}", based_on=seen)
            session.commit()

    threads = [threading.Thread(target=edit, args=a) for a in (("own@x.cn", "marketer"), ("boss@x.cn", "executive"))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    with Session(engine) as session:
        found = checkins.versions(session, "churn_rate", OCT)
    assert sorted(v.note for v in found) == ["base", "by boss@x.cn", "by own@x.cn"]
    assert [v.parallel for v in found if v.id != base.id] == [True, True]


def test_an_edit_is_a_new_version_and_audited(tmp_path):
    engine = db.get_engine(f"sqlite:///{tmp_path / 'r.db'}")
    _versions_and_audit(engine)
    engine.dispose()


def test_two_sessions_saving_at_once_both_keep_their_version(tmp_path):
    engine = db.get_engine(f"sqlite:///{tmp_path / 'r.db'}")
    _two_sessions_at_once(engine)
    engine.dispose()


@pytest.mark.postgres
def test_versions_and_concurrent_edits_on_postgresql(postgres_url):
    engine = db.get_engine(postgres_url)
    _versions_and_audit(engine)
    with engine.begin() as conn:
        conn.execute(text("DELETE FROM review_checkin"))
    _two_sessions_at_once(engine)
    engine.dispose()


@pytest.mark.parametrize(("who", "role", "allowed"), [
    ("own@x.cn", "marketer", True), ("dep@x.cn", "project", True), ("boss@x.cn", "executive", True),
    ("root@x.cn", "admin", True), ("other@x.cn", "marketer", False), ("other@x.cn", "project", False)])
def test_owners_deputies_executives_and_admins_write_others_do_not(sqlite_engine, who, role, allowed):
    owned = _setup(sqlite_engine)
    with Session(sqlite_engine) as session:
        if allowed:
            assert _save(session, owned, who=who, role=role).author == who
        else:
            with pytest.raises(CheckInError) as refused:
                _save(session, owned, who=who, role=role)
            assert refused.value.code == "not_yours"
            assert checkins.latest_for_period(session, OCT) == {}


@pytest.mark.parametrize(("change", "code"), [
    ({"kpi_id": "nope"}, "unknown_item"), ({"period": date(2026, 12, 1)}, "future_period"),
    ({"status": "green"}, "unknown_status"), ({"note": "x" * (checkins.NOTE_LIMIT + 1)}, "note_too_long"),
    ({"drivers": {"average_csat": "maybe"}}, "unknown_verdict")])
def test_a_bad_check_in_is_refused_and_says_what(sqlite_engine, change, code):
    owned = _setup(sqlite_engine)
    with Session(sqlite_engine) as session, pytest.raises(CheckInError) as refused:
        _save(session, owned, who="boss@x.cn", role="executive", **change)
    assert refused.value.code == code


def test_a_note_is_kept_exactly_as_typed(sqlite_engine):
    owned = _setup(sqlite_engine)
    note = "**bold** [x](http://e.cn) <b>hi</b> =1+1 $x$ :red[r]"
    with Session(sqlite_engine) as session:
        assert _save(session, owned, note=note).note == note
