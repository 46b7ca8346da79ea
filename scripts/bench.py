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


if __name__ == "__main__":
    main()
