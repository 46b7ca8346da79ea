"""Owners of objectives and KPIs, check-ins (status judgement and note per KPI and period), kept as versions."""
