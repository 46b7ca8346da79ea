"""``python -m metrics report [--period 2026-09] [--lang zh] [--region East ...] [--output pack.pdf]``: the board
pack (``reports.board_pack``) as a PDF file.

Exit codes: 0 written, 2 invalid input or no analytical store, 3 a font the pack needs is not installed."""

from __future__ import annotations

import sys
from pathlib import Path

from data import db
from metrics.base.dimensions import dimension_values
from metrics.base.filters import Filters, parse_period
from metrics.base.store import Store, StoreMissing
from metrics.scorecard.scoring import has_data
from reports import board_pack
from reports.content import filters_for
from reports.fonts import FontMissing


def add_parser(commands) -> None:
    cmd = commands.add_parser("report", help="the board pack: a multi-page PDF (cover, scores, strategy map, "
                                             "scorecard, a page per KPI needing attention, initiatives)")
    cmd.add_argument("--period", help="2026-09 (month), 2026-Q3 or 2026; default: the latest complete month")
    cmd.add_argument("--fiscal-start", type=int, default=1, help="month the fiscal year starts (1..12)")
    for name in ("region", "channel", "industry"):
        cmd.add_argument(f"--{name}", action="append", default=[], help=f"only this {name} (repeatable)")
    cmd.add_argument("--manager", action="append", type=int, default=[], help="only this customer manager id")
    cmd.add_argument("--lang", choices=["en", "zh"], default="en")
    cmd.add_argument("--output", help="file to write (default: board-pack-<period>-<lang>.pdf)")
    cmd.add_argument("--database-url", help="database whose analytical store (and owners, notes) to read")


def run(args) -> int:
    try:
        store = Store.for_url(args.database_url)
    except StoreMissing as error:
        print(str(error), file=sys.stderr)
        return 2
    engine = db.get_engine(args.database_url)
    try:
        chosen = {name: getattr(args, name) for name in ("region", "channel", "industry", "manager")
                  if getattr(args, name)}
        f = filters_for(dimension_values(store), None, chosen)
        if args.period:
            start, grain = parse_period(args.period, fiscal_start=args.fiscal_start)
            f = Filters(start, start, grain=grain, fiscal_start=args.fiscal_start,
                        **{k: v for k, v in f.dimensions.items()})
        if not has_data(store, f):
            raise ValueError(f"no orders fall in {f.label(f.period_start(f.end))}"
                             f"{' with ' + str(f.dimensions) if f.dimensions else ''}: nothing to report")
        pdf = board_pack.pack_pdf(store, f, args.lang, engine=engine)
    except ValueError as error:
        print(f"Invalid input: {error}", file=sys.stderr)
        return 2
    except FontMissing as error:
        print(str(error), file=sys.stderr)
        return 3
    finally:
        store.close()
        engine.dispose()
    output = Path(args.output or f"board-pack-{f.label(f.period_start(f.end))}-{args.lang}.pdf")
    try:
        output.write_bytes(pdf)
    except OSError as error:
        print(f"Cannot write {output}: {error.strerror}", file=sys.stderr)
        return 2
    print(f"Wrote {output} ({len(pdf):,} bytes)")
    return 0
