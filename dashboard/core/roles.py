"""What each role may do beyond opening pages (``dashboard.core.navigation`` says which pages): edit the program,
edit targets, see customers' contact data unmasked."""

from dashboard.core.i18n import t
from data.accounts import Role

PROGRAM_EDITORS = frozenset({Role.PROJECT, Role.ADMIN})
TARGET_EDITORS = frozenset({Role.EXECUTIVE, Role.ADMIN})
CONTACT_READERS = frozenset({Role.MARKETER, Role.ADMIN})


def shows_contacts(role: str | None) -> bool:
    """Whether ``role`` sees customers' contact name, e-mail and phone unmasked."""
    return role in CONTACT_READERS


def role_name(role: str) -> str:
    return t(f"role_{role}")
