"""What each role may do beyond opening pages (``dashboard.core.navigation`` says which pages): edit the program,
edit targets, see customers' contact data unmasked."""

from dashboard.core.i18n import t
from data.accounts import Role
from data.initiatives import edits as initiative_edits
from data.review import checkins
from data.review.owners import Owner

PROGRAM_EDITORS = frozenset({Role.PROJECT, Role.ADMIN})
TARGET_EDITORS = frozenset({Role.EXECUTIVE, Role.ADMIN})
CONTACT_READERS = frozenset({Role.MARKETER, Role.ADMIN})
# a KPI's check-in: its owner and deputy write it; these roles write any KPI's (issue 20); the rule is
# ``data.review.checkins.may_write``, which the save itself enforces
CHECKIN_EDITORS = checkins.ANY_KPI_ROLES
OWNER_EDITORS = TARGET_EDITORS  # who sets owners (the Scorecard settings page)
# initiatives: these roles edit any, the project team those it owns, marketers read; decisions of the review are
# recorded by the first and settled by them or their owner. The rules are ``data.initiatives.edits.may_edit`` and
# ``data.initiatives.decisions``, which every write enforces
INITIATIVE_EDITORS = initiative_edits.EDIT_ANY
INITIATIVE_OWNER_EDITORS = initiative_edits.EDIT_OWN


def may_check_in(role: str | None, email: str | None, owner: Owner | None) -> bool:
    """Whether ``role`` / ``email`` may write the check-in of a KPI owned by ``owner``."""
    return checkins.may_write(role=role, email=email, owner=owner)


def shows_contacts(role: str | None) -> bool:
    """Whether ``role`` sees customers' contact name, e-mail and phone unmasked."""
    return role in CONTACT_READERS


def role_name(role: str) -> str:
    return t(f"role_{role}")
