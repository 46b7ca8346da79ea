"""In Chromium: a CSV uploaded on the Import page is checked, imported, and its rows are counted on the Data page."""

import pytest
from playwright.sync_api import expect
from sqlmodel import SQLModel

from cli.data import main
from data import accounts, db
from data.models import AppUser, AuditEvent
from tests.data.importing.test_importer import MINIMUM, write
from tests.e2e.conftest import PROXY_HEADER, SIGNED_IN_HEADERS, serve
from tests.e2e.test_executive_views import wait_for_app

pytestmark = pytest.mark.e2e


@pytest.fixture
def company_app_url(tmp_path):
    """A server of its own over a small company's database (the import writes to it)."""
    url = f"sqlite:///{tmp_path / 'company.db'}"
    assert main(["import", str(write(tmp_path / "base", MINIMUM)), "--database-url", url]) == 0
    engine = db.get_engine(url)
    SQLModel.metadata.create_all(engine, tables=[AppUser.__table__, AuditEvent.__table__])
    with db.session_scope(engine) as session:  # the admin the browser signs in as (tests/e2e/conftest.py)
        accounts.add_user(session=session, email=SIGNED_IN_HEADERS[PROXY_HEADER], role="admin", actor="tests")
    engine.dispose()
    yield from serve(url)


def customers_tile(page):
    return page.get_by_test_id("stMetric").filter(has_text="Customers").get_by_test_id("stMetricValue")


def test_uploaded_customers_are_imported_and_counted_on_the_data_page(page, company_app_url, tmp_path):
    page.goto(f"{company_app_url}/data")
    wait_for_app(page)
    expect(customers_tile(page)).to_have_text("2")

    page.goto(f"{company_app_url}/import")
    wait_for_app(page)
    page.get_by_test_id("stFileUploader").locator("input[type=file]").set_input_files(
        files=[{"name": "customer.csv", "mimeType": "text/csv", "buffer": b"id,name\n3,Initech\n4,Umbrella\n"}])
    page.get_by_role("button", name="Check (nothing is written)").click()
    expect(page.get_by_text("2 rows ready to import")).to_be_visible(timeout=30_000)
    page.get_by_role("button", name="Import", exact=True).click()
    expect(page.get_by_text("Imported: customer +2")).to_be_visible(timeout=60_000)
    # the browser signs in as the demo's admin address: the first company import disables the demo's sign-ins and
    # says so; the company's own admin (here: the same address, enabled again by hand) carries on
    expect(page.get_by_text("sign-ins are disabled now that the data is the company's")).to_be_visible()
    engine = db.get_engine(f"sqlite:///{tmp_path / 'company.db'}")  # the fixture's database (same tmp_path)
    with db.session_scope(engine) as session:
        accounts.set_active(session=session, email=SIGNED_IN_HEADERS[PROXY_HEADER], active=True, actor="tests")
    engine.dispose()

    page.goto(f"{company_app_url}/data")
    wait_for_app(page)
    expect(customers_tile(page)).to_have_text("4")
