"""Leads, opportunities and their stage changes: the sales pipeline behind the customers won in the window."""

import numpy as np

from data import models
from data.demo.columns import Columns, cents, pick
from data.demo.company import CHANNEL_SHARE, CHANNELS, END, INDUSTRIES, MONTHS, REGIONS, STAGES, START
from data.demo.state import DemoState


def write_leads_and_opportunities(state: DemoState) -> None:
    """A converted lead for every customer won in the window, three lost leads for each."""
    rng, c = state.rng, state.customers
    new = np.flatnonzero(c["acquired_on"] >= START)
    referred = ~np.isnan(c["referred_by_id"][new])
    # converted leads: created 3..30 days (online) or 20..120 days before the customer was won
    lag = np.where(c["channel"][new] == "online", rng.integers(3, 30, new.size),
                   rng.integers(20, 120, new.size))
    won_created = np.maximum(c["acquired_on"][new] - lag.astype("timedelta64[D]"), START)
    n_lost = new.size * 3
    lost_created = START + (rng.random(n_lost) * (MONTHS * 30.4)).astype("timedelta64[D]")
    lost_created = np.minimum(lost_created, END)
    sources = np.array(["campaign", "web", "referral", "trade_show", "cold_call"], dtype=object)
    won_source = sources[rng.choice(5, new.size, p=[0.25, 0.3, 0.0, 0.2, 0.25])]
    won_source[referred] = "referral"
    lost_source = sources[rng.choice(5, n_lost, p=[0.3, 0.3, 0.03, 0.22, 0.15])]
    created = np.concatenate([won_created, lost_created])
    source = np.concatenate([won_source, lost_source])
    campaigns = state.campaigns["id"]
    trade_shows = campaigns[state.campaigns["channel"] == "trade_show"]
    campaign_id = np.full(created.size, np.nan)
    is_campaign = source == "campaign"
    campaign_id[is_campaign] = rng.choice(campaigns, is_campaign.sum())
    is_show = source == "trade_show"
    campaign_id[is_show] = rng.choice(trade_shows, is_show.sum())
    n_leads = created.size
    converted = np.r_[np.ones(new.size, bool), np.zeros(n_lost, bool)]
    qualified = converted | (rng.random(n_leads) < 0.35)
    order = np.argsort(created, kind="stable")
    lead_ids = np.empty(n_leads, dtype=np.int64)
    lead_ids[order] = np.arange(1, n_leads + 1)  # ids in order of creation
    region = np.concatenate([c["region"][new], pick(rng, REGIONS, None, n_lost)])
    channel = np.concatenate([c["channel"][new], pick(rng, CHANNELS, CHANNEL_SHARE, n_lost)])
    industry = np.concatenate([c["industry"][new], pick(rng, INDUSTRIES, None, n_lost)])
    conv_customer = np.r_[c["id"][new].astype(float), np.full(n_lost, np.nan)]
    conv_on = np.concatenate([c["acquired_on"][new], np.full(n_lost, np.datetime64("NaT"), "datetime64[D]")])
    state.write(models.Lead.__table__, {
        "id": lead_ids[order], "source": source[order], "campaign_id": campaign_id[order],
        "region": region[order], "channel": channel[order], "industry": industry[order],
        "created_on": created[order], "qualified": qualified[order],
        "converted_customer_id": conv_customer[order], "converted_on": conv_on[order],
    })
    _write_opportunities(state, {
        "id": lead_ids, "created_on": created, "qualified": qualified, "converted": converted,
        "customer_id": conv_customer, "converted_on": conv_on,
    })


def _write_opportunities(state: DemoState, leads: Columns) -> None:
    """An opportunity for every qualified lead, with the stages it went through."""
    rng = state.rng
    emp = state.employees
    reps = emp["id"][np.isin(emp["role"], ["sales_rep", "account_manager"])]
    idx = np.flatnonzero(leads["qualified"])
    n = idx.size
    opened = np.minimum(leads["created_on"][idx] + rng.integers(1, 10, n).astype("timedelta64[D]"), END)
    won = leads["converted"][idx]
    won_on = leads["converted_on"][idx]
    opened = np.where(won, np.minimum(opened, won_on), opened)
    outcome_days = rng.integers(15, 150, n).astype("timedelta64[D]")
    closed = np.where(won, won_on, opened + outcome_days)
    is_open = ~won & (closed > END)
    status = np.where(won, "won", np.where(is_open, "open", "lost")).astype(object)
    closed[is_open] = np.datetime64("NaT")
    # stages reached: won went through all four; lost and open stop somewhere
    reached = np.where(won, 4, rng.integers(1, 5, n))
    stage = np.where(won, "won", np.where(is_open, np.asarray(STAGES, dtype=object)[reached - 1], "lost"))
    amount = cents(rng.lognormal(np.log(60_000), 1.0, n))
    opp_ids = np.arange(1, n + 1)
    order = np.argsort(opened, kind="stable")
    rank = np.empty(n, dtype=np.int64)
    rank[order] = opp_ids  # ids in order of opening
    state.write(models.Opportunity.__table__, {
        "id": rank[order], "lead_id": leads["id"][idx][order], "customer_id": leads["customer_id"][idx][order],
        "owner_id": rng.choice(reps, n)[order], "created_on": opened[order],
        "closed_on": closed[order], "stage": stage[order], "status": status[order],
        "amount": amount[order],
    })
    # stage history: stage k entered at an even split of the time to close (or to END)
    horizon = np.where(is_open, END, closed)
    span = np.maximum((horizon - opened).astype(np.int64), 1)
    steps = reached + (~is_open).astype(np.int64)  # plus the closing change
    opp = np.repeat(np.arange(n), steps)
    k = np.arange(opp.size) - np.repeat(np.cumsum(steps) - steps, steps)
    frac = k / np.maximum(reached[opp], 1)
    # open opportunities: the last change happens somewhere before END
    frac = np.where(is_open[opp], frac * rng.uniform(0.5, 1.0, n)[opp], frac)
    changed = opened[opp] + (frac * span[opp]).astype("timedelta64[D]")
    to_stage = np.where(k < reached[opp], np.asarray(STAGES, dtype=object)[np.minimum(k, 3)],
                        status[opp])
    from_stage = np.where(k == 0, None, np.asarray(STAGES, dtype=object)[np.clip(k - 1, 0, 3)])
    closing = k == reached[opp]
    changed[closing] = closed[opp][closing]
    order2 = np.lexsort((k, changed))
    state.write(models.OpportunityStageChange.__table__, {
        "id": np.arange(1, opp.size + 1), "opportunity_id": rank[opp][order2],
        "changed_on": changed[order2], "from_stage": from_stage[order2], "to_stage": to_stage[order2],
    })
