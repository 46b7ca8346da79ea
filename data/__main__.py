"""``python -m data ...``: the data commands (``cli.data``), kept at their documented name."""

import sys

from cli.data import main

if __name__ == "__main__":
    sys.exit(main())
