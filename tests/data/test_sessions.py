"""Signed session cookies (issue 19): what a cookie proves, how long, and what ends it."""

import base64
import hashlib
import hmac
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import create_engine, inspect, text

from data import accounts, db, sessions
from data.models import AppUser

T0 = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)
KEY = b"k" * 40


@pytest.fixture
def pat(sqlite_engine) -> int:
    with db.session_scope(sqlite_engine) as session:
        return accounts.add_user(session=session, email="pat@example.cn", role="executive", password="a long password",
                                 actor="test").id


def token_for(engine, account: int, method: str = "password", now: datetime = T0, key: bytes = KEY) -> str:
    with db.session_scope(engine) as session:
        return sessions.issue(user=session.get(AppUser, account), method=method, key=key, now=now)


def resolved(engine, token: str, now: datetime = T0 + timedelta(minutes=5), key: bytes = KEY):
    with db.session_scope(engine) as session:
        return sessions.resolve(session=session, token=token, key=key, now=now)


def test_a_cookie_names_its_account_and_method_until_it_expires_twelve_hours_later(sqlite_engine, pat):
    token = token_for(sqlite_engine, pat, "demo")
    assert resolved(sqlite_engine, token) == ("pat@example.cn", "demo")
    assert resolved(sqlite_engine, token, now=T0 + timedelta(hours=11, minutes=59)) is not None
    assert resolved(sqlite_engine, token, now=T0 + timedelta(hours=12)) is None
    assert resolved(sqlite_engine, token, now=T0 - timedelta(hours=1)) is None  # issued in the future


def test_the_signature_is_hmac_sha256_of_the_rest(sqlite_engine, pat):
    token = token_for(sqlite_engine, pat)
    payload, _, signature = token.rpartition(".")
    expected = base64.urlsafe_b64encode(hmac.new(KEY, payload.encode(), hashlib.sha256).digest()).rstrip(b"=")
    assert signature == expected.decode()
    assert payload.split(".") == ["v1", str(pat), "password", str(int(T0.timestamp())),
                                  str(int(T0.timestamp()) + 12 * 3600), "0"]


def test_another_key_or_a_longer_life_written_in_by_hand_is_refused(sqlite_engine, pat):
    token = token_for(sqlite_engine, pat)
    assert resolved(sqlite_engine, token, key=b"another key of forty characters........") is None
    parts = token.split(".")
    parts[4] = str(int(parts[4]) + 3600)  # an hour more, signature left as it was
    assert resolved(sqlite_engine, ".".join(parts)) is None


@given(position=st.integers(min_value=0), replacement=st.characters(codec="ascii"))
def test_changing_any_character_breaks_the_cookie(position, replacement):
    user = AppUser(id=7, email="pat@example.cn", role="executive", created_at=T0)
    token = sessions.issue(user=user, method="password", key=KEY, now=T0)
    position %= len(token)
    changed = token[:position] + replacement + token[position + 1:]
    if changed != token:
        assert sessions.verify(changed, key=KEY, now=T0) is None


@pytest.mark.parametrize("junk", ["", "v1", "....", "v1.x.password.1.2.0.sig", "é.ü", None, 42])
def test_junk_is_no_cookie(junk):
    assert sessions.verify(junk, key=KEY, now=T0) is None


def test_signing_out_disabling_and_a_new_password_end_every_cookie_issued_before(sqlite_engine, pat):
    ended = []
    for end in (lambda s, u: accounts.end_sessions(user=u),
                lambda s, u: accounts.set_password(session=s, email=u.email, password="another password", actor="t"),
                lambda s, u: (accounts.set_active(session=s, email=u.email, active=False, actor="t"),
                              accounts.set_active(session=s, email=u.email, active=True, actor="t"))):
        token = token_for(sqlite_engine, pat)
        assert resolved(sqlite_engine, token) is not None
        with db.session_scope(sqlite_engine) as session:
            end(session, session.get(AppUser, pat))
        ended.append(resolved(sqlite_engine, token))
        assert resolved(sqlite_engine, token_for(sqlite_engine, pat)) is not None  # a new sign-in works
    assert ended == [None, None, None]


def test_a_disabled_account_has_no_session(sqlite_engine, pat):
    token = token_for(sqlite_engine, pat)
    with db.session_scope(sqlite_engine) as session:
        session.get(AppUser, pat).active = False  # by hand: the version is not what refuses here
    assert resolved(sqlite_engine, token) is None


def test_openid_and_proxy_sign_ins_get_no_cookie(sqlite_engine, pat):
    with db.session_scope(sqlite_engine) as session, pytest.raises(ValueError):
        sessions.issue(user=session.get(AppUser, pat), method="oidc", key=KEY, now=T0)


def test_the_generated_secret_is_made_once_and_shared(sqlite_engine, monkeypatch):
    monkeypatch.delenv("SESSION_SECRET", raising=False)
    with db.session_scope(sqlite_engine) as session:
        first = sessions.secret(session=session)
    with db.session_scope(sqlite_engine) as session:  # another process: another session on the same database
        assert sessions.secret(session=session) == first
    assert len(first) >= sessions.MIN_SECRET
    with sqlite_engine.connect() as conn:
        assert conn.execute(text("SELECT value FROM app_setting WHERE key = 'session_secret'")).scalar() == \
            first.decode()


def test_the_environment_secret_wins_and_must_be_long(sqlite_engine, monkeypatch):
    monkeypatch.setenv("SESSION_SECRET", "s" * 32)
    with db.session_scope(sqlite_engine) as session:
        assert sessions.secret(session=session) == b"s" * 32
    monkeypatch.setenv("SESSION_SECRET", "short")
    with db.session_scope(sqlite_engine) as session, pytest.raises(sessions.SecretError, match="at least 32"):
        sessions.secret(session=session)


def test_an_older_database_gains_the_session_version_and_the_setting_table(tmp_path):
    url = f"sqlite:///{tmp_path / 'old.db'}"
    engine = create_engine(url)
    with engine.begin() as conn:  # app_user as issue 12 made it
        conn.execute(text("CREATE TABLE app_user (id INTEGER PRIMARY KEY, email VARCHAR(320) UNIQUE, role VARCHAR(16), "
                          "password_hash VARCHAR(255), active BOOLEAN, created_at DATETIME, last_sign_in_at DATETIME, "
                          "failed_attempts INTEGER, locked_until DATETIME)"))
        conn.execute(text("INSERT INTO app_user VALUES (1, 'old@example.cn', 'admin', NULL, 1, '2026-01-01', NULL, 0, "
                          "NULL)"))
    accounts.prepare_accounts(engine)
    assert "session_version" in {c["name"] for c in inspect(engine).get_columns("app_user")}
    assert "app_setting" in inspect(engine).get_table_names()
    token = token_for(engine, 1)
    assert resolved(engine, token) == ("old@example.cn", "password")
    engine.dispose()


def test_a_cookie_signed_for_longer_than_twelve_hours_is_refused(sqlite_engine, pat, monkeypatch):
    """A cookie from a server that gave longer lives (an older setting) counts for no more than twelve hours."""
    monkeypatch.setattr(sessions, "LIFETIME", timedelta(hours=24))
    token = token_for(sqlite_engine, pat)
    monkeypatch.setattr(sessions, "LIFETIME", timedelta(hours=12))
    assert resolved(sqlite_engine, token, now=T0 + timedelta(hours=1)) is None
