"""Texts of the CRM program ROI view (issue 10)."""

TEXT: dict[str, dict[str, str]] = {
    "page_program": {"en": "CRM program ROI by stage", "zh": "CRM 项目分阶段回报"},
    "program_intro": {
        "en": "The 12 steps in 4 phases of building a customer-strategy company: plan, cost, the gross margin the "
              "program added against a counterfactual, and the return.",
        "zh": "建立客户战略型公司的 4 个阶段 12 个步骤：计划、成本、项目相对反事实基准带来的毛利增量以及回报。"},
    "program_rate": {"en": "Discount rate (annual, compounded monthly)", "zh": "折现率（年率，按月复利）"},
    "program_rate_help": {
        "en": "Used for NPV, ROI and payback. ROI = (PV benefits - PV costs) / PV costs, discounted to the "
              "program's first month.",
        "zh": "用于净现值、ROI 与回收期。ROI =（收益现值 - 成本现值）/ 成本现值，折现到项目第一个月。"},
    "program_no_impact": {
        "en": "No benefit estimate yet: {reason}.", "zh": "尚无收益估计：{reason}。"},
    "program_reason_no_go_live": {"en": "step 7 (technology enablement) has no dates",
                                  "zh": "第 7 步（技术授权）没有日期"},
    "program_reason_go_live_outside_data": {"en": "go-live falls outside the months with orders",
                                            "zh": "上线月份不在有订单数据的月份内"},
    "program_reason_too_few_months": {"en": "fewer than 6 months of orders before go-live",
                                      "zh": "上线前的订单数据少于 6 个月"},
    "program_reason_stale": {"en": "the analytical store predates the program view: refresh the data",
                             "zh": "分析库早于项目视图生成：请刷新数据"},
    "program_no_steps": {"en": "No CRM program steps in the database yet.", "zh": "数据库中尚无 CRM 项目步骤。"},
    # tiles
    "program_npv": {"en": "NPV", "zh": "净现值"},
    "program_roi": {"en": "Cumulative ROI", "zh": "累计 ROI"},
    "program_payback": {"en": "Payback month", "zh": "回本月份"},
    "program_not_paid_back": {"en": "not yet", "zh": "尚未回本"},
    "program_cpi": {"en": "CPI (cost)", "zh": "成本绩效 CPI"},
    "program_spi": {"en": "SPI (schedule)", "zh": "进度绩效 SPI"},
    "program_interval": {"en": "95% interval {low} to {high}", "zh": "95% 区间 {low} 至 {high}"},
    "program_interval_short": {"en": "95%: {low} – {high}", "zh": "95%：{low}–{high}"},
    "program_times": {"en": "{x}×", "zh": "{x} 倍"},
    "program_roi_meaning": {
        "en": "Return on cost: the benefit less the cost, over the cost ({roi}; {value}). 100% means the program "
              "returned its cost twice over; a return of 1,000% or more is written as a multiple of the cost.",
        "zh": "投资回报率：收益减去成本后除以成本（{roi}；{value}）。100% 表示收益是成本的两倍；"
              "回报率达到 1,000% 及以上时写作成本的倍数。"},
    "program_p_paid": {"en": "P(paid back) = {p}", "zh": "已回本概率 = {p}"},
    "program_cpi_help": {"en": "Cost performance index: earned value / actual cost, whole program; above 1 is "
                                "under budget.",
                         "zh": "成本绩效指数：挣值 / 实际成本（全项目）；大于 1 表示低于预算。"},
    "program_spi_help": {"en": "Schedule performance index: earned value / planned value, whole program; below 1 "
                                "is behind schedule.",
                         "zh": "进度绩效指数：挣值 / 计划价值（全项目）；小于 1 表示进度落后。"},
    # sections
    "program_section_plan": {"en": "Plan and progress", "zh": "计划与进度"},
    "program_section_cost": {"en": "Cost against budget", "zh": "成本与预算"},
    "program_section_benefit": {"en": "Benefit: gross margin against the counterfactual",
                                "zh": "收益：毛利与反事实基准"},
    "program_section_return": {"en": "Return: the whole program, benefit by phase, cost by step",
                               "zh": "回报：全项目、各阶段收益、各步骤成本"},
    "program_section_leading": {"en": "Leading and lagging indicators", "zh": "领先指标与滞后指标"},
    "program_section_benchmarks": {"en": "Benchmark cases", "zh": "标杆案例"},
    "program_section_health": {"en": "Health check: success factors", "zh": "健康检查：成功因素"},
    "program_section_method": {"en": "Method check: placebo go-live", "zh": "方法检验：安慰剂上线日期"},
    "program_section_comments": {"en": "Commentary", "zh": "项目评论"},
    "program_section_edit": {"en": "Edit the program", "zh": "编辑项目"},
    "program_view": {"en": "Show", "zh": "显示"},
    "program_tab_plan": {"en": "Plan and edits", "zh": "计划与编辑"},
    "program_tab_cost": {"en": "Cost", "zh": "成本"},
    "program_tab_benefit": {"en": "Benefit and method check", "zh": "收益与方法检验"},
    "program_tab_return": {"en": "Return", "zh": "回报"},
    "program_tab_indicators": {"en": "Indicators, benchmarks, health", "zh": "指标、标杆与健康检查"},
    "program_tab_commentary": {"en": "Commentary", "zh": "评论"},
    # charts
    "program_gantt": {"en": "12 steps in 4 phases: planned and actual", "zh": "4 个阶段 12 个步骤：计划与实际"},
    "program_planned": {"en": "Planned", "zh": "计划"},
    "program_actual": {"en": "Actual", "zh": "实际"},
    "program_today": {"en": "today", "zh": "今天"},
    "program_phase": {"en": "Phase {n}", "zh": "第 {n} 阶段"},
    "program_cost_chart": {"en": "Program cost per month by category, against budget",
                           "zh": "按类别的月度项目成本与预算"},
    "program_budget": {"en": "Budget", "zh": "预算"},
    "program_cumulative_actual": {"en": "Cumulative cost", "zh": "累计成本"},
    "program_cumulative_budget": {"en": "Cumulative budget", "zh": "累计预算"},
    "program_cumulative": {"en": "Cumulative", "zh": "累计"},
    "program_money": {"en": "CNY", "zh": "元"},
    "program_benefit_chart": {"en": "Monthly gross margin: actual and without the program",
                              "zh": "月度毛利：实际值与无项目情形"},
    "program_counterfactual": {"en": "Counterfactual (without the program)", "zh": "反事实（无项目）"},
    "program_interval_band": {"en": "95% interval", "zh": "95% 区间"},
    "program_go_live": {"en": "go-live", "zh": "上线"},
    "program_effect_chart": {"en": "Incremental gross margin per month and cumulative",
                             "zh": "每月及累计的毛利增量"},
    "program_monthly": {"en": "Monthly", "zh": "每月"},
    "program_return_chart": {"en": "Cumulative discounted net return and the chance of having paid back",
                             "zh": "累计折现净回报与已回本的概率"},
    "program_cumulative_net": {"en": "Cumulative net (PV)", "zh": "累计净额（现值）"},
    "program_paid_back": {"en": "P(paid back by then)", "zh": "届时已回本的概率"},
    "program_probability": {"en": "Probability", "zh": "概率"},
    "program_benefit_summary": {
        "en": "Since go-live ({go_live}) the program added {total} of gross margin (95% interval {low} to {high}); "
              "the chance that this is no effect at all is {p}. Controls: customers on the books and days in the "
              "month, so margin from better retention is not counted.",
        "zh": "上线（{go_live}）以来，项目带来毛利增量 {total}（95% 区间 {low} 至 {high}）；完全没有效果的概率为 {p}。"
              "控制变量为在册客户数和当月天数，因此客户保持改善带来的毛利未计入。"},
    # method check
    "program_method_ok": {"en": "The placebo shows no effect: the model does not invent one where there is none.",
                          "zh": "安慰剂检验未显示效果：模型不会在没有效果的地方虚构效果。"},
    "program_method_warn": {"en": "The placebo shows an effect: read the main estimate with caution.",
                            "zh": "安慰剂检验显示有效果：请谨慎解读主要估计。"},
    "program_method_text": {
        "en": "Counterfactual: a local-level structural time-series model of monthly gross margin with customers on "
              "the books and days in the month as controls, fitted on the months before go-live only and forecast "
              "after it; intervals from 1,000 simulated whole paths (fixed seed) that also draw the model's "
              "variances from their estimated distribution, so a short history gives honestly wide intervals.",
        "zh": "反事实：以在册客户数和当月天数为控制变量的月度毛利局部水平结构时间序列模型，仅用上线前的月份拟合并向后"
              "预测；区间来自 1,000 条完整模拟路径（固定随机种子），路径同时按估计分布抽取模型方差，因此历史较短时"
              "区间会如实变宽。"},
    "program_roi_caveat": {
        "en": "Measured against a counterfactual fitted on the months before go-live (customers and days as controls); "
              "association, not proof.",
        "zh": "以上线前各月拟合的反事实（以客户数和天数为控制变量）进行衡量；反映的是关联，而非因果证明。"},
    "program_return_headline": {
        "en": "Cumulative ROI of the whole program: **{roi}** (95% interval {low} to {high}; benefits and costs "
              "discounted at {rate} a year).",
        "zh": "全项目累计 ROI：**{roi}**（95% 区间 {low} 至 {high}；收益与成本按年率 {rate} 折现）。"},
    "program_phase_benefit_title": {"en": "Benefit measured in the months of each phase (not discounted)",
                                    "zh": "各阶段月份内实测的收益（未折现）"},
    "program_step_cost_title": {"en": "Cost by step", "zh": "各步骤成本"},
    "program_no_step_attribution": {
        "en": "There is no return per step: a single counterfactual measures the benefit of the program as a whole "
              "and cannot attribute it to individual steps. The table above says when the benefit was measured "
              "(each month counted in one phase, so the phases add up to the total), not which step earned it.",
        "zh": "不按步骤计算回报：单一反事实模型衡量的是整个项目的收益，无法将收益归因于单个步骤。上表说明收益在何时"
              "被测得（每个月只计入一个阶段，各阶段之和等于总收益），而不是由哪个步骤带来。"},
    "program_placebo_note": {
        "en": "The placebo go-live lies {months} months before the real one and uses only the months before the real "
              "go-live: the program cannot have caused anything there, so its interval should include zero.",
        "zh": "安慰剂上线比真实上线提前 {months} 个月，且只使用真实上线前的月份：项目不可能在那段时间产生效果，"
              "因此其区间应包含零。"},
    "program_illustrative": {"en": "Illustrative cases (demo data), not real references.",
                             "zh": "示意案例（演示数据），并非真实参考。"},
    "program_benchmark_note": {
        "en": "Improvement = relative change from before the step to {months} months after it (sign flipped where "
              "lower is better). Gap: ours minus the band's nearest edge.",
        "zh": "改善 = 从步骤开始前到结束后若干个月的相对变化（越低越好的指标取反）。差距：本公司值减去区间最近边界。"},
    "program_leading_note": {
        "en": "Each indicator's move: the month that best splits its series into a before and an after mean "
              "(from the program's start). Positive months ahead: the leading indicator moved first.",
        "zh": "每个指标的变化月份：从项目开始起，把序列分成前后两段均值的最佳分割月份。领先月数为正：领先指标先变化。"},
    "program_health_note": {
        "en": "IBM study: aligning CRM with staff goals goes with success (60%); company-wide use succeeds 25-50% "
              "more often than one department's; training, quantified targets and change management.",
        "zh": "IBM 研究：CRM 目标与员工目标一致与成功相关（60%）；全公司使用比单一部门使用的成功率高 25-50%；"
              "此外还有培训、量化目标与变革管理。"},
    "program_not_measured": {"en": "not measured", "zh": "未测量"},
    "program_whole": {"en": "Whole program", "zh": "整个项目"},
    # code values
    "program_category_staff": {"en": "Staff", "zh": "人员"},
    "program_category_software": {"en": "Software", "zh": "软件"},
    "program_category_consulting": {"en": "Consulting", "zh": "咨询"},
    "program_category_training": {"en": "Training", "zh": "培训"},
    "program_category_hardware": {"en": "Hardware", "zh": "硬件"},
    # editing
    "program_edit_step": {"en": "Step", "zh": "步骤"},
    "program_edit_what": {"en": "Edit", "zh": "编辑内容"},
    "program_edit_planned_start": {"en": "Planned start", "zh": "计划开始"},
    "program_edit_planned_end": {"en": "Planned end", "zh": "计划结束"},
    "program_edit_actual_start": {"en": "Actual start", "zh": "实际开始"},
    "program_edit_actual_end": {"en": "Actual end", "zh": "实际结束"},
    "program_edit_percent": {"en": "% complete", "zh": "完成 %"},
    "program_edit_owner": {"en": "Owner", "zh": "负责人"},
    "program_edit_status": {"en": "Status", "zh": "状态"},
    "program_edit_save_step": {"en": "Save step", "zh": "保存步骤"},
    "program_edit_cost_date": {"en": "Date", "zh": "日期"},
    "program_edit_cost_category": {"en": "Category", "zh": "类别"},
    "program_edit_cost_amount": {"en": "Amount (CNY)", "zh": "金额（元）"},
    "program_edit_add_cost": {"en": "Add cost", "zh": "添加成本"},
    "program_edit_comment_text": {"en": "Note", "zh": "评论内容"},
    "program_edit_comment_author": {"en": "Author", "zh": "作者"},
    "program_edit_add_comment": {"en": "Add note", "zh": "添加评论"},
    "program_edit_tab_step": {"en": "Step", "zh": "步骤"},
    "program_edit_tab_cost": {"en": "Cost", "zh": "成本"},
    "program_edit_tab_comment": {"en": "Commentary", "zh": "评论"},
    "program_saved": {"en": "Saved: the figures above use it now.", "zh": "已保存：上方数据已更新。"},
    "program_edit_failed": {"en": "Not saved ({field}): {problem}", "zh": "未保存（{field}）：{problem}"},
    "program_edit_note": {
        "en": "Edits are saved to the database and shown at once. The benefit model is refit at the next data "
              "refresh (a changed go-live moves it then).",
        "zh": "编辑会保存到数据库并立即显示。收益模型在下次数据刷新时重新拟合（上线日期的变更届时生效）。"},
    "edit_dates_order": {"en": "the end ({end}) is before the start ({start})",
                         "zh": "结束日期（{end}）早于开始日期（{start}）"},
    "edit_end_without_start": {"en": "an actual end needs an actual start", "zh": "有实际结束日期就必须有实际开始日期"},
    "edit_percent_range": {"en": "% complete must be within 0..100, got {value}",
                           "zh": "完成 % 必须在 0..100 之间，而不是 {value}"},
    "edit_unknown_status": {"en": "unknown status {value}", "zh": "未知状态 {value}"},
    "edit_unknown_step": {"en": "no step {step}", "zh": "不存在步骤 {step}"},
    "edit_unknown_category": {"en": "unknown category {value}", "zh": "未知类别 {value}"},
    "edit_not_a_number": {"en": "{value} is not an amount", "zh": "{value} 不是金额"},
    "edit_negative_cost": {"en": "a cost cannot be negative ({value})", "zh": "成本不能为负（{value}）"},
    "edit_too_large": {"en": "{value} is too large", "zh": "{value} 过大"},
    "edit_too_long": {"en": "longer than {limit} characters", "zh": "超过 {limit} 个字符"},
    "edit_empty_comment": {"en": "the note is empty", "zh": "评论内容为空"},
}
