"""Texts of the Strategy links, forecasts and what-if (issue 11)."""

TEXT: dict[str, dict[str, str]] = {
    "page_links": {"en": "Strategy links", "zh": "战略因果检验"},
    "links_intro": {
        "en": "Each arrow of the strategy map says that improving one objective improves the next. Here every "
              "arrow is measured on the company's own monthly data: how much the target KPI moved with the source "
              "KPI some months earlier. This is association measured on the company's data, not proof of cause: "
              "something else may move both.",
        "zh": "战略地图上的每个箭头都表示改善一个目标会带动下一个目标。"
              "这里用公司自己的月度数据逐一检验：目标指标随若干个月前的来源指标变化了多少。这是在公司数据上测得的相关关系，并非因果证明：也可能是其他因素同时推动了两者。"},
    "links_none": {"en": "The link tests have not been computed for this data yet: refresh the analytical store.",
                   "zh": "尚未对当前数据计算因果检验：请刷新分析库。"},
    "links_table": {"en": "Every link, measured", "zh": "逐条检验结果"},
    "link_col_link": {"en": "Link", "zh": "因果链接"},
    "link_col_pair": {"en": "KPIs (source → target)", "zh": "指标（来源 → 目标）"},
    "link_col_method": {"en": "Method", "zh": "方法"},
    "link_col_lag": {"en": "Lag (months)", "zh": "滞后（月）"},
    "link_col_effect": {"en": "Effect", "zh": "效应"},
    "link_col_interval": {"en": "95% interval", "zh": "95% 区间"},
    "link_col_p": {"en": "p", "zh": "p 值"},
    "link_col_q": {"en": "q (BH)", "zh": "q 值（BH）"},
    "link_col_n": {"en": "n", "zh": "样本数"},
    "link_col_r2": {"en": "R²", "zh": "R²"},
    "link_col_evidence": {"en": "Evidence", "zh": "证据"},
    "link_col_note": {"en": "Note", "zh": "说明"},
    "method_time_series": {"en": "Monthly series", "zh": "月度时间序列"},
    "method_panel_region": {"en": "Regions x months", "zh": "区域 x 月份面板"},
    "evidence_supported": {"en": "Supported", "zh": "有证据支持"},
    "evidence_not_shown": {"en": "Not shown", "zh": "尚无证据"},
    "evidence_contradicted": {"en": "Contradicted", "zh": "方向相反"},
    "evidence_not_enough_data": {"en": "Not enough data", "zh": "数据不足"},
    "links_evidence_help": {
        "en": "Supported: q < 0.05 with the sign the map expects. Contradicted: q < 0.05 with the opposite sign. "
              "Not shown: measured, but no clearer than chance. Not enough data: too few months to measure. "
              "q is the p-value adjusted for testing every link at once (Benjamini-Hochberg).",
        "zh": "有证据支持：q < 0.05 且方向与战略地图一致。方向相反：q < 0.05 但方向相反。"
              "尚无证据：已测量，但不比偶然更明显。数据不足：月份太少，无法测量。"
              "q 值是对同时检验所有链接进行校正后的 p 值（Benjamini-Hochberg）。"},
    "link_note_not_enough": {"en": "Too few months with both KPIs to measure.",
                             "zh": "两个指标同时有值的月份太少，无法测量。"},
    "link_left_out_history": {
        "en": "The first {months} months are left out (fit from {first}): the KPI looks back over history the "
              "data does not have yet (in the data's first year every customer is new).",
        "zh": "前 {months} 个月未纳入（自 {first} 起拟合）：该指标需回看数据尚未覆盖的历史"
              "（数据首年内所有客户都是新客户）。"},
    "link_left_out_inputs": {
        "en": "The first {months} months are left out (fit from {first}): the KPI's inputs were not recorded yet.",
        "zh": "前 {months} 个月未纳入（自 {first} 起拟合）：该指标的输入数据尚未记录。"},
    "links_windows_note": {
        "en": "Months where a KPI cannot speak are left out of its fits: the first year of data for KPIs defined "
              "over a year of history (every customer is new then), and the months before a KPI's inputs exist. "
              "The Note column says which.",
        "zh": "指标无法反映业务的月份不纳入拟合：需回看一年历史的指标在数据首年（此时所有客户都是新客户）"
              "以及指标输入数据出现之前的月份。“说明”列列出具体情况。"},
    "links_method_note": {
        "en": "Each fit keeps the target's own past and a trend, searches lags of 0 to 6 months, and judges the "
              "result against 999 made-up source series with the same persistence but no link, the lag search "
              "included: independent persistent series are called linked about 5% of the time, as p < 0.05 "
              "promises.",
        "zh": "每次拟合都保留目标指标自身的过去值和趋势，搜索 0 至 6 个月的滞后，并把结果与 999 条持续性相同但"
              "与目标无关的模拟来源序列（含滞后搜索）比较：相互独立的持续序列约有 5% 被判为相关，"
              "与 p < 0.05 的承诺一致。"},
    "link_choose": {"en": "Look at one link", "zh": "查看一条链接"},
    "link_series_title": {"en": "The two series, the source shifted by the lag", "zh": "两条序列（来源按滞后平移）"},
    "link_scatter_title": {"en": "Target against source, beyond trend and the target's own past, with the fitted "
                                 "line and its 95% band",
                           "zh": "去除趋势和目标自身过去值后的目标与来源散点、拟合线及 95% 区间带"},
    "link_source_shifted": {"en": "{name} ({lag} months earlier)", "zh": "{name}（提前 {lag} 个月）"},
    "link_sentence": {
        "en": "{source} {step} {direction} goes with {effect} in {target} {when} "
              "(95% interval {low} to {high}; q = {q}, {n} months). Association on the company's data, not proof "
              "of cause.",
        "zh": "{source}{direction}{step}，{when}{target}随之变化 {effect}"
              "（95% 区间 {low} 至 {high}；q = {q}，{n} 个月）。这是公司数据上的相关关系，并非因果证明。"},
    "link_sentence_none": {"en": "This link could not be measured: one of its KPIs has too few months of data.",
                           "zh": "该链接无法测量：其中一个指标的月度数据太少。"},
    "link_same_month": {"en": "in the same month", "zh": "同月"},
    "link_months_later": {"en": "{lag} months later", "zh": "{lag} 个月后"},
    "link_higher": {"en": "higher", "zh": "提高"},
    "link_lower": {"en": "lower", "zh": "降低"},
    "link_one": {"en": "one {unit}", "zh": "{unit}"},
    "step_percent": {"en": "percentage point", "zh": "1 个百分点"},
    "step_currency": {"en": "1,000 CNY", "zh": "1,000 元"},
    "step_hours": {"en": "hour", "zh": "1 小时"},
    "step_days": {"en": "day", "zh": "1 天"},
    "step_score": {"en": "point", "zh": "1 分"},
    "step_count": {"en": "unit", "zh": "1 个"},
    "step_ratio": {"en": "unit", "zh": "1 个单位"},
    "adjusted_for_trend": {"en": "{name}, beyond trend and the target's past",
                           "zh": "{name}（去除趋势和目标过去值）"},
    "fitted_line": {"en": "Fitted line", "zh": "拟合线"},
    "interval_band": {"en": "95% band", "zh": "95% 区间带"},
    "months_label": {"en": "Months", "zh": "月份"},
    # what-if
    "whatif_title": {"en": "What if?", "zh": "假设分析"},
    "whatif_intro": {
        "en": "Move a driver and see the expected change of the KPIs downstream of it, following the fitted links "
            "(intervals from simulating the uncertainty of every link along the chain).",
        "zh": "调整一个驱动指标，沿拟合的链接查看下游指标的预期变化（区间来自对链路上每条链接不确定性的模拟）。"},
    "whatif_driver": {"en": "Driver", "zh": "驱动指标"},
    "whatif_mode": {"en": "Change by", "zh": "变化方式"},
    "whatif_percent": {"en": "percent", "zh": "百分比"},
    "whatif_absolute": {"en": "amount", "zh": "绝对值"},
    "whatif_change": {"en": "Change", "zh": "变化量"},
    "whatif_now": {"en": "Now", "zh": "当前"},
    "whatif_expected": {"en": "Expected", "zh": "预期"},
    "whatif_delta": {"en": "Change", "zh": "变化"},
    "whatif_interval": {"en": "95% interval of the change", "zh": "变化的 95% 区间"},
    "whatif_after": {"en": "After (months)", "zh": "所需时间（月）"},
    "whatif_scores": {"en": "Effect on the perspective scores", "zh": "对各视角得分的影响"},
    "whatif_nothing": {"en": "Nothing downstream of this driver is measured.",
                       "zh": "该驱动指标下游没有可测量的指标。"},
    "whatif_limits": {
        "en": "Every link adds its own uncertainty; links that are not supported still carry their (wide) "
              "estimate. Treat the result as a scenario, not a promise.",
        "zh": "每条链接都带来各自的不确定性；未获支持的链接仍以其（较宽的）估计参与计算。请将结果视为情景，而非承诺。"},
    # forecasts on the scorecard and trends
    "forecast_col": {"en": "Year target", "zh": "全年目标"},
    "forecast_chance_likely": {"en": "likely: {chance} chance", "zh": "很可能达标（概率 {chance}）"},
    "forecast_chance_at_risk": {"en": "at risk: {chance} chance", "zh": "有风险（概率 {chance}）"},
    "forecast_chance_unlikely": {"en": "unlikely: {chance} chance", "zh": "难以达标（概率 {chance}）"},
    "flag_on_track": {"en": "on track", "zh": "有望达标"},
    "flag_at_risk": {"en": "at risk", "zh": "存在风险"},
    "flag_none": {"en": "no target", "zh": "无目标"},
    "flag_reached": {"en": "reached", "zh": "已达标"},
    "flag_missed": {"en": "not reached", "zh": "未达标"},
    "flag_not_estimable": {"en": "not estimable", "zh": "无法估计"},
    # a complete period is known, not forecast; a period no model can forecast says why (metrics.links.forecast)
    "fc17_known": {"en": "Value for {period}: {value} (known: {complete}); target {target}: {flag}.",
                   "zh": "{period}数值：{value}（已知：{complete}）；目标 {target}：{flag}。"},
    "fc17_known_no_target": {"en": "Value for {period}: {value} (known: {complete}); no target.",
                             "zh": "{period}数值：{value}（已知：{complete}）；无目标。"},
    "fc17_complete_quarter": {"en": "the quarter is complete", "zh": "本季度已结束"},
    "fc17_complete_year": {"en": "the year is complete", "zh": "全年已结束"},
    "fc17_not_estimable": {"en": "Forecast for {period}: not estimable: {reason}.",
                           "zh": "{period}预测：无法估计：{reason}。"},
    "fc17_reason_short": {"en": "fewer than {months} months of history", "zh": "历史数据不足 {months} 个月"},
    "fc17_reason_no_fit": {"en": "no forecasting model could be fitted to this series",
                           "zh": "无法为该序列拟合预测模型"},
    "fc17_reason_no_spread": {"en": "the fitted model leaves no uncertainty (a degenerate fit), so it gives no "
                                    "interval", "zh": "拟合的模型没有任何不确定性（退化拟合），无法给出区间"},
    "forecast_caption": {
        "en": "Forecast for {period}: {value} (90% interval {low} to {high}); chance of reaching the target "
              "{target}: {probability} — {flag}.",
        "zh": "{period} 预测：{value}（90% 区间 {low} 至 {high}）；达到目标 {target} 的概率：{probability}——{flag}。"},
    "forecast_line": {"en": "Forecast", "zh": "预测"},
    "forecast_band": {"en": "90% interval", "zh": "90% 区间"},
    "anomaly_marker": {"en": "Unusual month", "zh": "异常月份"},
    "horizon_quarter": {"en": "this quarter", "zh": "本季度"},
    "horizon_year": {"en": "the year", "zh": "全年"},
    "map_evidence_hover": {
        "en": "{pair}<br>effect {effect} per {step}, 95% [{low}, {high}]<br>lag {lag} months, q = {q}<br>{evidence}",
        "zh": "{pair}<br>每{step}效应 {effect}，95% [{low}, {high}]<br>滞后 {lag} 个月，q = {q}<br>{evidence}"},
    "map_evidence_legend": {
        "en": "Boxes are filled by their objective's status; arrows show the evidence for each link: blue = "
              "supported by the data, purple = contradicted, grey dotted = not shown, beige dashed = not enough "
              "data to measure. Hover the dot on an arrow for its numbers.",
        "zh": "方框按战略目标状态填色；箭头表示各链接的证据：蓝色 = 数据支持，紫色 = 方向相反，灰色点线 = 尚无证据，"
              "米色虚线 = 数据不足无法测量。将鼠标悬停在箭头上的圆点可查看数值。"},
}
