"""``python -m metrics program [--rate 0.10] [--json] [--lang en|zh]``: cost, benefit, ROI per stage, NPV, payback."""

from __future__ import annotations

import json
import sys

from cli.text import json_value, pad
from data import db
from metrics.base.store import Store, StoreMissing
from metrics.program import tables as pg
from metrics.program.cost import monthly_program_cost
from metrics.program.returns import program_returns, stage_returns


def add_parser(commands) -> None:
    cmd = commands.add_parser("program", help="CRM program: cost, benefit and ROI per stage, NPV and payback")
    cmd.add_argument("--rate", type=float, default=0.10, help="annual discount rate, compounded monthly (0.10)")
    cmd.add_argument("--lang", choices=["en", "zh"], default="en")
    cmd.add_argument("--json", action="store_true", help="print a JSON object")
    cmd.add_argument("--database-url", help="database of the program tables (its analytical store is read too)")


def report(store: Store, program: pg.Program, *, rate: float) -> dict | None:
    """The figures the command prints, as plain data; None when the store holds no counterfactual."""
    stored = pg.read_impact(store)
    if stored is None or stored.frame.empty:
        return None
    stages = stage_returns(program, stored.frame, stored.draws, rate=rate)
    returns = program_returns(monthly_program_cost(program), stored.frame["effect"], stored.draws, rate=rate)
    names = program.steps.set_index("id")
    rows = []
    for r in stages.to_dict("records"):
        name = (names.at[r["id"], "name_en"], names.at[r["id"], "name_zh"]) if r["level"] == "step" else \
            (f"Phase {r['id']}", f"第 {r['id']} 阶段")
        rows.append({**{k: json_value(v) for k, v in r.items()}, "name_en": name[0], "name_zh": name[1]})
    return {
        "rate": rate, "roi_definition": "(PV benefits - PV costs) / PV costs",
        "go_live": json_value(stored.frame.index[0]),
        "stages": rows,
        "npv": returns.npv, "npv_low": returns.npv_low, "npv_high": returns.npv_high,
        "roi": returns.roi, "roi_low": returns.roi_low, "roi_high": returns.roi_high,
        "probability_roi_positive": returns.probability_roi_positive,
        "payback_month": json_value(returns.payback) if returns.payback is not None else None,
        "probability_paid_back_by_today": float(returns.paid_back_by.iloc[-1]),
    }


def _money(x) -> str:
    return "-" if x is None else f"{x:,.0f}"


def render(data: dict, lang: str) -> str:
    zh = lang == "zh"
    head = ("步骤 / 阶段", "成本(现值)", "收益(现值)", "95% 区间", "ROI") if zh else \
        ("Stage", "cost (PV)", "benefit (PV)", "95% interval", "ROI")
    credit = ("每月收益按各步骤截至该月已发生的成本比例分摊" if zh else
              "each month's benefit is credited to the steps in proportion to the cost each had incurred by then")
    lines = [f"{'CRM 项目回报' if zh else 'CRM program return'}  "
             f"{'折现率' if zh else 'discount rate'} {data['rate']:.1%} "
             f"({'年率，按月复利' if zh else 'annual, compounded monthly'})",
             f"ROI = {data['roi_definition']}; {credit}", "",
             f"{pad(head[0], 52)} {pad(head[1], 14, right=True)} {pad(head[2], 14, right=True)} "
             f"{pad(head[3], 27, right=True)} {pad(head[4], 18, right=True)}"]
    for r in data["stages"]:
        name = r["name_zh"] if zh else r["name_en"]
        label = f"{r['id']:>2} {name}" if r["level"] == "step" else f"== {name}"
        roi = (("尚不可衡量" if zh else "not yet measurable") if not r["measurable"] else
               "-" if r["roi"] is None else f"{r['roi']:.0%}")
        interval = f"[{_money(r['benefit_low'])}, {_money(r['benefit_high'])}]"
        lines.append(f"{pad(label, 52)} {_money(r['cost']):>14} {_money(r['benefit']):>14} {interval:>27} "
                     f"{pad(roi, 18, right=True)}")
    payback = data["payback_month"] or ("尚未回本" if zh else "not yet")
    lines += ["", f"NPV {_money(data['npv'])}  [{_money(data['npv_low'])}, {_money(data['npv_high'])}]",
              f"ROI {data['roi']:.0%}  [{data['roi_low']:.0%}, {data['roi_high']:.0%}]  "
              f"P(ROI > 0) = {data['probability_roi_positive']:.0%}",
              f"{'回本月份' if zh else 'payback month'} {payback}  "
              f"P({'至今已回本' if zh else 'paid back by now'}) = {data['probability_paid_back_by_today']:.0%}"]
    return "\n".join(lines)


def run(args) -> int:
    if not 0 <= args.rate < 1:
        print(f"Invalid input: --rate must be an annual rate between 0 and 1, got {args.rate}", file=sys.stderr)
        return 2
    try:
        store = Store.for_url(args.database_url)
    except StoreMissing as error:
        print(str(error), file=sys.stderr)
        return 2
    program = pg.load_program(db.get_engine(args.database_url))
    data = report(store, program, rate=args.rate)
    if data is None:
        print("No counterfactual in the analytical store: the program has no go-live inside the data, "
              "or the store predates it (run `python -m data refresh`).", file=sys.stderr)
        return 2
    print(json.dumps(data, ensure_ascii=False, indent=1) if args.json else render(data, args.lang))
    return 0
