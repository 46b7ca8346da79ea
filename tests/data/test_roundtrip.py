"""Round trip: the demo written out as CSV files and imported into an empty database gives the same
scorecard, value for value."""

from datetime import date

import duckdb
import numpy as np

from cli.data import main
from data import db
from data.importing.rules import IMPORTABLE
from metrics.base.filters import Filters
from metrics.base.store import Store
from metrics.scorecard.scoring import scorecard


def test_demo_exported_as_csv_and_imported_gives_the_same_scorecard(demo_store, tmp_path):
    folder = tmp_path / "csv"
    folder.mkdir()
    source = duckdb.connect(str(demo_store.path), read_only=True)
    for name in IMPORTABLE:
        source.execute(f"COPY {name} TO '{folder / (name + '.csv')}' (HEADER)")
    source.close()
    url = f"sqlite:///{tmp_path / 'again.db'}"
    assert main(["import", str(folder), "--database-url", url]) == 0
    imported = Store.for_url(url)
    f = Filters(date(2026, 4, 1), date(2026, 6, 1), grain="quarter")
    original, again = scorecard(demo_store, f), scorecard(imported, f)
    imported.close()
    assert list(again["id"]) == list(original["id"])
    assert not any(again["needs"].map(bool))  # every KPI measured from the imported files
    np.testing.assert_allclose(again["value"].to_numpy(dtype=float), original["value"].to_numpy(dtype=float),
                               rtol=1e-9, equal_nan=True)
    engine = db.get_engine(url)
    with engine.connect() as conn:
        assert conn.exec_driver_sql("SELECT count(*) FROM order_line").scalar_one() == \
            int(demo_store.query("SELECT count(*) AS n FROM order_line")["n"].iloc[0])
    engine.dispose()
