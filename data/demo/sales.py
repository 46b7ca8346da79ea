"""Products, orders and order lines (planted effects 5, 6, 7 and 10, and on-time delivery of effect 1)."""

import numpy as np

from data import models
from data.demo.columns import cents, lookup
from data.demo.company import (
    CATEGORIES,
    CHANNEL_DISCOUNT,
    CHANNEL_MACHINE_SHARE,
    CHANNEL_ORDERS_PER_MONTH,
    END,
    GO_LIVE,
    MACHINES,
    ON_TIME_DELIVERY_AFTER,
    ON_TIME_DELIVERY_BEFORE,
    ORDER_RATE_SHAPE,
    OTHER_CATEGORY_WEIGHTS,
    REP_DISCOUNT_SD,
    START,
    program_saving,
)
from data.demo.state import DemoState


def write_products(state: DemoState) -> None:
    rng = state.rng
    rows = []
    for category, (low, high, cost_share, _qmax, _lead) in CATEGORIES.items():
        count = 4 if category in MACHINES else 10
        prices = np.exp(rng.uniform(np.log(low), np.log(high), count))
        for k, price in enumerate(np.sort(prices)):
            rows.append((f"{category.replace('_', ' ').title()} {k + 1:02d}", category,
                         round(price, -1 if price < 10_000 else -2), cost_share * rng.uniform(0.9, 1.1)))
    prod = {
        "id": np.arange(1, len(rows) + 1), "name": [r[0] for r in rows],
        "category": np.array([r[1] for r in rows], dtype=object),
        "list_price": cents([r[2] for r in rows]),
    }
    prod["unit_cost"] = cents(prod["list_price"] * np.array([r[3] for r in rows]))
    state.products = prod
    state.write(models.Product.__table__, prod)


def write_orders(state: DemoState) -> None:
    rng, c, prod = state.rng, state.customers, state.products
    n = c["id"].size
    first_day = np.maximum(c["acquired_on"], START)
    last_day = np.where(np.isnat(c["churned_on"]), END, c["churned_on"])
    months_active = np.maximum((last_day - first_day).astype(np.int64) + 1, 0) / 30.44
    rate = lookup(CHANNEL_ORDERS_PER_MONTH, c["channel"]) * rng.gamma(ORDER_RATE_SHAPE, 1 / ORDER_RATE_SHAPE, n)
    count = rng.poisson(rate * months_active)
    # every customer acquired in the window places its first order on the day it is won
    new = c["acquired_on"] >= START
    count[new] = np.maximum(count[new], 1)
    who = np.repeat(np.arange(n), count)
    span = (last_day - first_day).astype(np.int64)[who] + 1
    day = first_day[who] + (rng.random(who.size) * span).astype("timedelta64[D]")
    first_of = np.r_[0, np.cumsum(count)[:-1]]
    day[first_of[new]] = c["acquired_on"][new]
    order = np.lexsort((who, day))
    who, day = who[order], day[order]
    n_orders = who.size
    order_ids = np.arange(1, n_orders + 1)
    ch = c["channel"][who]
    # lines: 1..4 per order
    n_lines = 1 + rng.binomial(3, 0.2, n_orders)
    line_order = np.repeat(np.arange(n_orders), n_lines)
    machine = rng.random(line_order.size) < lookup(CHANNEL_MACHINE_SHARE, ch[line_order])
    others = list(OTHER_CATEGORY_WEIGHTS)
    category = np.asarray(others, dtype=object)[rng.choice(
        len(others), line_order.size, p=list(OTHER_CATEGORY_WEIGHTS.values()))]
    category[machine] = rng.choice(np.array(MACHINES, dtype=object), machine.sum())
    product_index = np.empty(line_order.size, dtype=np.int64)
    for cat in CATEGORIES:
        sel = category == cat
        pool = np.flatnonzero(prod["category"] == cat)
        product_index[sel] = rng.choice(pool, sel.sum())
    qmax = np.array([CATEGORIES[k][3] for k in prod["category"]])[product_index]
    quantity = 1 + (rng.random(line_order.size) * qmax).astype(np.int64)
    # list prices rise 3% a year; each rep gives a personal offset (planted effect 7)
    years = (day[line_order] - START).astype(np.int64) / 365.25
    unit_price = cents(prod["list_price"][product_index] * 1.03 ** years)
    line_month = (day[line_order].astype("datetime64[M]") - START.astype("datetime64[M]")).astype(np.int64)
    unit_cost = cents(prod["unit_cost"][product_index] * 1.025 ** years * (1 - program_saving(line_month)))
    rep = c["sales_rep_id"][who]
    rep_offset = rng.normal(0, REP_DISCOUNT_SD, state.employees["id"].size + 1)
    discount = np.clip(lookup(CHANNEL_DISCOUNT, ch[line_order]) + rep_offset[rep[line_order]]
                       + rng.normal(0, 0.01, line_order.size), 0, 0.4)
    lead = np.array([CATEGORIES[k][4] for k in prod["category"]])[product_index]
    order_lead = np.zeros(n_orders, dtype=np.int64)
    np.maximum.at(order_lead, line_order, lead)
    promised = day + order_lead.astype("timedelta64[D]")
    on_time_p = np.where(day < GO_LIVE, ON_TIME_DELIVERY_BEFORE, ON_TIME_DELIVERY_AFTER)
    late = rng.random(n_orders) >= on_time_p
    delay = np.where(late, rng.integers(1, 15, n_orders), -rng.integers(0, 3, n_orders))
    delivered = promised + delay.astype("timedelta64[D]")
    delivered = np.maximum(delivered, day)
    delivered[delivered > END] = np.datetime64("NaT")
    state.write(models.SalesOrder.__table__, {
        "id": order_ids, "customer_id": c["id"][who], "ordered_on": day, "channel": ch,
        "sales_rep_id": rep, "promised_on": promised, "delivered_on": delivered,
    })
    state.write(models.OrderLine.__table__, {
        "id": np.arange(1, line_order.size + 1), "order_id": order_ids[line_order],
        "product_id": prod["id"][product_index], "quantity": quantity,
        "unit_price": unit_price, "unit_cost": unit_cost, "discount": np.round(discount, 4),
    })
    net = quantity * unit_price * (1 - np.round(discount, 4))
    state.orders = {
        "customer_index": who, "ordered_on": day,
        "revenue": np.bincount(line_order, weights=net, minlength=n_orders),
        "margin": np.bincount(line_order, weights=net - quantity * unit_cost, minlength=n_orders),
    }
