"""Texts of the targets and weights editor."""

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
}
