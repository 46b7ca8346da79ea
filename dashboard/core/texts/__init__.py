"""The app's texts in English and Simplified Chinese, one table per view, merged into ``i18n.TEXT``.

Each module holds ``TEXT: dict[str, dict[str, str]]`` (key -> {"en": ..., "zh": ...}); a key is
defined once across all of them (``merge`` refuses duplicates).
"""

from collections.abc import Mapping


def merge(*tables: Mapping[str, dict[str, str]]) -> dict[str, dict[str, str]]:
    """One table from several; a key defined twice is an error, not a silent override."""
    merged: dict[str, dict[str, str]] = {}
    for table in tables:
        twice = merged.keys() & table.keys()
        if twice:
            raise ValueError(f"texts defined twice: {', '.join(sorted(twice))}")
        merged.update(table)
    return merged
