"""The Alerts page and each person's notification settings."""
