"""Campaigns and the customers they contacted (planted effect 5: trade shows cost more than they earn)."""

import numpy as np

from data import models
from data.demo.columns import cents
from data.demo.company import CAMPAIGN_KINDS, END, MONTHS, month_start
from data.demo.state import DemoState


def write_campaigns(state: DemoState) -> None:
    """Two campaigns a quarter, the kinds in turn, each contacting 8% (at least 50) of the active customers."""
    rng, c = state.rng, state.customers
    rows, contacts = [], []
    for k in range(MONTHS // 3 * 2):
        m = (k * 3) // 2
        channel, purpose, spend, response, conversion = CAMPAIGN_KINDS[k % len(CAMPAIGN_KINDS)]
        start = month_start(m) + int(rng.integers(0, 20))
        alive = np.flatnonzero((c["acquired_on"] <= start) & (
            np.isnat(c["churned_on"]) | (c["churned_on"] > start)))
        size = min(alive.size, max(50, int(alive.size * 0.08)))
        rows.append((k + 1, f"{channel.replace('_', ' ').title()} {purpose.replace('_', '-')} "
                            f"{str(start)[:7]}", channel, purpose, start, start + 30,
                     spend * size * rng.uniform(0.8, 1.2)))
        chosen = np.sort(rng.choice(alive, size, replace=False))
        responded = rng.random(size) < response
        converted = responded & (rng.random(size) < conversion)
        revenue = np.where(converted, rng.lognormal(np.log(9000), 0.8, size), 0.0)
        contacts.append((np.full(size, k + 1), chosen,
                         start + rng.integers(0, 20, size).astype("timedelta64[D]"),
                         responded, converted, revenue))
    state.campaigns = {"id": np.array([r[0] for r in rows]), "channel": np.array([r[2] for r in rows], dtype=object)}
    state.write(models.Campaign.__table__, {
        "id": [r[0] for r in rows], "name": [r[1] for r in rows], "channel": [r[2] for r in rows],
        "purpose": [r[3] for r in rows], "started_on": np.array([r[4] for r in rows]),
        "ended_on": np.array([r[5] for r in rows]), "spend": cents([r[6] for r in rows]),
    })
    cid, who, on, responded, converted, revenue = (np.concatenate(p) for p in zip(*contacts, strict=True))
    state.write(models.CampaignContact.__table__, {
        "id": np.arange(1, cid.size + 1), "campaign_id": cid, "customer_id": c["id"][who],
        "contacted_on": np.minimum(on, END), "responded": responded, "converted": converted,
        "revenue": cents(revenue),
    })
