"""A refresh after an import that appended months: the derived tables kept from the previous store up to the first
month the data changed in, and rebuilt from it.

The usual monthly load adds the new month's orders, tickets, surveys and contacts, new customers and the churn dates
recorded since. Every copied table is still read whole from the system of record (what changed is found by
comparing, never trusted from the importer); only the derived tables, the work that grows with history, are
carried over. The new store starts as a copy of the previous file whose tables are set aside as ``previous_<name>``
(:func:`set_aside`: a rename, so keeping the months costs no copying), and :func:`first_changed_month` compares the
new copy of the system of record with them:

- facts (orders, order lines, tickets, survey responses, campaign contacts): the first month whose rows differ,
  by a fingerprint per month (row count and the sum of the rows' hashes);
- customers: a new customer from its acquisition month, a churn date recorded or moved from the earlier of its
  two months; a customer whose region, channel, industry, manager or acquisition date changed, or who is gone,
  moves every month (a full rebuild);
- campaigns: a campaign's spend is split over all its contacts, so one whose spend, purpose or contacts changed
  moves every month it has contacts in;
- products: a category that changed moves every month (a full rebuild); as does a change of whether cost to serve
  is known (the first tickets or campaign spends recorded) or of the data's first month;
- the previous store's last month is always rebuilt (it was often partial).

Churn inferred from inactivity is inferred on the new copy first, so customers whose inferred churn moved (a later
data end, a new purchase rhythm) count as changed customers. ``None``: nothing can be kept (a full rebuild). The
derived tables are then built from that month (:func:`data.derived.tables`), the refresh steps find the tables
they asked for as ``carried_<name>`` (:func:`carry`, :func:`take`), and what is left of the previous store is
dropped (``tests/jobs/test_incremental_refresh.py``: equal to a full refresh, table by table). The file keeps the
space of the dropped tables for the next refresh's copies to reuse (a store so refreshed is up to the size of its
copied tables larger than a fully rebuilt one; a full refresh compacts it).
"""

from __future__ import annotations

from datetime import date

import duckdb

PREVIOUS = "previous_"  # prefix of the previous store's tables while the new store is built over its copy
CARRIED = "carried_"  # prefix of a previous table kept for the refresh step that updates it (dropped after)
SCOPE = "refresh_scope"  # one row: the first month this refresh built (NULL: every month)
# fact table -> (the month of a row, FROM clause naming the row ``r``); {db} is "" (new) or "previous_" (old)
FACTS: dict[str, tuple[str, str]] = {
    "sales_order": ("r.ordered_on", "{db}sales_order r"),
    "order_line": ("o.ordered_on", "{db}order_line r JOIN {db}sales_order o ON o.id = r.order_id"),
    "service_ticket": ("r.opened_at", "{db}service_ticket r"),
    "survey_response": ("r.responded_on", "{db}survey_response r"),
    "campaign_contact": ("r.contacted_on", "{db}campaign_contact r"),
}
DERIVED = ("sales", "customer_category_first", "customer_month", "customer_trailing")
NEEDED = ("churn_rule", *DERIVED, *FACTS, "customer", "product", "campaign")  # what the comparison reads
CUSTOMER_KEYS = "region, channel, industry, manager_id, acquired_on"  # a change of these moves every month


def _names(duck: duckdb.DuckDBPyConnection) -> set[str]:
    return {row[0] for row in duck.execute(
        "SELECT table_name FROM information_schema.tables WHERE table_catalog = current_database()").fetchall()}


def set_aside(duck: duckdb.DuckDBPyConnection) -> bool:
    """Every table of the store (a copy of the previous one) renamed ``previous_<name>``; whether it holds what
    the comparison reads (False: a store of an older version; compare nothing, rebuild every month)."""
    found = _names(duck)
    for name in sorted(found):
        duck.execute(f'ALTER TABLE "{name}" RENAME TO "{PREVIOUS}{name}"')
    return set(NEEDED) <= found


def drop_previous(duck: duckdb.DuckDBPyConnection) -> None:
    """What is left of the previous store (after the derived tables and the carried ones took theirs)."""
    for name in sorted(_names(duck)):
        if name.startswith(PREVIOUS):
            duck.execute(f'DROP TABLE "{name}"')


def _month(expression: str) -> str:
    return f"CAST(date_trunc('month', {expression}) AS DATE)"


def _first_fact_change(duck: duckdb.DuckDBPyConnection, table: str) -> date | None:
    month, source = FACTS[table]
    fingerprint = "SELECT {m} AS month, count(*) AS n, sum(hash(r)) AS h FROM {s} GROUP BY 1"
    new = fingerprint.format(m=_month(month), s=source.format(db=""))
    old = fingerprint.format(m=_month(month), s=source.format(db=PREVIOUS))
    return duck.execute(f"SELECT min(month) FROM (({new}) EXCEPT ({old}) UNION ALL (({old}) EXCEPT ({new})))"
                        ).fetchone()[0]


def _customer_change(duck: duckdb.DuckDBPyConnection) -> tuple[bool, date | None]:
    """(whether a customer changed in a way that moves every month, the first month changed customers move)."""
    whole = duck.execute(f"""
        SELECT count(*) FROM {PREVIOUS}customer o LEFT JOIN customer n USING (id)
        WHERE n.id IS NULL OR (o.{CUSTOMER_KEYS.replace(', ', ', o.')}) IS DISTINCT FROM
                              (n.{CUSTOMER_KEYS.replace(', ', ', n.')})""").fetchone()[0]
    if whole:
        return True, None
    first = duck.execute(f"""
        SELECT min(least(CASE WHEN o.id IS NULL THEN {_month('n.acquired_on')} END,
                         {_month('o.churned_on')}, {_month('n.churned_on')}))
        FROM customer n LEFT JOIN {PREVIOUS}customer o USING (id)
        WHERE o.id IS NULL OR o.churned_on IS DISTINCT FROM n.churned_on""").fetchone()[0]
    return False, first


def _campaign_change(duck: duckdb.DuckDBPyConnection) -> date | None:
    """The first month of any contact of a campaign whose spend, purpose or contacts changed."""
    return duck.execute(f"""
        WITH changed AS (
            (SELECT id, spend, purpose FROM campaign EXCEPT SELECT id, spend, purpose FROM {PREVIOUS}campaign)
            UNION ALL
            (SELECT id, spend, purpose FROM {PREVIOUS}campaign EXCEPT SELECT id, spend, purpose FROM campaign)
            UNION ALL
            (SELECT campaign_id, NULL, NULL FROM (
                (SELECT * FROM campaign_contact EXCEPT ALL SELECT * FROM {PREVIOUS}campaign_contact)
                UNION ALL
                (SELECT * FROM {PREVIOUS}campaign_contact EXCEPT ALL SELECT * FROM campaign_contact))))
        SELECT min({_month('contacted_on')}) FROM (
            SELECT campaign_id, contacted_on FROM campaign_contact
            UNION ALL SELECT campaign_id, contacted_on FROM {PREVIOUS}campaign_contact)
        WHERE campaign_id IN (SELECT id FROM changed)""").fetchone()[0]


def _same(duck: duckdb.DuckDBPyConnection, query: str) -> bool:
    """``query`` gives the same rows on the new copy and on the previous store (``{db}`` names the store)."""
    new, old = query.format(db=""), query.format(db=PREVIOUS)
    return not duck.execute(f"SELECT count(*) FROM (({new}) EXCEPT ({old}) UNION ALL (({old}) EXCEPT ({new})))"
                            ).fetchone()[0]


COSTS_KNOWN = """SELECT EXISTS (SELECT 1 FROM {db}service_ticket)
                 OR EXISTS (SELECT 1 FROM {db}campaign_contact k JOIN {db}campaign g ON g.id = k.campaign_id
                            WHERE g.spend IS NOT NULL)"""
FIRST_MONTH = "SELECT min(" + _month("ordered_on") + ") FROM {db}sales_order"


def first_changed_month(duck: duckdb.DuckDBPyConnection) -> date | None:
    """The first month whose derived rows the new copy changes (at latest the previous store's last month);
    ``None`` when every month changes or the previous store has no month to keep (see the module's docstring).
    Churn must already be inferred on the new copy (:func:`data.derived.infer_churn`)."""
    if not (_same(duck, "SELECT id, category FROM {db}product") and _same(duck, COSTS_KNOWN)
            and _same(duck, FIRST_MONTH)):
        return None
    whole, first = _customer_change(duck)
    if whole:
        return None
    months = [first, _campaign_change(duck), *(_first_fact_change(duck, table) for table in FACTS),
              duck.execute(f"SELECT max(month) FROM {PREVIOUS}sales").fetchone()[0]]
    found = min((m for m in months if m is not None), default=None)
    start = duck.execute(f"SELECT min(month) FROM {PREVIOUS}sales").fetchone()[0]
    return found if found is not None and start is not None and found > start else None


def record_scope(duck: duckdb.DuckDBPyConnection, since: date | None) -> None:
    duck.execute(f"CREATE OR REPLACE TABLE {SCOPE} (first_month DATE)")
    duck.execute(f"INSERT INTO {SCOPE} VALUES ($since)", {"since": since})


def scope(duck: duckdb.DuckDBPyConnection) -> date | None:
    """The first month the store being built builds, the months before carried over; ``None``: every month."""
    try:
        found = duck.execute(f"SELECT first_month FROM {SCOPE}").fetchall()
    except duckdb.Error:
        return None
    return found[0][0] if found else None


def carry(duck: duckdb.DuckDBPyConnection, tables: tuple[str, ...]) -> None:
    """The previous store's ``tables`` (those it has) kept as ``carried_<name>`` for the refresh step that
    updates them (:func:`take`); :func:`drop_carried` removes what is left after the steps."""
    for name in sorted(set(tables) & {n.removeprefix(PREVIOUS) for n in _names(duck) if n.startswith(PREVIOUS)}):
        duck.execute(f'ALTER TABLE "{PREVIOUS}{name}" RENAME TO "{CARRIED}{name}"')


def take(duck: duckdb.DuckDBPyConnection, tables: tuple[str, ...]) -> bool:
    """``tables`` as the previous store had them, from their carried copies; False (nothing taken) when one was
    not carried (a full refresh, or a previous store without them)."""
    present = _names(duck)
    if not {f"{CARRIED}{name}" for name in tables} <= present:
        return False
    for name in tables:
        duck.execute(f"DROP TABLE IF EXISTS {name}")
        duck.execute(f'ALTER TABLE "{CARRIED}{name}" RENAME TO "{name}"')
    return True


def drop_carried(duck: duckdb.DuckDBPyConnection) -> None:
    for name in sorted(_names(duck)):
        if name.startswith(CARRIED):
            duck.execute(f'DROP TABLE "{name}"')
