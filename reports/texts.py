"""Every heading and phrase of the board pack and the exports, in both languages (``key -> {"en", "zh"}``).

Reports are made outside a page run (a download's click, the command line, a digest), so they keep their own table
rather than the dashboard's; KPI and objective names come from the catalogue, numbers from
``metrics.base.format``."""

TEXT: dict[str, dict[str, str]] = {
    "app_title": {"en": "CRM Scorecard", "zh": "CRM 平衡计分卡"},
    "pack_title": {"en": "Board pack", "zh": "董事会报告"},
    "period": {"en": "Period", "zh": "期间"},
    "filters": {"en": "Filters", "zh": "筛选条件"},
    "filters_none": {"en": "whole company", "zh": "全公司"},
    "as_of": {"en": "Data as of", "zh": "数据截至"},
    "made_at": {"en": "Made", "zh": "生成时间"},
    "currency": {"en": "Currency", "zh": "币种"},
    "region": {"en": "Region", "zh": "区域"},
    "channel": {"en": "Channel", "zh": "渠道"},
    "industry": {"en": "Industry", "zh": "行业"},
    "manager": {"en": "Customer manager", "zh": "客户经理"},
    "contents": {"en": "Contents", "zh": "目录"},
    "scores": {"en": "The five scores", "zh": "五项得分"},
    "overall_score": {"en": "Overall score", "zh": "综合得分"},
    "score_change": {"en": "{change} vs previous period", "zh": "较上期 {change}"},
    "verdict": {"en": "{on} KPIs on target, {close} close, {off} off target, {none} without a value.",
                "zh": "达标 {on} 个、接近 {close} 个、未达标 {off} 个、无数据 {none} 个指标。"},
    "strategy_map": {"en": "Strategy map", "zh": "战略地图"},
    "strategy_map_note": {"en": "Each objective coloured by its KPIs' statuses; arrows: cause and effect.",
                          "zh": "各目标按其指标状态着色；箭头表示因果关系。"},
    "scorecard": {"en": "Scorecard", "zh": "计分卡"},
    "perspective": {"en": "Perspective", "zh": "视角"},
    "kpi": {"en": "KPI", "zh": "指标"},
    "value": {"en": "Value", "zh": "实际值"},
    "target": {"en": "Target", "zh": "目标"},
    "status": {"en": "Status", "zh": "状态"},
    "score": {"en": "Score", "zh": "得分"},
    "unit": {"en": "Unit", "zh": "单位"},
    "delta_prev": {"en": "vs previous", "zh": "较上期"},
    "delta_year": {"en": "vs a year before", "zh": "较去年同期"},
    "forecast_col": {"en": "Forecast (year)", "zh": "全年预测"},
    "status_green": {"en": "On target", "zh": "达标"},
    "status_amber": {"en": "Close", "zh": "接近"},
    "status_red": {"en": "Off target", "zh": "未达标"},
    "status_none": {"en": "No value", "zh": "无数据"},
    "flag_on_track": {"en": "on track", "zh": "有望达标"},
    "flag_at_risk": {"en": "at risk", "zh": "存在风险"},
    "flag_none": {"en": "no target", "zh": "无目标"},
    "flag_reached": {"en": "reached", "zh": "已达标"},
    "flag_missed": {"en": "not reached", "zh": "未达标"},
    "flag_not_estimable": {"en": "not estimable", "zh": "无法估计"},
    "baseline_marker": {"en": "{value} (baseline)", "zh": "{value}（基线）"},
    "attention": {"en": "KPIs needing attention", "zh": "需要关注的指标"},
    "attention_none": {"en": "No KPI is off target or at risk of missing its year target.",
                       "zh": "没有未达标或全年目标存在风险的指标。"},
    "attention_why_red": {"en": "off target this period", "zh": "本期未达标"},
    "attention_why_risk": {"en": "at risk of missing the year target", "zh": "全年目标存在风险"},
    "trend_title": {"en": "Trend against target", "zh": "趋势与目标"},
    "legend_actual": {"en": "actual", "zh": "实际"},
    "legend_target": {"en": "target", "zh": "目标"},
    "legend_forecast": {"en": "forecast (90% band)", "zh": "预测（90% 区间）"},
    "forecast_line": {"en": "Year forecast: {value} (90%: {low} to {high}); chance of reaching the target {target}: "
                            "{probability}, {flag}.",
                      "zh": "全年预测：{value}（90% 区间：{low} 至 {high}）；达到目标 {target} 的概率：{probability}，"
                            "{flag}。"},
    "forecast_known": {"en": "Year: {value} (complete); target {target}: {flag}.",
                       "zh": "全年：{value}（已完整）；目标 {target}：{flag}。"},
    "forecast_missing": {"en": "Year forecast: not available.", "zh": "全年预测：暂无。"},
    "forecast_filtered": {"en": "Year forecast: made for the whole company only, not under filters.",
                          "zh": "全年预测：仅针对全公司，不适用于筛选条件。"},
    "owner": {"en": "Owner", "zh": "负责人"},
    "deputy": {"en": "Deputy", "zh": "副负责人"},
    "nobody": {"en": "nobody named", "zh": "未指定"},
    "note": {"en": "Check-in note", "zh": "复盘说明"},
    "note_none": {"en": "No check-in for this period.", "zh": "本期暂无复盘。"},
    "note_status": {"en": "Owner's judgement: {status}", "zh": "负责人判断：{status}"},
    "judgement_on_track": {"en": "on track", "zh": "进展正常"},
    "judgement_at_risk": {"en": "at risk", "zh": "存在风险"},
    "judgement_off_track": {"en": "off track", "zh": "偏离目标"},
    "definition": {"en": "Definition", "zh": "定义"},
    "initiatives": {"en": "Initiatives", "zh": "行动计划"},
    "initiatives_none": {"en": "No initiatives recorded yet.", "zh": "尚未记录行动计划。"},
    "initiative_name": {"en": "Initiative", "zh": "行动计划"},
    "initiative_kpis": {"en": "KPIs", "zh": "指标"},
    "initiative_status": {"en": "Status", "zh": "状态"},
    "initiative_due": {"en": "Ends", "zh": "结束日期"},
    "initiative_done": {"en": "Complete", "zh": "完成度"},
    "initiative_planned": {"en": "planned", "zh": "计划中"},
    "initiative_active": {"en": "active", "zh": "进行中"},
    "initiative_on_hold": {"en": "on hold", "zh": "暂停"},
    "initiative_done_status": {"en": "done", "zh": "已完成"},
    "initiatives_on_kpi": {"en": "Initiatives on this KPI: {names}", "zh": "针对该指标的行动计划：{names}"},
    "initiatives_on_kpi_none": {"en": "No initiative planned or running on this KPI.",
                                "zh": "该指标暂无计划中或进行中的行动计划。"},
    "page_of": {"en": "Page {page}", "zh": "第 {page} 页"},
    "not_measured": {"en": "not measured", "zh": "未计量"},
    # exports (Excel, CSV)
    "sheet_scorecard": {"en": "Scorecard", "zh": "计分卡"},
    "sheet_data": {"en": "Data", "zh": "数据"},
    "export_title": {"en": "CRM Scorecard export", "zh": "CRM 平衡计分卡导出"},
    "export_points": {"en": "Changes of percentages are in percentage points.",
                      "zh": "百分比指标的变化以百分点表示。"},
    "chance_col": {"en": "Chance of reaching the year target", "zh": "全年达标概率"},
    "change_unit": {"en": "Unit of changes", "zh": "变化单位"},
    "unit_count": {"en": "count", "zh": "个"},
    "unit_score": {"en": "score", "zh": "分"},
    "unit_ratio": {"en": "ratio", "zh": "比率"},
}


def phrase(table: dict[str, dict[str, str]], key: str, lang: str, **values) -> str:
    """``table[key]`` in ``lang`` (``en`` for any language but ``zh``), with ``values`` filled in: the texts of
    documents made outside a page run (the board pack, exports, notification messages)."""
    found = table[key]["zh" if lang == "zh" else "en"]
    return found.format(**values) if values else found


def text(key: str, lang: str, **values) -> str:
    """The phrase ``key`` of the board pack and exports in ``lang``."""
    return phrase(TEXT, key, lang, **values)


def labelled(key: str, lang: str, value: object) -> str:
    """"Owner: Ann" / "负责人：Ann": a label and its value, with the colon of the language."""
    return f"{text(key, lang)}{'：' if lang == 'zh' else ': '}{value}"
