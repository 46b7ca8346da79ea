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
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))
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
        "from data import db\nfrom data.demo.builder import build_demo\n"
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
        "from data import db\nfrom jobs import refresh as precompute\n"
        "t = time.perf_counter()\n"
        f"precompute.refresh(db.get_engine({url!r}))\n"
        "print(json.dumps({'seconds': time.perf_counter() - t}))\n"
    )
    out, peak = run_child(refresh, {})
    print(f"refresh_s: {out['seconds']:.1f}")
    print(f"refresh_peak_mb: {peak:.0f}")
    incremental = (  # an import's refresh over that store: the last month rebuilt, the earlier months kept
        "import json, time\n"
        "from data import db\nfrom jobs import refresh as precompute\n"
        "t = time.perf_counter()\n"
        f"precompute.run(db.get_engine({url!r}), incremental=True)\n"
        "print(json.dumps({'seconds': time.perf_counter() - t}))\n"
    )
    out, peak = run_child(incremental, {})
    print(f"incremental_refresh_s: {out['seconds']:.1f}")
    print(f"incremental_refresh_peak_mb: {peak:.0f}")
    targets = (  # what saving targets or weights runs: the store copied, the forecasts judged again
        "import json, time\n"
        "from data import db\nfrom jobs import refresh as precompute\n"
        "t = time.perf_counter()\n"
        f"precompute.refresh_targets(db.get_engine({url!r}))\n"
        "print(json.dumps({'seconds': time.perf_counter() - t}))\n"
    )
    out, _ = run_child(targets, {})
    print(f"targets_refresh_s: {out['seconds']:.1f}")

    card = (
        "import json, time, resource\n"
        "from datetime import date\n"
        "from metrics.base.filters import Filters\n"
        "from metrics.scorecard.scoring import scorecard\n"
        "from metrics.base.store import Store\n"
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
    from scale import CARD, SLICES  # what the CLI and the overview compute: the stored default, else the cube
    for name, kwargs in SLICES.items():
        sliced, _ = run_child("import json, time\nt = time.perf_counter()\n" + CARD.format(url=url, kwargs=repr(kwargs))
                              + "print(json.dumps({'seconds': time.perf_counter() - t}))\n", {})
        print(f"{name}_cold_s: {sliced['seconds']:.2f}")

    customers = (
        "import json, time\n"
        "from datetime import date\n"
        "from metrics.base.filters import Filters\n"
        "from metrics.customers import lifetime, segments\n"
        "from metrics.base.store import Store\n"
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
        "    at = AppTest.from_file('streamlit_app.py', default_timeout=600)\n"
        "    at.user = {'is_logged_in': True, 'email': 'admin@demo.example'}\n"
        "    at.query_params.update(query)\n"
        "    t = time.perf_counter()\n"
        "    at.run()\n"
        "    assert not at.exception, at.exception\n"
        "    return time.perf_counter() - t\n"
        "cold = run()\n"  # what a first visitor sees: the latest month, nothing filtered (stored at refresh)
        "changed = run(region='East')\n"
        "warm = run()\n"
        "print(json.dumps({'cold': cold, 'changed': changed, 'warm': warm}))\n"
    )
    out, peak = run_child(overview, {"DATABASE_URL": url})
    print(f"overview_cold_s: {out['cold']:.2f}")
    print(f"overview_filter_change_cold_s: {out['changed']:.2f}")
    print(f"overview_warm_s: {out['warm']:.2f}")
    bench_links(url)
    bench_import(db_path.with_suffix(".duckdb"), workdir)
    program(url)
    print_load_through_nginx(url)
    print_soak(url)


def bench_links(url: str) -> None:
    """Strategy links and forecasts (issue 11): their refresh-time cost (the precompute steps' timings),
    the forecasts' rolling-origin backtest, and the Strategy links page opened cold."""
    stored = (
        "import json\n"
        "from metrics.links import forecast\nfrom metrics.base.store import Store\n"
        f"store = Store.for_url({url!r})\n"
        "log = dict(store.query('SELECT step, seconds FROM precompute_log').itertuples(index=False))\n"
        "summary = forecast.summary(forecast.read(store, forecast.BACKTEST_TABLE))\n"
        "print(json.dumps({'links': log.get('links'), 'forecast': log.get('forecast'),\n"
        "                  'kpi_series': log.get('kpi_series'), **summary}))\n"
    )
    out, _ = run_child(stored, {})
    if out.get("kpi_series") is not None:  # every KPI's monthly series, once per refresh (read by the steps after)
        print(f"kpi_series_s: {out['kpi_series']:.1f}")
    print(f"links_s: {out['links']:.1f}")
    study = (  # the link test's error rates under persistence (seeded; tests/metrics/links/test_simulation.py)
        "import json\nfrom metrics.links import simulation\n"
        "print(json.dumps(simulation.study(200, seed=2024, replicates=199)))\n"
    )
    rates, _ = run_child(study, {})
    print(f"links_false_positive_rate: {rates['false_positive_rate']:.3f}")
    print(f"links_power_flow: {rates['power_flow']:.3f}")
    print(f"links_power_stock: {rates['power_stock']:.3f}")
    print(f"forecast_s: {out['forecast']:.1f}")
    print(f"forecast_coverage_90: {out['coverage90']:.3f}")
    print(f"forecast_mase: {out['mase']:.3f}")
    calibrated = (  # the forecast's "probability of reaching the target" against what happened (a backtest)
        "import json\nfrom metrics.links import calibration\nfrom metrics.base.store import Store\n"
        f"print(json.dumps(calibration.summary(calibration.backtest(Store.for_url({url!r})))))\n"
    )
    cal, _ = run_child(calibrated, {})
    bins = "; ".join(f"{low:.0%}-{high:.0%}: n={n} said {said:.0%} came {came:.0%}"
                     for low, high, n, said, came in cal["bins"])
    print(f"forecast_calibration: n={cal['n']} brier={cal['brier']:.3f} said={cal['said']:.2f} "
          f"came={cal['came']:.2f} zero={cal['zero']:.2f} | {bins}")
    # the pages themselves, the Strategy links page and the Program page among them
    print_page_timings(url)
    print_load_figures(url)
    # the monthly review at its size: 46 owned KPIs, 24 months of check-ins (scripts/bench_review.py)
    import bench_review  # it reads this module's page-run setup

    bench_review.print_review_figures(url)


PAGE_RUN = """
import json, sys, time
from streamlit.runtime.pages_manager import PagesManager
from streamlit.components.v2.component_manager import BidiComponentManager
from streamlit.testing.v1 import AppTest

# AppTest scans every installed package for components on a session's first run (seconds, and not
# something a served app does per visit): scan once, untimed, and share the result.
COMPONENTS = BidiComponentManager()
COMPONENTS.discover_and_register_components(start_file_watching=False)
_init = PagesManager.__init__
def _init_navigation(self, *args, **kwargs):  # as a served app after its first st.navigation call
    _init(self, *args, **kwargs)
    PagesManager.uses_pages_directory = False
PagesManager.__init__ = _init_navigation

def visit(path, query):
    at = AppTest.from_file("streamlit_app.py", default_timeout=600)
    at._bidi_component_manager = COMPONENTS
    at.user = {"is_logged_in": True, "email": "admin@demo.example"}  # the demo's admin: may open every page
    at.query_params.update(query)
    started = time.perf_counter()
    at.run()
    seconds = time.perf_counter() - started
    if path != "pages/overview.py":
        started = time.perf_counter()
        at.switch_page(path).run()
        seconds = time.perf_counter() - started
    if at.exception:
        raise SystemExit(f"{path}: {at.exception[0].message}")
    return seconds

path, query = sys.argv[1], json.loads(sys.argv[2])
cold = visit(path, query)
warm = visit(path, query)
print(json.dumps({"cold": cold, "warm": warm}))
"""


def page_timings(url: str, query: dict[str, str] | None = None) -> dict[str, tuple[float, float] | str]:
    """For every page of the navigation: the AppTest run time of switching to it in a fresh process (cold)
    and then in a new session of that process with the same filters (warm)."""
    from dashboard.core.navigation import ALL_PAGES

    out: dict[str, tuple[float, float] | str] = {}
    for spec in ALL_PAGES:
        result = subprocess.run([sys.executable, "-c", PAGE_RUN, spec.path, json.dumps(query or {})], cwd=ROOT,
                                env={**os.environ, "DATABASE_URL": url}, capture_output=True, text=True)
        if result.returncode:
            out[spec.url_path] = (result.stderr.strip().splitlines() or ["failed"])[-1][:200]
            continue
        times = json.loads(result.stdout.strip().splitlines()[-1])
        out[spec.url_path] = (times["cold"], times["warm"])
    return out


def print_page_timings(url: str) -> None:
    for name, times in page_timings(url).items():
        if isinstance(times, str):
            print(f"page_{name}_error: {times}")
            continue
        print(f"page_{name}_cold_s: {times[0]:.2f}")
        print(f"page_{name}_warm_s: {times[1]:.2f}")


LOAD_QUERIES = [f"region={r}" for r in ("East", "West", "North", "South", "Central")]
PROXY_HEADER = "X-Forwarded-Email"
SIGNED_IN = {PROXY_HEADER: "admin@demo.example"}


def load_figures(url: str, *, sessions: int = 20) -> dict[str, float]:
    """``sessions`` concurrent overview sessions over the websocket protocol (``scripts/load.py``) on a
    served app, five regions, after one priming visit per region."""
    import socket

    from load import run_load, summary

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    # the sessions cannot sign in: the server trusts a proxy's e-mail header and they send the demo admin's
    server = subprocess.Popen([sys.executable, "-m", "streamlit", "run", "streamlit_app.py", "--server.port",
                               str(port), "--server.headless", "true", "--browser.gatherUsageStats", "false",
                               "--server.trustedUserHeaders", json.dumps({PROXY_HEADER: "email"})],
                              cwd=ROOT, env={**os.environ, "DATABASE_URL": url}, stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL)
    try:
        for _ in range(600):
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=1):
                    break
            except OSError:
                time.sleep(0.5)
        for query in LOAD_QUERIES:  # prime: one visit per filter, one at a time
            run_load(port=port, queries=[query], sessions=1, timeout=600, headers=SIGNED_IN)
        return summary(run_load(port=port, queries=LOAD_QUERIES, sessions=sessions, timeout=600, headers=SIGNED_IN))
    finally:
        server.terminate()
        server.wait(timeout=30)


def print_load_figures(url: str) -> None:
    for name, value in load_figures(url).items():
        print(f"{name}: {value:.2f}" if isinstance(value, float) else f"{name}: {value}")


def bench_import(store_path: Path, workdir: Path) -> None:
    """Re-import the demo written out as CSV (one file per table) into an empty SQLite database."""
    import duckdb

    from data.importing.rules import IMPORTABLE

    folder = workdir / "import-csv"
    folder.mkdir(parents=True, exist_ok=True)
    source = duckdb.connect(str(store_path), read_only=True)
    for name in IMPORTABLE:
        source.execute(f"COPY {name} TO '{folder / (name + '.csv')}' (HEADER, DELIMITER ',')")
    source.close()
    target = workdir / "imported.db"
    target.unlink(missing_ok=True)
    code = (
        "import json, time\n"
        "from pathlib import Path\n"
        "from data import db\nfrom data.importing import importer\n"
        f"engine = db.get_engine({f'sqlite:///{target}'!r})\n"
        "t = time.perf_counter()\n"
        f"prepared = importer.prepare(engine, [Path({str(folder)!r})])\n"
        "checked = time.perf_counter() - t\n"
        "assert prepared.ok, prepared.errors[:5]\n"
        "counts = importer.load(engine, prepared)\n"
        "seconds = time.perf_counter() - t\n"
        "import resource\n"
        "peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024\n"
        "from jobs import refresh as precompute\n"
        "t = time.perf_counter()\n"
        "precompute.refresh(engine)\n"
        "print(json.dumps({'seconds': seconds, 'check': checked, 'refresh': time.perf_counter() - t,"
        " 'rows': sum(c['inserted'] for c in counts.values()), 'peak': peak}))\n"
    )
    out, _ = run_child(code, {})
    peak = out["peak"]
    print(f"import_s: {out['seconds']:.1f}")  # read, check and write (one transaction); not the refresh
    print(f"import_check_s: {out['check']:.1f}")
    print(f"import_rows: {out['rows']}")
    print(f"import_peak_mb: {peak:.0f}")  # the import's peak, measured before the refresh
    print(f"import_refresh_s: {out['refresh']:.1f}")  # the analytical store rebuilt after the import

def program(url: str) -> None:
    """The Program page (issue 10): the counterfactual fit alone, and the page's first run in a fresh process."""
    fit = (
        "import json, time\n"
        "from metrics.program import tables as program\n"
        "from metrics.program.impact import counterfactual_effect\n"
        "from metrics.base.store import Store\n"
        "from data import db\n"
        f"store = Store.for_url({url!r})\n"
        "y, controls = program.margin_and_customers(store)\n"
        f"start = program.go_live(program.load_program(db.get_engine({url!r})).steps)\n"
        "t = time.perf_counter()\n"
        "impact = counterfactual_effect(y, post_start=start, controls=controls)\n"
        "seconds = time.perf_counter() - t\n"
        "print(json.dumps({'seconds': seconds, 'cumulative': impact.cumulative, 'low': impact.cumulative_low,"
        " 'high': impact.cumulative_high}))\n"
    )
    out, _ = run_child(fit, {})
    print(f"impact_fit_s: {out['seconds']:.2f}")
    print(f"impact_cumulative: {out['cumulative']:.0f} [{out['low']:.0f}, {out['high']:.0f}]")


def print_load_through_nginx(url: str, *, sessions: int = 20) -> None:
    """``load_p95_s_1proc`` and ``load_p95_s_2proc``: ``scripts/load.py``'s concurrent overview sessions through
    nginx onto one and onto two Streamlit processes (``scripts/serving.py``), nginx asserting the demo admin's
    e-mail as an authenticating proxy would (the sessions cannot sign in themselves)."""
    from load import run_load, summary
    from serving import serve

    for processes in (1, 2):
        with serve(database_url=url, processes=processes, proxy_identity="admin@demo.example") as cluster:
            port = int(cluster.url.rsplit(":", 1)[1])
            for query in LOAD_QUERIES:  # prime every process's caches (sessions spread over processes)
                run_load(port=port, queries=[query] * (2 * processes), sessions=2 * processes, timeout=600)
            figures = summary(run_load(port=port, queries=LOAD_QUERIES, sessions=sessions, timeout=600))
        print(f"load_p95_s_{processes}proc: {figures['load_p95_s']:.2f}")
        print(f"load_errors_{processes}proc: {figures['load_errors']}")


SOAK_SESSIONS, SOAK_ROUNDS, SOAK_SECONDS = 40, 3, 40.0  # two minutes in all, in three rounds


def soak_figures(url: str, *, sessions: int = SOAK_SESSIONS, rounds: int = SOAK_ROUNDS,
                 seconds: float = SOAK_SECONDS) -> dict[str, object]:
    """The soak (issue 23): ``sessions`` concurrent overview sessions through nginx onto two Streamlit processes,
    each session replaced by a new one as soon as it finished, for ``rounds`` rounds of ``seconds``
    (``scripts/load.py``'s :func:`run_soak`); each process's resident memory before the first round (caches
    primed) and after each round. The growth from the first round's end to the last's must stay flat."""
    from load import rss_mb, run_load, run_soak, soak_summary
    from serving import serve

    with serve(database_url=url, processes=2, proxy_identity="admin@demo.example") as cluster:
        port = int(cluster.url.rsplit(":", 1)[1])
        for query in LOAD_QUERIES:  # prime every process's caches (sessions spread over processes)
            run_load(port=port, queries=[query] * 4, sessions=4, timeout=600)
        pids = [process.pid for process in cluster.processes]
        memory = [[rss_mb(pid) for pid in pids]]
        done = run_soak(port=port, queries=LOAD_QUERIES, sessions=sessions, seconds=seconds, rounds=rounds,
                        timeout=600, after_round=lambda _: memory.append([rss_mb(pid) for pid in pids]))
        restarted = sum(cluster.restarts)
    return {**soak_summary(done, memory), "soak_restarts": restarted}


def print_soak(url: str) -> None:
    for name, value in soak_figures(url).items():
        if isinstance(value, list):  # one figure per process (space apart), or per round ("|" apart) and process
            value = (" | ".join(" ".join(f"{v:.0f}" for v in one) for one in value) if isinstance(value[0], list)
                     else " ".join(f"{v:.0f}" for v in value))
        print(f"{name}: {value:.2f}" if isinstance(value, float) else f"{name}: {value}")


if __name__ == "__main__":
    if sys.argv[1:2] == ["load"]:  # only the concurrent sessions, on an existing database: load sqlite:///...
        print_load_figures(sys.argv[2])
    elif sys.argv[1:2] == ["pages"]:  # only the page timings, on an existing database: pages sqlite:///...
        print_page_timings(sys.argv[2])
    elif sys.argv[1:2] == ["soak"]:  # only the soak through nginx, on an existing database: soak sqlite:///...
        print_soak(sys.argv[2])
    elif sys.argv[1:2] == ["review"]:  # only the monthly review's pages, on an existing database: review sqlite:///...
        import bench_review

        bench_review.print_review_figures(sys.argv[2])
    elif sys.argv[1:2] == ["program"]:  # only the Program figures, on an existing database: program sqlite:///...
        program(sys.argv[2])
    else:
        main()
