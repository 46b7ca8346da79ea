"""Initiatives as files (with the objectives and KPIs each should move; milestones, risks and updates are written in
the app): the importer takes them like any company table (the company's own codes as keys, links
resolved by them, a bad value refused with its row and column), on SQLite and PostgreSQL."""

import pytest
from sqlalchemy import text

from cli.data import main
from data import db
from tests.data.importing.test_importer import MINIMUM, write

INITIATIVES = {
    "initiative.csv": "id,name,owner,start_on,end_on,budget,actual_cost,percent_complete,status,region,description\n"
                      "INI-7,Churn rescue,pm@firm.example,2024-06-01,2025-03-31,500000,120000.5,30,active,North,"
                      "\"Call **every** lapsed account =1+1\"\n",
    "initiative_kpi.csv": "initiative_id,kpi_id\nINI-7,churn_rate\nINI-7,retention_rate\n",
    "initiative_objective.csv": "initiative_id,objective_id\nINI-7,keep_customers\n",
}


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def url(request, tmp_path):
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'company.db'}"
    return request.getfixturevalue("postgres_url")


def rows(url: str, sql: str) -> list[tuple]:
    engine = db.get_engine(url)
    with engine.connect() as conn:
        found = [tuple(r) for r in conn.execute(text(sql))]
    engine.dispose()
    return found


def test_initiatives_import_with_their_kpis_and_objectives(url, tmp_path, capsys):
    files = {**MINIMUM, **INITIATIVES}
    assert main(["import", str(write(tmp_path / "files", files)), "--database-url", url]) == 0, \
        capsys.readouterr()
    [(ident, code, name, budget, description)] = rows(
        url, "SELECT id, code, name, budget, description FROM initiative")
    assert (code, name, float(budget), description) == ("INI-7", "Churn rescue", 500000.0,
                                                        "Call **every** lapsed account =1+1")  # stored as given
    assert sorted(rows(url, "SELECT initiative_id, kpi_id FROM initiative_kpi")) == [
        (ident, "churn_rate"), (ident, "retention_rate")]
    assert rows(url, "SELECT initiative_id, objective_id FROM initiative_objective") == [(ident, "keep_customers")]


def test_a_bad_initiative_row_is_refused_with_where_it_is(tmp_path, capsys):
    url = f"sqlite:///{tmp_path / 'company.db'}"
    files = {**MINIMUM, "initiative.csv": "id,name,start_on,end_on,percent_complete\nA,X,2024-01-01,2024-02-01,140\n",
             "initiative_kpi.csv": "initiative_id,kpi_id\nB,churn_rate\n"}
    assert main(["import", str(write(tmp_path / "files", files)), "--database-url", url]) != 0
    said = capsys.readouterr()
    report = said.out + said.err
    assert "initiative.csv row 2, column percent_complete" in report
    assert "initiative_kpi.csv row 2, column initiative_id" in report
