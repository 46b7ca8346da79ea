"""Long tables: a page of rows on screen, the whole list in the download; search finds across pages."""

from pathlib import Path

import pandas as pd
from streamlit.testing.v1 import AppTest

from dashboard.core import i18n, labels, tables

APP = str(Path(__file__).resolve().parents[3] / "streamlit_app.py")


def test_pages_cover_every_row_once():
    frame = pd.DataFrame({"id": range(1, 124)})
    pages = [tables.page_of(frame, p, 50) for p in (1, 2, 3)]
    assert [len(p) for p in pages] == [50, 50, 23]
    assert pd.concat(pages)["id"].tolist() == list(range(1, 124))


def test_each_distinct_names_every_row_calling_once_per_value():
    calls = []
    named = labels.each_distinct(pd.Series(["a", "b", "a", None, "a"]), lambda v: calls.append(v) or v.upper())
    assert named.tolist()[:3] == ["A", "B", "A"] and pd.isna(named[3]) and named[4] == "A"
    assert sorted(calls) == ["a", "b"]


def test_search_is_literal_and_case_insensitive():
    frame = pd.DataFrame({"id": [1, 12, 3], "name": ["Acme (East)", "acme west", "Zeta"]})
    assert tables.search(frame, "ACME", ["name"])["id"].tolist() == [1, 12]
    assert tables.search(frame, "(east", ["name"])["id"].tolist() == [1]  # not a regular expression
    assert tables.search(frame, "12", ["id", "name"])["id"].tolist() == [12]
    assert tables.search(frame, "  ", ["name"]) is frame


def test_segment_lists_send_one_page_of_rows(monkeypatch, demo_url):
    monkeypatch.setenv("DATABASE_URL", demo_url)
    at = AppTest.from_file(APP, default_timeout=120)
    at.query_params["segment"] = "custom:filters"  # every customer: far more than a page
    at.run()
    at.switch_page("pages/segments.py").run()
    assert not at.exception, at.exception
    sizes = [len(frame.value) for frame in at.dataframe]
    assert max(sizes) == tables.PAGE_ROWS
    pager = [n for n in at.number_input if n.label == i18n.TEXT["table_page"]["en"]]
    assert pager and pager[0].max > 10  # 3,000 customers: many pages, one shown
    pager[0].set_value(2).run()
    assert not at.exception
