"""The one-page PDF report."""

import re

import pandas as pd
import pytest

from dashboard.scorecard.report import scorecard_pdf


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_report_is_one_page_holding_every_kpi(lang):
    names = [f"KPI {i}" if lang == "en" else f"指标 {i}" for i in range(46)]
    rows = pd.DataFrame({"p": ["Financial"] * 46, "kpi": names,
                         "value": ["1"] * 46, "target": ["2"] * 46, "status": ["On target"] * 46,
                         "change": ["+1"] * 46, "key": ["green"] * 46})
    pdf = scorecard_pdf(rows, title="Scorecard 2026-09", subtitle="Is it working?", headers=list("abcdef"),
                        tiles=["Overall 60"], lang=lang)
    assert pdf.startswith(b"%PDF")
    assert len(re.findall(rb"/Type /Page\b", pdf)) == 1
    assert (b"STSong-Light" in pdf) == (lang == "zh")
