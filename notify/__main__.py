"""``python -m notify run --once [--dry-run]`` and ``python -m notify worker``: see notify.cli."""

import sys

from notify.cli import main

if __name__ == "__main__":
    sys.exit(main())
