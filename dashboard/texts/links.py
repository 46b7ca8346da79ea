"""Texts of the Strategy links, forecasts and what-if (issue 11)."""

TEXT: dict[str, dict[str, str]] = {
}
