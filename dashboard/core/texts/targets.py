"""Texts of the targets and weights editor, the scorecard's baseline targets and its partial periods."""

TEXT: dict[str, dict[str, str]] = {
    "page_targets": {"en": "Targets and weights", "zh": "目标与权重"},
    "targets_intro": {"en": "Per KPI: the target, where its score starts (baseline), the amber band (a share of "
                            "the distance from baseline to target) and its weight in its objective; per objective "
                            "its weight in its perspective. Saved changes are used by the scorecard at once.",
                      "zh": "每个指标：目标值、得分起点（基线）、黄色区间（基线到目标距离的比例）"
                            "以及在所属目标中的权重；每个战略目标：在所属层面中的权重。保存后计分卡立即使用。"},
    "targets_better": {"en": "Better when", "zh": "越…越好"},
    "targets_better_higher": {"en": "higher", "zh": "越高越好"},
    "targets_better_lower": {"en": "lower", "zh": "越低越好"},
    "targets_baseline": {"en": "Baseline", "zh": "基线"},
    "targets_band": {"en": "Amber band", "zh": "黄色区间"},
    "targets_weight": {"en": "Weight", "zh": "权重"},
    "targets_weight_negative": {"en": "a weight cannot be negative", "zh": "权重不能为负数"},
    "targets_band_range": {"en": "the amber band is a percentage between 0 and 100",
                           "zh": "黄色区间须在 0 到 100% 之间"},
    "targets_share_range": {"en": "a share lies between 0% and 100%: type 20 for 20%",
                            "zh": "占比须在 0% 到 100% 之间：20% 请输入 20"},
    "targets_unit": {"en": "Unit", "zh": "单位"},
    "targets_band_pct": {"en": "Amber band (%)", "zh": "黄色区间（%）"},
    "targets_units_help": {
        "en": "Type every number in the unit shown beside it, as the scorecard shows it: 20 for 20%, money in the "
              "company's currency, hours and days as such. The amber band is the percentage of the distance from "
              "baseline to target a KPI may fall short by and stay amber.",
        "zh": "按每行所示单位输入数值，与计分卡显示一致：20% 请输入 20，金额以公司币种计，小时和天数照常输入。"
              "黄色区间为基线到目标距离的百分比，指标差距在此范围内为黄色。"},
    "targets_preview_period": {"en": "The preview scores {period}, the latest complete month, for the whole company.",
                               "zh": "预览按全公司最近一个完整月份 {period} 计分。"},
    "targets_target_below_baseline": {"en": "higher is better, so the target must not be below the baseline",
                                      "zh": "该指标越高越好，目标不能低于基线"},
    "targets_target_above_baseline": {"en": "lower is better, so the target must not be above the baseline",
                                      "zh": "该指标越低越好，目标不能高于基线"},
    "targets_missing_number": {"en": "every field needs a number", "zh": "每个字段都需要数字"},
    "targets_overall_before": {"en": "Overall score now", "zh": "当前总分"},
    "targets_overall_after": {"en": "Overall score with these targets and weights", "zh": "按新目标与权重的总分"},
    "targets_save": {"en": "Save", "zh": "保存"},
    "targets_saved": {"en": "Saved {count} changes as {who}.", "zh": "已由 {who} 保存 {count} 处修改。"},
    "targets_kpis": {"en": "KPIs: targets, bands and weights in their objective",
                     "zh": "指标：目标、黄色区间与在目标中的权重"},
    "targets_objectives": {"en": "Objectives: weight in their perspective", "zh": "战略目标：在层面中的权重"},
    "targets_objectives_help": {"en": "An objective nobody has weighted weighs the sum of its measured KPIs' weights.",
                                "zh": "未设置权重的战略目标，按其已计量指标的权重之和计。"},
    "targets_objective": {"en": "Objective", "zh": "战略目标"},
    "targets_perspective": {"en": "Perspective", "zh": "层面"},
    "targets_refreshing": {"en": "Applying the new targets to the scorecard…", "zh": "正在将新目标应用到计分卡…"},
    "targets_unreachable": {"en": "The database at {url} cannot be reached: nothing was saved. Try again when it "
                                  "is back.", "zh": "无法连接数据库 {url}：未保存任何修改。请在数据库恢复后重试。"},
    "targets_nothing_changed": {"en": "Nothing changed.", "zh": "没有修改。"},
    "targets_read_only": {"en": "Your role may read targets but not change them.",
                          "zh": "您的角色可以查看目标，但不能修改。"},
    "targets_source": {"en": "Source", "zh": "来源"},
    "targets_basis": {"en": "Baseline from", "zh": "基线依据"},
    "targets_source_set": {"en": "set", "zh": "已设定"},
    "targets_source_baseline": {"en": "baseline", "zh": "基线"},
    "targets_baseline_rule": {
        "en": "A KPI nobody has set a target for is judged against a **baseline** drawn from the company's own "
              "history at the latest complete month: for KPIs to grow (revenue, margin, new customers...) the same "
              "month a year before, for the others the median of the last 12 months (of what there is, with less "
              "history); its score starts at the worst of those months. Edit a baseline row, or adopt them all, to "
              "make them targets of your own.",
        "zh": "未设定目标的指标，按公司自身历史（最近一个完整月份）生成**基线**目标："
              "需要增长的指标（收入、毛利、新客户等）取上年同月的数值，"
              "其他指标取近 12 个月的中位数（历史不足时取已有月份）；得分从这些月份中最差的数值起算。"
              "修改基线行或一键采用全部基线，即成为您自己设定的目标。"},
    "targets_adopt_all": {"en": "Adopt every baseline as a target", "zh": "将全部基线采用为目标"},
    "targets_no_data": {"en": "No KPI has a target or a baseline yet: baselines appear once the data holds a "
                              "complete month.", "zh": "尚无任何指标有目标或基线：数据包含完整月份后将生成基线。"},
    "targets_baseline_note": {"en": "{count} of {total} targets are baselines drawn from the company's own history, "
                                    "not set by anyone yet.",
                              "zh": "{total} 个目标中有 {count} 个是按公司自身历史生成的基线，尚未有人设定。"},
    "targets_baseline_link": {"en": "Set targets", "zh": "设定目标"},
    "targets_baseline_marker": {"en": "{value} (baseline)", "zh": "{value}（基线）"},
    # targets under a filter (metrics.scorecard.segment_targets)
    "targets_derived_marker": {"en": "{value} (derived)", "zh": "{value}（按占比推算）"},
    "targets_segment_marker": {"en": "{value} (own target)", "zh": "{value}（专属目标）"},
    "targets_derived_note": {
        "en": "Under the filter, the targets of {kpis} are derived from the company target: the company target x "
              "the filtered customers' share of each over the 12 months to {month} ({shares}). Rates and ratios "
              "keep the company target.",
        "zh": "筛选条件下，{kpis} 的目标按公司目标推算：公司目标 x 所选客户在截至 {month} 的 12 个月中的占比"
              "（{shares}）。比率类指标沿用公司目标。"},
    # the verdict on the first screen (metrics.scorecard.verdict)
    "verdict_line": {
        "en": "**{score} / 100, {band}** (on target from {green}, close from {amber}): {on} KPIs on target, {close} "
              "close, {off} off target{unjudged}.",
        "zh": "**{score} / 100，{band}**（{green} 分及以上为达标，{amber} 分及以上为接近）："
              "{on} 个指标达标，{close} 个接近，{off} 个未达标{unjudged}。"},
    "verdict_unjudged": {"en": ", {count} without a value", "zh": "，{count} 个无数据"},
    "verdict_no_score": {"en": "No score: no KPI has both a value and a target.",
                         "zh": "无得分：没有指标同时具备数值和目标。"},
    "verdict_coverage": {"en": "{perspective} score from {n} of {total} KPIs",
                         "zh": "{perspective}得分基于 {total} 个指标中的 {n} 个"},
    "verdict_coverage_why": {"en": "the others have no value or no target under these filters.",
                             "zh": "其余指标在当前筛选下没有数值或目标。"},
    "verdict_map_status": {"en": "Objective status (box)", "zh": "战略目标状态（方框）"},
    "verdict_map_evidence": {"en": "Link evidence (arrow)", "zh": "链接证据（箭头）"},
    "verdict_change_help": {
        "en": "Green when the change moves the KPI the way it should go (up for revenue, down for churn), "
              "red-orange when it moves the other way, grey when unchanged.",
        "zh": "变化方向符合指标期望（如收入上升、流失率下降）时为绿色，相反时为橙红色，无变化时为灰色。"},
    "verdict_score_tile_help": {
        "en": "{band}, by the same rule as the verdict line below and the objectives' boxes on the map: on target "
              "from {green}, close from {amber}, off target below. The change since the previous period is green "
              "when the score rose.",
        "zh": "{band}，与下方结论行和战略地图方框相同的规则：{green} 分及以上为达标，{amber} 分及以上为接近，"
              "低于此为未达标。与上期相比的变化，得分上升时为绿色。"},
    "verdict_tile_legend": {
        "en": "Each tile carries two rules. The mark before the name is the KPI's status against its target, as in "
              "the scorecard table: ● on target, ◆ close, ▲ off target, ○ no value. The colour of the change and of "
              "the line is its direction: green when it moves the way the KPI should go (up for revenue, down for "
              "churn), red-orange the other way, grey when the change and the 12-period trend disagree or are flat. "
              "So a KPI off target can be improving (▲ with green), and one on target slipping (● with red).",
        "zh": "每个卡片有两条规则。名称前的标记是该指标相对目标的状态，与计分卡表格一致：● 达标，◆ 接近，▲ 未达标，"
              "○ 无数据。变化值和折线的颜色表示方向：朝指标期望的方向变化（收入上升、流失率下降）为绿色，相反为橙红色，"
              "本期变化与近 12 期趋势不一致或持平时为灰色。因此未达标的指标可能正在改善（▲ 配绿色），"
              "达标的指标也可能在下滑（● 配红色）。"},
    "verdict_forecast_help": {
        "en": "The chance that the KPI's value for the whole year reaches its year target: the share of 1,000 "
              "simulated paths of its forecast model (the months already past as they were) that reach it. "
              "\"likely\" from 50%, \"at risk\" from 10%, \"unlikely\" below 10%. \"unlikely: 0% chance\" means "
              "no simulated path got there: the target is far beyond what the KPI's own history makes likely, which "
              "is often the case for a baseline target drawn from a good month. Checked against outcomes: of the "
              "forecasts that said under 10%, under 1% reached their target (make bench, forecast_calibration).",
        "zh": "该指标全年数值达到全年目标的概率：按其预测模型模拟 1,000 条路径（已过去的月份取实际值），"
              "其中达到目标的路径所占比例。50% 及以上为“很可能达标”，10% 至 50% 为“有风险”，低于 10% 为“难以达标”。"
              "“难以达标（概率 0%）”表示没有任何模拟路径达到目标：以该指标自身的历史看，目标远超可能达到的水平"
              "（基线目标取自表现好的月份时常见）。已用实际结果检验：预测概率低于 10% 的目标，实际达成的不到 1%"
              "（make bench 的 forecast_calibration）。"},
    "scorecard_period_partial": {"en": "{period} ({first} – {last}, partial)",
                                 "zh": "{period}（{first}至{last}，不完整）"},
    "scorecard_period_partial_help": {
        "en": "The data ends inside this period: its values cover only those days and are compared with whole "
              "periods before it.",
        "zh": "数据截止于本期间内：本期数值只包含这些天，并与此前的完整期间相比。"},
    # targets per region and month (dashboard.admin.segment_targets)
    "targets_seg_title": {"en": "Targets per region and month", "zh": "按大区和月份的目标"},
    "targets_seg_help": {
        "en": "A KPI's monthly target for one region (channel, industry, customer manager), for one month or, month "
              "left blank, every month; under Company, the company's own target for a month (phasing). Typed in the "
              "units above (20 is 20%). When the scorecard is filtered to that one member, it uses the month's row "
              "first, then the every-month row, then the target derived from the company's (its share of the KPI); "
              "the target column says which. Month rows count for a month; a quarter or a year uses the every-month "
              "rows. Delete a row (or clear its target) to go back to the derived target.",
        "zh": "为某一大区（渠道、行业、客户经理）设定指标的月度目标：填写月份则只用于该月，月份留空则用于每个月；"
              "在“公司”下可按月份设定公司自身的目标（分月目标）。按上表的单位填写（20 表示 20%）。"
              "计分卡筛选到该成员时，先用该月的目标，其次用每月通用的目标，最后用按公司目标推算的目标"
              "（按该成员在指标中的占比）；目标列会注明来源。按月的目标只用于月度视图，季度和年度使用每月通用的目标。"
              "删除某行（或清空其目标）即恢复为推算目标。"},
    "targets_seg_dimension": {"en": "Targets for", "zh": "目标对象"},
    "targets_seg_dim_company": {"en": "Company (by month)", "zh": "公司（按月）"},
    "targets_seg_dim_region": {"en": "Regions", "zh": "大区"},
    "targets_seg_dim_channel": {"en": "Channels", "zh": "渠道"},
    "targets_seg_dim_industry": {"en": "Industries", "zh": "行业"},
    "targets_seg_dim_manager": {"en": "Customer managers", "zh": "客户经理"},
    "targets_seg_company_all": {"en": "Whole company", "zh": "全公司"},
    "targets_seg_member": {"en": "For", "zh": "对象"},
    "targets_seg_month": {"en": "Month", "zh": "月份"},
    "targets_seg_month_help": {"en": "The month as 2026-03; blank: every month without a row of its own.",
                               "zh": "月份，格式如 2026-03；留空：用于没有单独目标的每个月。"},
    "targets_seg_baseline_help": {"en": "Where the score starts; blank: the company's baseline, scaled by the "
                                        "member's share.",
                                  "zh": "得分起点；留空：按该成员占比折算的公司基线。"},
    "targets_seg_row": {"en": "Row {row}", "zh": "第 {row} 行"},
    "targets_seg_line": {"en": "Line {line}", "zh": "第 {line} 行"},
    "targets_seg_problem": {"en": "{where}: {what} ({value})", "zh": "{where}：{what}（{value}）"},
    "targets_seg_unknown_kpi": {"en": "no KPI has this id", "zh": "没有此编号的指标"},
    "targets_seg_unknown_dimension": {"en": "the dimension must be company, region, channel, industry or manager",
                                      "zh": "维度必须是 company、region、channel、industry 或 manager"},
    "targets_seg_unknown_member": {"en": "not a member of this dimension in the data",
                                   "zh": "数据中没有该维度的这一成员"},
    "targets_seg_not_a_month": {"en": "the month must read like 2026-03, or be blank",
                                "zh": "月份格式应为 2026-03，或留空"},
    "targets_seg_not_a_number": {"en": "the target and baseline must be numbers", "zh": "目标和基线必须是数字"},
    "targets_seg_share_range": {"en": "a share must lie within 0% and 100%", "zh": "占比必须在 0% 到 100% 之间"},
    "targets_seg_repeated": {"en": "the same KPI, member and month appear twice",
                             "zh": "同一指标、对象和月份出现了两次"},
    "targets_seg_import": {"en": "Import a targets file", "zh": "导入目标文件"},
    "targets_seg_import_help": {
        "en": "CSV or Excel, at most {mb} MB, with the columns kpi_id, dimension (company, region, channel, "
              "industry, manager), member (the region's name or the manager's employee no.; blank for company), "
              "month (2026-03, blank for every month), target and baseline (optional), in the units above (20 is "
              "20%). Rows are added or updated; a blank target deletes the row. The upload box's own words "
              "(\"Drag and drop\", its size limit) are Streamlit's and stay in English.",
        "zh": "CSV 或 Excel 文件，最大 {mb} MB，列为 kpi_id、dimension（company、region、channel、industry、manager）、"
              "member（大区名称或客户经理的员工编号；公司留空）、month（如 2026-03，留空表示每月）、target 和 baseline"
              "（可选），按上表的单位填写（20 表示 20%）。已有的行将被更新，新行将被添加；目标留空即删除该行。"
              "上传框自身的文字（“Drag and drop”及其大小限制）由 Streamlit 提供，只能显示英文。"},
    "targets_seg_template": {"en": "Download a template", "zh": "下载模板"},
    "targets_seg_missing_columns": {"en": "The file lacks the columns {columns}.", "zh": "文件缺少以下列：{columns}。"},
    "targets_seg_file_empty": {"en": "The file holds no rows.", "zh": "文件中没有数据行。"},
    "targets_seg_more_problems": {"en": "…and {count} more rows with problems.", "zh": "……另有 {count} 行有问题。"},
    "targets_seg_import_rows": {"en": "{count} rows read.", "zh": "已读取 {count} 行。"},
    "targets_seg_import_button": {"en": "Import these targets", "zh": "导入这些目标"},
    "targets_segment_month_marker": {"en": "{value} (own target for the month)", "zh": "{value}（该月专属目标）"},
    "targets_month_marker": {"en": "{value} (the month's target)", "zh": "{value}（本月目标）"},
    "audit_event_segment_target_saved": {"en": "Target per region or month changed", "zh": "修改按大区或月份的目标"},
}
