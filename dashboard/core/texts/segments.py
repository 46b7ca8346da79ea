"""Texts of the Segments page's lists and 7P cards (keys ``sg_``)."""

TEXT: dict[str, dict[str, str]] = {
    "sg_call_list": {"en": "Due to reorder now: {group}", "zh": "现在该补货：{group}"},
    "sg_win_back": {"en": "Lapsed, to win back: {group}", "zh": "久未购买、待赢回：{group}"},
    "sg_lists_count": {"en": "{count} customers, one row each with every category due; richest first.",
                       "zh": "{count} 位客户，每位一行，列出所有到期品类；按近 12 个月收入从高到低。"},
    "sg_lists_none": {"en": "No customer of this segment is due.", "zh": "本细分暂无到期客户。"},
    "sg_measure": {"en": "Measure", "zh": "指标"},
    "sg_product_chart": {"en": "Revenue share by category", "zh": "各品类收入占比"},
    "sg_never_bought_chart": {"en": "Never bought the category", "zh": "从未购买该品类的客户占比"},
    "sg_group_count": {"en": "{group}: {count}", "zh": "{group}：{count}"},
    "sg_phone_red": {"en": "KPIs off target", "zh": "未达标的 KPI"},
    "sg_phone_target": {"en": "target {value}", "zh": "目标 {value}"},
}
