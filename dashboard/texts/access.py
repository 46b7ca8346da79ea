"""Texts of the Sign-in, roles and audit (issue 12)."""

TEXT: dict[str, dict[str, str]] = {
}
