"""Every page in Chinese (AppTest): no table header is a raw identifier and no cell a raw code value."""

import re
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from dashboard.core import labels
from dashboard.core.navigation import ALL_PAGES, CUSTOMER_DETAIL

APP = str(Path(__file__).resolve().parents[2] / "streamlit_app.py")
RAW = re.compile(r"[A-Za-z][A-Za-z0-9_ .()/\-]*")  # ASCII words only: snake_case ids or English column names
ALLOWED = {"KPI", "RFM", "CRM", "NPS", "CSAT", "CPI", "SPI"}  # standard abbreviations
SECTIONS = ["orders", "products", "campaigns", "tickets", "surveys", "owners"]


def raw_parts(at: AppTest, where: str) -> list[str]:
    found = []
    for table in at.dataframe:
        frame = table.value
        found += [f"{where}: header {h!r}" for h in map(str, frame.columns) if RAW.fullmatch(h) and h not in ALLOWED]
        for column in frame.columns:
            if frame[column].dtype == object:
                for value in set(frame[column].dropna().map(str)):
                    if value in labels.CODES and labels.code(value, "zh") != value:
                        found.append(f"{where}: {column} holds the code {value!r}")
                    if value in ("True", "False"):
                        found.append(f"{where}: {column} holds {value}")
    return found


@pytest.fixture(scope="module")
def rich_customer(demo_store) -> int:
    """A customer with something in each of the six history tables."""
    return int(demo_store.query("""
        SELECT c.id FROM customer c
        WHERE EXISTS (SELECT 1 FROM customer_owner_change o WHERE o.customer_id = c.id)
          AND EXISTS (SELECT 1 FROM service_ticket s WHERE s.customer_id = c.id)
          AND EXISTS (SELECT 1 FROM survey_response r WHERE r.customer_id = c.id)
          AND EXISTS (SELECT 1 FROM campaign_contact k WHERE k.customer_id = c.id)
          AND EXISTS (SELECT 1 FROM sales s WHERE s.customer_id = c.id)
        ORDER BY c.id LIMIT 1""").iloc[0, 0])


def test_no_page_shows_a_raw_identifier_in_chinese(monkeypatch, demo_url, rich_customer):
    monkeypatch.setenv("DATABASE_URL", demo_url)
    at = AppTest.from_file(APP, default_timeout=120)
    at.query_params.update(lang="zh", customer=str(rich_customer))
    at.run()
    found, tables = [], 0
    for spec in ALL_PAGES:
        if spec is not ALL_PAGES[0]:
            at.switch_page(spec.path).run()
        assert not at.exception, (spec.path, at.exception)
        found += raw_parts(at, spec.url_path)
        tables += len(at.dataframe)
        if spec is CUSTOMER_DETAIL:
            for section in SECTIONS[1:]:
                at.button_group(key="history_section").set_value(section).run()
                assert len(at.dataframe) and len(at.dataframe[-1].value), section
                found += raw_parts(at, f"{spec.url_path}/{section}")
    assert tables >= 8
    assert not found, found
