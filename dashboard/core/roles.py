"""The role matrix of issue 12: which pages a role may open, and who sees customers' contact data.

Pages not named here are open to every role (scorecard, perspectives, strategy links, program, segments,
customers, portfolios); admin pages are ``pages/admin_*.py``.
"""

from dashboard.core.i18n import t
from data import accounts
from data.accounts import Role

ADMIN_PAGE_PREFIX = "pages/admin_"
PAGE_ROLES: dict[str, frozenset[str]] = {
    "pages/admin_targets.py": frozenset({Role.EXECUTIVE, Role.ADMIN}),
    "pages/data.py": frozenset({Role.ADMIN}),
}
PROGRAM_EDITORS = frozenset({Role.PROJECT, Role.ADMIN})
TARGET_EDITORS = frozenset({Role.EXECUTIVE, Role.ADMIN})
CONTACT_READERS = frozenset({Role.MARKETER, Role.ADMIN})


def may_open(role: str | None, path: str) -> bool:
    """Whether ``role`` may open the page script at ``path`` (relative, e.g. ``pages/admin_users.py``)."""
    if role not in accounts.ROLES:
        return False
    if path in PAGE_ROLES:
        return role in PAGE_ROLES[path]
    if path.startswith(ADMIN_PAGE_PREFIX):
        return role == Role.ADMIN
    return True


def shows_contacts(role: str | None) -> bool:
    """Whether ``role`` sees customers' contact name, e-mail and phone unmasked."""
    return role in CONTACT_READERS


def role_name(role: str) -> str:
    return t(f"role_{role}")
