"""``python -m notify run --once [--dry-run]`` and ``python -m notify worker``: see notify.cli."""
