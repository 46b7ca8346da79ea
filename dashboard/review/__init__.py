"""The operating rhythm's views: owners, check-ins, a KPI's status history, My scorecard, scorecard settings."""
