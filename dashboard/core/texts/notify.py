"""Texts of alerts, subscriptions and notification settings (``dashboard/notifications``, ``notify``)."""

TEXT: dict[str, dict[str, str]] = {
    "notify_page_alerts": {"en": "Alerts", "zh": "预警"},
    "notify_page_settings": {"en": "Notifications", "zh": "通知设置"},
}
