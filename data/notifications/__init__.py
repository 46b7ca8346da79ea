"""Alert state, subscriptions and the delivery outbox (what was sent, to whom, retries, dead letters)."""
