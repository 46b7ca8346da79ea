"""Strategy-map evidence: link tests (``fit``, ``evidence``, ``panel``, ``windows``), what-if, forecasts."""

from metrics.links.evidence import LinkEvidence, pair_evidence

__all__ = ["LinkEvidence", "pair_evidence"]
