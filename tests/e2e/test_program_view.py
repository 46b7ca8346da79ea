"""The project team's view in a real browser: editing a step's % complete moves CPI and SPI at once."""

import shutil
from pathlib import Path

import pytest
from playwright.sync_api import expect
from sqlalchemy.engine import make_url

from tests.e2e.conftest import screenshot, serve
from tests.e2e.test_executive_views import wait_for_app

pytestmark = pytest.mark.e2e


@pytest.fixture
def program_app_url(demo_url, tmp_path):
    """A server on a private copy of the demo: the edit must not leak into the shared demo."""
    source = Path(make_url(demo_url).database)
    shutil.copy(source, tmp_path / "demo.db")
    shutil.copy(source.with_suffix(".duckdb"), tmp_path / "demo.duckdb")
    yield from serve(f"sqlite:///{tmp_path / 'demo.db'}")


def metric(page, label: str) -> float:
    tile = page.get_by_test_id("stMetric").filter(has_text=label)
    return float(tile.get_by_test_id("stMetricValue").inner_text())


def test_editing_percent_complete_changes_cpi_and_spi(page, program_app_url):
    page.goto(f"{program_app_url}/program")
    expect(page.get_by_role("heading", name="CRM program ROI by stage")).to_be_visible(timeout=60_000)
    wait_for_app(page)
    cpi, spi = metric(page, "CPI (cost)"), metric(page, "SPI (schedule)")
    percent = page.get_by_label("% complete")  # step 1 (Preparation) is selected: done, 100%
    percent.scroll_into_view_if_needed()
    percent.fill("50")
    page.get_by_role("button", name="Save step").click()
    expect(page.get_by_text("Saved: the figures above use it now.")).to_be_visible(timeout=60_000)
    wait_for_app(page)
    assert metric(page, "CPI (cost)") < cpi
    assert metric(page, "SPI (schedule)") < spi
    screenshot(page, "program-after-edit")
