"""Texts of the Sales team view (``pages/sales.py``, ``dashboard/sales``)."""

TEXT: dict[str, dict[str, str]] = {
    "sales_page_title": {"en": "Sales team", "zh": "销售团队"},
    "sales_group": {"en": "Sales", "zh": "销售"},
    "sales_intro": {"en": "Each sales rep's sales in the selected period, attainment against the rep's monthly "
                          "revenue target with a ranking, and the opportunities each moved forward a stage, week by "
                          "week.",
                    "zh": "所选期间每位销售代表的销售额、相对月度收入目标的达成率与排名，以及每周推进阶段的商机数。"},
    "sales_no_reps": {"en": "No sales reps in this data: none of the orders names the sales rep who took it. Import "
                            "the orders with their sales rep to see the team.",
                      "zh": "此数据中没有销售代表：没有任何订单记录经手的销售代表。"
                            "导入带有销售代表的订单后即可查看团队。"},
    "sales_ranking": {"en": "Ranking", "zh": "排名"},
    "sales_col_rank": {"en": "Rank", "zh": "名次"},
    "sales_col_rep": {"en": "Sales rep", "zh": "销售代表"},
    "sales_col_revenue": {"en": "Revenue", "zh": "收入"},
    "sales_col_revenue_all": {"en": "Revenue, all customers", "zh": "全部客户收入"},
    "sales_col_target": {"en": "Revenue target", "zh": "收入目标"},
    "sales_col_target_kind": {"en": "Target from", "zh": "目标来源"},
    "sales_col_attainment": {"en": "Attainment", "zh": "达成率"},
    "sales_col_orders": {"en": "Orders", "zh": "订单数"},
    "sales_col_customers": {"en": "Customers", "zh": "客户数"},
    "sales_col_margin": {"en": "Gross margin", "zh": "毛利"},
    "sales_col_new_customers": {"en": "New customers won", "zh": "新获客户数"},
    "sales_kind_set": {"en": "Set", "zh": "已设定"},
    "sales_kind_baseline": {"en": "Baseline", "zh": "基线"},
    "sales_kind_mixed": {"en": "Partly baseline", "zh": "部分为基线"},
    "sales_no_target_no_history": {"en": "None: no sales history yet", "zh": "无：尚无销售记录"},
    "sales_no_target_not_employed": {"en": "None: not employed in the period", "zh": "无：期间内不在职"},
    "sales_status_left": {"en": "left", "zh": "已离职"},
    "sales_status_missing": {"en": "no employee record", "zh": "无员工记录"},
    "sales_rep_number": {"en": "Rep no. {id}", "zh": "销售代表 {id}"},
    "sales_rep_marked": {"en": "{name} ({status})", "zh": "{name}（{status}）"},
    "sales_baseline_help": {"en": "Baseline: a month without a target set uses the rep's median monthly revenue "
                                  "over the 12 months before it (months since the rep's first order; a month "
                                  "without orders counts as 0). Set a target below to replace it.",
                            "zh": "基线：未设定目标的月份，以该代表此前 12 个月的月收入中位数为目标（自其首笔订单起计，"
                                  "无订单的月份计为 0）。可在下方设定目标替换基线。"},
    "sales_team_help": {"en": "The team: everyone with the sales rep role employed in the period, and everyone "
                              "named as the sales rep of an order in it.",
                        "zh": "团队：期间内在职的销售代表岗位人员，以及期间内任何订单上记录的销售代表。"},
    "sales_partial_period": {"en": "The data ends on {day}, inside this period: revenue so far is compared with whole "
                                   "months' targets.",
                             "zh": "数据截至 {day}，在本期间内：目前的收入与整月目标比较。"},
    "sales_filtered_note": {"en": "Target, attainment and rank count each rep's whole sales (revenue, all "
                                  "customers): the region, channel, industry and manager filters apply to the other "
                                  "columns only.",
                            "zh": "目标、达成率与名次按每位代表的全部销售（全部客户收入）计算："
                                  "大区、渠道、行业和客户经理筛选只作用于其他列。"},
    "sales_margin_unknown": {"en": "Gross margin is unknown (–) for a rep with an order line without a unit cost.",
                             "zh": "若某代表有订单行缺少单位成本，其毛利为未知（–）。"},
    "sales_attainment_chart": {"en": "Attainment against target", "zh": "目标达成率"},
    "sales_target_line": {"en": "Target (100%)", "zh": "目标（100%）"},
    "sales_baseline_marked": {"en": "Hatched bars: the target is (partly) the rep's baseline.",
                              "zh": "斜线条：目标（部分）为该代表的基线。"},
    "sales_no_attainment": {"en": "No rep has a target for this period yet: set one below (a rep without sales "
                                  "history has no baseline).",
                            "zh": "本期间尚无代表有目标：请在下方设定（没有销售记录的代表没有基线）。"},
    "sales_without_target": {"en": "Without a target: {reps}.", "zh": "无目标：{reps}。"},
    "sales_advancement": {"en": "Weekly stage advancement", "zh": "每周商机阶段推进"},
    "sales_advancement_help": {"en": "Opportunities each rep moved forward at least one stage (prospecting, "
                                     "qualification, proposal, negotiation, won) per week, over the {weeks} weeks "
                                     "up to the end of the period. The rep is the opportunity's owner.",
                               "zh": "每位代表每周向前推进至少一个阶段（潜在、资格确认、方案、谈判、赢单）的商机数，"
                                     "截至所选期间末的最近 {weeks} 周。代表为商机负责人。"},
    "sales_no_opportunities": {"en": "No opportunities in this data up to this period: stage advancement cannot be "
                                     "shown.",
                               "zh": "截至本期间，此数据中没有商机：无法显示阶段推进。"},
    "sales_week": {"en": "Week of", "zh": "周起始日"},
    "sales_advanced": {"en": "Opportunities moved forward", "zh": "推进的商机数"},
    "sales_partial_week": {"en": "{week} ({days} of 7 days)", "zh": "{week}（7 天中的 {days} 天）"},
    "sales_editor": {"en": "Monthly revenue targets", "zh": "月度收入目标"},
    "sales_editor_help": {"en": "One row per rep, a column per month of the period. A blank cell uses the "
                                "baseline. Saved targets apply at once.",
                          "zh": "每位代表一行，所选期间每月一列。留空即使用基线。保存后立即生效。"},
    "sales_editor_baseline": {"en": "Baseline, {month}", "zh": "基线，{month}"},
    "sales_editor_target": {"en": "Target, {month}", "zh": "目标，{month}"},
    "sales_read_only": {"en": "Your role may see the targets, not change them.",
                        "zh": "您的角色可以查看目标，但不能修改。"},
    "sales_save": {"en": "Save targets", "zh": "保存目标"},
    "sales_saved": {"en": "Saved {count} targets as {who}.", "zh": "已由 {who} 保存 {count} 个目标。"},
    "sales_nothing_changed": {"en": "No target changed.", "zh": "没有目标被修改。"},
    "sales_refreshing": {"en": "Updating the sales figures…", "zh": "正在更新销售数据…"},
    "sales_unreachable": {"en": "The database ({url}) could not be reached: nothing was saved.",
                          "zh": "无法连接数据库（{url}）：未保存任何内容。"},
    "sales_busy": {"en": "Not saved: another job ({holder}) has been running since {since}. Try again in a moment.",
                   "zh": "未保存：另一项任务（{holder}）自 {since} 起正在运行，请稍后再试。"},
    "sales_problem_negative": {"en": "a target cannot be negative", "zh": "目标不能为负数"},
    "sales_problem_not_a_number": {"en": "a target must be a number", "zh": "目标必须是数字"},
    "sales_problem_not_a_month": {"en": "not a month", "zh": "不是有效月份"},
    "sales_tile_reps": {"en": "Sales reps", "zh": "销售代表人数"},
    "sales_tile_on_target": {"en": "At or above target", "zh": "达成目标的代表"},
    "sales_tile_team_attainment": {"en": "Team attainment", "zh": "团队达成率"},
    "sales_tile_team_vs_baseline": {"en": "Team vs its baselines", "zh": "团队相对基线"},
    "sales_tile_on_target_value": {"en": "{on} of {known}", "zh": "{known} 人中 {on} 人"},
    "sales_tile_without_target": {"en": "{n} reps without a target", "zh": "{n} 人无目标"},
    "sales_tile_on_target_help": {
        "en": "{on} of the {known} reps with a target for the period reached it (revenue at or above the target); "
              "the team has {reps} reps, {without} of them without a target (no sales history yet, or not employed "
              "in the period).",
        "zh": "本期有目标的 {known} 名销售代表中，{on} 人达成目标（收入不低于目标）；团队共 {reps} 人，"
              "其中 {without} 人无目标（尚无销售记录或期间内不在职）。"},
    "sales_tile_baseline_flatters": {
        "en": "{n} of the {known} targets are baselines, not targets someone set: each rep's median month of the "
              "last 12, which a growing team beats by design. Attainment against a baseline is not attainment "
              "against a target: set targets below to judge against them.",
        "zh": "{known} 个目标中有 {n} 个是基线而非设定的目标：即每位代表近 12 个月的月收入中位数，"
              "增长中的团队本来就容易超过。相对基线的达成率不等于目标达成率：请在下方设定目标后再据此评判。"},
    "sales_tile_team_help": {"en": "The revenue of the reps with a target over the sum of their targets.",
                             "zh": "有目标的代表的收入之和除以其目标之和。"},
    "audit_event_sales_target_saved": {"en": "Sales target changed", "zh": "销售目标变更"},
}
