"""Texts of the customer views about what this company's data can and cannot tell: inferred churn, lifetime
value not estimable, unknown margins and costs, no customer managers."""

TEXT: dict[str, dict[str, str]] = {
    "cd_churn_inferred": {
        "en": "Churn inferred from inactivity (no purchase for {days} days): this data gives no churn dates, so a "
              "customer counts as lost {days} days after its last order. Churn, retention and active customers "
              "follow this rule.",
        "zh": "流失按不活跃推断（{days} 天无购买）：数据中没有流失日期，客户在最后一次下单 {days} 天后视为流失。"
              "流失率、保持率与活跃客户数均按此规则计算。"},
    "cd_churn_basis_purchase_rhythm": {
        "en": "{days} days is the company's own purchase rhythm: 9 in 10 repeat customers usually buy again "
              "sooner.",
        "zh": "{days} 天来自公司自身的购买节奏：九成回头客通常在此之前再次购买。"},
    "cd_churn_basis_setting": {"en": "{days} days is the company's own setting.",
                               "zh": "{days} 天为公司自行设定。"},
    "cd_churn_basis_too_few_repeat_customers": {
        "en": "Too few customers bought twice to read a purchase rhythm: {days} days is the default.",
        "zh": "回头客太少，无法得出购买节奏：{days} 天为默认值。"},
    "cd_churn_short": {"en": "inferred from inactivity (no purchase for {days} days)",
                       "zh": "按不活跃推断（{days} 天无购买）"},
    "cd_churned_inferred": {"en": "Counted as lost on {day}: inferred, no purchase for {days} days",
                            "zh": "于 {day} 视为流失：按 {days} 天无购买推断"},
    "cust_share_click_help": {"en": "Click a bar to see that group's 7P profile, customers and call lists below.",
                              "zh": "点击条形可在下方查看该群组的 7P 画像、客户名单和待联系名单。"},
    "cust_churned_recorded": {"en": "Churned on {day} (the company's record)", "zh": "已于 {day} 流失（公司记录）"},
    "cust_churned_recorded_after": {
        "en": "Churned on {day} (the company's record; last order {last}, {days} days before)",
        "zh": "已于 {day} 流失（公司记录；最后一次下单 {last}，此前 {days} 天）"},
    "cd_churned_inferred_note": {
        "en": "This customer made no purchase for {days} days after its last order and counts as lost from {day} "
              "(inferred from inactivity: this data gives no churn dates).",
        "zh": "该客户最后一次下单后 {days} 天无购买，自 {day} 起视为流失（按不活跃推断：数据中没有流失日期）。"},
    "cd_lifetime_not_estimable": {
        "en": "Lifetime value and probability still active: not estimable, {reason}.",
        "zh": "客户价值与仍活跃的概率：无法估计，{reason}。"},
    "cd_reason_no_orders": {"en": "there are no orders to learn from", "zh": "没有可供学习的订单"},
    "cd_reason_too_few_repeat_customers": {
        "en": "too few customers bought more than once for the lifetime model",
        "zh": "多次购买的客户太少，生命周期模型无法拟合"},
    "cd_reason_not_converged": {"en": "the lifetime model's fit did not converge on this data",
                                "zh": "生命周期模型在此数据上的拟合未收敛"},
    "cd_reason_degenerate": {
        "en": "the lifetime model's fit is degenerate on this data (an estimate at its limit)",
        "zh": "生命周期模型在此数据上的拟合退化（某个估计值处于极限）"},
    "cd_not_estimable": {"en": "not estimable", "zh": "无法估计"},
    "cd_findings": {"en": "Data the KPIs need that this data lacks", "zh": "指标所需而此数据缺少的内容"},
    "cd_no_managers": {
        "en": "No customer managers in this data: portfolios need customers assigned to managers.",
        "zh": "此数据中没有客户经理：客户组合需要为客户指定客户经理。"},
    "cd_no_managers_short": {"en": "no customer managers in this data", "zh": "此数据中没有客户经理"},
    "cd_fence_needs_values": {
        "en": "The picket fence ranks customers by predicted value, which is {what}.",
        "zh": "尖桩篱栅按预测价值排序客户，而预测价值{what}。"},
    "cd_unknown_margins": {
        "en": "Margin, profit and lifetime value are unknown for customers with order lines without a unit "
              "cost ({share} of lines have one): not measured, needs {what}.",
        "zh": "含无单位成本订单明细的客户，其毛利、利润与客户价值未知（{share} 的明细有成本）：未计量，需要{what}。"},
    "cd_no_unit_costs": {
        "en": "Margin, profit and lifetime value are not measured: needs {what}.",
        "zh": "毛利、利润与客户价值未计量：需要{what}。"},
    "cd_unknown_cost_to_serve": {
        "en": "Cost to serve is not measured: needs service tickets or campaigns.",
        "zh": "服务成本未计量：需要服务工单或营销活动。"},
    "cd_tiers_unknown": {
        "en": "Value tiers rank customers by profit, which is not measured: needs {what}.",
        "zh": "价值层级按利润排序客户，而利润未计量：需要{what}。"},
}
