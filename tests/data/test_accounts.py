"""Accounts, Argon2id hashes, rate-limited sign-in and the audit trail, on SQLite and PostgreSQL."""

import io
import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta

import duckdb
import pytest
from sqlalchemy import text

from cli.data import main
from data import accounts, analytics, db
from data.accounts import AccountError, Outcome

T0 = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def engine(request, sqlite_engine):
    if request.param == "sqlite":
        yield sqlite_engine
        return
    engine = db.get_engine(request.getfixturevalue("postgres_url"))
    db.create_schema(engine)
    yield engine
    engine.dispose()


def sign_in(engine, email, password, now):
    with db.session_scope(engine) as session:
        result = accounts.authenticate(session=session, email=email, password=password, now=now)
        return result.outcome, result.retry_after


def add(engine, email, role, password=None):
    with db.session_scope(engine) as session:
        accounts.add_user(session=session, email=email, role=role, password=password, actor="test")


def test_password_is_stored_as_an_argon2id_hash_and_checked(engine):
    add(engine, "Ann@Example.CN", "marketer", "correct horse")
    with engine.connect() as conn:
        email, stored = conn.execute(text("SELECT email, password_hash FROM app_user")).one()
    assert email == "ann@example.cn"
    assert stored.startswith("$argon2id$") and "correct horse" not in stored
    assert sign_in(engine, " ANN@example.cn ", "correct horse", T0)[0] is Outcome.OK
    assert sign_in(engine, "ann@example.cn", "correct horsE", T0)[0] is Outcome.WRONG
    with engine.connect() as conn:
        last = conn.execute(text("SELECT last_sign_in_at FROM app_user")).scalar_one()
    assert last is not None


def test_unknown_email_sso_only_account_and_disabled_account(engine):
    add(engine, "sso@example.cn", "executive")  # no password: OpenID Connect only
    add(engine, "gone@example.cn", "project", "password1")
    with db.session_scope(engine) as session:
        accounts.set_active(session=session, email="gone@example.cn", active=False, actor="test")
    assert sign_in(engine, "nobody@example.cn", "password1", T0)[0] is Outcome.WRONG
    assert sign_in(engine, "sso@example.cn", "", T0)[0] is Outcome.WRONG
    assert sign_in(engine, "not an email", "password1", T0)[0] is Outcome.WRONG
    assert sign_in(engine, "gone@example.cn", "password1", T0)[0] is Outcome.INACTIVE


def test_failed_attempts_are_rate_limited_per_email_until_the_window_passes(engine):
    add(engine, "bo@example.cn", "admin", "right password")
    for minute in range(accounts.MAX_FAILURES):
        assert sign_in(engine, "bo@example.cn", "guess", T0 + timedelta(minutes=minute))[0] is Outcome.WRONG
    outcome, retry = sign_in(engine, "bo@example.cn", "right password", T0 + timedelta(minutes=5))
    assert outcome is Outcome.LOCKED
    assert retry == timedelta(minutes=10)  # the first failure (T0) leaves the 15-minute window at T0 + 15
    assert sign_in(engine, "bo@example.cn", "right password", T0 + timedelta(minutes=15, seconds=1))[0] is Outcome.OK
    # unknown e-mails are limited alike, so the answer does not reveal which e-mails exist
    for _ in range(accounts.MAX_FAILURES):
        sign_in(engine, "ghost@example.cn", "guess", T0)
    assert sign_in(engine, "ghost@example.cn", "guess", T0)[0] is Outcome.LOCKED


def test_a_successful_sign_in_starts_the_count_again(engine):
    add(engine, "cy@example.cn", "project", "right password")
    moment = T0
    for _ in range(2):
        for _ in range(accounts.MAX_FAILURES - 1):
            moment += timedelta(seconds=10)
            assert sign_in(engine, "cy@example.cn", "guess", moment)[0] is Outcome.WRONG
        moment += timedelta(seconds=10)
        assert sign_in(engine, "cy@example.cn", "right password", moment)[0] is Outcome.OK


def test_every_attempt_and_user_change_is_audited(engine):
    add(engine, "di@example.cn", "executive", "right password")
    add(engine, "ed@example.cn", "admin", "right password")
    sign_in(engine, "di@example.cn", "guess", T0)
    sign_in(engine, "di@example.cn", "right password", T0 + timedelta(seconds=1))
    with db.session_scope(engine) as session:
        accounts.set_role(session=session, email="di@example.cn", role="marketer", actor="ed@example.cn")
        accounts.audit(session=session, actor="ed@example.cn", action="export", detail="customers.csv")
    with db.session_scope(engine) as session:
        mine = [(e.action, e.detail) for e in accounts.audit_events(session=session, actor="DI@")]
        assert mine == [("sign_in", "password"), ("sign_in_failed", "password")]
        by_ed = [(e.action, e.detail) for e in accounts.audit_events(session=session, actor="ed@example.cn")]
        assert by_ed == [("export", "customers.csv"), ("user_role", "di@example.cn: executive -> marketer")]
        assert [e.actor for e in accounts.audit_events(session=session, action="user_add")] == ["test", "test"]
        assert {"sign_in", "sign_in_failed", "user_role", "export", "user_add"} == set(
            accounts.audit_actions(session=session))


def test_the_last_active_admin_cannot_be_demoted_or_disabled(engine):
    add(engine, "fe@example.cn", "admin", "right password")
    with db.session_scope(engine) as session:
        with pytest.raises(AccountError, match="last active admin"):
            accounts.set_role(session=session, email="fe@example.cn", role="executive", actor="t")
        with pytest.raises(AccountError, match="last active admin"):
            accounts.set_active(session=session, email="fe@example.cn", active=False, actor="t")
        accounts.add_user(session=session, email="gu@example.cn", role="admin", actor="t")
        accounts.set_active(session=session, email="fe@example.cn", active=False, actor="t")


@pytest.mark.parametrize("bad", [dict(email="no-at-sign", role="admin"), dict(email="a@b.cn", role="boss"),
                                 dict(email="a@b.cn", role="admin", password="short")])
def test_bad_account_requests_say_what_is_wrong(sqlite_engine, bad):
    with db.session_scope(sqlite_engine) as session, pytest.raises(AccountError):
        accounts.add_user(session=session, actor="t", **bad)


def test_demo_accounts_only_on_the_generated_demo(sqlite_engine):
    with db.session_scope(sqlite_engine) as session:
        assert accounts.ensure_demo_accounts(session=session) == []
        session.add(accounts.DatasetInfo(key="source", value="demo"))
        session.flush()
        assert len(accounts.ensure_demo_accounts(session=session)) == 4
        assert accounts.ensure_demo_accounts(session=session) == []
        assert sorted(u.role for u in accounts.list_users(session=session)) == sorted(accounts.ROLES)


def test_users_command_line(tmp_path, monkeypatch, capsys):
    url = f"sqlite:///{tmp_path / 'u.db'}"
    monkeypatch.setattr("sys.stdin", io.StringIO("a long password\n"))
    assert main(["users", "add", "Hu@Example.cn", "--role", "marketer", "--password-stdin",
                 "--database-url", url]) == 0
    assert main(["users", "add", "iv@example.cn", "--role", "admin", "--database-url", url]) == 0
    assert main(["users", "set-role", "hu@example.cn", "project", "--database-url", url]) == 0
    assert main(["users", "disable", "hu@example.cn", "--database-url", url]) == 0
    assert main(["users", "disable", "iv@example.cn", "--database-url", url]) == 2  # the last admin
    capsys.readouterr()
    assert main(["users", "list", "--database-url", url]) == 0
    listing = capsys.readouterr().out.splitlines()
    assert listing[0].split()[:5] == ["hu@example.cn", "project", "disabled", "password", "last"]
    assert listing[1].split()[:4] == ["iv@example.cn", "admin", "active", "sso-only"]
    engine = db.get_engine(url)
    assert sign_in(engine, "hu@example.cn", "a long password", T0)[0] is Outcome.INACTIVE
    engine.dispose()


def test_accounts_stay_out_of_the_analytical_store(tmp_path):
    url = f"sqlite:///{tmp_path / 's.db'}"
    assert main(["demo", "--customers", "150", "--database-url", url]) == 0
    engine = db.get_engine(url)
    with engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM app_user")).scalar_one() == 4 + 4  # one demo account per
            # role, and the four named owners of the demo's objectives and KPIs (data/demo/review.py)
    engine.dispose()
    with duckdb.connect(str(analytics.store_path(url)), read_only=True) as duck:
        names = {row[0] for row in duck.execute("SELECT table_name FROM information_schema.tables").fetchall()}
    assert "customer" in names and not names & {"app_user", "audit_event"}


def test_an_identity_signed_in_elsewhere_is_recorded_once_per_gap(engine):
    add(engine, "ann@example.cn", "marketer")
    moments = [T0 + timedelta(minutes=m) for m in (0, 5, 29, 31, 180)]
    recorded = []
    for moment in moments:
        with db.session_scope(engine) as session:
            user = accounts.get_user(session=session, email="ann@example.cn")
            recorded.append(accounts.record_session_sign_in(session=session, user=user, method="proxy", now=moment))
    assert recorded == [True, False, False, True, True]  # 30 minutes after the last one recorded
    with db.session_scope(engine) as session:
        assert len(accounts.audit_events(session=session, action="sign_in")) == 3


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def shared_engine(request, tmp_path):
    """A database several threads can share (a file, or a PostgreSQL server), with the schema."""
    url = f"sqlite:///{tmp_path / 'race.db'}" if request.param == "sqlite" else request.getfixturevalue("postgres_url")
    engine = db.get_engine(url)
    db.create_schema(engine)
    yield engine
    engine.dispose()


class CountingHasher:
    """The Argon2 hasher, counting how many attempts reach the password check."""

    def __init__(self, real) -> None:
        self.real, self.checks, self._lock = real, 0, threading.Lock()

    def verify(self, stored, password):
        with self._lock:
            self.checks += 1
        return self.real.verify(stored, password)

    def __getattr__(self, name):
        return getattr(self.real, name)


@pytest.mark.parametrize("email", ["jo@example.cn", "nobody-here@example.cn"])
def test_the_failure_limit_holds_under_parallel_attempts(shared_engine, monkeypatch, email):
    """40 wrong passwords fired at once: at most MAX_FAILURES reach the password check (the attempt is taken in
    the database before the check, not counted beside it), for an account and for an unknown e-mail alike."""
    add(shared_engine, "jo@example.cn", "admin", "right password")
    hasher = CountingHasher(accounts._hasher)
    monkeypatch.setattr(accounts, "_hasher", hasher)
    attempts = 40
    start = threading.Barrier(attempts)

    def attempt(_):
        start.wait()
        return sign_in(shared_engine, email, "wrong guess", T0)[0]

    with ThreadPoolExecutor(attempts) as pool:
        outcomes = list(pool.map(attempt, range(attempts)))
    assert hasher.checks == accounts.MAX_FAILURES
    assert outcomes.count(Outcome.WRONG) == accounts.MAX_FAILURES
    assert outcomes.count(Outcome.LOCKED) == attempts - accounts.MAX_FAILURES
    with shared_engine.connect() as conn:
        recorded = dict(conn.execute(text("SELECT action, count(*) FROM audit_event WHERE actor = :e "
                                          "GROUP BY action"), {"e": email}).all())
    assert recorded == {"sign_in_failed": accounts.MAX_FAILURES, "sign_in_refused": attempts - accounts.MAX_FAILURES}
    # and the right password is refused too until the window passes
    assert sign_in(shared_engine, "jo@example.cn", "right password", T0)[0] is (
        Outcome.LOCKED if email == "jo@example.cn" else Outcome.OK)


def test_the_first_company_import_disables_the_demo_accounts(sqlite_engine):
    with db.session_scope(sqlite_engine) as session:
        session.add(accounts.DatasetInfo(key="source", value="demo"))
        session.flush()
        accounts.ensure_demo_accounts(session=session)
        accounts.add_user(session=session, email="kim@example.cn", role="admin", actor="t")
        assert accounts.retire_demo_accounts(session=session, actor="t") == []  # still the demo
    with sqlite_engine.begin() as conn:  # what an import writes
        conn.execute(text("UPDATE dataset_info SET value = 'import' WHERE key = 'source'"))
    with db.session_scope(sqlite_engine) as session:
        assert sorted(accounts.retire_demo_accounts(session=session, actor="importer")) == sorted(
            accounts.DEMO_ACCOUNTS.values())
        assert accounts.retire_demo_accounts(session=session, actor="importer") == []
    with sqlite_engine.connect() as conn:
        active = dict(conn.execute(text("SELECT email, active FROM app_user")).all())
        disabled = conn.execute(text("SELECT actor, detail FROM audit_event WHERE action = 'user_disable'")).all()
    assert active == {**{e: False for e in accounts.DEMO_ACCOUNTS.values()}, "kim@example.cn": True}
    assert len(disabled) == 4 and all(actor == "importer" and "demo" in detail for actor, detail in disabled)
