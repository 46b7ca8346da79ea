"""``python -m data import PATH ... | template DIR``: the command-line side of :mod:`data.importing.importer`."""

from __future__ import annotations

import argparse
import getpass
import sys
import time
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import Engine

from data import db
from data.importing import importer
from data.importing import template as import_template
from data.importing.rules import IMPORTABLE
from jobs import importing as import_job


def add_commands(commands) -> None:
    sub = commands.add_parser("import", help="import CSV files / Excel workbooks, all or nothing")
    sub.add_argument("paths", nargs="+", type=Path, metavar="PATH", help=".csv, .xlsx or a folder of them")
    sub.add_argument("--mode", choices=importer.MODES, default="append",
                     help="append (default: refuse keys already there), upsert (update by id), replace")
    sub.add_argument("--dry-run", action="store_true", help="check everything, write nothing")
    sub.add_argument("--encoding", default="auto", help="auto (BOM, UTF-8, then GB18030) or a codec name")
    sub.add_argument("--date-format", help="for dates like 03/04/2024: %%d/%%m/%%Y or %%m/%%d/%%Y")
    sub.add_argument("--table", choices=IMPORTABLE, help="the table of a single file whose name does not say it")
    sub.add_argument("--lang", choices=("en", "zh"), default="en", help="language of the fault report")
    sub.add_argument("--database-url", dest="sub_url", help=argparse.SUPPRESS)
    template = commands.add_parser("template", help="write one CSV template per table and columns.csv")
    template.add_argument("folder", type=Path, metavar="DIR")


def template(args) -> int:
    for path in import_template.write(args.folder):
        print(path)
    return 0


def run(engine: Engine, url: str, args) -> int:
    started = time.perf_counter()

    def progress(table: str, done: int, total: int) -> None:
        print(f"  {table}: written ({done:,} of {total:,} rows, {time.perf_counter() - started:.1f} s)", flush=True)

    prepared = importer.prepare(engine, args.paths, mode=args.mode, encoding=args.encoding,
                                date_format=args.date_format, table_name=args.table)
    for fault in prepared.faults:
        print(fault.line(args.lang), file=sys.stderr if not fault.warning else sys.stdout)
    if not prepared.ok:
        print(f"{len(prepared.errors):,} faults found: nothing was written to {db.masked_url(url)}", file=sys.stderr)
        return 1
    if args.dry_run:
        print("Dry run, nothing written. Would " + args.mode + ": "
              + ", ".join(f"{p.table} {p.rows:,} rows" for p in prepared.plans.values()))
        return 0

    @contextmanager
    def refreshing(counts: import_job.Counts):
        print(f"Imported into {db.masked_url(url)} in {time.perf_counter() - started:.1f} s: "
              + ", ".join(f"{name} {c['inserted']:,} inserted, {c['updated']:,} updated" for name, c in counts.items()))
        yield

    # No mapping: the command line asks no one to confirm one (headers are our column names); the page's
    # remembered mappings are neither applied nor changed here.
    imported = import_job.import_and_refresh(
        engine, prepared, actor=f"command line ({getpass.getuser()})", mapping=None, progress=progress,
        refreshing=refreshing, audit_detail=lambda counts: ", ".join(
            f"{name} +{c['inserted']}/~{c['updated']}" for name, c in counts.items()))
    print(f"Refreshed the analytical store {imported.store}")
    return 0
