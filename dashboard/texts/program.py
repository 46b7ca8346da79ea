"""Texts of the CRM program ROI view (issue 10)."""

TEXT: dict[str, dict[str, str]] = {
}
