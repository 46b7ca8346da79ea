"""Texts of initiatives, decisions and the monthly review pack (``dashboard/initiatives``)."""

TEXT: dict[str, dict[str, str]] = {
    "initiatives_page_review": {"en": "Monthly review", "zh": "月度经营回顾"},
    "initiatives_page": {"en": "Initiatives", "zh": "改进举措"},
}
