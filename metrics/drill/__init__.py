"""Drill-through: the customers behind a KPI (``who``: declarations; ``sources``: per-customer rows of the base
aggregates; ``lists``: a who list as people read it, with the customers' names and dimensions)."""
