"""Texts of the Import, data quality and the targets editor (issue 9)."""

TEXT: dict[str, dict[str, str]] = {
}
