#!/usr/bin/env bash
# Production's shape on loopback: several Streamlit processes behind nginx (websocket upgrade, sticky
# sessions, one shared cookie secret). Usage: scripts/serve.sh [--processes N] [--port P]  (default 2, 8080).
# Uses DATABASE_URL like the app; needs nginx (make system). Ctrl-C stops everything it started.
set -euo pipefail
cd "$(dirname "$0")/.."
# the alerts and digests worker beside them (README "Alerts and digests"); exec keeps this PID, so it ends with them
"${VENV:-.venv}/bin/python" -m notify worker --stop-with $$ &
exec "${VENV:-.venv}/bin/python" scripts/serving.py "$@"
