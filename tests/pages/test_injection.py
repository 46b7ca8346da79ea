"""Company data is text (issue 23, item 4): markdown, HTML and formulas put into every text column of a company
are shown as typed on every page, never as an image, a link or markup, and leave the exports neutralised.

The data's host (``HOST``) must never appear verbatim in anything Streamlit renders as Markdown: escaped, its
dots read ``127\\.0\\.0\\.1``. Run on both systems of record: SQLite, walked in English, and PostgreSQL, walked in
Chinese (each walk about a minute); the pages read the DuckDB store the refresh built from either. The browser's side
(no ``<img>``/``<a>`` from the data, no request to its host) is ``tests/e2e/test_injection.py``, on SQLite only: what
reaches the browser is what these walks check, and it comes from the same store whatever the system of record.
"""

from __future__ import annotations

import csv
import io
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import streamlit
from google.protobuf.message import Message
from sqlalchemy import text
from streamlit.testing.v1 import AppTest

from dashboard.core import downloads
from dashboard.core.navigation import ALL_PAGES, CUSTOMER_DETAIL
from dashboard.core.safe import plain
from data import analytics, db, store_file
from data.demo.builder import build_demo
from jobs import refresh as precompute

ROOT = Path(__file__).resolve().parents[2]
APP = str(ROOT / "streamlit_app.py")
HOST = "127.0.0.1:9"  # the discard port: nothing answers, and a browser's attempt still shows
INJECTIONS = {
    "md_image": f"![px](http://{HOST}/px.png)",
    "md_link": f"[click](http://{HOST}/link)",
    "html_img": f'<img src="http://{HOST}/img.png">',
    "script": f"<script>fetch('http://{HOST}/s')</script>",
    "html_link": f'<a href="http://{HOST}/a">a</a>',  # Plotly's labels draw this one as a link
    "formula": f'=HYPERLINK("http://{HOST}/f","x")',
    "autolink": f"www.{HOST.replace(':', '.')}.example http://{HOST}/bare a@{HOST.split(':')[0]}.example",
}
# One row in five of each column gets each string (prefixed, so distinct values stay distinct).
ROW_COLUMNS = {
    "customer": ["name", "city", "contact_name"],
    "product": ["name"],
    "employee": ["name", "department"],
    "campaign": ["name"],
    "program_step": ["name_en", "name_zh", "owner"],
    "program_comment": ["author", "text"],
    "benchmark_case": ["name"],
    "training_record": ["course"],
}
# Dimension values: renamed consistently wherever the column appears, so joins and filters still hold.
VALUE_COLUMNS = {
    "region": ["customer", "lead", "employee"],
    "channel": ["customer", "lead"],
    "industry": ["customer", "lead", "benchmark_case"],
    "category": ["product"],
}
# Markdown-rendering places of an element: Streamlit shows these fields through its Markdown renderer.
MARKDOWN_FIELDS = {"body", "label", "help", "caption", "placeholder"}
# Elements whose options are Markdown too (select boxes and multiselects show options as plain text).
MARKDOWN_OPTIONS = {"radio", "button_group"}


def injected(kind_index: int, original: object) -> str:
    kinds = list(INJECTIONS.values())
    return f"{kinds[kind_index % len(kinds)]} {original}"


def inject(url: str) -> None:
    """Every text column named above of the database at ``url`` gets the injection strings (rows by primary key,
    the same on SQLite and PostgreSQL), then the store is built from it."""
    engine = db.get_engine(url)
    with engine.begin() as conn:
        for table, columns in ROW_COLUMNS.items():
            for column in columns:
                rows = conn.execute(text(f"SELECT id, {column} FROM {table} ORDER BY id")).all()
                conn.execute(text(f"UPDATE {table} SET {column} = :value WHERE id = :id"),
                             [{"id": r, "value": injected(i, v)} for i, (r, v) in enumerate(rows)])
        for column, tables in VALUE_COLUMNS.items():
            values = sorted({v for t in tables for (v,) in conn.execute(text(
                f"SELECT DISTINCT {column} FROM {t} WHERE {column} IS NOT NULL")).all()})
            renamed = {v: injected(i, v) for i, v in enumerate(values)}
            for t in tables:
                conn.execute(text(f"UPDATE {t} SET {column} = :new WHERE {column} = :old"),
                             [{"old": o, "new": n} for o, n in renamed.items()])
    precompute.refresh(engine)
    engine.dispose()


def build_injected_company(url: str) -> str:
    engine = db.get_engine(url)
    build_demo(engine, customers=150, seed=11)
    engine.dispose()
    inject(url)
    return url


@dataclass(frozen=True)
class Company:
    url: str
    lang: str  # the walk's language: SQLite walks in English, PostgreSQL in Chinese (both, each walk under 90 s)


@pytest.fixture(scope="module", params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def company(request, tmp_path_factory) -> Iterator[Company]:
    """The injected company on each system of record; the pages read the DuckDB store built from it."""
    if request.param == "sqlite":
        yield Company(build_injected_company(f"sqlite:///{tmp_path_factory.mktemp('injected') / 'company.db'}"), "en")
        return
    server = request.getfixturevalue("postgres_server")
    if server is None:
        pytest.skip("a database of its own is needed: TEST_POSTGRES_URL names a shared one")
    url = build_injected_company(server.create_database(f"injected_{os.getpid()}"))
    yield Company(url, "zh")
    store = analytics.store_path(url)  # beside the project's var/, as every PostgreSQL store: removed after
    for leftover in (store, store_file.good_path(store), store.with_name(store.name + ".lock")):
        leftover.unlink(missing_ok=True)


def _strings(message: Message, *, options: bool):
    for field, value in message.ListFields():
        repeated = not isinstance(value, str | bytes | bool | int | float | Message)
        items = list(value) if repeated else [value]
        if field.type == field.TYPE_MESSAGE:
            for item in items:
                yield from _strings(item, options=options)
        elif field.type == field.TYPE_STRING and (field.name in MARKDOWN_FIELDS
                                                  or (options and field.name == "options")):
            yield from items


def rendered_markdown(at: AppTest) -> list[str]:
    """Every string of the run that Streamlit shows through its Markdown renderer."""
    out = []

    def walk(node) -> None:
        proto = getattr(node, "proto", None)
        kind = getattr(node, "type", "")
        if isinstance(proto, Message) and kind not in {"arrow_data_frame", "plotly_chart", "code", "text", "json"}:
            out.extend(_strings(proto, options=kind in MARKDOWN_OPTIONS))
        for child in getattr(node, "children", {}).values():
            walk(child)

    walk(at._tree)
    return out


# Unescaped: not preceded by a backslash. Escaped, the host's dots read "127\.0\.0\.1". The data's host is followed
# by its port 9 or a dot; the PostgreSQL server's own address (the Data page names the database) is not data.
UNESCAPED = re.compile(r"127\.0\.0\.1(?::9\b|\.)|(?<!\\)!(?=\\?\[)|(?<!\\)\]\(|(?<!\\)<(img|script|a )|www\.127")


def leaks(at: AppTest) -> list[str]:
    """Markdown that holds the data's host, an image, a link or HTML verbatim (escaped, none does)."""
    return [s for s in rendered_markdown(at) if UNESCAPED.search(s)]


def open_app(monkeypatch, company: Company, **query) -> AppTest:
    monkeypatch.setenv("DATABASE_URL", company.url)
    at = AppTest.from_file(APP, default_timeout=180)
    at.query_params.update({"lang": company.lang, **query})
    return at.run()


def test_the_company_holds_the_injections(company):
    engine = db.get_engine(company.url)
    with engine.connect() as conn:
        names = conn.execute(text("SELECT name FROM customer")).scalars().all()
        regions = conn.execute(text("SELECT DISTINCT region FROM customer")).scalars().all()
    engine.dispose()
    for kind in INJECTIONS.values():
        assert any(n.startswith(kind) for n in names)
    assert all(any(r.startswith(k) for k in INJECTIONS.values()) for r in regions)


@pytest.mark.parametrize("spec", ALL_PAGES, ids=lambda s: s.url_path or "overview")
def test_no_page_renders_data_as_markup(monkeypatch, company, spec):
    engine = db.get_engine(company.url)
    with engine.connect() as conn:  # a customer named with the image, in an injected region and industry
        customer = conn.execute(text("SELECT id FROM customer WHERE name LIKE '![%' ORDER BY id")).scalars().first()
    engine.dispose()
    at = open_app(monkeypatch, company)
    at.switch_page(spec.path)
    if spec is CUSTOMER_DETAIL:
        at.query_params["customer"] = str(customer)
    at.run()
    assert not at.exception, at.exception
    assert at.title, "the page was drawn"
    assert not leaks(at), leaks(at)
    if spec is CUSTOMER_DETAIL:
        header = at.subheader[0].value
        assert header.startswith(plain(INJECTIONS["md_image"])) and "127\\.0\\.0\\.1" in header  # as typed


def test_values_in_a_link_are_shown_as_text(monkeypatch, company):
    hostile = f"![q](http://{HOST}/q.png)"
    at = open_app(monkeypatch, company, region=hostile, period="<img src=x>")
    assert not at.exception, at.exception
    assert at.warning and not leaks(at), leaks(at)
    at = open_app(monkeypatch, company)
    at.switch_page(CUSTOMER_DETAIL.path)
    at.query_params["customer"] = hostile
    at.run()
    assert not at.exception and not leaks(at), leaks(at)


def test_exports_of_injected_data_start_no_formula(monkeypatch, company):
    built: dict[str, object] = {}
    real = streamlit.download_button

    def keep(label, data, file_name=None, *args, **kwargs):
        built[file_name] = data
        return real(label, data, file_name, *args, **kwargs)

    monkeypatch.setattr(streamlit, "download_button", keep)
    at = open_app(monkeypatch, company)
    at.switch_page("pages/segments.py").run()
    at.selectbox(key="segment").set_value("custom:filters").run()
    assert not at.exception, at.exception
    name = "customers-custom-filters.csv"
    cells = [c for row in csv.reader(io.StringIO(built[name]().decode("utf-8-sig"))) for c in row]
    assert any(c.startswith("'=HYPERLINK(") for c in cells)
    data = [c for c in cells if HOST in c]  # every injected cell: a leading quote where a formula could start
    assert data and not [c for c in data if c.startswith(downloads.FORMULA_STARTS)]
