"""The initiatives' views and the monthly review pack (decisions, last meeting's outcomes)."""
