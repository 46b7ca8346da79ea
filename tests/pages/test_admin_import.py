"""The import page through AppTest: upload, dry run with the fault report, mapping, import."""

from pathlib import Path

from sqlalchemy import text
from streamlit.testing.v1 import AppTest

from cli.data import main
from data import db
from tests.data.importing.test_importer import MINIMUM, write

APP = str(Path(__file__).resolve().parents[2] / "streamlit_app.py")


def open_import(monkeypatch, url: str) -> AppTest:
    monkeypatch.setenv("DATABASE_URL", url)
    at = AppTest.from_file(APP, default_timeout=120)
    at.run()
    at.switch_page("pages/admin_import.py").run()
    assert not at.exception, at.exception
    return at


def names(url: str) -> list:
    engine = db.get_engine(url)
    with engine.connect() as conn:
        out = conn.execute(text("SELECT name FROM customer ORDER BY id")).scalars().all()
    engine.dispose()
    return out


def test_upload_check_shows_faults_then_mapped_file_imports(monkeypatch, tmp_path):
    url = f"sqlite:///{tmp_path / 'company.db'}"
    assert main(["import", str(write(tmp_path / "m", MINIMUM)), "--database-url", url]) == 0
    at = open_import(monkeypatch, url)
    assert at.title[0].value == "Import data"
    at.file_uploader(key="import_files").upload("customers.csv", b"id,name,acquisition_cost\n3,Initech,\n4,Bad,x\n"
                                                b"2,Again,\n", "text/csv").run()
    at.button(key="import_check").click().run()
    assert not at.exception, at.exception
    assert "2 faults" in at.error[0].value
    report = at.dataframe[-1].value
    assert list(report["Row"]) == [3, 4] and list(report["Column"]) == ["acquisition_cost", "id"]
    assert "not a number" in report["Problem"].iloc[0] and "already in the database" in report["Problem"].iloc[1]
    assert not [b for b in at.button if b.key == "import_run"]  # nothing to import while faults remain
    assert names(url) == ["Acme", "Globex"]

    # a clean file whose header is the company's own: mapped to our field, then imported
    at.file_uploader(key="import_files").set_value(("kunden.csv", "客户编号,Firma\n3,Initech\n".encode(),
                                                    "text/csv")).run()
    at.selectbox(key="table:kunden.csv").set_value("customer").run()
    at.selectbox(key="map:kunden.csv:0").set_value("id").run()  # widgets keyed by the header's position
    at.selectbox(key="map:kunden.csv:1").set_value("name").run()
    at.button(key="import_check").click().run()
    assert "1 rows ready" in at.success[0].value
    at.button(key="import_run").click().run()
    assert not at.exception, at.exception
    assert "Imported" in at.success[-1].value
    assert names(url) == ["Acme", "Globex", "Initech"]

    # the mapping is remembered for next time
    at2 = open_import(monkeypatch, url)
    at2.file_uploader(key="import_files").upload("kunden.csv", "客户编号,Firma\n4,Umbrella\n".encode(),
                                                 "text/csv").run()
    at2.selectbox(key="table:kunden.csv").set_value("customer").run()
    assert at2.selectbox(key="map:kunden.csv:1").value == "name"


def test_overview_of_a_minimum_company_says_what_is_not_measured(monkeypatch, tmp_path):
    url = f"sqlite:///{tmp_path / 'min.db'}"
    assert main(["import", str(write(tmp_path / "m", MINIMUM)), "--database-url", url]) == 0
    for language, words, measured in [("en", "not measured: needs service tickets", "KPIs measured"),
                                      ("zh", "未计量：需要服务工单", "已计量")]:
        monkeypatch.setenv("DATABASE_URL", url)
        at = AppTest.from_file(APP, default_timeout=120)
        at.query_params.update(lang=language, period="2024-02")
        at.run()
        assert not at.exception, at.exception
        shown = " ".join(str(df.value.to_dict()) for df in at.dataframe)
        assert words in shown
        assert any(measured in c.value for c in at.caption)


def test_faults_are_worded_in_the_page_language(monkeypatch, tmp_path):
    url = f"sqlite:///{tmp_path / 'company.db'}"
    assert main(["import", str(write(tmp_path / "m", MINIMUM)), "--database-url", url]) == 0
    monkeypatch.setenv("DATABASE_URL", url)
    at = AppTest.from_file(APP, default_timeout=120)
    at.run()
    at.radio(key="language").set_value("zh").run()
    at.switch_page("pages/admin_import.py").run()
    at.file_uploader(key="import_files").upload("customers.csv", b"id,name,acquisition_cost\n5,Bad,x\n2,Again,\n",
                                                "text/csv").run()
    at.button(key="import_check").click().run()
    assert not at.exception, at.exception
    report = at.dataframe[-1].value
    assert list(report["问题"]) == ["不是数字（小数点请用“.”，不要千位分隔符或货币符号）",
                                  "数据库中已有此编号（如要更新，请选择“按编号更新”或“替换”方式）"]
    assert list(report["类型"]) == ["错误", "错误"]


def test_repeated_and_unknown_headers_are_mapped_without_a_crash(monkeypatch, tmp_path):
    url = f"sqlite:///{tmp_path / 'company.db'}"
    assert main(["import", str(write(tmp_path / "m", MINIMUM)), "--database-url", url]) == 0
    at = open_import(monkeypatch, url)
    at.file_uploader(key="import_files").upload("customer.csv", b"id,name,notes,notes\n7,Hooli,a,b\n",
                                                "text/csv").run()
    assert not at.exception, at.exception
    assert [s.key for s in at.selectbox if s.key.startswith("map:")] == ["map:customer.csv:2"]  # notes, once
    at.button(key="import_check").click().run()
    assert not at.exception, at.exception
    problems = " ".join(at.dataframe[-1].value["Problem"])
    assert "appears 2 times in the header (columns 3, 4)" in problems
    at.button(key="import_run").click().run()
    assert not at.exception, at.exception
    assert names(url) == ["Acme", "Globex", "Hooli"]


def test_currency_is_chosen_on_the_page(monkeypatch, tmp_path):
    from data.importing import importer

    url = f"sqlite:///{tmp_path / 'company.db'}"
    assert main(["import", str(write(tmp_path / "m", MINIMUM)), "--database-url", url]) == 0
    at = open_import(monkeypatch, url)
    at.file_uploader(key="import_files").upload("customer.csv", b"id,name\n8,Pied Piper\n", "text/csv").run()
    assert at.selectbox(key="import_currency").value == "CNY"
    at.selectbox(key="import_currency").set_value("USD").run()
    at.button(key="import_check").click().run()
    at.button(key="import_run").click().run()
    assert not at.exception, at.exception
    engine = db.get_engine(url)
    assert importer.currency(engine) == "USD"
    engine.dispose()
