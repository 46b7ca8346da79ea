"""Initiatives judged: earned value and the measured effect on the KPIs they should move."""
