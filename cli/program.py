"""``python -m metrics program [--rate 0.10] [--json] [--lang en|zh]``: step costs, phase benefits, ROI, NPV."""

from __future__ import annotations

import json
import sys

import pandas as pd

from cli.text import json_value, pad
from data import db
from metrics.base.store import Store, StoreMissing
from metrics.program import tables as pg
from metrics.program.cost import monthly_program_cost
from metrics.program.returns import phase_benefits, program_returns, step_costs


def add_parser(commands) -> None:
    cmd = commands.add_parser("program", help="CRM program: cost by step, benefit by phase, ROI, NPV and payback")
    cmd.add_argument("--rate", type=float, default=0.10, help="annual discount rate, compounded monthly (0.10)")
    cmd.add_argument("--lang", choices=["en", "zh"], default="en")
    cmd.add_argument("--json", action="store_true", help="print a JSON object")
    cmd.add_argument("--database-url", help="database of the program tables (its analytical store is read too)")


def report(store: Store, program: pg.Program, *, rate: float) -> dict | None:
    """The figures the command prints, as plain data; None when the store holds no counterfactual."""
    stored = pg.read_impact(store)
    if stored is None or stored.frame.empty:
        return None
    phases = phase_benefits(program.steps, stored.frame, stored.draws)
    returns = program_returns(monthly_program_cost(program), stored.frame["effect"], stored.draws, rate=rate)
    names = program.steps.set_index("id")
    steps = [{**{k: json_value(v) for k, v in r.items()}, "name_en": names.at[r["step_id"], "name_en"],
              "name_zh": names.at[r["step_id"], "name_zh"]} for r in step_costs(program).to_dict("records")]
    return {
        "rate": rate, "roi_definition": "(PV benefits - PV costs) / PV costs",
        "go_live": json_value(stored.frame.index[0]),
        "caveat": CAVEAT["en"], "attribution": ATTRIBUTION["en"],
        "phases": [{k: None if v is pd.NaT else json_value(v) for k, v in r.items()}
                   for r in phases.to_dict("records")],
        "steps": steps,
        "npv": returns.npv, "npv_low": returns.npv_low, "npv_high": returns.npv_high,
        "roi": returns.roi, "roi_low": returns.roi_low, "roi_high": returns.roi_high,
        "probability_roi_positive": returns.probability_roi_positive,
        "payback_month": json_value(returns.payback) if returns.payback is not None else None,
        "probability_paid_back_by_today": float(returns.paid_back_by.iloc[-1]),
    }


def _money(x) -> str:
    return "-" if x is None else f"{x:,.0f}"


CAVEAT = {"en": "measured against a counterfactual fitted on the months before go-live "
                "(customers and days as controls); association, not proof",
          "zh": "以上线前各月拟合的反事实（以客户数和天数为控制变量）进行衡量；反映的是关联，而非因果证明"}
ATTRIBUTION = {"en": "a single counterfactual cannot attribute benefit to individual steps: no ROI per step",
               "zh": "单一反事实无法将收益归因于单个步骤：不按步骤计算 ROI"}


def render(data: dict, lang: str) -> str:
    zh = lang == "zh"
    lines = [f"{'CRM 项目回报' if zh else 'CRM program return'}  "
             f"{'折现率' if zh else 'discount rate'} {data['rate']:.1%} "
             f"({'年率，按月复利' if zh else 'annual, compounded monthly'})",
             f"ROI = {data['roi_definition']}", "",
             f"{pad('阶段（月份）' if zh else 'Phase (months)', 30)} "
             f"{pad('实测收益（未折现）' if zh else 'benefit measured', 16, right=True)} "
             f"{pad('95% 区间' if zh else '95% interval', 27, right=True)}"]
    for r in data["phases"]:
        period = f"{(r['first_month'] or '')[:7]}..{(r['last_month'] or '')[:7]}"
        label = f"{'第 {} 阶段' if zh else 'Phase {}'}".format(r["phase"]) + f" {period}"
        if not r["months"]:
            lines.append(f"{pad(label, 30)} {pad('上线前' if zh else 'before go-live', 16, right=True)}")
            continue
        interval = f"[{_money(r['benefit_low'])}, {_money(r['benefit_high'])}]"
        lines.append(f"{pad(label, 30)} {_money(r['benefit']):>16} {interval:>27}")
    lines += ["", f"{pad('步骤' if zh else 'Step', 52)} {pad('预算' if zh else 'budget', 14, right=True)} "
                  f"{pad('实际成本' if zh else 'actual cost', 14, right=True)}"]
    for r in data["steps"]:
        name = r["name_zh"] if zh else r["name_en"]
        label = f"{r['step_id']:>2} {name}"
        lines.append(f"{pad(label, 52)} {_money(r['budget']):>14} {_money(r['actual_cost']):>14}")
    payback = data["payback_month"] or ("尚未回本" if zh else "not yet")
    lines += ["", ATTRIBUTION[lang],
              f"NPV {_money(data['npv'])}  [{_money(data['npv_low'])}, {_money(data['npv_high'])}]",
              f"ROI {data['roi']:.0%}  [{data['roi_low']:.0%}, {data['roi_high']:.0%}]  ({CAVEAT[lang]})",
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
