"""Every KPI declares the data it needs; a company with only customers and orders sees what is missing."""

from cli.data import main
from data import db
from metrics.base.store import Store
from metrics.scorecard import needs
from metrics.scorecard.registry import CATALOGUE
from tests.data.importing.test_importer import MINIMUM, write


def test_every_catalogue_kpi_declares_its_needs():
    assert {k.id for k in CATALOGUE} == set(needs.NEEDS)
    tables = {t.name: {c.name for c in t.columns} for t in db.tables()}
    for kpi_id, wanted in needs.NEEDS.items():
        for table, columns in wanted:
            assert set(columns) <= tables[table], (kpi_id, table, columns)
            assert table in needs.TABLE_WORDS
            for column in columns:  # named in words in both languages, never by the column's name
                en, zh = needs.COLUMN_WORDS[(table, column)]
                assert "_" not in en + zh and column not in (en, zh) and zh != en


def test_demo_company_measures_everything(demo_store):
    assert needs.missing(demo_store) == {}


def test_minimum_company_lacks_tickets_and_costs(tmp_path):
    url = f"sqlite:///{tmp_path / 'min.db'}"
    assert main(["import", str(write(tmp_path / "m", MINIMUM)), "--database-url", url]) == 0
    store = Store.for_url(url)
    lacking = needs.missing(store)
    store.close()
    assert lacking["average_csat"] == ["service_ticket"]
    assert "gross_margin" not in lacking  # one line has a cost: the data exists (the unknown line stays unknown)
    assert "revenue" not in lacking and "active_customers" not in lacking
    assert needs.needs_words(lacking["average_csat"], "en") == "service tickets"
    assert needs.needs_words(lacking["average_csat"], "zh") == "服务工单"
    assert needs.needs_words(["sales_order.delivered_on"], "en") == "delivery dates"
    assert needs.needs_words(["order_line.unit_cost", "customer.manager_id"], "zh") == "产品单位成本、客户经理"
    assert lacking["on_time_delivery"] == ["sales_order.promised_on", "sales_order.delivered_on"]


def test_unknown_unit_cost_gives_unknown_margin_never_100_percent(tmp_path):
    from datetime import date

    from metrics.base.filters import Filters
    from metrics.scorecard.kpis import financial

    url = f"sqlite:///{tmp_path / 'cost.db'}"
    files = {**MINIMUM,  # February: one line with a cost, one without
             "sales_order.csv": MINIMUM["sales_order.csv"] + "102,1,2024-02-25\n",
             "order_line.csv": MINIMUM["order_line.csv"] + "102,10,1,50.00,30.00\n"}
    assert main(["import", str(write(tmp_path / "m", files)), "--database-url", url]) == 0
    store = Store.for_url(url)
    f = Filters(date(2024, 1, 1), date(2024, 2, 1))
    margin = financial.gross_margin(store, f)
    pct = financial.gross_margin_pct(store, f)
    revenue = financial.revenue(store, f)
    store.close()
    assert margin.iloc[0] == 2 * (50 - 30)  # January: every line has a cost
    assert pct.iloc[0] == 40 / 100
    assert revenue.iloc[1] == 130  # February's revenue is known ...
    assert margin.isna().iloc[1] and pct.isna().iloc[1]  # ... its margin is not (no unit cost given)
