"""Limits first: files far wider, longer or bigger inside than a company's table are refused in a moment with one
message; UTF-16 is read; repeated headers are read once and said so."""

import io
import time
import zipfile

import openpyxl
import pytest

from data import db
from data.importing import importer
from data.importing.read import decode, read_path


def faults_of(path, tmp_path, **kwargs):
    engine = db.get_engine(f"sqlite:///{tmp_path / 'limits.db'}")
    prepared = importer.prepare(engine, [path], **kwargs)
    engine.dispose()
    return prepared


def test_a_hundred_thousand_columns_one_message_fast(tmp_path):
    path = tmp_path / "customer.csv"
    path.write_text("id," + ",".join(f"c{i}" for i in range(100_000)) + "\n1" + ",x" * 100_000 + "\n")
    started = time.perf_counter()
    prepared = faults_of(path, tmp_path)
    assert time.perf_counter() - started < 5
    assert len(prepared.faults) == 1
    assert "100,001 columns, over the limit of 1,000 (IMPORT_MAX_COLUMNS)" in prepared.faults[0].problem


def test_rows_over_the_limit_are_refused_before_parsing(tmp_path, monkeypatch):
    monkeypatch.setenv("IMPORT_MAX_ROWS", "100")
    path = tmp_path / "customer.csv"
    path.write_text("id\n" + "".join(f"{i}\n" for i in range(101)))
    prepared = faults_of(path, tmp_path)
    assert [f.problem for f in prepared.faults] == [
        "the file has about 101 rows, over the limit of 100 (IMPORT_MAX_ROWS): split it into parts"]
    path.write_text("id\n" + "".join(f"{i}\n" for i in range(100)))
    assert faults_of(path, tmp_path).ok


def test_a_cell_over_the_limit_is_named_by_row_and_column(tmp_path, monkeypatch):
    monkeypatch.setenv("IMPORT_MAX_CELL_MB", "0.01")  # 10 kB
    path = tmp_path / "customer.csv"
    path.write_text("id,name\n1,ok\n2," + "x" * 20_000 + "\n")
    prepared = faults_of(path, tmp_path)
    assert len(prepared.faults) == 1
    assert prepared.faults[0].problem.startswith("the cell in row 3, column name is 0.0 MB")


def bomb(path, unpacked_mb: int) -> None:
    """A valid zip whose one member declares ``unpacked_mb`` of zeros (compresses about 1000 to 1)."""
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive, \
            archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as member:
        block = b"0" * 2**20
        for _ in range(unpacked_mb):
            member.write(block)


def test_a_workbook_that_unpacks_past_the_limit_is_refused_without_unpacking(tmp_path, monkeypatch):
    monkeypatch.setenv("IMPORT_MAX_UNPACKED_MB", "64")
    path = tmp_path / "customer.xlsx"
    bomb(path, 100)
    assert path.stat().st_size < 2**20
    started = time.perf_counter()
    prepared = faults_of(path, tmp_path)
    assert time.perf_counter() - started < 1
    assert [f.problem for f in prepared.faults] == [
        "the workbook unpacks to 100 MB, over the limit of 64 MB (IMPORT_MAX_UNPACKED_MB): save it as CSV or split it"]


def test_a_sheet_wider_than_the_limit_is_refused(tmp_path, monkeypatch):
    monkeypatch.setenv("IMPORT_MAX_COLUMNS", "10")
    book = openpyxl.Workbook()
    book.active.title = "customer"
    book.active.append(["id", *[f"c{i}" for i in range(20)]])
    book.active.append([1, *range(20)])
    path = tmp_path / "company.xlsx"
    book.save(path)
    prepared = faults_of(path, tmp_path)
    assert [f.problem for f in prepared.faults] == [
        "the file has 21 columns, over the limit of 10 (IMPORT_MAX_COLUMNS): is it the right file?"]


@pytest.mark.parametrize("encoding,mark", [("utf-16-le", b""), ("utf-16-be", b""), ("utf-16-le", b"\xff\xfe"),
                                           ("utf-16-be", b"\xfe\xff")])
def test_utf16_with_or_without_mark_is_read(tmp_path, encoding, mark):
    path = tmp_path / "customer.csv"
    path.write_bytes(mark + "id,name\n1,Zoë Ltd\n2,上海客户\n".encode(encoding))
    sheet = read_path(path)[0]
    assert not sheet.faults
    assert sheet.frame.to_dict("list") == {"id": ["1", "2"], "name": ["Zoë Ltd", "上海客户"]}
    assert decode(path.read_bytes())[1] == encoding


def test_utf8_and_gb18030_are_not_taken_for_utf16():
    assert decode("id,name\n1,北京\n".encode())[1] == "utf-8"
    assert decode("id,name\n1,北京\n".encode("gb18030"))[1] == "gb18030"


def test_a_repeated_header_is_read_once_and_said(tmp_path):
    path = tmp_path / "customer.csv"
    path.write_text("id,name,notes,notes,\n1,A,first,second,\n")
    prepared = faults_of(path, tmp_path)
    assert prepared.ok
    words = [f.problem for f in prepared.faults]
    assert "appears 2 times in the header (columns 3, 4): the first is read, the others are ignored" in words
    assert "column 5 has no header: ignored" in words
    assert all(f.warning for f in prepared.faults)


def test_a_workbook_with_a_repeated_header_is_read_once(tmp_path):
    book = openpyxl.Workbook()
    book.active.title = "customer"
    book.active.append(["id", "name", "name"])
    book.active.append([1, "Acme", "Other"])
    buffer = io.BytesIO()
    book.save(buffer)
    sheet = read_path(tmp_path / "company.xlsx", raw=buffer.getvalue())[0]
    assert sheet.frame.to_dict("list") == {"id": ["1"], "name": ["Acme"]}
    assert [n[3].text("en") for n in sheet.notes] == [
        "appears 2 times in the header (columns 2, 3): the first is read, the others are ignored"]
