"""Command line: ``python -m data demo|ensure-demo|check|refresh|import|template``.

Exit codes: 0 done (a refresh step that could not compute is a warning, listed; the store is built), 1 faults
(nothing written), 3 the database cannot be reached, 4 another import or refresh held the data lock longer than
JOB_LOCK_WAIT_S seconds (default 600; nothing written).
"""

import argparse
import logging
import sys
import time

from sqlalchemy.exc import OperationalError

from cli import importing as import_cli
from cli import users as accounts_cli
from data import accounts, analytics, db, locks
from data.check import check, format_report
from data.demo.builder import build_demo
from jobs import importing as import_job
from jobs import refresh as precompute


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m data", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
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
    _say_waits_and_warnings()
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
                if analytics.is_current(analytics.store_path(url)):
                    return 0
            return _refresh(engine, "refresh by " + _who())
        with locks.job_lock(engine, "demo build by " + _who()):
            started = time.perf_counter()
            counts = build_demo(engine, customers=args.customers, seed=args.seed)
            print(f"Built the demo company in {db.masked_url(url)} in {time.perf_counter() - started:.1f} s: "
                  + ", ".join(f"{k} {v:,}" for k, v in counts.items()))
            _demo_accounts(engine)
            return _refresh(engine, "demo build by " + _who())
    except import_job.WrittenMeanwhile as error:
        print(f"{error}.", file=sys.stderr)
        return 1
    except locks.JobBusy as error:
        print(f"Not started: {error}. Try again when it has finished (or raise {locks.WAIT_ENV}).", file=sys.stderr)
        return 4
    except OperationalError as error:
        if "database is locked" in str(error.orig):  # SQLite, reachable but busy past its timeout
            print(f"The database at {db.masked_url(url)} stayed busy with another writer for longer than "
                  f"{db.SQLITE_BUSY_S:.0f} s; nothing was written. Try again.", file=sys.stderr)
            return 4
        print(f"Cannot reach the database at {db.masked_url(url)}: {error.orig}", file=sys.stderr)
        return 3


def _who() -> str:
    import getpass
    return f"command line ({getpass.getuser()})"


def _refresh(engine, holder: str) -> int:
    """Rebuild the store; list the steps that could not compute (warnings: exit 0, the store is built)."""
    started = time.perf_counter()
    done = precompute.run(engine, holder=holder)
    if done.swapped:
        print(f"Refreshed the analytical store {done.path} in {time.perf_counter() - started:.1f} s")
    else:
        print("The data changed while this refresh ran: its store was discarded and the newer refresh's is kept "
              f"({done.path})")
    return 0  # the steps that could not compute were listed as they ran (logger jobs.steps)


class _MessageOnly(logging.Formatter):
    """A log record as its message alone: tracebacks stay out of the terminal (run with PYTHONWARNINGS or a
    logging config of your own to see them)."""

    def format(self, record: logging.LogRecord) -> str:
        return record.getMessage()


class _Stderr(logging.StreamHandler):
    """Writes to whatever ``sys.stderr`` is when a record comes (not the stream of the first call: a caller that
    swaps stderr, as tests capturing output do, would leave the handler writing to a closed stream)."""

    @property
    def stream(self):
        return sys.stderr

    @stream.setter
    def stream(self, _value) -> None:  # StreamHandler.__init__ assigns it
        pass


def _say_waits_and_warnings() -> None:
    """The lock's "waiting for another import", a discarded refresh and a refresh step that could not compute (with
    its reason), as plain lines on stderr: no traceback, no raw statistics warning."""
    handler = _Stderr()
    handler.setFormatter(_MessageOnly())
    handler.setLevel(logging.WARNING)
    for name in ("data.locks", "data.analytics", "jobs.steps"):
        logger = logging.getLogger(name)
        if not logger.handlers:
            logger.addHandler(handler)
            logger.propagate = False


def _demo_accounts(engine) -> None:
    """One account per role on the generated demo, so ``make run`` needs nothing configured."""
    db.create_schema(engine)
    with db.session_scope(engine) as session:
        created = accounts.ensure_demo_accounts(session=session)
    if created:
        print("Demo accounts (sign in with the \"try as\" buttons): " + ", ".join(created))


if __name__ == "__main__":
    sys.exit(main())
