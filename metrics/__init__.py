"""All computation: KPIs, scorecard, segments, lifetime value, program ROI, statistics."""
