"""``python -m metrics ...``: the metrics commands (``cli.metrics``), kept at their documented name."""

import sys

from cli.metrics import main

if __name__ == "__main__":
    sys.exit(main())
