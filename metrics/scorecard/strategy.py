"""The strategy map: objectives per perspective and the cause-and-effect links between them."""

from dataclasses import dataclass
from enum import StrEnum


class Perspective(StrEnum):
    FINANCIAL = "financial"
    CUSTOMER = "customer"
    PROCESS = "process"
    LEARNING = "learning"


PERSPECTIVE_NAMES: dict[Perspective, dict[str, str]] = {
    Perspective.FINANCIAL: {"en": "Financial", "zh": "财务视角"},
    Perspective.CUSTOMER: {"en": "Customer", "zh": "客户视角"},
    Perspective.PROCESS: {"en": "Internal process", "zh": "流程视角"},
    Perspective.LEARNING: {"en": "Learning & growth", "zh": "学习与成长视角"},
}


@dataclass(frozen=True)
class Objective:
    id: str
    perspective: Perspective
    name: dict[str, str]
    process: str | None = None  # selection | acquisition | retention | development (customer processes)


OBJECTIVES: tuple[Objective, ...] = (
    Objective("grow_revenue", Perspective.FINANCIAL,
              {"en": "Grow revenue from new customers", "zh": "拓展客户新收益来源"}),
    Objective("grow_existing", Perspective.FINANCIAL,
              {"en": "Grow value of existing customers", "zh": "增加现有客户价值"}),
    Objective("productivity", Perspective.FINANCIAL, {"en": "Lower cost to win and serve", "zh": "降低获取与服务成本"}),
    Objective("profitable_base", Perspective.FINANCIAL,
              {"en": "Profitable customer base", "zh": "盈利的客户组合"}),
    Objective("win_customers", Perspective.CUSTOMER, {"en": "Win customers", "zh": "获取客户"}),
    Objective("keep_customers", Perspective.CUSTOMER, {"en": "Keep customers", "zh": "保持客户"}),
    Objective("satisfy_customers", Perspective.CUSTOMER, {"en": "Satisfied customers", "zh": "客户满意"}),
    Objective("loyal_customers", Perspective.CUSTOMER,
              {"en": "Loyal, growing customers", "zh": "客户忠诚与价值增长"}),
    Objective("select", Perspective.PROCESS, {"en": "Select valuable customers", "zh": "客户选择"}, "selection"),
    Objective("acquire", Perspective.PROCESS, {"en": "Acquire efficiently", "zh": "客户获取"}, "acquisition"),
    Objective("retain", Perspective.PROCESS, {"en": "Serve fast and reliably", "zh": "快速可靠地服务"}, "retention"),
    Objective("develop", Perspective.PROCESS, {"en": "Develop customers", "zh": "客户发展"}, "development"),
    Objective("consistent_quotes", Perspective.PROCESS,
              {"en": "One price to one customer", "zh": "报价一致"}, "acquisition"),
    Objective("staff_skills", Perspective.LEARNING, {"en": "Staff CRM skills", "zh": "员工 CRM 技能"}),
    Objective("crm_adoption", Perspective.LEARNING,
              {"en": "CRM used and knowledge shared", "zh": "CRM 使用与知识共享"}),
    Objective("data_quality", Perspective.LEARNING, {"en": "Complete, owned customer data", "zh": "客户数据质量"}),
    Objective("climate", Perspective.LEARNING,
              {"en": "Staff goals aligned with CRM", "zh": "员工目标与 CRM 一致"}),
)

# cause -> effect, bottom-up through the perspectives
LINKS: tuple[tuple[str, str], ...] = (
    ("staff_skills", "retain"),
    ("staff_skills", "data_quality"),
    ("crm_adoption", "retain"),
    ("crm_adoption", "consistent_quotes"),
    ("data_quality", "select"),
    ("data_quality", "develop"),
    ("climate", "crm_adoption"),
    ("select", "win_customers"),
    ("acquire", "win_customers"),
    ("consistent_quotes", "satisfy_customers"),
    ("retain", "satisfy_customers"),
    ("develop", "loyal_customers"),
    ("satisfy_customers", "keep_customers"),
    ("satisfy_customers", "loyal_customers"),
    ("win_customers", "grow_revenue"),
    ("keep_customers", "grow_existing"),
    ("loyal_customers", "grow_existing"),
    ("keep_customers", "productivity"),
    ("select", "profitable_base"),
    ("productivity", "profitable_base"),
)

VALUE_PROPOSITIONS: dict[str, dict] = {
    "product_leadership": {"name": {"en": "Product leadership", "zh": "产品领先"},
                           "key_processes": ("selection", "acquisition")},
    "customer_intimacy": {"name": {"en": "Customer intimacy", "zh": "客户亲密"},
                          "key_processes": ("acquisition", "retention", "development")},
    "operational_excellence": {"name": {"en": "Operational excellence", "zh": "运营卓越"},
                               "key_processes": ("acquisition", "retention")},
}


def objective(objective_id: str) -> Objective:
    return next(o for o in OBJECTIVES if o.id == objective_id)


# The KPI pairs (source KPI -> target KPI) through which each link is tested on the data
# (metrics.links.fit). Every link has at least one pair; the first pair of a link is its main one.
LINK_KPIS: dict[tuple[str, str], tuple[tuple[str, str], ...]] = {
    ("staff_skills", "retain"): (("training_hours_per_employee", "first_response_hours"),),
    ("staff_skills", "data_quality"): (("training_hours_per_employee", "data_completeness"),),
    ("crm_adoption", "retain"): (("crm_adoption", "first_response_hours"),),
    ("crm_adoption", "consistent_quotes"): (("crm_adoption", "price_spread"),),
    ("data_quality", "select"): (("data_completeness", "top_tier_revenue_share"),),
    ("data_quality", "develop"): (("data_completeness", "cross_sell_rate"),),
    ("climate", "crm_adoption"): (("goal_alignment", "crm_adoption"),),
    ("select", "win_customers"): (("top_tier_revenue_share", "new_customers"),),
    ("acquire", "win_customers"): (("lead_conversion_rate", "new_customers"),),
    ("consistent_quotes", "satisfy_customers"): (("price_spread", "average_csat"),),
    ("retain", "satisfy_customers"): (("first_response_hours", "average_csat"),
                                      ("on_time_delivery", "average_csat")),
    ("develop", "loyal_customers"): (("campaign_response_rate", "repeat_purchase_rate"),),
    ("satisfy_customers", "keep_customers"): (("average_csat", "churn_rate"),),
    ("satisfy_customers", "loyal_customers"): (("average_csat", "net_promoter_score"),),
    ("win_customers", "grow_revenue"): (("new_customers", "new_customer_revenue"),),
    ("keep_customers", "grow_existing"): (("retention_rate", "revenue_per_active_customer"),),
    ("loyal_customers", "grow_existing"): (("repeat_purchase_rate", "revenue_per_active_customer"),),
    ("keep_customers", "productivity"): (("retention_rate", "cost_to_serve"),),
    ("select", "profitable_base"): (("top_tier_revenue_share", "gross_margin_pct"),),
    ("productivity", "profitable_base"): (("cost_to_serve", "gross_margin_pct"),),
}
