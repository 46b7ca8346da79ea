"""What each derived step of the last refresh did: computed, computed with a warning, or could not compute.

A refresh (``jobs.refresh``) runs every step isolated and records one row per step in the store's table
``refresh_steps`` (``position`` and :data:`COLUMNS`); a failed step's tables are absent, and the pages that read
them say why with :func:`step_status`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from metrics.base.store import Store

TABLE = "refresh_steps"
COLUMNS = ("step", "status", "seconds", "reason_code", "reason_en", "reason_zh")
Status = Literal["ok", "warned", "failed"]


@dataclass(frozen=True)
class StepStatus:
    step: str
    status: Status
    seconds: float
    reason_code: str  # "" when ok
    reason_en: str  # a sentence for people, never a traceback ("" when ok)
    reason_zh: str

    @property
    def failed(self) -> bool:
        return self.status == "failed"

    def reason(self, lang: str) -> str:
        return self.reason_zh if lang == "zh" else self.reason_en


def step_statuses(store: Store) -> list[StepStatus]:
    """Every step the refresh that built ``store`` ran, in order (empty for a store built before steps were
    recorded)."""
    if not store.has_table(TABLE):
        return []
    frame = store.query(f"SELECT {', '.join(COLUMNS)} FROM {TABLE} ORDER BY position")
    return [StepStatus(r["step"], r["status"], float(r["seconds"]), r["reason_code"] or "", r["reason_en"] or "",
                       r["reason_zh"] or "") for r in frame.to_dict("records")]


def step_status(store: Store, name: str) -> StepStatus | None:
    """What step ``name`` did in the refresh that built ``store``; ``None`` when it was not recorded."""
    return next((s for s in step_statuses(store) if s.step == name), None)


def failed_step(store: Store, *names: str) -> StepStatus | None:
    """The first of steps ``names`` that could not compute, else ``None``."""
    statuses = {s.step: s for s in step_statuses(store)}
    return next((statuses[n] for n in names if n in statuses and statuses[n].failed), None)
