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
    "targets_band_range": {"en": "the amber band is a share between 0 and 1", "zh": "黄色区间须在 0 到 1 之间"},
    "targets_target_below_baseline": {"en": "higher is better, so the target must not be below the baseline",
                                      "zh": "该指标越高越好，目标不能低于基线"},
    "targets_target_above_baseline": {"en": "lower is better, so the target must not be above the baseline",
                                      "zh": "该指标越低越好，目标不能高于基线"},
    "targets_missing_number": {"en": "every field needs a number", "zh": "每个字段都需要数字"},
    "targets_overall_before": {"en": "Overall score now", "zh": "当前总分"},
    "targets_overall_after": {"en": "Overall score with these weights", "zh": "按新权重的总分"},
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
    "scorecard_period_partial": {"en": "{period} ({first} – {last}, partial)",
                                 "zh": "{period}（{first}至{last}，不完整）"},
    "scorecard_period_partial_help": {
        "en": "The data ends inside this period: its values cover only those days and are compared with whole "
              "periods before it.",
        "zh": "数据截止于本期间内：本期数值只包含这些天，并与此前的完整期间相比。"},
}
