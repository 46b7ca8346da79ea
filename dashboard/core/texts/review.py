"""Texts of the operating rhythm: owners, check-ins, status history, My scorecard, scorecard settings
(``dashboard/review``)."""

TEXT: dict[str, dict[str, str]] = {
    "review_page_mine": {"en": "My scorecard", "zh": "我的计分卡"},
    "review_page_settings": {"en": "Scorecard settings", "zh": "计分卡设置"},
    # owners
    "review_col_owner": {"en": "Owner", "zh": "负责人"},
    "review_col_deputy": {"en": "Deputy", "zh": "代理人"},
    "review_col_kind": {"en": "Kind", "zh": "类型"},
    "review_col_item": {"en": "Objective or KPI", "zh": "目标或指标"},
    "review_col_perspective": {"en": "Perspective", "zh": "视角"},
    "review_kind_kpi": {"en": "KPI", "zh": "指标"},
    "review_kind_objective": {"en": "Objective", "zh": "目标"},
    "review_settings_intro": {
        "en": "Give each objective and KPI an owner who explains it in the monthly review, and a deputy who stands "
              "in. Owners and deputies write their KPIs' check-ins; executives and admins write any. Only active "
              "accounts can be chosen (add people on the Users page). Every change is recorded in the audit trail.",
        "zh": "为每个目标和指标指定一位负责人（在月度回顾中解释该指标）和一位代理人。负责人和代理人填写其指标的检查记"
              "录；"
              "高管和管理员可以填写任何指标。只能选择启用的账户（在“用户”页面添加）。每次更改都记入审计日志。"},
    "review_settings_save": {"en": "Save owners", "zh": "保存负责人"},
    "review_settings_saved": {"en": "Owners saved: {n} changed.", "zh": "负责人已保存：{n} 项更改。"},
    "review_settings_file": {"en": "Owners as a file", "zh": "以文件导入负责人"},
    "review_settings_file_help": {
        "en": "Download the template (every objective and KPI with its owners now), fill in the owner and deputy "
              "columns with account e-mails, and upload it. Rows left out keep their owners; a blank cell removes one.",
        "zh": "下载模板（包含所有目标和指标及其当前负责人），在 owner 和 deputy 列填写账户邮箱后上传。"
              "文件中未列出的行保持不变；空白单元格表示移除。"},
    "review_settings_template": {"en": "Download the owners template (CSV)", "zh": "下载负责人模板（CSV）"},
    "review_settings_upload": {"en": "Owners file (CSV or Excel)", "zh": "负责人文件（CSV 或 Excel）"},
    "review_settings_import": {"en": "Import owners", "zh": "导入负责人"},
    "review_err_not_allowed": {"en": "{value} may not set owners (executives and admins do).",
                               "zh": "{value} 无权设置负责人（由高管和管理员设置）。"},
    "review_err_file_too_large": {"en": "the file is larger than {value}.", "zh": "文件大于 {value}。"},
    "review_err_file_unreadable": {"en": "the file cannot be read as CSV or Excel.",
                                   "zh": "无法按 CSV 或 Excel 读取该文件。"},
    "review_err_file_columns": {"en": "the file lacks the columns {value}.", "zh": "文件缺少以下列：{value}。"},
    "review_owner_line": {"en": "Owner / deputy: {owner}", "zh": "负责人 / 代理人：{owner}"},
    "review_err_in_row": {"en": "Not saved. {item}: {problem}", "zh": "未保存。{item}：{problem}"},
    "review_err_unknown_item": {"en": "“{value}” is not an objective or KPI of the scorecard.",
                                "zh": "“{value}”不是计分卡中的目标或指标。"},
    "review_err_not_an_email": {"en": "“{value}” is not an e-mail address.", "zh": "“{value}”不是有效的电子邮件地址。"},
    "review_err_no_account": {"en": "{value} has no active account (add it on the Users page first).",
                              "zh": "{value} 没有启用的账户（请先在“用户”页面添加）。"},
    "review_err_deputy_is_owner": {"en": "the deputy must be someone other than the owner ({value}).",
                                   "zh": "代理人不能与负责人相同（{value}）。"},
    # check-ins
    "review_judged_on_track": {"en": "On track", "zh": "正常"},
    "review_judged_at_risk": {"en": "At risk", "zh": "有风险"},
    "review_judged_off_track": {"en": "Off track", "zh": "偏离"},
    "review_form_title": {"en": "**Check-in · {kpi} · {month}** (computed status: {status})",
                          "zh": "**检查记录 · {kpi} · {month}**（计算状态：{status}）"},
    "review_form_month": {"en": "Month of the check-in", "zh": "检查记录所属月份"},
    "review_form_status": {"en": "Your judgement", "zh": "您的判断"},
    "review_form_note": {"en": "Note: what happened, why, and what is being done", "zh": "说明：发生了什么、原因、正在"
                                                                                         "采取的措施"},
    "review_form_note_help": {"en": "Shown exactly as typed (no formatting). Earlier versions are kept.",
                              "zh": "按输入原样显示（不做格式渲染）。之前的版本都会保留。"},
    "review_form_drivers": {"en": "**Suggested drivers** (upstream KPIs whose link to this one is supported on your "
                                  "data): confirm or reject each as a cause",
                            "zh": "**建议的驱动因素**（与本指标的因果关系在贵公司数据上得到支持的上游指标）：逐一确认"
                                  "或否定其为原因"},
    "review_form_drivers_note": {
        "en": "Expected effect: the driver's move in the month that acts now, times the effect fitted on your data "
              "(95% interval). Association on your data, not proof of cause.",
        "zh": "预期影响：驱动指标在起作用月份的变动 × 在贵公司数据上拟合的效应（95% 区间）。这是数据中的关联，并非因果"
              "证明。"},
    "review_form_no_drivers": {"en": "No upstream KPI's link to this one is supported on the data yet: no driver to "
                                     "suggest.",
                               "zh": "目前尚无上游指标与本指标的关系在数据上得到支持：没有可建议的驱动因素。"},
    "review_driver": {"en": "{source} moved {change} in {month} (acts {lag} months later): expected {expected} on "
                            "{target} ({low} to {high}){verdict}",
                      "zh": "{source} 在 {month} 变动 {change}（{lag} 个月后起作用）：预计对 {target} 的影响为 "
                            "{expected}"
                            "（{low} 至 {high}）{verdict}"},
    "review_driver_unknown": {"en": "{source} (acts {lag} months later): its recent change is not known",
                              "zh": "{source}（{lag} 个月后起作用）：近期变动未知"},
    "review_driver_good": {"en": ", good for it", "zh": "，有利"},
    "review_driver_bad": {"en": ", bad for it", "zh": "，不利"},
    "review_driver_open": {"en": "Not judged", "zh": "未判断"},
    "review_driver_confirmed": {"en": "A cause", "zh": "是原因"},
    "review_driver_rejected": {"en": "Not a cause", "zh": "不是原因"},
    "review_form_newer": {"en": "Someone ({author}) saved a newer version since you opened this form. Saving keeps "
                                "both versions; yours becomes the latest.",
                          "zh": "自您打开此表单后，{author} 保存了更新的版本。保存后两个版本都会保留，您的版本为最新。"
                                ""},
    "review_form_save": {"en": "Save check-in", "zh": "保存检查记录"},
    "review_form_read_only": {"en": "Check-ins of this KPI are written by its owner, its deputy, executives and "
                                    "admins.",
                              "zh": "本指标的检查记录由其负责人、代理人、高管和管理员填写。"},
    "review_saved": {"en": "Check-in saved for {month} (version {version}).", "zh": "已保存 {month} 的检查记录（第 "
                                                                                    "{version} 版）。"},
    "review_err_not_yours": {"en": "You may not write this KPI's check-in: only its owner, deputy, an executive or an "
                                   "admin may ({value}).",
                             "zh": "您无权填写该指标的检查记录：仅限负责人、代理人、高管或管理员（{value}）。"},
    "review_err_future_period": {"en": "The month {value} has not begun: a check-in is for a month with data.",
                                 "zh": "{value} 月尚未开始：检查记录只能针对已有数据的月份。"},
    "review_err_unknown_status": {"en": "“{value}” is not a status (on track, at risk, off track).",
                                  "zh": "“{value}”不是有效状态（正常、有风险、偏离）。"},
    "review_err_note_too_long": {"en": "The note is longer than {value} characters.", "zh": "说明超过 {value} 个字符。"
                                                                                            ""},
    "review_err_unknown_verdict": {"en": "A driver's verdict is not one of “a cause” / “not a cause”.",
                                   "zh": "驱动因素的判断只能是“是原因”或“不是原因”。"},
    # history
    "review_history_title": {"en": "Status history and check-ins", "zh": "状态历史与检查记录"},
    "review_history_help": {
        "en": "Each month's computed status is judged against the targets in force at that month's end (rebuilt "
              "from the target change log), not today's. The second row shows the owner's judgement when a check-in "
              "was written. Whole company, by month.",
        "zh": "每个月的计算状态按该月月末有效的目标（根据目标变更记录重建）判定，而不是今天的目标。第二行是负责人填写"
              "检查记录时的判断。"
              "全公司口径，按月。"},
    "review_history_note": {"en": "Top row: computed status then (● on target, ◆ close, ▲ off target, ○ no value). "
                                  "Bottom row: the owner's judgement. Notes are ★ on the trend chart.",
                            "zh": "上行：当时的计算状态（● 达标，◆ 接近，▲ 未达标，○ 无数据）。下行：负责人的判断。说"
                                  "明在趋势图上以 ★ 标出。"},
    "review_row_computed": {"en": "Computed", "zh": "计算状态"},
    "review_row_judged": {"en": "Owner", "zh": "负责人判断"},
    "review_note_marker": {"en": "Check-in note", "zh": "检查说明"},
    "review_no_checkins": {"en": "No check-in written for this KPI yet.", "zh": "该指标尚无检查记录。"},
    "review_versions": {"en": "{n} versions of the {month} check-in", "zh": "{month} 检查记录的 {n} 个版本"},
    "review_parallel": {"en": "written at the same time as another", "zh": "与另一版本同时写入"},
    "review_col_month": {"en": "Month", "zh": "月份"},
    "review_col_computed": {"en": "Computed then", "zh": "当时计算状态"},
    "review_col_judged": {"en": "Owner's judgement", "zh": "负责人判断"},
    "review_col_note_text": {"en": "Note", "zh": "说明"},
    "review_col_drivers": {"en": "Drivers judged", "zh": "已判断的驱动因素"},
    "review_col_author": {"en": "Written by", "zh": "填写人"},
    "review_col_written": {"en": "Written (UTC)", "zh": "填写时间（UTC）"},
    "review_col_version": {"en": "Version", "zh": "版本"},
    "review_col_parallel": {"en": "Concurrent", "zh": "并发"},
    # notes due
    "review_col_note": {"en": "Note", "zh": "说明"},
    "review_note_due": {"en": "Note due", "zh": "待写说明"},
    "review_note_overdue": {"en": "Note overdue", "zh": "说明逾期"},
    "review_note_written": {"en": "Note written", "zh": "已写说明"},
    "review_col_why": {"en": "Why", "zh": "原因"},
    "review_col_due_by": {"en": "Due by", "zh": "截止日期"},
    "review_why_red": {"en": "off target", "zh": "未达标"},
    "review_why_forecast": {"en": "year target unlikely ({p})", "zh": "年度目标难以达成（{p}）"},
    "review_due_rule": {
        "en": "A note is due when a KPI is off target (red) for the month, or the year forecast gives it less than an "
              "even chance of reaching the year target; it is overdue {days} days after the month ends.",
        "zh": "当指标在该月未达标（红色），或年度预测达成年度目标的概率低于一半时，需要填写说明；月末后 {days} 天仍未"
              "填写即为逾期。"},
    # my scorecard
    "review_mine_month": {"en": "Month under review: {month} · signed in as {email}",
                          "zh": "回顾月份：{month} · 当前账户 {email}"},
    "review_mine_kpis": {"en": "My KPIs ({n})", "zh": "我的指标（{n}）"},
    "review_mine_objectives": {"en": "My objectives ({n})", "zh": "我的目标（{n}）"},
    "review_mine_objective_names": {"en": "Objectives: {names}", "zh": "目标：{names}"},
    "review_col_role": {"en": "As", "zh": "身份"},
    "review_as_owner": {"en": "Owner", "zh": "负责人"},
    "review_as_deputy": {"en": "Deputy", "zh": "代理人"},
    "review_mine_due": {"en": "Check-ins to write ({n})", "zh": "待填写的检查记录（{n}）"},
    "review_mine_nothing_due": {"en": "Nothing due for {month}.", "zh": "{month} 没有待填写的说明。"},
    "review_mine_write": {"en": "Write the note for", "zh": "填写说明："},
    "review_mine_none": {"en": "You own no objective or KPI yet. An executive or an admin sets owners on the "
                               "Scorecard settings page.",
                         "zh": "您尚未负责任何目标或指标。高管或管理员可在“计分卡设置”页面指定负责人。"},
    "review_mine_initiatives": {"en": "My initiatives", "zh": "我的改进举措"},
    "review_mine_no_initiatives": {"en": "You own no initiative.", "zh": "您没有负责的改进举措。"},
    "review_init_name": {"en": "Initiative", "zh": "举措"},
    "review_init_status": {"en": "Status", "zh": "状态"},
    "review_init_percent_complete": {"en": "% complete", "zh": "完成度 %"},
    "review_init_start_on": {"en": "Start", "zh": "开始"},
    "review_init_end_on": {"en": "End", "zh": "结束"},
}
