"""``python -m notify run --once [--dry-run]`` (one run: exit 0 sent or nothing due, 1 delivery failures, 2 bad
settings, 3 database unreachable) and ``python -m notify worker`` (the schedule)."""

from __future__ import annotations

import argparse
import logging
import signal
import sys

from data import db
from notify import run, worker
from notify.settings import SettingError, smtp


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m notify", description="Alerts and digests: evaluate and deliver.")
    commands = parser.add_subparsers(dest="command", required=True)
    once = commands.add_parser("run", help="evaluate the alerts and send what is due now, then exit")
    once.add_argument("--once", action="store_true", help="one run (the only mode; for cron and systemd timers)")
    once.add_argument("--dry-run", action="store_true", help="say what would be sent; write and send nothing")
    once.add_argument("--database-url", help="the database (default DATABASE_URL)")
    loop = commands.add_parser("worker", help="run the schedule (every NOTIFY_INTERVAL_MINUTES, default 15)")
    loop.add_argument("--database-url", help="the database (default DATABASE_URL)")
    loop.add_argument("--stop-with", type=int, metavar="PID", help="stop when this process ends (scripts/serve.sh)")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s",
                        stream=sys.stderr)
    try:
        server = smtp()
    except SettingError as error:
        print(str(error), file=sys.stderr)
        return run.BAD_SETTINGS
    engine = db.get_engine(args.database_url)
    try:
        if args.command == "worker":
            print(f"notify worker on {db.masked_url(db.normalised_url(args.database_url))}, mail through "
                  f"{server.masked if server else 'no SMTP server (SMTP_URL not set)'}", file=sys.stderr, flush=True)
            signal.signal(signal.SIGTERM, lambda *_: (_ for _ in ()).throw(KeyboardInterrupt()))
            worker.serve(engine, stop_with=args.stop_with)
            return 0
        result = run.run_once(engine, dry_run=args.dry_run, server=server, use_env_smtp=False)
        for line in result.lines:
            print(line, file=sys.stderr if result.code == run.UNREACHABLE else sys.stdout)
        return result.code
    finally:
        engine.dispose()
