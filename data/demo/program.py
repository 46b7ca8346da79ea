"""The CRM program: steps, budgets, monthly costs, the team's comments and illustrative benchmark cases."""

import numpy as np

from data import models
from data.demo.columns import cents
from data.demo.company import END, GO_LIVE, MONTHS, PROGRAM_STEPS, month_start
from data.demo.state import DemoState

PROGRAM_OWNERS = {
    1: "Zhang Wei (CEO office)", 2: "Li Na (program office)", 3: "Chen Jie (service director)",
    4: "Liu Yang (marketing director)", 5: "Zhao Min (HR director)", 6: "Chen Jie (service director)",
    7: "Wang Qiang (IT director)", 8: "Sun Li (training lead)", 9: "Zhou Hao (sales director)",
    10: "Wu Fang (finance controller)", 11: "Li Na (program office)", 12: "Zhang Wei (CEO office)",
}
# (step or None for the whole program, month written, text): the project team's dated notes
PROGRAM_COMMENTS = [
    (1, 1, "Sponsor confirmed; steering committee meets monthly."),
    (3, 3, "Rapid assessment: slow service response and scattered customer data are the main complaints."),
    (4, 6, "Strategy: customer intimacy for direct and distributor accounts; picket fence for the top 20%."),
    (6, 10, "Service process redesigned around one ticket queue; distributors join the pilot."),
    (7, 14, "Data migration from the distributor spreadsheets is two weeks late."),
    (7, 17, "Go-live approved for 1 May; help desk staffed for the first month."),
    (8, 19, "First wave of CRM training done for account managers; service engineers next."),
    (9, 22, "Pilot loop 2 (East region): weekly opportunity review adopted by all reps."),
    (10, 24, "Scorecard reviewed monthly by the management team."),
    (11, 28, "Goal-alignment survey up from 2.8 to 3.7; incentives now include retention."),
    (None, 30, "Program review: margin above the counterfactual since go-live; culture step behind plan."),
    (12, 34, "Culture step behind plan: customer-value commission not yet rolled out in the North."),
]
# (case, industry, step it calibrates, kpi_id, before, after, months after the step): illustrative only
BENCHMARK_CASES = [
    ("Construction-machinery sales company (2003 case)", "machinery", 7, "first_response_hours", 10.0, 4.0, 6),
    ("Agricultural equipment dealer network", "machinery", 7, "first_response_hours", 12.0, 6.0, 6),
    ("Industrial pump maker, service desk", "manufacturing", 7, "first_response_hours", 9.0, 5.5, 6),
    ("Industrial distributor, CRM rollout", "distribution", 8, "data_completeness", 0.55, 0.85, 6),
    ("Truck maker, dealer CRM", "machinery", 8, "data_completeness", 0.50, 0.70, 6),
    ("Building-materials wholesaler", "distribution", 8, "data_completeness", 0.60, 0.78, 6),
    ("IBM CRM study: company-wide adoption", "cross-industry", 9, "crm_adoption", 0.40, 0.80, 6),
    ("Equipment rental chain, sales pilots", "machinery", 9, "crm_adoption", 0.30, 0.65, 6),
    ("Forklift maker, pilot regions", "machinery", 9, "crm_adoption", 0.35, 0.60, 6),
    ("Equipment maker, service program", "machinery", 11, "goal_alignment", 2.9, 3.6, 6),
    ("Chemicals distributor, change program", "distribution", 11, "goal_alignment", 3.0, 3.4, 6),
    ("Machine-tool maker, incentive redesign", "manufacturing", 11, "goal_alignment", 2.7, 3.8, 6),
]

MONTHLY_BUDGET = {1: 60_000, 2: 90_000, 3: 120_000, 4: 150_000, 5: 110_000, 6: 160_000,
                  7: 420_000, 8: 140_000, 9: 100_000, 10: 70_000, 11: 90_000, 12: 50_000}
# cost categories of the steps that are not all staff time
STEP_CATEGORIES = {7: ["software", "hardware", "consulting"], 8: ["training"],
                   4: ["consulting", "staff"], 6: ["consulting", "staff"]}


def write_program(state: DemoState) -> None:
    rng = state.rng
    ids = [s[0] for s in PROGRAM_STEPS]
    planned_start = month_start(np.array([s[4] for s in PROGRAM_STEPS]))
    planned_end = month_start(np.array([s[5] for s in PROGRAM_STEPS])) - 1
    slip = rng.integers(0, 25, len(ids)).astype("timedelta64[D]")
    actual_start = planned_start + slip // 2
    actual_end = np.minimum(planned_end + slip, END)
    actual_end[ids.index(7)] = GO_LIVE - 1
    still_running = np.array([s[5] >= MONTHS for s in PROGRAM_STEPS])
    actual_end = actual_end.astype("datetime64[D]")
    actual_end[still_running] = np.datetime64("NaT")
    prog = np.random.default_rng([state.seed, 10])  # program-only draws: the rest of the demo is unchanged
    budget_factor = prog.uniform(0.85, 1.3, len(ids))
    budget_rows = []
    for (step, _phase, _en, _zh, first, last), factor in zip(PROGRAM_STEPS, budget_factor, strict=True):
        categories = STEP_CATEGORIES.get(step, ["staff"])
        for category in categories:
            budget_rows.append((step, category, round(MONTHLY_BUDGET[step] * (last - first) * factor
                                                      / len(categories), -3)))
    budget = {step: sum(r[2] for r in budget_rows if r[0] == step) for step in ids}
    percent = np.where(still_running, np.round(prog.uniform(55, 80, len(ids))), 100.0)
    state.write(models.ProgramStep.__table__, {
        "id": ids, "phase": [s[1] for s in PROGRAM_STEPS],
        "name_en": [s[2] for s in PROGRAM_STEPS], "name_zh": [s[3] for s in PROGRAM_STEPS],
        "planned_start": planned_start, "planned_end": planned_end,
        "actual_start": actual_start, "actual_end": actual_end,
        "owner": [PROGRAM_OWNERS[step] for step in ids],
        "status": np.where(still_running, "in_progress", "done").astype(object),
        "percent_complete": percent, "budget": cents([budget[step] for step in ids]),
    })
    state.write(models.ProgramBudget.__table__, {
        "step_id": [r[0] for r in budget_rows], "category": [r[1] for r in budget_rows],
        "amount": cents([r[2] for r in budget_rows]),
    })
    _write_costs(state)
    state.write(models.ProgramComment.__table__, {
        "id": np.arange(1, len(PROGRAM_COMMENTS) + 1), "step_id": [c[0] for c in PROGRAM_COMMENTS],
        "written_on": month_start(np.array([c[1] for c in PROGRAM_COMMENTS])) + 27,
        "author": [PROGRAM_OWNERS[c[0] or 2] for c in PROGRAM_COMMENTS],
        "text": [c[2] for c in PROGRAM_COMMENTS],
    })
    cases = BENCHMARK_CASES
    state.write(models.BenchmarkCase.__table__, {
        "id": np.arange(1, len(cases) + 1), "name": [c[0] for c in cases],
        "industry": [c[1] for c in cases], "phase": [PROGRAM_STEPS[c[2] - 1][1] for c in cases],
        "step_id": [c[2] for c in cases], "kpi_id": [c[3] for c in cases], "before": [c[4] for c in cases],
        "after": [c[5] for c in cases], "months": [c[6] for c in cases],
        "source": ["illustrative benchmark (demo data)"] * len(cases), "illustrative": [True] * len(cases),
    })


def _write_costs(state: DemoState) -> None:
    """One cost per step, category and month the step runs, around its monthly budget."""
    step_ids, months, categories, amounts = [], [], [], []
    for step, _phase, _en, _zh, first, last in PROGRAM_STEPS:
        for m in range(first, min(last, MONTHS)):
            for category in STEP_CATEGORIES.get(step, ["staff"]):
                step_ids.append(step)
                months.append(m)
                categories.append(category)
                amounts.append(MONTHLY_BUDGET[step] * state.rng.uniform(0.7, 1.3)
                               / len(STEP_CATEGORIES.get(step, ["staff"])))
    state.write(models.ProgramCost.__table__, {
        "id": np.arange(1, len(step_ids) + 1), "step_id": step_ids,
        "incurred_on": month_start(np.array(months)) + 14, "category": categories,
        "amount": cents(amounts),
    })
