"""Every page works with any subset of data (issue 17): minimal companies written as CSV files, imported with
``python -m data import`` (which refreshes the store), then every page walked in both languages, as an admin for
each company and as every role for the customers-and-orders company. No exception, no "nan"/"None" on a page,
and what a KPI lacks said in words ("not measured: needs unit costs"), never as a column name."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from dashboard.core import i18n
from dashboard.core.navigation import ADMIN_QUALITY, ALL_PAGES, OVERVIEW, PORTFOLIOS
from data import accounts
from metrics.base.store import Store
from metrics.scorecard.registry import get
from tests import companies

# --- minimal companies --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Minimal:
    """A small company with only some kinds of data (issue 17's list): what it gives decides its files."""

    name: str
    costs: bool = False  # unit costs on order lines and products
    managers: bool = False  # an employees file and customer managers
    text_keys: bool = False  # customer, product and order numbers as text ("C-0007")
    regions: int = 0  # customers' regions given (0: no region column)
    more: bool = False  # channel, industry, acquisition dates, churn dates, delivery dates (no employees)


MINIMAL = (
    Minimal("orders_only"),
    Minimal("with_costs", costs=True),
    Minimal("with_managers", costs=True, managers=True),
    Minimal("text_keys", text_keys=True),
    Minimal("one_region", regions=1),
    Minimal("no_employees", costs=True, regions=3, more=True),
)

LAST_DAY = date(2025, 6, 30)
MONTHS = 30


def minimal_tables(company: Minimal, *, customers: int = 60, seed: int = 17) -> dict[str, pd.DataFrame]:
    """The company's tables as the importer's CSV columns: 30 months of orders up to 2025-06-30, a steady
    business with some customers lost along the way (seeded, the same every run)."""
    rng = np.random.default_rng(seed)
    first = LAST_DAY - timedelta(days=MONTHS * 30)
    ids = np.arange(1, customers + 1)
    joined = np.array([first + timedelta(days=int(d)) for d in rng.integers(0, MONTHS * 30 - 60, customers)])
    lost = rng.random(customers) < 0.25
    left = np.array([j + timedelta(days=int(d)) for j, d in zip(joined, rng.integers(90, 600, customers),
                                                                   strict=True)])
    left = np.where(lost & (left < LAST_DAY), left, None)

    def key(prefix: str, values) -> list:
        return [f"{prefix}-{int(v):04d}" for v in values] if company.text_keys else [int(v) for v in values]

    customer = pd.DataFrame({"id": key("C", ids)})
    if company.regions:
        names = ["North", "South", "West"][:company.regions]
        customer["region"] = [names[i % len(names)] for i in range(customers)]
    if company.more:
        customer["channel"] = np.where(ids % 2 == 0, "online", "direct")
        customer["industry"] = np.where(ids % 3 == 0, "Retail", "Manufacturing")
        customer["acquired_on"] = [d.isoformat() for d in joined]
        customer["churned_on"] = [d.isoformat() if d is not None else "" for d in left]
    tables = {}
    if company.managers:
        tables["employee"] = pd.DataFrame({"id": [1, 2, 3], "name": ["Wang Fang", "Li Na", "Zhang Wei"]})
        customer["manager_id"] = (ids % 3) + 1
    tables["customer"] = customer

    products = np.arange(1, 9)
    price = np.array([12.5, 20, 35, 48, 60, 75, 99, 150])
    product = pd.DataFrame({"id": key("P", products), "name": [f"Product {p}" for p in products]})
    if company.costs:
        product["unit_cost"] = (price * 0.6).round(2)
    tables["product"] = product

    orders, lines = [], []
    order_id = 1000
    for i, customer_id in enumerate(ids):
        day = joined[i]
        end = left[i] or LAST_DAY
        while day <= end:
            order_id += 1
            row = {"id": order_id, "customer_id": customer_id, "ordered_on": day.isoformat()}
            if company.more:
                row["promised_on"] = (day + timedelta(days=7)).isoformat()
                row["delivered_on"] = (day + timedelta(days=int(rng.integers(3, 10)))).isoformat()
            orders.append(row)
            for p in rng.choice(products, size=int(rng.integers(1, 4)), replace=False):
                line = {"order_id": order_id, "product_id": int(p), "quantity": int(rng.integers(1, 6)),
                        "unit_price": float(price[p - 1])}
                if company.costs:
                    line["unit_cost"] = round(float(price[p - 1]) * 0.6, 2)
                lines.append(line)
            day += timedelta(days=int(rng.integers(15, 60)))
    sales_order = pd.DataFrame(orders)
    order_line = pd.DataFrame(lines)
    sales_order["customer_id"] = key("C", sales_order["customer_id"])
    if company.text_keys:
        sales_order["id"] = key("SO", sales_order["id"])
        order_line["order_id"] = key("SO", order_line["order_id"])
        order_line["product_id"] = key("P", order_line["product_id"])
    tables["sales_order"] = sales_order
    tables["order_line"] = order_line
    return tables


def write_tables(tables: dict[str, pd.DataFrame], folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, frame in tables.items():
        frame.to_csv(folder / f"{name}.csv", index=False)
    return folder


LANGS = ("en", "zh")
BY_NAME = {c.name: c for c in MINIMAL}
SWEEP = MINIMAL[0]  # the customers-and-orders company: every role walks it
PREFIX = {lang: i18n.TEXT["not_measured"][lang].split("{what}")[0] for lang in LANGS}  # "not measured: needs "


@pytest.fixture(scope="module")
def imported(tmp_path_factory):
    """Company name -> (database URL, the import's completed process); each imported once, lazily."""
    done: dict[str, tuple[str, object]] = {}
    base = tmp_path_factory.mktemp("subsets")

    def get_company(company: Minimal):
        if company.name not in done:
            folder = write_tables(minimal_tables(company), base / company.name)
            url = f"sqlite:///{base / (company.name + '.db')}"
            done[company.name] = (url, companies.run_import(url, folder))
            companies.add_role_accounts(url)
        return done[company.name]

    return get_company


@pytest.fixture(scope="module")
def walked(imported):
    """(company, lang, role) -> the pages visited; each walk made once for the module."""
    done: dict[tuple[str, str, str], dict[str, companies.PageVisit]] = {}

    def get_walk(company: Minimal, lang: str, role: str):
        key = (company.name, lang, role)
        url, process = imported(company)
        # a company whose import failed has no pages to check: say so rather than pass on an empty app
        built = Store.path_for(url).exists()
        assert built, f"{company.name} was not imported: {companies.said(process, 6)}"
        if key not in done:
            with pytest.MonkeyPatch.context() as patch:
                visits = companies.walk(patch, url, lang=lang, role=role)
            done[key] = {v.spec.path: v for v in visits}
        return done[key]

    return get_walk


@pytest.mark.parametrize("company", MINIMAL, ids=lambda c: c.name)
def test_import_exits_0_with_the_store_built_and_no_raw_warnings(imported, company):
    url, done = imported(company)
    code = done.returncode
    assert code == 0, companies.said(done)
    built = Store.path_for(url).exists()
    assert built, "no analytical store after the import"
    printed = done.stdout + done.stderr
    assert "Traceback" not in printed and "Warning:" not in printed, companies.said(done)


def _visit(walked, company: Minimal, lang: str, role: str, spec) -> companies.PageVisit:
    visits = walked(company, lang, role)
    assert spec.path in visits, f"{spec.url_path} was not reached"
    return visits[spec.path]


@pytest.mark.parametrize("spec", ALL_PAGES, ids=lambda s: s.url_path)
@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("company", MINIMAL, ids=lambda c: c.name)
def test_page_renders_without_exception_nan_or_none(walked, company, lang, spec):
    visit = _visit(walked, company, lang, "admin", spec)
    raised, missing = visit.exception, visit.nan_none()
    assert not raised, "\n".join(raised)
    assert not missing, "\n".join(missing)


ROLE_PAGES = [(role, spec) for role in accounts.ROLES if role != "admin" for spec in ALL_PAGES if spec.permits(role)]


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize(("role", "spec"), ROLE_PAGES, ids=[f"{r}-{s.url_path}" for r, s in ROLE_PAGES])
def test_every_role_sees_its_pages_without_exception_nan_or_none(walked, role, spec, lang):
    visit = _visit(walked, SWEEP, lang, role, spec)
    raised, missing = visit.exception, visit.nan_none()
    assert not raised, "\n".join(raised)
    assert not missing, "\n".join(missing)


def _not_measured(visit: companies.PageVisit) -> list[str]:
    return [value for _, value in visit.texts if PREFIX[visit.lang] in value]


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("company", MINIMAL, ids=lambda c: c.name)
def test_what_is_missing_is_said_in_words(walked, company, lang):
    """None of these companies has service tickets, surveys or leads: the overview and the Data quality page say
    which KPIs are not measured and what they need, in words a person uses, on every page that says so."""
    visits = walked(company, lang, "admin")
    for spec in (OVERVIEW, ADMIN_QUALITY):
        assert _not_measured(visits[spec.path]), f"{spec.url_path} names no KPI as not measured"
    raw = companies.raw_names()
    for visit in visits.values():
        for value in _not_measured(visit):
            shown = {name for name in raw if name in value}
            assert not shown, f"{visit.spec.url_path}: {value!r} shows column names {sorted(shown)}"


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("company", [c for c in MINIMAL if not c.costs], ids=lambda c: c.name)
def test_margin_without_unit_costs_is_not_measured_not_zero(walked, company, lang):
    overview = _visit(walked, company, lang, "admin", OVERVIEW)
    name, kpi, value = get("gross_margin").name[lang], i18n.TEXT["kpi"][lang], i18n.TEXT["value"][lang]
    shown = [str(v) for frame in overview.frames if {kpi, value} <= set(frame.columns)
             for v in frame.loc[frame[kpi] == name, value]]
    assert shown, "the scorecard table does not list gross margin"
    assert all(v.startswith(PREFIX[lang]) for v in shown), f"gross margin shows {shown} without unit costs"


@pytest.mark.parametrize("company", [BY_NAME["orders_only"], BY_NAME["text_keys"]], ids=lambda c: c.name)
def test_reimport_of_lines_without_ids_with_upsert_changes_no_table(tmp_path, company):
    """Order lines given without a line id (the minimum): importing the same files again changes nothing."""
    folder = write_tables(minimal_tables(company), tmp_path / "files")
    url = f"sqlite:///{tmp_path / 'again.db'}"
    first = companies.run_import(url, folder)
    code = first.returncode
    assert code == 0, companies.said(first)
    before = companies.table_hashes(url)
    again = companies.run_import(url, folder, "--mode", "upsert")
    code = again.returncode
    assert code == 0, companies.said(again)
    assert companies.table_hashes(url) == before


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("company", [c for c in MINIMAL if not c.managers], ids=lambda c: c.name)
def test_portfolios_without_managers_say_so(walked, company, lang):
    """No customer has a manager: Portfolios says so in words instead of crashing or showing zeros."""
    portfolios = _visit(walked, company, lang, "admin", PORTFOLIOS)
    raised = portfolios.exception
    assert not raised, "\n".join(raised)
    assert any(i18n.TEXT["cd_no_managers"][lang] in value for _, value in portfolios.texts)
