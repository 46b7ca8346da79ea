"""``python -m data import PATH ... | template DIR``: the command-line side of :mod:`data.importing.importer`."""

from __future__ import annotations

import argparse
import getpass
import json
import sys
import time
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import Engine
from sqlalchemy.engine import make_url

from data import db
from data.importing import currency as money
from data.importing import importer
from data.importing import template as import_template
from data.importing.rules import IMPORTABLE
from data.importing.totals import money_totals
from jobs import importing as import_job

# the closing lines, in the language of the fault report
SAY = {
    "faults": {"en": "{count} faults found: nothing was written to {url}",
               "zh": "发现 {count} 处错误：未向 {url} 写入任何数据"},
    "dry_run": {"en": "Dry run, nothing written. Would {mode}: {tables}",
                "zh": "试运行，未写入任何数据。将以 {mode} 方式导入：{tables}"},
    "rows": {"en": "{table} {rows} rows", "zh": "{table} {rows} 行"},
    "retired": {"en": "The demo's {count} sign-ins are disabled now that the data is the company's: add an "
                      "administrator with `python -m data users add EMAIL --role admin`.",
                "zh": "数据已是公司自己的数据，演示账号（{count} 个）已停用：请用 "
                      "`python -m data users add EMAIL --role admin` 添加管理员。"},
    "imported": {"en": "Imported into {url} in {seconds} s: {counts}",
                 "zh": "已导入 {url}，用时 {seconds} 秒：{counts}"},
    "counts": {"en": "{table} {inserted} inserted, {updated} updated", "zh": "{table} 新增 {inserted}，更新 {updated}"},
    "progress": {"en": "  {table}: written ({done} of {total} rows, {seconds} s)",
                 "zh": "  {table}：已写入（{done} / {total} 行，{seconds} 秒）"},
    "refreshed": {"en": "Refreshed the analytical store {path}", "zh": "已刷新分析数据库 {path}"},
    "taken": {"en": "{count} rows were added by another import meanwhile: nothing was written to {url}",
              "zh": "有 {count} 行在此期间已由另一次导入写入：未向 {url} 写入任何数据"},
    "currency_default": {"en": "Amounts are taken as {code}, the default: give --currency (an ISO 4217 code such "
                               "as USD) if they are in another currency",
                         "zh": "金额按默认货币 {code} 计：如为其他货币，请用 --currency 指定（ISO 4217 代码，如 USD）"},
    "currency": {"en": "Amounts are in {code}", "zh": "金额货币：{code}"},
}


def said(key: str, lang: str, **values) -> str:
    return SAY[key].get(lang, SAY[key]["en"]).format(**values)


def add_commands(commands) -> None:
    sub = commands.add_parser("import", help="import CSV files / Excel workbooks, all or nothing")
    sub.add_argument("paths", nargs="+", type=Path, metavar="PATH", help=".csv, .xlsx or a folder of them")
    sub.add_argument("--mode", choices=importer.MODES, default="append",
                     help="append (default: refuse keys already there), upsert (update by id), replace")
    sub.add_argument("--dry-run", action="store_true", help="check everything, write nothing")
    sub.add_argument("--encoding", default="auto", help="auto (BOM, UTF-16, UTF-8, then GB18030) or a codec name")
    sub.add_argument("--date-format", help="for dates like 03/04/2024: %%d/%%m/%%Y or %%m/%%d/%%Y")
    sub.add_argument("--table", choices=IMPORTABLE, help="the table of a single file whose name does not say it")
    sub.add_argument("--currency", help="ISO 4217 code of the amounts (USD, EUR, CNY, ...); default: as stored, "
                                        f"else {money.DEFAULT}")
    sub.add_argument("--lang", choices=("en", "zh"), default="en", help="language of the report")
    sub.add_argument("--json", action="store_true",
                     help="end with one JSON line: rows per table and money totals as exact decimals (strings)")
    sub.add_argument("--database-url", dest="sub_url", help=argparse.SUPPRESS)
    template = commands.add_parser("template", help="write one CSV template per table and columns.csv")
    template.add_argument("folder", type=Path, metavar="DIR")


def template(args) -> int:
    for path in import_template.write(args.folder):
        print(path)
    return 0


def _new_sqlite_file(url: str) -> Path | None:
    """The SQLite file ``url`` names when it does not exist yet (a dry run must not leave one behind)."""
    parsed = make_url(db.normalised_url(url))
    if parsed.get_backend_name() != "sqlite" or not parsed.database or parsed.database == ":memory:":
        return None
    path = Path(parsed.database)
    return None if path.exists() else path


def _remove(engine: Engine, path: Path | None) -> None:
    if path is None:
        return
    engine.dispose()
    for leftover in (path, *(path.with_name(path.name + s) for s in ("-journal", "-wal", "-shm"))):
        leftover.unlink(missing_ok=True)


def _json(prepared: importer.Prepared, args, currency: str, counts: import_job.Counts | None) -> str:
    tables = {name: {"rows": plan.rows, **(counts or {}).get(name, {})} for name, plan in prepared.plans.items()}
    totals = {name: {k: str(v) for k, v in sums.items()} for name, sums in money_totals(prepared).items()}
    return json.dumps({"mode": args.mode, "dry_run": args.dry_run, "currency": currency, "tables": tables,
                       "money": totals, "faults": len(prepared.errors),
                       "warnings": len(prepared.faults) - len(prepared.errors)}, ensure_ascii=False)


def run(engine: Engine, url: str, args) -> int:
    started = time.perf_counter()
    lang = args.lang
    new_file = _new_sqlite_file(url)

    def progress(table: str, done: int, total: int) -> None:
        print(said("progress", lang, table=table, done=f"{done:,}", total=f"{total:,}",
                   seconds=f"{time.perf_counter() - started:.1f}"), flush=True)

    prepared = importer.prepare(engine, args.paths, mode=args.mode, encoding=args.encoding,
                                date_format=args.date_format, table_name=args.table, currency=args.currency)
    for fault in prepared.faults:
        print(fault.line(lang), file=sys.stderr if not fault.warning else sys.stdout)
    stored = money.stored(engine) if new_file is None else None
    currency = prepared.currency or money.code(stored or "") or money.DEFAULT
    if not prepared.ok:
        print(said("faults", lang, count=f"{len(prepared.errors):,}", url=db.masked_url(url)), file=sys.stderr)
        _remove(engine, new_file)
        return 1
    note = said("currency", lang, code=currency) if prepared.currency else \
        None if stored else said("currency_default", lang, code=currency)
    if args.dry_run:
        print(said("dry_run", lang, mode=args.mode, tables=", ".join(
            said("rows", lang, table=p.table, rows=f"{p.rows:,}") for p in prepared.plans.values())))
        if note:
            print(note)
        if args.json:
            print(_json(prepared, args, currency, None))
        _remove(engine, new_file)
        return 0

    @contextmanager
    def refreshing(counts: import_job.Counts):
        written = [said("counts", lang, table=name, inserted=f"{c['inserted']:,}", updated=f"{c['updated']:,}")
                   for name, c in counts.items()]
        print(said("imported", lang, url=db.masked_url(url), seconds=f"{time.perf_counter() - started:.1f}",
                   counts=("；" if lang == "zh" else ", ").join(written)))
        yield

    # No mapping: the command line asks no one to confirm one (headers are our column names); the page's
    # remembered mappings are neither applied nor changed here.
    try:
        imported = import_job.import_and_refresh(
            engine, prepared, actor=f"command line ({getpass.getuser()})", mapping=None, progress=progress,
            refreshing=refreshing, audit_detail=lambda counts: ", ".join(
                f"{name} +{c['inserted']}/~{c['updated']}" for name, c in counts.items()))
    except importer.KeysTaken as taken:
        for fault in taken.faults:
            print(fault.line(lang), file=sys.stderr)
        print(said("taken", lang, count=f"{len(taken.faults):,}", url=db.masked_url(url)), file=sys.stderr)
        return 1
    print(said("refreshed", lang, path=imported.store))
    if imported.retired:
        print(said("retired", lang, count=len(imported.retired)))
    if note:
        print(note)
    if args.json:
        print(_json(prepared, args, currency, imported.counts))
    return 0
