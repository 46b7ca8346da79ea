"""Sign-in, the role matrix, refusals by URL and masking, through AppTest (issue 12)."""

import time
from pathlib import Path

import pytest
from sqlalchemy import text
from streamlit.testing.v1 import AppTest

from dashboard.access import remember
from dashboard.core import i18n
from dashboard.core.navigation import ALL_PAGES, OVERVIEW
from dashboard.core.safe import plain
from data import accounts, db

ROOT = Path(__file__).resolve().parents[2]
APP = str(ROOT / "streamlit_app.py")
EN = {key: value["en"] for key, value in i18n.TEXT.items()}
ZH = {key: value["zh"] for key, value in i18n.TEXT.items()}
DEMO = accounts.DEMO_ACCOUNTS

# The issue's matrix, written out by hand: which pages each role may open (every other page: all roles).
RESTRICTED = {
    "pages/data.py": {"admin"},
    "pages/admin_users.py": {"admin"},
    "pages/admin_audit.py": {"admin"},
    "pages/admin_import.py": {"admin"},
    "pages/admin_quality.py": {"admin"},  # part of importing data: the import's own quality view
    "pages/admin_targets.py": {"executive", "admin"},
    "pages/scorecard_settings.py": {"executive", "admin"},  # owners of objectives and KPIs (issue 20)
    "pages/sales.py": {"executive", "admin"},  # the Sales team: those who set targets (there is no sales-manager role)
}


def as_user(email: str | None, **claims) -> dict:
    return {"is_logged_in": email is not None, **({"email": email} if email else {}), **claims}


def run_app(monkeypatch, url: str, user: dict | None, **query) -> AppTest:
    monkeypatch.setenv("DATABASE_URL", url)
    at = AppTest.from_file(APP, default_timeout=90)
    at.user = user if user is not None else {}
    at.query_params.update(query)
    return at.run()


def run_page_by_url(monkeypatch, url: str, path: str, user: dict) -> AppTest:
    """The page's script run on its own, as a visitor typing its URL reaches it."""
    monkeypatch.setenv("DATABASE_URL", url)
    at = AppTest.from_file(str(ROOT / path), default_timeout=90)
    at.user = user
    return at.run()


def may_open(role: str | None, path: str) -> bool:
    spec = {s.path: s for s in ALL_PAGES}.get(path)
    return spec is not None and spec.permits(role)


def test_the_role_matrix_is_the_issues():
    paths = {spec.path for spec in ALL_PAGES} | set(RESTRICTED) | {"pages/program.py", "pages/links.py"}
    for role in accounts.ROLES:
        for path in paths:
            assert may_open(role, path) == (role in RESTRICTED.get(path, set(accounts.ROLES))), (role, path)
    assert not may_open(None, "pages/overview.py") and not may_open("boss", "pages/overview.py")


@pytest.mark.parametrize("role", accounts.ROLES)
@pytest.mark.parametrize("spec", [s for s in ALL_PAGES if s.path in RESTRICTED], ids=lambda s: s.url_path)
def test_a_page_opened_by_url_refuses_a_role_that_may_not_open_it(monkeypatch, demo_url, role, spec):
    at = run_page_by_url(monkeypatch, demo_url, spec.path, as_user(DEMO[role]))
    assert not at.exception
    if role in RESTRICTED[spec.path]:
        assert not at.error and at.title
    else:
        assert [e.value for e in at.error] == [EN["page_refused"].format(role=EN[f"role_{role}"])]
        assert not at.title and not at.dataframe and not at.button and not at.text_input and not at.selectbox


def test_not_signed_in_sees_only_the_sign_in_screen_and_the_demo_roles(monkeypatch, demo_url):
    at = run_app(monkeypatch, demo_url, None)
    assert at.title[0].value == EN["signin_title"]
    assert not at.dataframe and not at.metric and not at.get("plotly_chart")
    labels = [b.label for b in at.button]
    assert labels == [EN["signin_submit"]] + [EN["try_as"].format(role=EN[f"role_{r}"]) for r in accounts.ROLES]
    at.button(key="auth_try_marketer").click().run()
    assert at.title[0].value == EN["overview_title"]
    assert EN["signed_in_as"].format(email=plain(DEMO["marketer"]), role=EN["role_marketer"]) in [
        c.value for c in at.caption]


@pytest.mark.parametrize("role", accounts.ROLES)
def test_the_navigation_lists_only_the_pages_a_role_may_open(monkeypatch, demo_url, role):
    at = run_app(monkeypatch, demo_url, as_user(DEMO[role]))
    assert at.title[0].value == EN["overview_title"]
    for spec in ALL_PAGES:
        if role in RESTRICTED.get(spec.path, set(accounts.ROLES)):
            at.switch_page(spec.path)  # registered with the navigation
        else:
            with pytest.raises(ValueError, match="Could not find a navigation page"):
                at.switch_page(spec.path)


def test_an_identity_without_an_account_gets_no_access_and_no_data(monkeypatch, demo_url):
    at = run_app(monkeypatch, demo_url, as_user("stranger@example.cn"))
    assert at.title[0].value == EN["no_access_title"]
    assert not at.dataframe and not at.metric and not at.get("plotly_chart")


def test_a_trusted_proxy_header_signs_in_only_when_configured(monkeypatch, demo_url):
    header_only = {"email": DEMO["marketer"]}  # what st.user holds from server.trustedUserHeaders
    assert run_app(monkeypatch, demo_url, header_only).title[0].value == EN["signin_title"]
    monkeypatch.setattr("dashboard.core.auth.proxy_header_mode", lambda: True)
    at = run_app(monkeypatch, demo_url, header_only)
    assert at.title[0].value == EN["overview_title"]
    assert EN["signed_in_as"].format(email=plain(DEMO["marketer"]), role=EN["role_marketer"]) in [
        c.value for c in at.caption]
    assert "auth_sign_out" not in [b.key for b in at.button]  # the proxy owns signing out


def test_an_expired_id_token_signs_out(monkeypatch, demo_url):
    at = run_app(monkeypatch, demo_url, as_user(DEMO["admin"], exp=int(time.time()) - 5))
    assert at.user == {"is_logged_in": False}
    assert not at.metric and not at.dataframe
    fresh = run_app(monkeypatch, demo_url, as_user(DEMO["admin"], exp=int(time.time()) + 600))
    assert fresh.title[0].value == EN["overview_title"]


def test_signing_out_of_openid_ends_the_sign_in(monkeypatch, demo_url):
    at = run_app(monkeypatch, demo_url, as_user(DEMO["project"]))
    at.button(key="auth_sign_out").click().run()
    assert at.user == {"is_logged_in": False}
    assert not at.metric and not at.dataframe


@pytest.fixture
def customer_with_contacts(demo_engine) -> tuple[int, str, str, str]:
    with demo_engine.connect() as conn:
        return tuple(conn.execute(text(
            "SELECT id, contact_name, email, phone FROM customer WHERE contact_name IS NOT NULL AND email IS NOT NULL "
            "AND phone IS NOT NULL ORDER BY id LIMIT 1")).one())


@pytest.mark.parametrize("role", accounts.ROLES)
def test_contact_data_is_masked_for_executives_and_the_project_team(monkeypatch, demo_url, customer_with_contacts,
                                                                     role):
    customer, name, email, phone = customer_with_contacts
    at = run_app(monkeypatch, demo_url, as_user(DEMO[role]))
    at.switch_page("pages/customer_detail.py")
    at.query_params["customer"] = str(customer)
    at.run()
    shown = " ".join(t.value for t in at.text)
    local, domain = email.split("@")
    masked = (f"{name[0]}***", f"{local[0]}***@{domain}", f"+86 *** **** {phone[-4:]}")
    if role in ("marketer", "admin"):
        assert all(value in shown for value in (name, email, phone)), shown
    else:
        assert all(value in shown for value in masked) and not any(v in shown for v in (email, phone)), shown


def test_a_new_database_opens_on_creating_the_first_admin(monkeypatch, tmp_path):
    url = f"sqlite:///{tmp_path / 'new.db'}"
    at = run_app(monkeypatch, url, None)
    assert at.title[0].value == EN["first_run_title"]
    at.text_input(key="auth_first_email").input("Chief@Example.cn")
    at.text_input(key="auth_first_password").input("a long password")
    at.text_input(key="auth_first_again").input("a long password")
    at.button[0].click().run()
    assert EN["signed_in_as"].format(email=plain("chief@example.cn"), role=EN["role_admin"]) in [
        c.value for c in at.caption]
    engine = db.get_engine(url)
    with db.session_scope(engine) as session:
        assert [(u.email, u.role) for u in accounts.list_users(session=session)] == [("chief@example.cn", "admin")]
    engine.dispose()


def local_accounts_db(url: str) -> None:
    engine = db.get_engine(url)
    db.create_schema(engine)
    with db.session_scope(engine) as session:
        accounts.add_user(session=session, email="ann@example.cn", role="admin", password="right password",
                          actor="test")
        accounts.add_user(session=session, email="bob@example.cn", role="project", password="right password",
                          actor="test")
    engine.dispose()


def sign_in(at: AppTest, email: str, password: str) -> AppTest:
    at.text_input(key="auth_form_email").input(email)
    at.text_input(key="auth_form_password").input(password)
    return at.button[0].click().run()


def test_local_sign_in_wrong_password_and_rate_limit(monkeypatch, tmp_path):
    url = f"sqlite:///{tmp_path / 'local.db'}"
    local_accounts_db(url)
    at = run_app(monkeypatch, url, None)
    assert at.title[0].value == EN["signin_title"]
    assert [b.label for b in at.button] == [EN["signin_submit"]]  # not the demo: no "try as"
    sign_in(at, "ann@example.cn", "wrong password")
    assert [e.value for e in at.error] == [EN["signin_wrong"]]
    sign_in(at, "ANN@example.cn", "right password")
    assert EN["signed_in_as"].format(email=plain("ann@example.cn"), role=EN["role_admin"]) in [
        c.value for c in at.caption]
    other = run_app(monkeypatch, url, None)
    for _ in range(accounts.MAX_FAILURES):
        sign_in(other, "bob@example.cn", "guess")
    sign_in(other, "bob@example.cn", "right password")
    assert [e.value for e in other.error] == [EN["signin_locked"].format(minutes=15)]


def test_the_cookie_secret_is_required_when_openid_is_configured(monkeypatch, demo_url):
    monkeypatch.setenv("DATABASE_URL", demo_url)
    at = AppTest.from_file(APP, default_timeout=90)
    at.user = {}
    at.secrets["auth"] = {"client_id": "x", "client_secret": "y", "redirect_uri": "http://localhost:8501/oauth2callback",
                          "server_metadata_url": "http://127.0.0.1:1/.well-known/openid-configuration"}
    at.run()
    assert "cookie_secret" in at.error[0].value
    assert not at.button and not at.metric


def test_markup_in_audit_details_is_shown_as_text(monkeypatch, demo_url, demo_engine):
    hostile = "<script>alert(1)</script> **bold** [link](http://x) =HYPERLINK(\"http://x\")"
    with db.session_scope(demo_engine) as session:
        accounts.audit(session=session, actor="test", action="hostile", detail=hostile)
    at = run_app(monkeypatch, demo_url, as_user(DEMO["admin"]))
    at.switch_page("pages/admin_audit.py").run()
    assert hostile in set(at.dataframe[0].value["Detail"])
    assert not any("<script>" in m.value for m in at.markdown)


@pytest.mark.postgres
def test_roles_hold_on_postgresql(monkeypatch, postgres_url):
    local_accounts_db(postgres_url)
    refused = run_page_by_url(monkeypatch, postgres_url, "pages/admin_users.py", as_user("bob@example.cn"))
    assert [e.value for e in refused.error] == [EN["page_refused"].format(role=EN["role_project"])]
    allowed = run_page_by_url(monkeypatch, postgres_url, "pages/admin_users.py", as_user("ann@example.cn"))
    assert not allowed.exception and not allowed.error
    assert list(allowed.dataframe[0].value["E-mail"]) == ["ann@example.cn", "bob@example.cn"]
    signed = run_app(monkeypatch, postgres_url, as_user("bob@example.cn"))
    me = EN["signed_in_as"].format(email=plain("bob@example.cn"), role=EN["role_project"])
    assert me in [c.value for c in signed.caption]


@pytest.mark.parametrize("role", accounts.ROLES)
def test_the_call_list_and_its_export_mask_contacts_by_role(monkeypatch, demo_url, demo_engine, role):
    from dashboard.core import downloads

    exported = {}
    monkeypatch.setattr(downloads, "table_downloads",  # a long list is passed to be labelled on click: made here
                        lambda frame, name: exported.setdefault(name, frame() if callable(frame) else frame))
    at = run_app(monkeypatch, demo_url, as_user(DEMO[role]))
    at.switch_page("pages/segments.py").run()
    assert not at.exception, at.exception
    shown = next(d.value for d in at.dataframe if "Phone" in d.value.columns and "Overdue by" in d.value.columns)
    export = exported["call-list"]
    with demo_engine.connect() as conn:
        phones = dict(conn.execute(text("SELECT id, phone FROM customer WHERE phone IS NOT NULL")).all())
    for frame in (shown, export):
        given = frame.dropna(subset=["Phone"])
        assert len(given)
        real = [phones[int(c)] for c in given["Customer no."]]
        if role in ("marketer", "admin"):
            assert list(given["Phone"]) == real
        else:  # the country code and the last four digits, nothing else
            assert all(p.startswith("+86 *** **** ") and p.endswith(r[-4:]) for p, r in zip(given["Phone"], real,
                                                                                            strict=True))


def test_every_page_url_is_known_before_signing_in(monkeypatch, demo_url):
    """A shared link to any page opens the sign-in, not Streamlit's "page not found" (issue 19)."""
    at = run_app(monkeypatch, demo_url, None)
    assert at.title[0].value == EN["signin_title"]
    known = {info.get("url_pathname") for info in at._registered_pages.values()}  # AppTest keeps no public list
    assert {spec.url_path for spec in ALL_PAGES if spec is not OVERVIEW} <= known


def test_a_shared_link_opened_signed_out_lands_on_its_page_with_its_filters_after_signing_in(monkeypatch, demo_url):
    monkeypatch.setenv("DATABASE_URL", demo_url)
    at = AppTest.from_file(APP, default_timeout=90)
    at.user = {}
    at.switch_page("pages/segments.py")  # before the first run: the page a browser's URL /segments asks for
    at.query_params.update({"lang": "zh", "region": "North"})
    at.run()
    assert at.title[0].value == ZH["signin_title"] and not at.exception
    at.button(key="auth_try_marketer").click().run()
    assert at.title[0].value == ZH["segments_title"]
    assert at.multiselect(key="f_region").value == ["North"]


def cookie_run(monkeypatch, url: str, cookie: str | None) -> AppTest:
    """A browser session opening with ``cookie`` (a reload, a new tab)."""
    monkeypatch.setattr(remember, "browser_cookie", lambda: cookie)
    return run_app(monkeypatch, url, None)


def test_a_local_sign_in_survives_a_reload_until_signing_out(monkeypatch, tmp_path):
    url = f"sqlite:///{tmp_path / 'local.db'}"
    local_accounts_db(url)
    at = run_app(monkeypatch, url, None)
    sign_in(at, "ann@example.cn", "right password")
    cookie = at.session_state[remember.TOKEN_KEY]
    ann = EN["signed_in_as"].format(email=plain("ann@example.cn"), role=EN["role_admin"])
    reloaded = cookie_run(monkeypatch, url, cookie)
    assert ann in [c.value for c in reloaded.caption]
    reloaded.button(key="auth_sign_out").click().run()
    assert reloaded.title[0].value == EN["signin_title"]
    assert any("Max-Age=0" in h.proto.body for h in reloaded.get("html"))  # the browser is told to drop it
    again = cookie_run(monkeypatch, url, cookie)
    assert again.title[0].value == EN["signin_title"] and ann not in [c.value for c in again.caption]
    assert not again.metric and not again.dataframe


def test_signing_out_in_one_tab_signs_the_others_out_at_their_next_run(monkeypatch, tmp_path):
    url = f"sqlite:///{tmp_path / 'local.db'}"
    local_accounts_db(url)
    first, second = run_app(monkeypatch, url, None), run_app(monkeypatch, url, None)
    sign_in(first, "bob@example.cn", "right password")
    sign_in(second, "bob@example.cn", "right password")
    first.button(key="auth_sign_out").click().run()
    second.run()
    assert second.title[0].value == EN["signin_title"]
    assert [w.value for w in second.warning] == [EN["auth_signed_out_elsewhere"]]


def test_a_forged_or_foreign_cookie_signs_nobody_in(monkeypatch, tmp_path):
    url = f"sqlite:///{tmp_path / 'local.db'}"
    local_accounts_db(url)
    for cookie in ("v1.1.password.1.99999999999.0.forged", "nonsense"):
        at = cookie_run(monkeypatch, url, cookie)
        assert at.title[0].value == EN["signin_title"] and not at.exception
        assert any("Max-Age=0" in h.proto.body for h in at.get("html"))
