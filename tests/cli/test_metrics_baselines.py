"""``python -m metrics scorecard`` for a company that set no targets, keeps dollars and stops mid-month: baseline
targets starred and counted, every score a number, money in its currency (JSON to the cent), the partial month
named and the default period the last complete month."""

import json
import re

import pytest

from cli.metrics import main
from tests import dollar_company


@pytest.fixture(scope="module")
def dollar_company_url(tmp_path_factory) -> str:
    return dollar_company.build(tmp_path_factory.mktemp("dollars") / "dollars.db")


def test_without_targets_the_table_has_scores_and_counts_the_baselines(dollar_company_url, capsys):
    assert main(["scorecard", "--database-url", dollar_company_url]) == 0
    out = capsys.readouterr().out
    assert not re.search(r"\b(nan|none|inf)\b", out, flags=re.IGNORECASE), out
    first = out.splitlines()[0]
    assert first.startswith("Balanced scorecard 2025-05 ") and re.search(r"overall score \d+/100", first), first
    assert re.search(r"\* a baseline target from the company's own history \(\d+ of \d+ KPIs\)", out)
    assert "$" in out and "¥" not in out


def test_json_money_in_dollars_to_the_cent_with_baseline_sources(dollar_company_url, capsys):
    assert main(["scorecard", "--json", "--database-url", dollar_company_url]) == 0
    text = capsys.readouterr().out
    rows = {r["id"]: r for r in json.loads(text)}
    revenue = rows["revenue"]
    assert revenue["currency"] == "USD" and revenue["target_source"] == "baseline" and revenue["status"] != "none"
    for field in ("value", "target", "delta_prev"):
        assert round(revenue[field], 2) == revenue[field]
    assert not re.search(r"\d+\.\d{3,}", json.dumps({k: revenue[k] for k in ("value", "target")}))
    assert all(r["score"] is None or 0 <= r["score"] <= 100 for r in rows.values())


def test_a_partial_month_is_named_with_its_days(dollar_company_url, capsys):
    assert main(["scorecard", "--period", "2025-06", "--lang", "zh", "--database-url", dollar_company_url]) == 0
    first = capsys.readouterr().out.splitlines()[0]
    assert "2025-06 (不完整期间：数据为 2025-06-01 至 2025-06-12" in first and "US$" not in first
