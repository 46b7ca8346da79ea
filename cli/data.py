"""Command line: ``python -m data demo|ensure-demo|check|refresh|import|template``."""

import argparse
import sys
import time

from sqlalchemy.exc import OperationalError

from cli import importing as import_cli
from cli import users as accounts_cli
from data import accounts, analytics, db
from data.check import check, format_report
from data.demo.builder import build_demo
from jobs import refresh as precompute


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m data", description=__doc__)
    parser.add_argument("--database-url", help="database to use (default: DATABASE_URL or the SQLite file)")
    commands = parser.add_subparsers(dest="command", required=True)
    for name, help_text in [("demo", "replace the database's contents with the demo company"),
                            ("ensure-demo", "build the demo company only if the database is empty")]:
        sub = commands.add_parser(name, help=help_text)
        sub.add_argument("--customers", type=int, default=5000, help="number of customers (default 5000)")
        sub.add_argument("--seed", type=int, default=42, help="random seed (default 42)")
        sub.add_argument("--database-url", dest="sub_url", help=argparse.SUPPRESS)
    for name, help_text in [("check", "row counts, date ranges and integrity problems"),
                            ("refresh", "rebuild the analytical store the metrics read")]:
        commands.add_parser(name, help=help_text).add_argument(
            "--database-url", dest="sub_url", help=argparse.SUPPRESS)
    accounts_cli.add_parser(commands)
    import_cli.add_commands(commands)
    args = parser.parse_args(argv)
    if args.command == "template":
        return import_cli.template(args)
    url = getattr(args, "sub_url", None) or args.database_url or db.database_url()
    engine = db.get_engine(url)
    try:
        if args.command == "users":
            return accounts_cli.run(args, engine)
        if args.command == "import":
            return import_cli.run(engine, url, args)
        if args.command == "check":
            report = check(engine)
            print(format_report(report))
            return 0 if report.ok else 1
        if args.command == "refresh" or (args.command == "ensure-demo" and not db.is_empty(engine)):
            if args.command == "ensure-demo":
                _demo_accounts(engine)
                print(f"Using the existing database at {db.masked_url(url)}")
                if analytics.store_path(url).exists():
                    return 0
            started = time.perf_counter()
            path = precompute.refresh(engine)
            print(f"Refreshed the analytical store {path} in {time.perf_counter() - started:.1f} s")
            return 0
        started = time.perf_counter()
        counts = build_demo(engine, customers=args.customers, seed=args.seed)
        print(f"Built the demo company in {db.masked_url(url)} in {time.perf_counter() - started:.1f} s: "
              + ", ".join(f"{k} {v:,}" for k, v in counts.items()))
        _demo_accounts(engine)
        started = time.perf_counter()
        path = precompute.refresh(engine)
        print(f"Refreshed the analytical store {path} in {time.perf_counter() - started:.1f} s")
        return 0
    except OperationalError as error:
        print(f"Cannot reach the database at {db.masked_url(url)}: {error.orig}", file=sys.stderr)
        return 3


def _demo_accounts(engine) -> None:
    """One account per role on the generated demo, so ``make run`` needs nothing configured."""
    db.create_schema(engine)
    with db.session_scope(engine) as session:
        created = accounts.ensure_demo_accounts(session=session)
    if created:
        print("Demo accounts (sign in with the \"try as\" buttons): " + ", ".join(created))


if __name__ == "__main__":
    sys.exit(main())
