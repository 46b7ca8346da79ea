"""Months where a KPI cannot speak are left out of the link tests, with the reason."""

import numpy as np
import pandas as pd

from metrics.links import windows

MONTHS = pd.date_range("2023-11-01", periods=36, freq="MS")


def test_a_kpi_over_a_year_of_history_is_left_out_in_the_datas_first_year():
    kept, _, notes = windows.apply(pd.DataFrame({"new_customer_revenue": np.arange(1.0, 37.0)}, index=MONTHS),
                                   MONTHS[0])
    note = notes["new_customer_revenue"]
    assert (note.left_out, note.why, note.first) == (12, "history", pd.Timestamp("2024-11-01"))
    assert kept["new_customer_revenue"].iloc[:12].isna().all() and kept["new_customer_revenue"].iloc[12:].notna().all()


def test_history_already_in_the_data_leaves_nothing_out():
    kept, _, notes = windows.apply(pd.DataFrame({"repeat_purchase_rate": np.linspace(0.5, 0.8, 36)}, index=MONTHS),
                                   MONTHS[0] - pd.DateOffset(months=24))
    assert notes["repeat_purchase_rate"].left_out == 0 and kept.notna().all().all()


def test_months_before_a_kpis_inputs_exist_are_left_out():
    churn = np.r_[0.0, np.nan, 0.0, np.full(33, 0.012)]
    kept, _, notes = windows.apply(pd.DataFrame({"churn_rate": churn}, index=MONTHS), MONTHS[0])
    assert (notes["churn_rate"].left_out, notes["churn_rate"].why) == (3, "inputs")
    assert kept["churn_rate"].iloc[:3].isna().all() and (kept["churn_rate"].iloc[3:] == 0.012).all()


def test_the_region_frame_loses_the_same_months_and_a_pair_keeps_the_widest_note():
    units = pd.DataFrame({"lead_conversion_rate": 0.2},
                         index=pd.MultiIndex.from_product([["East", "West"], MONTHS], names=["unit", "period"]))
    monthly = pd.DataFrame({"lead_conversion_rate": 0.2, "crm_adoption": 0.5}, index=MONTHS)
    _, kept_units, notes = windows.apply(monthly, MONTHS[0], units)
    assert kept_units["lead_conversion_rate"].isna().sum() == 2 * 4
    note = windows.note_columns(notes["crm_adoption"], notes["lead_conversion_rate"])
    assert note == {"fit_from": MONTHS[4], "left_out_months": 4, "left_out_why": "history"}
