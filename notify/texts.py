"""Every sentence of the messages, in English and Simplified Chinese (``notify`` may not import ``dashboard``, so
its texts live here, one table like ``dashboard/core/texts``)."""

from __future__ import annotations

from reports.texts import phrase

TEXT: dict[str, dict[str, str]] = {
    "app": {"en": "CRM Scorecard", "zh": "CRM 计分卡"},
    "subject_alert": {"en": "{n} new alerts: {first}", "zh": "{n} 条新预警：{first}"},
    "subject_alert_one": {"en": "Alert: {first}", "zh": "预警：{first}"},
    "subject_digest_weekly": {"en": "Weekly scorecard digest {period}: {red} red KPIs",
                              "zh": "每周计分卡摘要 {period}：{red} 个红色指标"},
    "subject_digest_monthly": {"en": "Monthly scorecard digest {period}: {red} red KPIs",
                               "zh": "每月计分卡摘要 {period}：{red} 个红色指标"},
    "kind_kpi_red": {"en": "KPIs that turned red", "zh": "转为红色的指标"},
    "kind_forecast_risk": {"en": "Year targets at risk", "zh": "年度目标有落空风险"},
    "kind_checkin_due": {"en": "Check-in notes due", "zh": "待写的检查说明"},
    "kind_no_initiative": {"en": "Red KPIs without an active initiative", "zh": "没有进行中举措的红色指标"},
    "kind_refresh": {"en": "Data refresh problems", "zh": "数据刷新问题"},
    "line_kpi_red": {"en": "{name}: {value} against a target of {target} in {period} (was {previous})",
                     "zh": "{name}：{period} 为 {value}，目标 {target}（此前为{previous}）"},
    "line_kpi_red_first": {"en": "{name}: {value} against a target of {target} in {period}",
                           "zh": "{name}：{period} 为 {value}，目标 {target}"},
    "line_forecast": {"en": "{name}: {probability} chance of reaching the year target of {target} "
                            "(forecast {forecast}, 90% interval {low} to {high}; alert below {threshold})",
                      "zh": "{name}：达成年度目标 {target} 的概率为 {probability}（预测 {forecast}，90% 区间 {low} 至 "
                            "{high}；低于 {threshold} 时预警）"},
    "line_checkin_due": {"en": "{name}: the check-in note for {period} is due by {due_by}",
                         "zh": "{name}：{period} 的检查说明须在 {due_by} 前填写"},
    "line_checkin_overdue": {"en": "{name}: the check-in note for {period} is overdue (was due by {due_by})",
                             "zh": "{name}：{period} 的检查说明已逾期（应于 {due_by} 前填写）"},
    "line_no_initiative": {"en": "{name}: red in {period} and no active initiative works on it",
                           "zh": "{name}：{period} 为红色，且没有进行中的举措"},
    "line_refresh_step": {"en": "Step {step}: {status}. {reason}", "zh": "步骤 {step}：{status}。{reason}"},
    "line_refresh_store": {"en": "The data refresh failed: {reason}", "zh": "数据刷新失败：{reason}"},
    "status_red": {"en": "red", "zh": "红色"},
    "status_amber": {"en": "amber", "zh": "黄色"},
    "status_green": {"en": "green", "zh": "绿色"},
    "status_none": {"en": "not measured", "zh": "未计量"},
    "status_first": {"en": "not yet watched", "zh": "此前未监测"},
    "status_failed": {"en": "could not be computed", "zh": "无法计算"},
    "status_warned": {"en": "computed with a warning", "zh": "计算有警告"},
    "digest_intro": {"en": "The scorecard for {period} (data as of {as_of}): overall score {overall}; "
                           "{red} red, {amber} amber and {green} green KPIs.",
                     "zh": "{period} 计分卡（数据截至 {as_of}）：总分 {overall}；"
                           "红色指标 {red} 个、黄色 {amber} 个、绿色 {green} 个。"},
    "digest_red": {"en": "Red KPIs", "zh": "红色指标"},
    "digest_amber": {"en": "Amber KPIs", "zh": "黄色指标"},
    "digest_at_risk": {"en": "Not red, yet the year target is at risk", "zh": "尚非红色，但年度目标有落空风险"},
    "line_value_target": {"en": "{name}: {value} (target {target})", "zh": "{name}：{value}（目标 {target}）"},
    "line_chance": {"en": "{name}: {chance} chance of reaching the year target",
                    "zh": "{name}：达成年度目标的概率为 {chance}"},
    "digest_no_red": {"en": "No KPI is red.", "zh": "没有红色指标。"},
    "digest_no_data": {"en": "The analytical store holds no data yet: no scorecard to report.",
                       "zh": "分析库尚无数据：暂无计分卡可报告。"},
    "col_kpi": {"en": "KPI", "zh": "指标"},
    "col_value": {"en": "Value", "zh": "实际值"},
    "col_target": {"en": "Target", "zh": "目标"},
    "col_status": {"en": "Status", "zh": "状态"},
    "col_chance": {"en": "Chance for the year", "zh": "年度达成概率"},
    "pack_attached": {"en": "The board pack is attached (PDF).", "zh": "附件为董事会报告（PDF）。"},
    "pack_missing": {"en": "The board pack could not be attached this time.", "zh": "本次未能附上董事会报告。"},
    "open_app": {"en": "Open the scorecard", "zh": "打开计分卡"},
    "settings": {"en": "Change what you receive", "zh": "更改接收内容"},
    "unsubscribe": {"en": "Unsubscribe from these e-mails (one click)", "zh": "一键退订这些邮件"},
    "why": {"en": "You receive this as {email}.", "zh": "此邮件发送给 {email}。"},
    "unknown": {"en": "unknown", "zh": "未知"},
}


def t(key: str, lang: str, **values) -> str:
    """The text ``key`` of a message in ``lang`` (English for any other), with ``values`` filled in."""
    return phrase(TEXT, key, lang, **values)
