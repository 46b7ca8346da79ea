"""Program charts as functions: money ticks in the language's units, and the effect chart's axes share their zero."""

import pandas as pd
import pytest

from dashboard.program import charts

LABELS = {k: k for k in ("title", "monthly", "interval", "cumulative", "money")}


def _effect_frame() -> pd.DataFrame:
    months = pd.date_range("2025-05-01", periods=4, freq="MS")
    effect = pd.Series([-2e5, 1e6, 2e6, 3e6], index=months)
    cumulative = effect.cumsum()
    return pd.DataFrame({"effect": effect, "effect_low": effect - 5e5, "effect_high": effect + 5e5,
                         "cumulative_effect": cumulative, "cumulative_low": cumulative - 3e6,
                         "cumulative_high": cumulative + 3e6})


def test_effect_axes_put_zero_at_the_same_height():
    fig = charts.effect(_effect_frame(), labels=LABELS)
    (low1, high1), (low2, high2) = fig.layout.yaxis.range, fig.layout.yaxis2.range
    assert low1 < 0 < high1 and low2 < 0 < high2
    assert -low1 / (high1 - low1) == pytest.approx(-low2 / (high2 - low2))


def test_money_ticks_read_in_wan_in_chinese_and_k_or_m_in_english():
    frame = _effect_frame()
    zh = charts.effect(frame, labels=LABELS, lang="zh").layout.yaxis.ticktext
    en = charts.effect(frame, labels=LABELS, lang="en").layout.yaxis.ticktext
    assert any("万" in t for t in zh) and not any("万" in t for t in en)
    assert any(t.endswith(("K", "M")) for t in en)
