"""Companies for tests that run the product as a new company would: CSV folders imported with the documented
command line (``python -m data import``), a digest of every business table, the roles' accounts, and a walk
through every page in an AppTest session that collects what a person would read.

Used by ``tests/samples`` (public sample companies) and ``tests/pages/test_every_subset.py`` (minimal companies).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import streamlit as st
from sqlalchemy import inspect, text
from streamlit.testing.v1 import AppTest

from dashboard.core.navigation import ALL_PAGES, OVERVIEW, PageSpec
from data import accounts, db
from data.importing.rules import IMPORTABLE

ROOT = Path(__file__).resolve().parents[1]
APP = str(ROOT / "streamlit_app.py")


# --- the command line ---------------------------------------------------------------------------------------------

def run_import(url: str, folder: Path, *options: str, store_dir: Path | None = None,
               timeout: int = 600) -> subprocess.CompletedProcess:
    """``python -m data import FOLDER [options]`` against ``url`` in a process of its own, as a user runs it."""
    env = {**os.environ, "DATABASE_URL": url}
    if store_dir is not None:
        env["ANALYTICS_DIR"] = str(store_dir)
    return subprocess.run([sys.executable, "-m", "data", "import", str(folder), *options], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=timeout)


def run_scorecard(url: str, *options: str, store_dir: Path | None = None) -> subprocess.CompletedProcess:
    """``python -m metrics scorecard [options]`` on ``url``'s analytical store, in a process of its own."""
    env = {**os.environ, "DATABASE_URL": url}
    if store_dir is not None:
        env["ANALYTICS_DIR"] = str(store_dir)
    return subprocess.run([sys.executable, "-m", "metrics", "scorecard", *options], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=300)


def said(done: subprocess.CompletedProcess, lines: int = 25) -> str:
    """The end of a command's output, for an assertion's message."""
    out = (done.stdout + "\n" + done.stderr).strip().splitlines()
    return f"exit {done.returncode}:\n" + "\n".join(out[-lines:])


def table_hashes(url: str) -> dict[str, str]:
    """One digest per importable table over every row (key order, then every column): equal digests, equal
    contents."""
    engine = db.get_engine(url)
    present = set(inspect(engine).get_table_names())
    out = {}
    try:
        with engine.connect() as conn:
            for name in IMPORTABLE:
                if name not in present:
                    continue
                table = next(t for t in db.tables() if t.name == name)
                columns = [c.name for c in table.columns]
                rows = conn.execute(text(f"SELECT {', '.join(columns)} FROM {name}")).all()
                digest = hashlib.sha256()
                for row in sorted(repr(tuple(r)) for r in rows):
                    digest.update(row.encode())
                out[name] = f"{len(rows)} rows {digest.hexdigest()[:16]}"
    finally:
        engine.dispose()
    return out


def add_role_accounts(url: str) -> None:
    """The demo sign-in accounts (one per role) in ``url``'s database, as an admin would add them."""
    engine = db.get_engine(url)
    try:
        from sqlmodel import SQLModel

        from data.models import AppUser, AuditEvent

        SQLModel.metadata.create_all(engine, tables=[AppUser.__table__, AuditEvent.__table__])
        with db.session_scope(engine) as session:
            for role, email in accounts.DEMO_ACCOUNTS.items():
                if accounts.get_user(session=session, email=email) is None:
                    accounts.add_user(session=session, email=email, role=role, actor="tests")
    finally:
        engine.dispose()


# --- what a page shows --------------------------------------------------------------------------------------------

# a missing value printed as a word: "nan", "NaN", "+nan", "nan%", "None", "NaT", "<NA>", "inf" (not inside
# "Financial" or "Nancy", and not the English word "none")
BAD_WORD = re.compile(r"(?<![A-Za-z])(?:[+-]?(?:nan|NaN|NAN)|None|NaT|<NA>|[+-]?inf)(?![A-Za-z])")


def bad_words(value: str) -> list[str]:
    return BAD_WORD.findall(value)


def _strings(value) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


def _cells(frame: pd.DataFrame) -> Iterator[str]:
    """Headers and the cells shown as text (a float NaN cell shows empty; text cells show as written)."""
    yield from (str(c) for c in frame.columns)
    for column in frame.columns:
        series = frame[column]
        if series.dtype == object or pd.api.types.is_string_dtype(series):
            yield from (v for v in series.to_numpy() if isinstance(v, str))


def shown_texts(at: AppTest) -> list[tuple[str, str]]:
    """Every text a person reads on the page, as (where, text): headings, markdown, captions, alerts, metrics
    (label, value, change, help), widget labels and options, tab and expander labels, dataframe headers and
    text cells, and the strings of every chart (titles, axes, labels, hover text)."""
    out: list[tuple[str, str]] = []
    for node in at._tree:
        kind = getattr(node, "type", "?")
        if kind in ("dataframe", "table", "arrow_data_frame", "arrow_table"):
            try:
                frame = node.value
            except Exception:  # a table AppTest cannot decode: its texts are not read here
                continue
            out.extend((f"{kind} cell", cell) for cell in _cells(frame))
            continue
        if kind == "plotly_chart":
            spec = json.loads(node.proto.spec or "{}")
            out.extend(("chart", s) for s in _strings(spec.get("layout", {})))
            for trace in spec.get("data", []):
                out.extend(("chart", s) for key in ("name", "text", "hovertext", "hovertemplate", "x", "y",
                                                    "labels", "customdata")
                           for s in _strings(trace.get(key)))
            continue
        if kind == "metric":
            out.extend(("metric " + part, str(getattr(node, part, "") or ""))
                       for part in ("label", "value", "delta", "help"))
            continue
        for part in ("value", "label", "help", "body", "caption", "placeholder"):
            try:
                value = getattr(node, part)
            except Exception:
                continue
            if isinstance(value, str) and value:
                out.append((f"{kind} {part}", value))
        options = getattr(getattr(node, "proto", None), "options", None)
        if options is not None:
            with contextlib.suppress(TypeError):  # a proto field named "options" that is not a list
                out.extend((f"{kind} option", str(o)) for o in options)
    return out


@dataclass
class PageVisit:
    spec: PageSpec
    lang: str
    role: str
    exception: list[str] = field(default_factory=list)
    texts: list[tuple[str, str]] = field(default_factory=list)
    frames: list[pd.DataFrame] = field(default_factory=list)  # the page's tables as given to st.dataframe
    period: str | None = None  # the period the filters show (``f_period``), when the page has them

    def nan_none(self) -> list[str]:
        """Each place a missing value reached the page as a word."""
        return [f"{where}: {value[:160]!r}" for where, value in self.texts if bad_words(value)]

    def problems(self) -> list[str]:
        head = f"{self.spec.url_path} [{self.lang}, {self.role}]"
        found = [f"{head}: exception {e}" for e in self.exception]
        found += [f"{head}: {p}" for p in self.nan_none()]
        return found


def exception_text(at: AppTest) -> list[str]:
    """Each exception the page raised: its message and the innermost two frames of the traceback in the project's
    code (the one that raised, and its caller)."""
    out = []
    for error in at.exception:
        ours = [line.strip().splitlines()[0] for line in error.stack_trace
                if str(ROOT) in line and "/.venv/" not in line]
        where = " <- ".join(reversed(ours[-2:])) or "(no frame in the project's code)"
        out.append(f"{error.message} @ {where}")
    return out


def as_role(role: str) -> dict:
    return {"is_logged_in": True, "email": accounts.DEMO_ACCOUNTS[role]}


def walk(monkeypatch, url: str, *, lang: str, role: str, pages=ALL_PAGES, store_dir: Path | None = None,
         query: dict | None = None) -> list[PageVisit]:
    """Open the app signed in as ``role`` in ``lang`` and visit each page of ``pages`` the role may open, in one
    session, as a person clicking through the menu does. The caches start empty (a module-scoped walk runs before
    the per-test fixture that empties them: a previous module's engine or store must not answer)."""
    st.cache_data.clear()
    st.cache_resource.clear()
    monkeypatch.setenv("DATABASE_URL", url)
    if store_dir is not None:
        monkeypatch.setenv("ANALYTICS_DIR", str(store_dir))
    at = AppTest.from_file(APP, default_timeout=120)
    at.user = as_role(role)
    at.query_params.update({"lang": lang, **(query or {})})
    at.run()
    visits = []
    for spec in pages:
        if not spec.permits(role):
            continue
        if spec.path != OVERVIEW.path or visits:
            try:
                at.switch_page(spec.path).run()
            except Exception as error:  # the app did not reach its navigation: nothing to switch to
                failed = [f"could not open the page: {error!r}", *exception_text(at)]
                visits.append(PageVisit(spec, lang, role, failed))
                continue
        period = at.session_state.get("f_period")
        visits.append(PageVisit(spec, lang, role, exception_text(at), shown_texts(at), frames(at), period))
    return visits


def frames(at: AppTest) -> list[pd.DataFrame]:
    out = []
    for frame in at.dataframe:
        try:
            out.append(frame.value)
        except Exception:  # a table AppTest cannot decode
            continue
    return out


def report(visits: list[PageVisit]) -> str:
    return "\n".join(p for v in visits for p in v.problems())


def raw_names() -> set[str]:
    """The database's own names a person should never have to read: every importable table's name and its
    columns' names that are not plain words (``unit_cost``, ``hired_on``, ``service_ticket``)."""
    names = set()
    for table in db.tables():
        if table.name in IMPORTABLE:
            names |= {table.name} | {c.name for c in table.columns}
    return {n for n in names if "_" in n}
