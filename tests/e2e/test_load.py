"""scripts/load.py speaks Streamlit's websocket protocol: sessions run the page to its end, in parallel."""

import sys
from pathlib import Path
from urllib.parse import urlparse

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "scripts"))
import load

from tests.e2e.conftest import SIGNED_IN_HEADERS

pytestmark = pytest.mark.e2e


def test_concurrent_sessions_finish_their_runs_without_error(app_url):
    port = urlparse(app_url).port
    results = load.run_load(port=port, queries=["region=East", "lang=zh&region=West"], sessions=4, timeout=120,
                            headers=SIGNED_IN_HEADERS)  # as the authenticating proxy the test server trusts
    assert [r.error for r in results] == [None] * 4
    assert all(r.runs >= 1 and r.messages > 20 for r in results)  # the overview's elements came back
    summary = load.summary(results)
    assert summary["load_sessions"] == 4 and summary["load_errors"] == 0
    assert summary["load_p50_s"] <= summary["load_p95_s"] <= summary["load_max_s"]


def test_percentile_is_nearest_rank():
    assert load.percentile([1.0, 2.0, 3.0, 4.0], 50) == 2.0
    assert load.percentile(list(map(float, range(1, 21))), 95) == 19.0
    assert load.stream_url("h", 80, "/crm/") == "ws://h:80/crm/_stcore/stream"
    assert load.stream_url("h", 80) == "ws://h:80/_stcore/stream"
