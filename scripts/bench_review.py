"""The monthly review at its size for ``make bench``: one person owns every KPI and objective (46 KPIs) and has
written a check-in for each of them every month for two years; then the overview and My scorecard are timed cold
and warm as that person (issue 20's page goals: cold < 4 s, warm < 1 s).

Run by ``scripts/bench.py`` on its bench database; alone: ``python scripts/bench_review.py sqlite:///bench.db``."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import UTC, date, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

import bench  # noqa: E402  (the page runs' setup: one component scan, the navigation as served)

MONTHS = 24
OWNER = "executive@demo.example"  # the demo's executive: opens the overview and My scorecard


def seed(url: str, *, owner: str = OWNER, months: int = MONTHS) -> dict[str, int]:
    """Owners and ``months`` months of check-ins, written straight to the tables (a bench fixture, not an edit)."""
    import pandas as pd
    from sqlalchemy import delete, insert

    from data import accounts, db
    from data.review.models import ItemOwner, KpiCheckIn
    from metrics.base.store import Store
    from metrics.scorecard import registry
    from metrics.scorecard.strategy import OBJECTIVES

    engine = db.get_engine(url)
    with db.session_scope(engine) as session:
        accounts.ensure_demo_accounts(session=session)
    latest = Store.for_url(url).query("SELECT max(ordered_on) AS last FROM sales_order")["last"].iloc[0]
    last_month = date(latest.year, latest.month, 1)
    periods = [p.to_timestamp().date() for p in pd.period_range(end=last_month, periods=months, freq="M")]
    now = datetime.now(UTC)
    kpis = [k.id for k in registry.CATALOGUE]
    items = [("objective", o.id) for o in OBJECTIVES] + [("kpi", k) for k in kpis]
    statuses = ("on_track", "at_risk", "off_track")
    with engine.begin() as conn:
        conn.execute(delete(ItemOwner.__table__))
        conn.execute(insert(ItemOwner.__table__), [
            {"kind": kind, "item_id": item, "owner": owner, "deputy": None, "updated_by": "bench", "updated_at": now}
            for kind, item in items])
        conn.execute(delete(KpiCheckIn.__table__))
        conn.execute(insert(KpiCheckIn.__table__), [
            {"kpi_id": kpi, "period": period, "status": statuses[(i + j) % 3], "computed": None,
             "note": f"Month {period:%Y-%m}: what moved {kpi} and what we do next.", "drivers": "[]",
             "author": owner, "written_at": now, "based_on": None}
            for i, kpi in enumerate(kpis) for j, period in enumerate(periods)])
    engine.dispose()
    return {"owned_kpis": len(kpis), "checkins": len(kpis) * len(periods)}


PAGE_RUN = bench.PAGE_RUN.split("def visit")[0] + """
def visit(path, landing):
    at = AppTest.from_file("streamlit_app.py", default_timeout=600)
    at._bidi_component_manager = COMPONENTS
    at.user = {"is_logged_in": True, "email": sys.argv[2]}
    started = time.perf_counter()
    at.run()  # an owner lands on My scorecard: that run is the page's
    if not landing:
        started = time.perf_counter()
        at.switch_page(path).run()
    seconds = time.perf_counter() - started
    if at.exception:
        raise SystemExit(f"{path}: {at.exception[0].message}")
    return seconds

landing = sys.argv[1] == "pages/my_scorecard.py"
print(json.dumps({"cold": visit(sys.argv[1], landing), "warm": visit(sys.argv[1], landing)}))
"""


def page_times(url: str, path: str, owner: str = OWNER) -> tuple[float, float]:
    """The page's AppTest run as ``owner``, in a fresh process (cold), then in a new session of it (warm)."""
    result = subprocess.run([sys.executable, "-c", PAGE_RUN, path, owner], cwd=ROOT, capture_output=True, text=True,
                            env={**os.environ, "DATABASE_URL": url}, check=False)
    if result.returncode:
        raise SystemExit(result.stderr.strip().splitlines()[-1] if result.stderr.strip() else "page run failed")
    times = json.loads(result.stdout.strip().splitlines()[-1])
    return times["cold"], times["warm"]


def print_review_figures(url: str) -> None:
    for name, value in seed(url).items():
        print(f"review_{name}: {value}")
    for name, path in (("overview", "pages/overview.py"), ("my_scorecard", "pages/my_scorecard.py")):
        cold, warm = page_times(url, path)
        print(f"review_page_{name}_cold_s: {cold:.2f}")
        print(f"review_page_{name}_warm_s: {warm:.2f}")


if __name__ == "__main__":
    print_review_figures(sys.argv[1])
