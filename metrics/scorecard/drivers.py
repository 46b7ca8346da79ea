"""Driver views behind learning & growth: staff training against the data they keep."""

import pandas as pd

from metrics.base.facts import dimension_filter
from metrics.base.filters import Filters
from metrics.base.store import Store


def training_vs_completeness(store: Store, f: Filters) -> pd.DataFrame:
    """One row per account manager: ``manager_id, name, training_hours`` (CRM and other courses up to the
    range's end), ``customers`` and ``completeness`` (mean share of contact fields filled on the customers
    they own and acquired in the range)."""
    where, params = dimension_filter(f, "c")
    return store.query(f"""
        SELECT e.id AS manager_id, e.name,
               coalesce((SELECT sum(t.hours) FROM training_record t WHERE t.employee_id = e.id
                         AND t.completed_on < $end), 0) AS training_hours,
               count(*) AS customers,
               avg((CASE WHEN c.contact_name IS NULL THEN 0 ELSE 1 END + CASE WHEN c.email IS NULL THEN 0 ELSE 1 END
                    + CASE WHEN c.phone IS NULL THEN 0 ELSE 1 END + CASE WHEN c.city IS NULL THEN 0 ELSE 1 END) / 4.0)
                   AS completeness
        FROM customer c JOIN employee e ON e.id = c.manager_id
        WHERE c.acquired_on >= $start AND c.acquired_on < $end {where}
        GROUP BY e.id, e.name HAVING count(*) >= 3 ORDER BY e.id
        """, {**params, "start": f.first_day, "end": f.end_exclusive})
