"""Command line: ``python -m metrics scorecard [--period 2025-12|2025-Q4|2025] [filters] [--json]``,
``python -m metrics program [--rate 0.10] [--json]``, ``python -m metrics report [--period 2026-09] [--lang zh]
[--region East] [--output pack.pdf]`` (the board pack)."""

import argparse
import json
import math
import sys
from decimal import ROUND_HALF_UP, Decimal

import pandas as pd

from cli.text import json_value, pad
from metrics.base.dimensions import dimension_values
from metrics.base.filters import Filters, covered_days, parse_period
from metrics.base.format import format_number, format_value
from metrics.base.store import Store, StoreMissing
from metrics.customers.coverage import coverage
from metrics.scorecard.scoring import has_data, latest_period, rollup
from metrics.scorecard.stored import scorecard  # the stored default, else from the cube
from metrics.scorecard.strategy import PERSPECTIVE_NAMES, Perspective

JSON_FIELDS = ["id", "perspective", "objective", "name_en", "name_zh", "unit", "better", "kind", "period", "value",
               "target", "target_source", "status", "score", "delta_prev", "delta_year"]
MONEY_FIELDS = ("value", "target", "delta_prev", "delta_year")  # exact decimals to the cent when the unit is money


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m metrics", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    card = commands.add_parser("scorecard", help="the balanced scorecard for one period")
    card.add_argument("--period", help="2025-12 (month), 2025-Q4 (quarter) or 2025 (year); default: latest month")
    card.add_argument("--fiscal-start", type=int, default=1, help="month the fiscal year starts (1..12)")
    for name in ("region", "channel", "industry"):
        card.add_argument(f"--{name}", action="append", default=[], help=f"only this {name} (repeatable)")
    card.add_argument("--manager", action="append", type=int, default=[], help="only this customer manager id")
    card.add_argument("--lang", choices=["en", "zh"], default="en")
    card.add_argument("--json", action="store_true", help="print a JSON list of objects")
    card.add_argument("--database-url", help="database whose analytical store to read")
    tested = commands.add_parser("links", help="the strategy-map links tested on the data, one row per KPI pair")
    tested.add_argument("--json", action="store_true", help="print a JSON list of objects")
    tested.add_argument("--database-url", help="database whose analytical store to read")
    from cli import program as program_cli
    from cli import report as report_cli
    program_cli.add_parser(commands)
    report_cli.add_parser(commands)  # the board pack (PDF)
    args = parser.parse_args(argv)
    if args.command == "program":
        return program_cli.run(args)
    if args.command == "report":
        return report_cli.run(args)
    try:
        store = Store.for_url(args.database_url)
    except StoreMissing as error:
        print(str(error), file=sys.stderr)
        return 2
    if args.command == "links":
        return links_command(store, as_json=args.json)
    try:
        if args.period:
            start, grain = parse_period(args.period, fiscal_start=args.fiscal_start)
        else:
            latest = latest_period(store)
            if latest is None:
                print("The analytical store holds no orders yet.", file=sys.stderr)
                return 2
            start, grain = latest.date(), "month"
        f = Filters(start, start, grain=grain, fiscal_start=args.fiscal_start, region=tuple(args.region),
                    channel=tuple(args.channel), industry=tuple(args.industry), manager=tuple(args.manager))
    except ValueError as error:
        print(f"Invalid input: {error}", file=sys.stderr)
        return 2
    if f.manager and not coverage(store).managers:  # a filter on nobody would read as zeros
        print("No customer managers in this data: --manager selects no customer." if args.lang == "en"
              else "此数据中没有客户经理：--manager 选不到任何客户。", file=sys.stderr)
        return 2
    if not has_data(store, f):
        print(f"No data for {f.label(f.period_start(f.end))}"
              f"{' with ' + str(f.dimensions) if f.dimensions else ''}: no orders fall in that period.",
              file=sys.stderr)
        return 2
    result = scorecard(store, f)
    values = dimension_values(store)
    covers = covered_days(f.period_start(f.end), f.months, values.as_of)
    if args.json:
        print(json.dumps([json_row(row, values.currency, covers) for row in result.to_dict("records")],
                         ensure_ascii=False, indent=1))
        return 0
    print(render_table(result, rollup(result), args.lang, currency=values.currency, covers=covers))
    return 0


def cents(value):
    """An amount as an exact decimal to the cent (``123798.68``, half up), written as a JSON number."""
    if value is None or not math.isfinite(value):
        return None
    return float(Decimal(repr(float(value))).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))


def json_row(row: dict, currency: str, covers) -> dict:
    """One KPI as JSON: money to the cent with its ``currency``; ``covers``: the days of a partial period."""
    out = {k: json_value(row[k]) for k in JSON_FIELDS}
    if row["unit"] == "currency":
        out.update({k: cents(row[k]) for k in MONEY_FIELDS})
    out["currency"] = currency
    out["covers"] = None if covers is None else [day.isoformat() for day in covers]
    return out


def links_command(store: Store, *, as_json: bool) -> int:
    from metrics.links import fit as links

    table = links.read(store)
    if table.empty:
        print("The analytical store holds no link tests yet: run `python -m data refresh`.", file=sys.stderr)
        return 2
    if as_json:
        records = [{k: json_value(v.item() if hasattr(v, "item") else (None if v is None or v is pd.NA else v))
                    for k, v in row.items()} for row in table.to_dict("records")]
        print(json.dumps(records, ensure_ascii=False, indent=1))
        return 0
    print(render_links(table))
    return 0


STATUS_MARK = {"green": "●  on target", "amber": "◐  close", "red": "○  off target", "none": "-  no value"}
STATUS_MARK_ZH = {"green": "●  达标", "amber": "◐  接近", "red": "○  未达标", "none": "-  无数据"}


BASELINE_NOTE = {"en": "* a baseline target from the company's own history ({count} of {total} KPIs): set targets "
                        "on the Targets and weights page",
                 "zh": "* 基线目标：按公司自身历史数据生成（{total} 个指标中 {count} 个）；"
                       "请在“目标与权重”页面设定目标"}
PARTIAL_NOTE = {"en": "partial: data from {first} to {last}; compared with whole periods",
                "zh": "不完整期间：数据为 {first} 至 {last}；对比期为完整期间"}


def _score(value) -> str:
    return f"{value:.0f}/100" if value is not None and math.isfinite(value) else "–"


def render_table(card, totals, lang: str, *, currency: str | None = None, covers=None) -> str:
    """The scorecard as a terminal table: unknown values and scores as ``–``, baseline targets starred."""
    marks = STATUS_MARK if lang == "en" else STATUS_MARK_ZH
    period = card["period"].iloc[0]
    if covers is not None:
        period += f" ({PARTIAL_NOTE[lang].format(first=covers[0].isoformat(), last=covers[1].isoformat())})"
    header = ("KPI", "value", "target", "status") if lang == "en" else ("指标", "实际", "目标", "状态")
    lines = [f"{'Balanced scorecard' if lang == 'en' else '平衡计分卡'} {period}   "
             f"{'overall score' if lang == 'en' else '综合得分'} {_score(totals['overall'])}", "",
             f"  {pad(header[0], 48)} {pad(header[1], 14, right=True)} {pad(header[2], 15, right=True)}  "
             f"{header[3]}", ""]
    for perspective in Perspective:
        rows = card[card["perspective"] == perspective.value]
        lines.append(f"{PERSPECTIVE_NAMES[perspective][lang]}  ({_score(totals['perspectives'][perspective.value])})")
        for row in rows.to_dict("records"):
            name = row["name_en"] if lang == "en" else row["name_zh"]
            star = "*" if row.get("target_source") == "baseline" and math.isfinite(row["target"]) else " "
            target = format_value(row["target"], row["unit"], lang, currency=currency) + star
            lines.append(f"  {pad(name, 48)} "
                         f"{pad(format_value(row['value'], row['unit'], lang, currency=currency), 14, right=True)} "
                         f"{pad(target, 15, right=True)}  {marks[row['status']]}")
        lines.append("")
    count = int((card.get("target_source") == "baseline").sum()) if "target_source" in card else 0
    if count:
        lines.append(BASELINE_NOTE[lang].format(count=format_number(count, lang), total=len(card)))
    return "\n".join(lines)


def render_links(table: pd.DataFrame) -> str:
    """A plain-text table, one line per tested pair."""
    def number(value: float) -> str:
        return "-" if value is None or pd.isna(value) else f"{value:.4g}"

    head = f"{'source -> target (KPIs)':<66} {'method':<13} {'lag':>3} {'effect':>10} {'95% interval':>22} " \
           f"{'p':>8} {'q':>8} {'n':>4}  evidence"
    lines = [head]
    for r in table.to_dict("records"):
        pair = f"{r['source_kpi']} -> {r['target_kpi']}"
        lag = "-" if pd.isna(r["lag_months"]) else str(int(r["lag_months"]))
        interval = f"[{number(r['ci_low'])}, {number(r['ci_high'])}]"
        lines.append(f"{pair:<66} {r['method']:<13} {lag:>3} {number(r['effect']):>10} {interval:>22} "
                     f"{number(r['p_value']):>8} {number(r['q_value']):>8} {int(r['n']):>4}  {r['evidence']}")
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
