"""What a browser learns about the server (issue 23, items 7 and 8): an escaped error shows its type only, and
Streamlit's metrics endpoint is not served through the proxy."""

import tomllib
from pathlib import Path

from scripts.serving import nginx_config

ROOT = Path(__file__).resolve().parents[2]
METRICS_BLOCKED = "location ^~ /_stcore/metrics { return 404; }"


def test_an_escaped_error_shows_its_type_only():
    client = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text())["client"]
    assert client["showErrorDetails"] == "type"  # no message, no traceback: no server paths, SQL or data


def test_the_metrics_endpoint_is_not_served_through_nginx(tmp_path):
    for conf in (nginx_config(port=8080, backends=[8501], work=tmp_path),
                 (ROOT / "deploy" / "nginx-crm-scorecard.conf").read_text()):
        assert METRICS_BLOCKED in conf.replace("{{", "{").replace("}}", "}")
        # ahead of "location /" is not needed (nginx takes the longest prefix), but it must be in the server block
        assert conf.index(METRICS_BLOCKED.split(" {")[0]) > conf.index("server {")
