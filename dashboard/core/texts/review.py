"""Texts of the operating rhythm: owners, check-ins, status history, My scorecard, scorecard settings
(``dashboard/review``)."""

TEXT: dict[str, dict[str, str]] = {
    "review_page_mine": {"en": "My scorecard", "zh": "我的计分卡"},
    "review_page_settings": {"en": "Scorecard settings", "zh": "计分卡设置"},
}
