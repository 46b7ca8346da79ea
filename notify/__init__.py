"""Alerts and digests delivered by a worker process: e-mail over SMTP and signed webhooks (python -m notify)."""
