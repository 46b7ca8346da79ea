"""Masking of customer contact data (contact name, e-mail, phone) for roles that may not see it.

Applied where customer rows are read (``dashboard/cache/customers.py``), so every table, search result,
customer detail and export built from them is masked alike.
"""

import re

import pandas as pd

_COUNTRY = re.compile(r"^\+(\d{1,3})\b")


def mask_email(value: str) -> str:
    """``buyer4@example.cn`` -> ``b***@example.cn``."""
    local, at, domain = value.partition("@")
    return f"{local[:1]}***@{domain}" if at else "***"


def mask_phone(value: str) -> str:
    """``+86 10 00000004`` -> ``+86 *** **** 0004``: the country code and the last four digits stay."""
    digits = re.sub(r"\D", "", value)
    country = _COUNTRY.match(value.strip())
    head = f"+{country.group(1)} " if country else ""
    return f"{head}*** **** {digits[-4:]}" if len(digits) > 4 else "***"


def mask_name(value: str) -> str:
    """``Contact 4`` -> ``C***``."""
    return f"{value.strip()[:1]}***" if value.strip() else "***"


_MASKS = {"contact_name": mask_name, "email": mask_email, "phone": mask_phone}
CONTACT_COLUMNS = tuple(_MASKS)  # the columns masked


def mask_contacts(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``frame`` with every contact column present masked (missing values stay missing)."""
    masked = frame.copy()
    for column, mask in _MASKS.items():
        if column in masked.columns:
            masked[column] = masked[column].map(lambda v, m=mask: m(str(v)) if isinstance(v, str) else v)
    return masked
