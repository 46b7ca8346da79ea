"""Customer detail (AppTest): opens on lists worth picking from; a churned customer has no lifetime value."""

from pathlib import Path

from streamlit.testing.v1 import AppTest

from dashboard.core import i18n, labels

APP = str(Path(__file__).resolve().parents[2] / "streamlit_app.py")


def open_detail(monkeypatch, url: str, **query: str) -> AppTest:
    monkeypatch.setenv("DATABASE_URL", url)
    at = AppTest.from_file(APP, default_timeout=120)
    at.query_params.update(query)
    at.run().switch_page("pages/customer_detail.py").run()
    assert not at.exception, at.exception
    return at


def test_without_a_customer_the_page_offers_the_customers_due_now_and_the_latest_orders(monkeypatch, demo_url,
                                                                                        demo_store):
    at = open_detail(monkeypatch, demo_url)
    due, recent = at.dataframe[0].value, at.dataframe[1].value
    revenue = labels.header("revenue_12m", "en")
    assert 0 < len(due) <= 10 and list(due[revenue]) == sorted(due[revenue], reverse=True)
    latest = demo_store.query("SELECT max(ordered_on) AS d FROM sales")["d"].iloc[0]
    ordered = recent[labels.header("ordered_on", "en")]
    assert len(recent) == 10 and ordered.iloc[0] == latest.date() and list(ordered) == sorted(ordered, reverse=True)
    assert labels.header("customer_id", "en") not in due.columns  # names are enough to pick from


def test_a_churned_customer_shows_the_churn_date_and_no_lifetime_value(monkeypatch, demo_url, demo_store):
    row = demo_store.query("SELECT id, churned_on FROM customer WHERE churned_on IS NOT NULL ORDER BY id LIMIT 1")
    customer, churned_on = int(row["id"].iloc[0]), row["churned_on"].iloc[0]
    for lang in ("en", "zh"):
        at = open_detail(monkeypatch, demo_url, lang=lang, customer=str(customer))
        tiles = {m.label: m.value for m in at.metric}
        assert i18n.TEXT["clv_12m"][lang] not in tiles and i18n.TEXT["p_alive"][lang] not in tiles
        assert tiles[i18n.TEXT["lifetime_status"][lang]] == i18n.TEXT["churned"][lang]
        day = i18n.day(churned_on.date() if hasattr(churned_on, "date") else churned_on, language=lang)
        assert any(day in c.value for c in at.caption)
        assert not any(i18n.TEXT["status_red"][lang] in c.value for c in at.caption)
