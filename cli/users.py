"""``python -m data users add|list|set-role|disable|enable|set-password``: accounts from the command line."""

import argparse
import getpass
import sys

from sqlalchemy import Engine

from data import accounts, db


def add_parser(commands) -> None:
    users = commands.add_parser("users", help="accounts and roles: add, list, set-role, disable, enable")
    actions = users.add_subparsers(dest="users_command", required=True)
    add = actions.add_parser("add", help="create an account")
    add.add_argument("email")
    add.add_argument("--role", required=True, choices=accounts.ROLES)
    add.add_argument("--password-stdin", action="store_true",
                     help="read a password from standard input (without it: OpenID Connect / proxy sign-in only)")
    actions.add_parser("list", help="every account with its role and last sign-in")
    set_role = actions.add_parser("set-role", help="change an account's role")
    set_role.add_argument("email")
    set_role.add_argument("role", choices=accounts.ROLES)
    for name, help_text in [("disable", "stop an account from signing in"), ("enable", "let it sign in again")]:
        actions.add_parser(name, help=help_text).add_argument("email")
    password = actions.add_parser("set-password", help="set an account's password from standard input")
    password.add_argument("email")
    for action in actions.choices.values():
        action.add_argument("--database-url", dest="sub_url", help=argparse.SUPPRESS)


def _read_password() -> str:
    if sys.stdin.isatty():
        return getpass.getpass("Password: ")
    return sys.stdin.readline().rstrip("\r\n")


def run(args: argparse.Namespace, engine: Engine) -> int:
    db.create_schema(engine)  # an older database gains the account tables
    actor = f"cli:{getpass.getuser()}"
    try:
        with db.session_scope(engine) as session:
            command = args.users_command
            if command == "list":
                rows = accounts.list_users(session=session)
                for user in rows:
                    last = user.last_sign_in_at.isoformat(timespec="seconds") if user.last_sign_in_at else "never"
                    print(f"{user.email:40} {user.role:10} {'active' if user.active else 'disabled':9} "
                          f"{'password' if user.password_hash else 'sso-only':9} last sign-in {last}")
                if not rows:
                    print("no accounts")
            elif command == "add":
                password = _read_password() if args.password_stdin else None
                user = accounts.add_user(session=session, email=args.email, role=args.role, password=password,
                                         actor=actor)
                print(f"added {user.email} as {user.role}")
            elif command == "set-role":
                user = accounts.set_role(session=session, email=args.email, role=args.role, actor=actor)
                print(f"{user.email} is now {user.role}")
            elif command in ("disable", "enable"):
                user = accounts.set_active(session=session, email=args.email, active=command == "enable",
                                           actor=actor)
                print(f"{user.email} is {'active' if user.active else 'disabled'}"
                      + ("" if user.active else ": its open sessions end at their next click"))
            elif command == "set-password":
                user = accounts.set_password(session=session, email=args.email, password=_read_password(),
                                             actor=actor)
                print(f"password of {user.email} set")
    except accounts.AccountError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    return 0
