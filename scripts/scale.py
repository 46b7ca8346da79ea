"""The growth law, measured: build, refresh, store size, peak memory, scorecards and pages at several sizes, and
the fitted exponent of each figure against the number of customers.

    python scripts/scale.py [SIZE ...] [--pages overview,financial] [--no-pages] [--rebuild]

Sizes default to 100,000, 300,000 and 1,000,000 customers. Each size's demo lives in ``var/scale/demo-N.db`` (kept:
a later run reuses it and its recorded build figures; ``--rebuild`` builds it again) and its figures are written to
``var/scale/figures-N.json``; a size whose figures are already written is measured again. Every figure is taken in
a fresh process (its own peak resident memory, ``ru_maxrss``, DuckDB's included, and its CPU seconds, user and
system: on a machine shared with other work the CPU seconds say more than the wall time). The exponent ``b`` of a figure
``y`` is the least-squares slope of ``log y`` on ``log customers`` (``y ~ customers^b``: 1 linear, 0 flat); the
machine's load average is printed with each size (other work on the machine inflates the times).
"""

from __future__ import annotations

import argparse
import json
import math
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))
OUT = ROOT / "var" / "scale"
SIZES = (100_000, 300_000, 1_000_000)

CHILD = """
import json, resource, sys, time
t = time.perf_counter()
{body}
used = resource.getrusage(resource.RUSAGE_SELF)
print(json.dumps({{"seconds": time.perf_counter() - t, "cpu_s": used.ru_utime + used.ru_stime,
                   "peak_mb": used.ru_maxrss / 1024, **(extra if 'extra' in dir() else {{}})}}))
"""
BUILD = ("from data import db\nfrom data.demo.builder import build_demo\n"
         "build_demo(db.get_engine({url!r}), customers={n}, seed=42)")
REFRESH = "from data import db\nfrom jobs import refresh\nrefresh.refresh(db.get_engine({url!r}))"
# an import's refresh right after a full one: the data's last month rebuilt (an appended month's work), the rest kept
INCREMENTAL = ("from data import db\nfrom jobs import refresh\n"
               "refresh.run(db.get_engine({url!r}), incremental=True)")
# the scorecard as the CLI and the overview compute it (``metrics.scorecard.stored.scorecard``), store opened cold
CARD = """
from datetime import date
from metrics.base.dimensions import dimension_values
from metrics.base.filters import Filters, default_filters
from metrics.base.store import Store
from metrics.scorecard.stored import scorecard
store = Store.for_url({url!r})
values = dimension_values(store)
month = default_filters(values.first_month, values.last_month, data_end=values.as_of).end
f = Filters(month, month, **{kwargs})
card = scorecard(store, f)
extra = {{"kpis": int(card["value"].notna().sum())}}
"""
IMPORTS = "\n".join(line for line in CARD.splitlines() if line.startswith("from ") or line.startswith("import "))
DIRECT = CARD.replace("from metrics.scorecard.stored import scorecard",  # before the cube: the facts' own queries
                      "from metrics.scorecard.scoring import scorecard")
SLICES = {  # scorecard figures: name -> Filters keywords (the period: the default month, or its quarter)
    "scorecard_default": {},
    "scorecard_region": {"region": ("East",)},
    "scorecard_quarter": {"grain": "quarter"},
    "scorecard_slice": {"industry": ("logistics",), "channel": ("online",)},
}


def load_average() -> float:
    return os.getloadavg()[0]


def child(body: str) -> dict:
    """Run ``body`` in a fresh Python; its seconds, peak memory (MB) and what it adds in ``extra``."""
    result = subprocess.run([sys.executable, "-c", CHILD.format(body=body)], cwd=ROOT, capture_output=True,
                            text=True, env={**os.environ, "PYTHONPATH": str(ROOT)})
    if result.returncode:
        (OUT / "failed.log").write_text(result.stderr)
        raise SystemExit(f"failed (its output: {OUT / 'failed.log'}): {result.stderr.strip().splitlines()[-1:]}")
    return json.loads(result.stdout.strip().splitlines()[-1])


def measure(n: int, *, rebuild: bool, pages: list[str] | None, direct: bool = False,
            cards_only: bool = False) -> dict[str, float]:
    """Every figure at ``n`` customers (``direct``: the scorecards computed without the cube too; ``cards_only``:
    only the scorecards, on the store a run left, added to its figures)."""
    from data import analytics

    OUT.mkdir(parents=True, exist_ok=True)
    db_path, built_file = OUT / f"demo-{n}.db", OUT / f"build-{n}.json"
    url = f"sqlite:///{db_path}"
    figures: dict[str, float] = {"customers": n, "load_average_start": load_average()}
    if rebuild or not db_path.exists() or not built_file.exists():
        db_path.unlink(missing_ok=True)
        built = child(BUILD.format(url=url, n=n))
        built_file.write_text(json.dumps(built))
    built = json.loads(built_file.read_text())
    figures.update(build_s=built["seconds"], build_cpu_s=built.get("cpu_s", math.nan), build_peak_mb=built["peak_mb"],
                   db_mb=db_path.stat().st_size / 2**20)
    written = OUT / f"figures-{n}.json"
    if cards_only and written.exists():
        figures = {**json.loads(written.read_text()), "load_average_start": load_average()}
    else:
        refreshed = child(REFRESH.format(url=url))
        store = analytics.store_path(url)
        figures.update(refresh_s=refreshed["seconds"], refresh_cpu_s=refreshed["cpu_s"],
                       refresh_peak_mb=refreshed["peak_mb"], store_mb=store.stat().st_size / 2**20)
        figures.update(steps(url))
        again = child(INCREMENTAL.format(url=url))
        figures.update(incremental_refresh_s=again["seconds"], incremental_refresh_cpu_s=again["cpu_s"],
                       incremental_refresh_peak_mb=again["peak_mb"])
        figures.update({f"incremental_{k}": v for k, v in steps(url).items()})
    imports = child(IMPORTS)  # what every cold scorecard pays before it reads anything
    figures.update(imports_cold_s=imports["seconds"], imports_cpu_s=imports["cpu_s"])
    for name, kwargs in SLICES.items():
        card = child(CARD.format(url=url, kwargs=repr(kwargs)))
        figures[f"{name}_cold_s"] = card["seconds"]
        figures[f"{name}_cpu_s"] = card["cpu_s"]
        figures[f"{name}_peak_mb"] = card["peak_mb"]
        if direct:
            card = child(DIRECT.format(url=url, kwargs=repr(kwargs)))
            figures[f"{name}_direct_cold_s"] = card["seconds"]
            figures[f"{name}_direct_cpu_s"] = card["cpu_s"]
    if pages != [] and not cards_only:
        figures.update(page_figures(url, pages))
    figures["load_average_end"] = load_average()
    written.write_text(json.dumps(figures, indent=1))
    return figures


def page_figures(url: str, pages: list[str] | None) -> dict[str, float]:
    """``scripts/bench.py``'s page timings (cold: a fresh process's first visit; warm: a new session of it),
    for ``pages`` (url paths; ``None``: every page)."""
    from bench import PAGE_RUN

    from dashboard.core.navigation import ALL_PAGES

    out = {}
    for spec in ALL_PAGES:
        if pages and spec.url_path not in pages:
            continue
        result = subprocess.run([sys.executable, "-c", PAGE_RUN, spec.path, "{}"], cwd=ROOT, capture_output=True,
                                text=True, env={**os.environ, "DATABASE_URL": url})
        if result.returncode:
            print(f"page_{spec.url_path}_error: {(result.stderr.strip().splitlines() or ['failed'])[-1][:200]}")
            continue
        times = json.loads(result.stdout.strip().splitlines()[-1])
        out[f"page_{spec.url_path}_cold_s"], out[f"page_{spec.url_path}_warm_s"] = times["cold"], times["warm"]
    return out


def steps(url: str) -> dict[str, float]:
    """The refresh's derived steps' own timings (``precompute_log``)."""
    code = ("import json\nfrom metrics.base.store import Store\n"
            f"store = Store.for_url({url!r})\n"
            "log = dict(store.query('SELECT step, seconds FROM precompute_log').itertuples(index=False))\n"
            "print(json.dumps(log))\n")
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    return {f"step_{k}_s": float(v) for k, v in json.loads(result.stdout.strip().splitlines()[-1]).items()}


def exponent(sizes: list[float], values: list[float]) -> float:
    """Least-squares slope of log(value) on log(size); NaN with fewer than two positive points."""
    points = [(math.log(s), math.log(v)) for s, v in zip(sizes, values, strict=True) if v and v > 0]
    if len(points) < 2:
        return math.nan
    mx = sum(x for x, _ in points) / len(points)
    my = sum(y for _, y in points) / len(points)
    sxx = sum((x - mx) ** 2 for x, _ in points)
    return sum((x - mx) * (y - my) for x, y in points) / sxx if sxx else math.nan


def print_table(results: list[dict[str, float]]) -> None:
    names = [k for k in results[0] if k != "customers"]
    names += [k for r in results[1:] for k in r if k not in names and k != "customers"]
    sizes = [r["customers"] for r in results]
    print("figure".ljust(34) + "".join(f"{int(s):>12,}" for s in sizes) + "    exponent")
    for name in names:
        values = [r.get(name, math.nan) for r in results]
        fitted = exponent(sizes, values) if not name.startswith("load_average") else math.nan
        cells = "".join(f"{v:>12.2f}" if isinstance(v, float | int) and math.isfinite(v) else f"{'-':>12}"
                        for v in values)
        print(name.ljust(34) + cells + (f"    {fitted:+.2f}" if math.isfinite(fitted) else ""))


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("sizes", nargs="*", type=int, default=list(SIZES))
    parser.add_argument("--pages", help="only these pages (url paths, comma apart)")
    parser.add_argument("--no-pages", action="store_true", help="no page timings")
    parser.add_argument("--rebuild", action="store_true", help="build the demos again")
    parser.add_argument("--report", action="store_true", help="only print the figures already written")
    parser.add_argument("--direct", action="store_true", help="the scorecards without the cube too (before/after)")
    parser.add_argument("--cards-only", action="store_true", help="only the scorecards, on the stores already built")
    args = parser.parse_args(argv)
    pages = [] if args.no_pages else (args.pages.split(",") if args.pages else None)
    results = []
    for n in sorted(args.sizes):
        written = OUT / f"figures-{n}.json"
        if args.report:
            if written.exists():
                results.append(json.loads(written.read_text()))
            continue
        started = time.perf_counter()
        figures = measure(n, rebuild=args.rebuild, pages=pages, direct=args.direct, cards_only=args.cards_only)
        print(f"# {n:,} customers measured in {time.perf_counter() - started:.0f} s, load average "
              f"{figures['load_average_start']:.1f} -> {figures['load_average_end']:.1f} on {os.cpu_count()} cores",
              flush=True)
        for name, value in figures.items():
            print(f"{name}: {value:.2f}" if isinstance(value, float) else f"{name}: {value}", flush=True)
        results.append(figures)
    if results:
        print_table(results)


if __name__ == "__main__":
    main()
