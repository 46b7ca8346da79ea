"""The security settings of serving: XSRF on, an upload limit nginx agrees with, no client identity header."""

import tomllib
from pathlib import Path

from scripts.serving import UPLOAD_LIMIT_MB, nginx_config

ROOT = Path(__file__).resolve().parents[2]


def test_streamlit_keeps_xsrf_protection_and_limits_uploads():
    server = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text())["server"]
    assert server["enableXsrfProtection"] is True and server["enableCORS"] is True
    assert server["maxUploadSize"] == UPLOAD_LIMIT_MB


def test_nginx_upgrades_websockets_keeps_sessions_sticky_and_drops_client_identity_headers(tmp_path):
    for conf in (nginx_config(port=8080, backends=[8501, 8502], work=tmp_path),
                 (ROOT / "deploy" / "nginx-crm-scorecard.conf").read_text()):
        assert "proxy_set_header Upgrade $http_upgrade;" in conf
        assert "hash $sticky consistent;" in conf and "$cookie__streamlit_xsrf" in conf
        assert f"client_max_body_size {UPLOAD_LIMIT_MB}m;" in conf
        assert 'proxy_set_header X-Forwarded-Email "";' in conf
