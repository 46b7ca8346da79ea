"""Every action checks the account at the moment it acts (issue 23, items 5 and 8): an account disabled in the
database mid-session gets no file from a download it drew before, its next interaction signs it out and its edit
is not saved; a role change applies on the next interaction; an import ends the demo's sessions; link
parameters and a broken ``DATABASE_URL`` give a sentence, never a traceback."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import streamlit
from sqlalchemy import text
from sqlalchemy.engine import make_url
from streamlit.testing.v1 import AppTest

from cli.data import main
from dashboard.core import auth, i18n
from dashboard.core.navigation import CUSTOMER_DETAIL, PROGRAM
from dashboard.core.safe import plain
from data import accounts, db

ROOT = Path(__file__).resolve().parents[2]
APP = str(ROOT / "streamlit_app.py")
EN = {key: value["en"] for key, value in i18n.TEXT.items()}
PASSWORD = "a long enough password"


@pytest.fixture
def company(demo_url, tmp_path) -> str:
    """A private copy of the demo (and its store) with password accounts of its own."""
    source = Path(make_url(demo_url).database)
    shutil.copy(source, tmp_path / "demo.db")
    shutil.copy(source.with_suffix(".duckdb"), tmp_path / "demo.duckdb")
    url = f"sqlite:///{tmp_path / 'demo.db'}"
    engine = db.get_engine(url)
    with db.session_scope(engine) as session:
        for email, role in (("lee@example.cn", "marketer"), ("pat@example.cn", "project"),
                            ("kim@example.cn", "admin")):
            accounts.add_user(session=session, email=email, role=role, password=PASSWORD, actor="test")
    engine.dispose()
    return url


def sign_in(monkeypatch, url: str, email: str) -> AppTest:
    """A browser session signed in with e-mail and password on the sign-in screen."""
    monkeypatch.setenv("DATABASE_URL", url)
    at = AppTest.from_file(APP, default_timeout=120)
    at.user = {}
    at.run()
    at.text_input(key="auth_form_email").input(email)
    at.text_input(key="auth_form_password").input(PASSWORD)
    next(b for b in at.button if b.label == EN["signin_submit"]).click().run()
    assert at.title[0].value == EN["overview_title"], [t.value for t in at.title]
    return at


def users(url: str, *args: str) -> None:
    assert main(["users", *args, "--database-url", url]) == 0


def audited(url: str, actor: str, action: str) -> list[str]:
    engine = db.get_engine(url)
    with engine.connect() as conn:
        rows = conn.execute(text("SELECT detail FROM audit_event WHERE actor = :a AND action = :b ORDER BY id"),
                            {"a": actor, "b": action}).scalars().all()
    engine.dispose()
    return list(rows)


@pytest.fixture
def downloads_drawn(monkeypatch) -> dict:
    """File name -> the callable its download button runs on click (Streamlit runs it outside any script run)."""
    built: dict[str, object] = {}
    real = streamlit.download_button

    def keep(label, data, file_name=None, *args, **kwargs):
        built[file_name] = data
        return real(label, data, file_name, *args, **kwargs)

    monkeypatch.setattr(streamlit, "download_button", keep)
    return built


def signed_out(at: AppTest) -> bool:
    return (at.title[0].value == EN["signin_title"] and not at.dataframe and not at.metric
            and not at.get("plotly_chart"))


def test_a_download_drawn_before_the_account_was_disabled_gives_nothing_and_the_next_run_signs_out(
        monkeypatch, company, downloads_drawn):
    at = sign_in(monkeypatch, company, "lee@example.cn")
    at.switch_page("pages/segments.py").run()
    assert not at.exception, at.exception
    download = downloads_drawn["call-list.csv"]
    assert download()  # while the account is active: the file, recorded as lee's
    assert audited(company, "lee@example.cn", "export") == ["call-list.csv"]
    users(company, "disable", "lee@example.cn")
    with pytest.raises(auth.AccessRevoked):
        download()
    assert audited(company, "lee@example.cn", "export") == ["call-list.csv"]  # nothing more as lee's
    at.run()  # the next interaction
    assert signed_out(at)
    assert EN["auth_session_ended"] in [w.value for w in at.warning]


def test_an_edit_sent_after_the_account_was_disabled_is_not_saved(monkeypatch, company):
    at = sign_in(monkeypatch, company, "pat@example.cn")
    at.switch_page(PROGRAM.path).run()
    at.segmented_control(key="program_edit_tab").set_value("comment").run()
    at.text_area[0].input("written by a disabled account")
    users(company, "disable", "pat@example.cn")
    next(b for b in at.button if b.label == EN["program_edit_add_comment"]).click().run()
    assert not at.exception, at.exception
    assert signed_out(at)
    engine = db.get_engine(company)
    with engine.connect() as conn:
        saved = conn.execute(text("SELECT count(*) FROM program_comment WHERE text LIKE 'written by%'")).scalar()
    engine.dispose()
    assert saved == 0 and audited(company, "pat@example.cn", "program_edit") == []


def test_a_role_change_applies_on_the_next_interaction(monkeypatch, company, downloads_drawn):
    at = sign_in(monkeypatch, company, "kim@example.cn")
    at.switch_page("pages/segments.py").run()
    download = downloads_drawn["call-list.csv"]  # drawn for an admin: contacts unmasked
    users(company, "set-role", "kim@example.cn", "executive")
    with pytest.raises(auth.AccessRevoked):
        download()
    at.run()
    assert EN["signed_in_as"].format(email=plain("kim@example.cn"), role=EN["role_executive"]) in [
        c.value for c in at.caption]
    with pytest.raises(ValueError, match="Could not find a navigation page"):
        at.switch_page("pages/admin_users.py")  # no longer in the navigation


def test_an_import_ends_the_demo_sessions(monkeypatch, company, tmp_path):
    monkeypatch.setenv("DATABASE_URL", company)
    at = AppTest.from_file(APP, default_timeout=120)
    at.user = {}
    at.run()
    at.button(key="auth_try_admin").click().run()
    assert at.title[0].value == EN["overview_title"]
    folder = tmp_path / "more"
    folder.mkdir()
    (folder / "customer.csv").write_text("id,name\n99999999,Initech\n", encoding="utf-8")
    assert main(["import", str(folder), "--database-url", company]) == 0
    at.run()
    assert signed_out(at)
    assert not [b for b in at.button if (b.key or "").startswith("auth_try_")]  # no more "try as"
    assert audited(company, "lee@example.cn", "sign_in") == []  # real accounts untouched
    engine = db.get_engine(company)
    with engine.connect() as conn:
        active = dict(conn.execute(text("SELECT email, active FROM app_user")).all())
    engine.dispose()
    assert not any(active[e] for e in accounts.DEMO_ACCOUNTS.values()) and active["kim@example.cn"]


@pytest.mark.parametrize("asked", ["999999999", "²", "12x", "-3", "1" * 40, "%00", "<img src=x>"])
def test_nonsense_in_the_customer_link_is_a_note(monkeypatch, demo_url, asked):
    monkeypatch.setenv("DATABASE_URL", demo_url)
    at = AppTest.from_file(APP, default_timeout=120)
    at.run()
    at.switch_page(CUSTOMER_DETAIL.path)
    at.query_params["customer"] = asked
    at.run()
    assert not at.exception, at.exception
    assert any(EN["link_customer_unknown"].split("{")[0] in w.value for w in at.warning)
    assert not at.subheader or EN["history"] not in [s.value for s in at.subheader]


@pytest.mark.parametrize("query", [{"manager": "²"}, {"manager": "1²,x"}, {"period": "²"}, {"period": "2026-Q9"},
                                   {"compare": "²"}, {"vp": "<b>"}, {"lang": "xx"}, {"kpi": "nonsense"},
                                   {"segment": "segment:nonsense"}])
def test_nonsense_in_any_link_parameter_is_not_a_traceback(monkeypatch, demo_url, query):
    monkeypatch.setenv("DATABASE_URL", demo_url)
    for page in ("pages/overview.py", "pages/customer.py", "pages/segments.py"):
        at = AppTest.from_file(APP, default_timeout=120)
        at.query_params.update(query)
        at.run()
        at.switch_page(page).run()
        assert not at.exception, (page, at.exception)
        assert at.title


@pytest.mark.parametrize("url", ["nonsense", "postgresql://u:secret@h:port/db", "mysql://u:secret@h/db",
                                 "foo://x", "postgresql://u:secret@[::1/db"])
def test_a_malformed_database_url_is_one_sentence(monkeypatch, url):
    monkeypatch.setenv("DATABASE_URL", url)
    at = AppTest.from_file(APP, default_timeout=60)
    at.user = {}
    at.run()
    assert not at.exception, at.exception
    assert [e.value for e in at.error] == [EN["auth_config_broken"]]
    assert not at.button and not at.text_input


@pytest.mark.postgres
def test_disabled_mid_session_on_postgresql(monkeypatch, postgres_url, downloads_drawn):
    from data.demo.builder import build_demo
    from jobs import refresh as precompute

    engine = db.get_engine(postgres_url)
    build_demo(engine, customers=150, seed=3)
    precompute.refresh(engine)
    with db.session_scope(engine) as session:
        accounts.add_user(session=session, email="lee@example.cn", role="marketer", password=PASSWORD, actor="t")
    engine.dispose()
    at = sign_in(monkeypatch, postgres_url, "lee@example.cn")
    at.switch_page("pages/segments.py").run()
    download = downloads_drawn["call-list.csv"]
    users(postgres_url, "disable", "lee@example.cn")
    with pytest.raises(auth.AccessRevoked):
        download()
    at.run()
    assert signed_out(at) and audited(postgres_url, "lee@example.cn", "export") == []
