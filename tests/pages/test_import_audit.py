"""Imports are audited (page and command line), and an import ends the demo's "try as" sign-in."""

import shutil
from pathlib import Path

from sqlalchemy import text
from sqlalchemy.engine import make_url

from cli.data import main
from data import accounts, db
from tests.data.importing.test_importer import MINIMUM, write
from tests.pages.test_admin_import import open_import


def audit_rows(url: str) -> list[tuple[str, str, str]]:
    engine = db.get_engine(url)
    with engine.connect() as conn:
        rows = conn.execute(text("SELECT actor, action, detail FROM audit_event WHERE action = 'import' "
                                 "ORDER BY id")).all()
    engine.dispose()
    return [tuple(r) for r in rows]


def test_imports_are_audited_with_who_and_what(monkeypatch, tmp_path):
    url = f"sqlite:///{tmp_path / 'company.db'}"
    assert main(["import", str(write(tmp_path / "m", MINIMUM)), "--database-url", url]) == 0
    (cli,) = audit_rows(url)
    assert cli[0].startswith("command line (") and "customer +2/~0" in cli[2]
    at = open_import(monkeypatch, url)
    at.file_uploader(key="import_files").upload("customer.csv", b"id,name\n3,Initech\n", "text/csv").run()
    at.button(key="import_check").click().run()
    at.button(key="import_run").click().run()
    assert not at.exception, at.exception
    assert audit_rows(url)[1] == ("admin@demo.example", "import", "customer +1")


def test_an_import_into_the_demo_ends_try_as(tmp_path, demo_url):
    source = Path(make_url(demo_url).database)
    shutil.copy(source, tmp_path / "demo.db")
    url = f"sqlite:///{tmp_path / 'demo.db'}"
    engine = db.get_engine(url)
    with db.session_scope(engine) as session:
        assert accounts.is_demo_only(session=session)
    folder = tmp_path / "more"
    folder.mkdir()
    (folder / "customer.csv").write_text("id,name\n99999999,Initech\n", encoding="utf-8")
    assert main(["import", str(folder), "--database-url", url]) == 0
    with db.session_scope(engine) as session:
        assert not accounts.is_demo_only(session=session)
    engine.dispose()
