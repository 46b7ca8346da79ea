"""Initiatives (linked to objectives and KPIs: milestones, risks, updates, cost) and the monthly review's decisions."""
