"""One derived step run isolated: its exception or statistics warning becomes a recorded reason, never the end of
a refresh and never a line printed raw.

A failed step's new tables are dropped (pages read "absent" as "could not be estimated"); the traceback goes to
the server log (logger ``jobs.steps``), the reason to the store's ``refresh_steps`` table as a sentence in both
languages (:mod:`metrics.base.steps`).
"""

from __future__ import annotations

import logging
import time
import warnings
from collections.abc import Callable

import duckdb
import numpy as np
from statsmodels.tools import sm_exceptions as sm

from metrics.base.steps import StepStatus
from metrics.base.store import Store

log = logging.getLogger(__name__)

Step = Callable[[Store, duckdb.DuckDBPyConnection], None]

# reason code -> the sentence a person reads (after "could not be estimated: ")
REASONS: dict[str, dict[str, str]] = {
    "constant_series": {"en": "a series it needs does not vary in this data, so the test cannot be run",
                        "zh": "所需的某个序列在此数据中没有变化，无法进行检验"},
    "too_little_data": {"en": "there is too little history in this data to fit the model",
                        "zh": "此数据的历史太短，无法拟合模型"},
    "singular": {"en": "the data are too few or too uniform for the model's equations to be solved",
                 "zh": "数据太少或过于单一，模型方程无法求解"},
    "no_convergence": {"en": "the model did not converge on this data; its figures are uncertain",
                       "zh": "模型在此数据上未收敛，其结果不确定"},
    "no_uncertainty": {"en": "the model's uncertainty could not be estimated on this data",
                       "zh": "无法在此数据上估计模型的不确定性"},
    "undefined_value": {"en": "a calculation gave an undefined value (such as a division by zero) on this data",
                        "zh": "某项计算在此数据上得到未定义的值（例如除以零）"},
    "statistics_warning": {"en": "the statistics library warned that its result on this data may be unreliable",
                           "zh": "统计库提示其在此数据上的结果可能不可靠"},
    "failed": {"en": "the calculation failed on this data (the details are in the server log)",
               "zh": "该计算在此数据上失败（详情见服务器日志）"},
}
# Warnings that say a result is doubtful; others (deprecations, ...) go to the server log only.
DOUBT = (sm.ConvergenceWarning, sm.HessianInversionWarning, sm.EstimationWarning, sm.IterationLimitWarning,
         sm.PrecisionWarning, sm.SingularMatrixWarning, sm.CollinearityWarning, sm.PerfectSeparationWarning,
         RuntimeWarning)


def failure_reason(error: BaseException) -> str:
    """The reason code of an exception raised by a step."""
    text = str(error).lower()
    if isinstance(error, sm.InfeasibleTestError) or "constant" in text:
        return "constant_series"
    if isinstance(error, np.linalg.LinAlgError) or "singular" in text:
        return "singular"
    if isinstance(error, (ValueError, IndexError, ZeroDivisionError)) and any(
            word in text for word in ("too few", "not enough", "insufficient", "at least", "empty", "zero-size")):
        return "too_little_data"
    return "failed"


def warning_reason(caught: warnings.WarningMessage) -> str:
    """The reason code of a warning a step gave."""
    if issubclass(caught.category, sm.ConvergenceWarning | sm.IterationLimitWarning):
        return "no_convergence"
    if issubclass(caught.category, sm.HessianInversionWarning):
        return "no_uncertainty"
    if issubclass(caught.category, RuntimeWarning):
        return "undefined_value"
    return "statistics_warning"


def run(name: str, step: Step, store: Store, connection: duckdb.DuckDBPyConnection) -> StepStatus:
    """Run ``step`` on the store being built; what it did, never raised (but for KeyboardInterrupt and the
    like). A failed step's new tables are dropped."""
    before = _tables(connection)
    started = time.perf_counter()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            step(store, connection)
        except Exception as error:  # any failure of one step must leave the others running
            seconds = time.perf_counter() - started
            for table in _tables(connection) - before:
                connection.execute(f'DROP TABLE IF EXISTS "{table}"')
            status = _status(name, "failed", seconds, failure_reason(error))
            log.warning("Warning: refresh step %s could not compute: %s", name, status.reason_en, exc_info=error)
            return status
    seconds = time.perf_counter() - started
    doubts = [w for w in caught if issubclass(w.category, DOUBT)]
    for w in caught:
        log.info("refresh step %s: %s: %s", name, w.category.__name__, w.message)
    if doubts:
        status = _status(name, "warned", seconds, warning_reason(doubts[0]))
        log.warning("Warning: refresh step %s computed with a warning: %s", name, status.reason_en)
        log.info("refresh step %s: %d warning(s), first %s: %s", name, len(doubts), doubts[0].category.__name__,
                 doubts[0].message)
        return status
    return _status(name, "ok", seconds, "")


def _status(name: str, status: str, seconds: float, code: str) -> StepStatus:
    words = REASONS.get(code, {"en": "", "zh": ""})
    return StepStatus(name, status, round(seconds, 3), code, words["en"], words["zh"])


def _tables(connection: duckdb.DuckDBPyConnection) -> set[str]:
    return {row[0] for row in connection.execute(
        "SELECT table_name FROM information_schema.tables WHERE table_catalog = current_database()").fetchall()}
