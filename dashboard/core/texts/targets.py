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
    "verdict_forecast_help": {
        "en": "The chance that the KPI's value for the whole year reaches its target: the share of 1,000 simulated "
              "paths of its forecast model (the months already past as they were) that reach it. On track from "
              "50%. 0% means no simulated path got there: the target is far beyond what the KPI's own history "
              "makes likely, which is often the case for a baseline target drawn from a good month.",
        "zh": "该指标全年数值达到目标的概率：按其预测模型模拟 1,000 条路径（已过去的月份取实际值），"
              "其中达到目标的路径所占比例。50% 及以上为有望达标。0% 表示没有任何模拟路径达到目标："
              "以该指标自身的历史看，目标远超可能达到的水平（基线目标取自表现好的月份时常见）。"},
    "scorecard_period_partial": {"en": "{period} ({first} – {last}, partial)",
                                 "zh": "{period}（{first}至{last}，不完整）"},
    "scorecard_period_partial_help": {
        "en": "The data ends inside this period: its values cover only those days and are compared with whole "
              "periods before it.",
        "zh": "数据截止于本期间内：本期数值只包含这些天，并与此前的完整期间相比。"},
}
