"""An OLAP cube of the facts, built at refresh, from which a scorecard of any filters and period adds up.

Every filter of the product is an attribute of the customer (region, channel, industry, manager), so the facts
are aggregated once per refresh into cells of (month x those attributes) with additive measures
(:mod:`metrics.cube.cells`); a base aggregate of :mod:`metrics.base.facts` for any filters and any period (month,
quarter, year, any fiscal start) is then a sum over cells (:mod:`metrics.cube.frames`), and each KPI's own compute
runs unchanged on those aggregates (:mod:`metrics.cube.view`). Distinct counts over a period longer than a month
(buyers, categories bought, cross-sold customers) add up from (month, previous month) cells, and customer states
(active, retained, lost, new, alive and unowned at the end) from (acquisition, churn, manager-leaving month) cells:
states at the period's boundaries, never sums of monthly distincts.

Exact path (the facts' own queries, unchanged): what cannot be additive or is not about customers.
- ``customer_value`` (ranks and shares of the top customers over 12 months; :mod:`metrics.base.value`, stored at
  refresh for the whole company and each region): top 20% profit share, top-tier revenue
  share, and with them repeat purchase rate and unprofitable customer share (one frame);
- ``prices`` (the spread of prices per product and month): price spread;
- ``leads``, ``lead_cohorts``, ``pipeline`` (leads and opportunities, filtered by the lead's own attributes): lead
  conversion, lead-to-customer days, win rate, sales cycle, pipeline advance;
- ``staff`` (employees): training hours, CRM adoption, goal alignment, notes per 100 interactions, staff turnover.
The median first response time is exact too, over a narrow table of answered tickets kept with the cube.
``tests/metrics/cube`` compares every KPI from the cube with its direct computation.
"""
