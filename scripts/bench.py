"""Benchmarks, one ``name: value`` per line. Run with ``make bench``.

Each figure is measured in a fresh subprocess where memory matters (peak RSS of that process).
"""

import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CUSTOMERS = int(os.environ.get("BENCH_CUSTOMERS", "100000"))


def run_child(code: str, env: dict[str, str]) -> tuple[dict, float]:
    """Run ``code`` in a fresh Python; returns its JSON output and its peak memory in MB."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env={**os.environ, **env},
                            capture_output=True, text=True, check=True)
    peak_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return json.loads(result.stdout.strip().splitlines()[-1]), max(peak_kb, before) / 1024


def main() -> None:
    workdir = Path(os.environ.get("BENCH_DIR") or tempfile.mkdtemp(prefix="crm-bench-"))
    db_path = workdir / "bench.db"
    url = f"sqlite:///{db_path}"
    build = (
        "import json, time\n"
        "from data import db\nfrom data.demo import build_demo\n"
        "t = time.perf_counter()\n"
        f"build_demo(db.get_engine({url!r}), customers={CUSTOMERS}, seed=42)\n"
        "print(json.dumps({'seconds': time.perf_counter() - t}))\n"
    )
    started = time.perf_counter()
    out, peak = run_child(build, {})
    print(f"demo_customers: {CUSTOMERS}")
    print(f"demo_build_s: {out['seconds']:.1f}")
    print(f"demo_build_wall_s: {time.perf_counter() - started:.1f}")
    print(f"demo_peak_mb: {peak:.0f}")
    print(f"demo_db_mb: {db_path.stat().st_size / 2**20:.0f}")

    refresh = (
        "import json, time\n"
        "from data import db\nfrom metrics import precompute\n"
        "t = time.perf_counter()\n"
        f"precompute.refresh(db.get_engine({url!r}))\n"
        "print(json.dumps({'seconds': time.perf_counter() - t}))\n"
    )
    out, peak = run_child(refresh, {})
    print(f"refresh_s: {out['seconds']:.1f}")
    print(f"refresh_peak_mb: {peak:.0f}")

    card = (
        "import json, time, resource\n"
        "from datetime import date\n"
        "from metrics.filters import Filters\n"
        "from metrics.scorecard import scorecard\n"
        "from metrics.store import Store\n"
        "t = time.perf_counter()\n"
        f"store = Store.for_url({url!r})\n"
        "card = scorecard(store, Filters(date(2026, 9, 1), date(2026, 9, 1)))\n"
        "seconds = time.perf_counter() - t\n"
        "print(json.dumps({'seconds': seconds, 'kpis': len(card),"
        " 'peak': resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))\n"
    )
    out, _ = run_child(card, {})
    scan = (
        "import json, sqlite3, time\n"
        f"conn = sqlite3.connect({str(db_path)!r})\n"
        "t = time.perf_counter()\n"
        "conn.execute('SELECT sum(quantity * unit_price * (1 - discount)) FROM order_line').fetchone()\n"
        "print(json.dumps({'seconds': time.perf_counter() - t}))\n"
    )
    scanned, _ = run_child(scan, {})
    print(f"scorecard_kpis: {out['kpis']}")
    print(f"scorecard_cold_s: {out['seconds']:.2f}")
    print(f"fact_scan_s: {scanned['seconds']:.2f}")
    print(f"scorecard_scans: {out['seconds'] / scanned['seconds']:.1f}")
    print(f"scorecard_peak_mb: {out['peak']:.0f}")

    customers = (
        "import json, time\n"
        "from datetime import date\n"
        "from metrics.filters import Filters\n"
        "from metrics import lifetime, segments\n"
        "from metrics.store import Store\n"
        f"store = Store.for_url({url!r})\n"
        "f = Filters(date(2026, 9, 1), date(2026, 9, 1))\n"
        "t = time.perf_counter(); table = segments.customer_table(store, f); seg = time.perf_counter() - t\n"
        "t = time.perf_counter(); values = lifetime.lifetime_values(store, f); fit = time.perf_counter() - t\n"
        "print(json.dumps({'segments': seg, 'clv': fit, 'customers': len(values.table)}))\n"
    )
    out, _ = run_child(customers, {})
    print(f"segments_cold_s: {out['segments']:.2f}")
    print(f"clv_fit_s: {out['clv']:.2f}")
    print(f"clv_customers: {out['customers']}")

    overview = (
        "import json, time\n"
        "from streamlit.testing.v1 import AppTest\n"
        "def run(**query):\n"
        "    at = AppTest.from_file('streamlit_app.py', default_timeout=120)\n"
        "    at.query_params.update(query)\n"
        "    t = time.perf_counter()\n"
        "    at.run()\n"
        "    assert not at.exception, at.exception\n"
        "    return time.perf_counter() - t\n"
        "cold = run(period='2026-09')\n"
        "changed = run(period='2026-09', region='East')\n"
        "warm = run(period='2026-09')\n"
        "print(json.dumps({'cold': cold, 'changed': changed, 'warm': warm}))\n"
    )
    out, peak = run_child(overview, {"DATABASE_URL": url})
    print(f"overview_cold_s: {out['cold']:.2f}")
    print(f"overview_filter_change_cold_s: {out['changed']:.2f}")
    print(f"overview_warm_s: {out['warm']:.2f}")
    bench_links(url)
    print_load_through_nginx(url)


def bench_links(url: str) -> None:
    """Strategy links and forecasts (issue 11): their refresh-time cost (the precompute steps' timings),
    the forecasts' rolling-origin backtest, and the Strategy links page opened cold."""
    stored = (
        "import json\n"
        "from metrics import forecast\nfrom metrics.store import Store\n"
        f"store = Store.for_url({url!r})\n"
        "log = dict(store.query('SELECT step, seconds FROM precompute_log').itertuples(index=False))\n"
        "summary = forecast.summary(forecast.read(store, forecast.BACKTEST_TABLE))\n"
        "print(json.dumps({'links': log.get('links'), 'forecast': log.get('forecast'), **summary}))\n"
    )
    out, _ = run_child(stored, {})
    print(f"links_s: {out['links']:.1f}")
    print(f"forecast_s: {out['forecast']:.1f}")
    print(f"forecast_coverage_90: {out['coverage90']:.3f}")
    print(f"forecast_mase: {out['mase']:.3f}")
    page = (
        "import json, time\n"
        "from streamlit.testing.v1 import AppTest\n"
        "at = AppTest.from_file('streamlit_app.py', default_timeout=120)\n"
        "at.user = {'is_logged_in': True, 'email': 'admin@demo.example'}\n"  # the demo's admin (issue 12)
        "at.query_params.update(period='2026-10')\n"
        "at.run()\n"
        "t = time.perf_counter()\n"
        "at.switch_page('pages/links.py').run()\n"
        "assert not at.exception, at.exception\n"
        "print(json.dumps({'cold': time.perf_counter() - t}))\n"
    )
    out, _ = run_child(page, {"DATABASE_URL": url})
    print(f"page_links_cold_s: {out['cold']:.2f}")


NGINX_LOAD_QUERIES = [f"region={r}" for r in ("East", "West", "North", "South", "Central")]


def print_load_through_nginx(url: str, *, sessions: int = 20) -> None:
    """``load_p95_s_1proc`` and ``load_p95_s_2proc``: ``scripts/load.py``'s concurrent overview sessions through
    nginx onto one and onto two Streamlit processes (``scripts/serving.py``), nginx asserting the demo admin's
    e-mail as an authenticating proxy would (the sessions cannot sign in themselves)."""
    sys.path.insert(0, str(ROOT / "scripts"))
    try:
        from load import run_load, summary
    except ImportError:
        print("load_p95_s_1proc: n/a (scripts/load.py missing)")
        return
    from serving import serve

    for processes in (1, 2):
        with serve(database_url=url, processes=processes, proxy_identity="admin@demo.example") as cluster:
            port = int(cluster.url.rsplit(":", 1)[1])
            for query in NGINX_LOAD_QUERIES:  # prime every process's caches (sessions spread over processes)
                run_load(port=port, queries=[query] * (2 * processes), sessions=2 * processes, timeout=600)
            figures = summary(run_load(port=port, queries=NGINX_LOAD_QUERIES, sessions=sessions, timeout=600))
        print(f"load_p95_s_{processes}proc: {figures['load_p95_s']:.2f}")
        print(f"load_errors_{processes}proc: {figures['load_errors']}")


if __name__ == "__main__":
    main()
