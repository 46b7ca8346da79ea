"""Where the data lives: the configured database's URL and its analytical store's file.

Light on purpose: a reader of the store (a cold command-line scorecard, a page) imports this, not the ORM and
the tables' models behind :mod:`data.db` (0.3 s of a cold start).
"""

import hashlib
import os
from pathlib import Path

from sqlalchemy.engine import make_url

PROJECT_DIR = Path(__file__).resolve().parent.parent
DEFAULT_URL = f"sqlite:///{PROJECT_DIR / 'crm_scorecard.db'}"


def database_url() -> str:
    """The configured database URL: ``DATABASE_URL`` or a SQLite file in the project folder."""
    return os.environ.get("DATABASE_URL") or DEFAULT_URL


def normalised_url(url: str | None = None) -> str:
    """``url`` (default: :func:`database_url`) in the one form every part of the app uses: ``postgres://``,
    ``postgresql://`` and ``postgresql+psycopg://`` name the same database (SQLAlchemy would pick another
    driver for the first two), so all three become ``postgresql+psycopg://``."""
    url = url or database_url()
    for prefix in ("postgresql://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url.removeprefix(prefix)
    return url


def store_path(url: str | None = None) -> Path:
    """Where the analytical copy of ``url`` lives: beside a SQLite file, else in ``ANALYTICS_DIR``. The one place
    that says so, for every reader and writer; ``url`` is normalised first (``postgresql://`` and
    ``postgresql+psycopg://`` name one database, so one store)."""
    url = normalised_url(url)
    folder = os.environ.get("ANALYTICS_DIR")
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite" and parsed.database and parsed.database != ":memory:" and not folder:
        return Path(parsed.database).with_suffix(".duckdb")
    digest = hashlib.sha1(parsed.render_as_string(hide_password=True).encode()).hexdigest()[:12]
    return Path(folder or PROJECT_DIR / "var") / f"analytics-{digest}.duckdb"
