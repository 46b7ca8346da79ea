"""Every page through AppTest, in both languages: renders, shows its KPIs, follows filters and links."""

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from dashboard.core import i18n, labels
from dashboard.core.navigation import ALL_PAGES, DATA, OVERVIEW, PERSPECTIVE_PAGES
from dashboard.core.safe import plain
from metrics.scorecard.registry import CATALOGUE, by_perspective
from metrics.scorecard.strategy import Perspective

APP = str(Path(__file__).resolve().parents[2] / "streamlit_app.py")
TITLES = {OVERVIEW.path: "overview_title", DATA.path: "data_title", "pages/segments.py": "segments_title",
          "pages/portfolios.py": "portfolios_title"}


def open_page(monkeypatch, url: str, path: str, **query: str) -> AppTest:
    monkeypatch.setenv("DATABASE_URL", url)
    at = AppTest.from_file(APP, default_timeout=90)
    at.query_params.update(query)
    at.run()
    if path != OVERVIEW.path:
        at.switch_page(path).run()
    return at


def metric_labels(at: AppTest) -> list[str]:
    return [m.label for m in at.metric]


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("spec", ALL_PAGES, ids=lambda s: s.url_path)
def test_page_renders_in_both_languages(monkeypatch, demo_url, spec, lang):
    at = open_page(monkeypatch, demo_url, spec.path, lang=lang)
    assert not at.exception, at.exception
    assert at.title[0].value == i18n.TEXT[TITLES.get(spec.path, spec.title_key)][lang]
    assert not at.error


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("perspective", list(Perspective), ids=lambda p: p.value)
def test_perspective_page_shows_a_tile_per_kpi(monkeypatch, demo_url, perspective, lang):
    at = open_page(monkeypatch, demo_url, PERSPECTIVE_PAGES[perspective].path, lang=lang)
    labels = " ".join(metric_labels(at))
    for kpi in by_perspective(perspective):
        assert kpi.name[lang] in labels


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_overview_lists_every_kpi_and_the_scores(monkeypatch, demo_url, lang):
    at = open_page(monkeypatch, demo_url, OVERVIEW.path, lang=lang)
    names = set()
    for frame in at.dataframe:
        names |= set(frame.value[i18n.TEXT["kpi"][lang]])
    assert names == {k.name[lang] for k in CATALOGUE}
    assert i18n.TEXT["overall_score"][lang] in metric_labels(at)
    assert len(at.get("plotly_chart")) == 1  # the strategy map


def tile_values(at: AppTest) -> dict[str, str]:
    """KPI name -> value shown, whatever status mark leads the label."""
    return {m.label.split("] ", 1)[-1]: m.value for m in at.metric}


def test_filters_change_the_numbers(monkeypatch, demo_url):
    customer = PERSPECTIVE_PAGES[Perspective.CUSTOMER].path
    everyone = tile_values(open_page(monkeypatch, demo_url, customer, period="2026-06"))
    east = tile_values(open_page(monkeypatch, demo_url, customer, period="2026-06", region="East"))
    earlier = tile_values(open_page(monkeypatch, demo_url, customer, period="2025-06"))
    label = "Active customers"
    assert int(east[label].replace(",", "")) < int(everyone[label].replace(",", ""))
    assert int(earlier[label].replace(",", "")) < int(everyone[label].replace(",", ""))


def test_query_params_restore_a_view(monkeypatch, demo_url):
    at = open_page(monkeypatch, demo_url, OVERVIEW.path, period="2025-Q2", region="East,West", channel="online",
                   compare="year", vp="product_leadership")
    assert at.session_state["f_grain"] == "quarter" and at.selectbox(key="f_period").value == "2025-Q2"
    assert at.multiselect(key="f_region").value == ["East", "West"]
    assert at.multiselect(key="f_channel").value == ["online"]
    assert at.radio(key="f_compare").value == "year"
    assert at.selectbox(key="f_vp").value == "product_leadership"
    assert not at.warning


def test_unknown_link_values_are_ignored_with_a_note(monkeypatch, demo_url):
    at = open_page(monkeypatch, demo_url, OVERVIEW.path, period="2031-01", region="Atlantis")
    assert not at.exception
    shown = at.warning[0].value  # URL values are escaped, shown as typed (dashboard.core.safe.plain)
    assert plain("period=2031-01") in shown and plain("region=Atlantis") in shown


def test_choosing_a_kpi_opens_its_perspective_focused_on_it(monkeypatch, demo_url):
    at = open_page(monkeypatch, demo_url, OVERVIEW.path)
    at.selectbox(key="open_kpi").set_value("retention_rate").run()
    assert not at.exception
    assert at.title[0].value == i18n.TEXT["page_customer"]["en"]
    assert at.selectbox(key="focus_customer").value == "retention_rate"


def test_a_filter_matching_nothing_says_so(monkeypatch, demo_url, demo_engine):
    with demo_engine.connect() as conn:  # a manager, region, channel and industry no customer combines
        manager, region, channel, industry = conn.exec_driver_sql("""
            SELECT e.id, r.region, ch.channel, i.industry FROM employee e,
                   (SELECT DISTINCT region FROM customer) r, (SELECT DISTINCT channel FROM customer) ch,
                   (SELECT DISTINCT industry FROM customer) i
            WHERE EXISTS (SELECT 1 FROM customer c WHERE c.manager_id = e.id)
              AND NOT EXISTS (SELECT 1 FROM customer c WHERE c.manager_id = e.id AND c.region = r.region
                              AND c.channel = ch.channel AND c.industry = i.industry)
            ORDER BY e.id LIMIT 1""").one()
    at = open_page(monkeypatch, demo_url, OVERVIEW.path, manager=str(manager), region=region, channel=channel,
                   industry=industry)
    assert not at.exception
    assert any("No data for" in i.value for i in at.info)


SEGMENTS = "pages/segments.py"
CUSTOMER_DETAIL = "pages/customer_detail.py"


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_segments_page_profiles_a_segment_and_lists_its_customers(monkeypatch, demo_url, lang):
    at = open_page(monkeypatch, demo_url, SEGMENTS, lang=lang, segment="tier:A")
    assert not at.exception, at.exception
    assert at.selectbox(key="segment").value == "tier:A"
    frames = {tuple(d.value.columns)[:2]: d.value for d in at.dataframe}
    # the segment's customer list (the call lists start with the categories due)
    first = (labels.header("name", lang), labels.header("revenue_12m", lang))
    listing = next(v for k, v in frames.items() if k == first)
    assert len(listing) > 0
    assert i18n.TEXT["p_prospecting"][lang] in " ".join(m.value for m in at.markdown)


def test_comparing_two_segments_shows_both_profiles(monkeypatch, demo_url):
    at = open_page(monkeypatch, demo_url, SEGMENTS, segment="segment:champions", versus="segment:at_risk")
    assert not at.exception
    headings = [m.value for m in at.markdown if m.value.startswith("####")]
    assert any("Champions" in h for h in headings) and any("At risk" in h for h in headings)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_customer_detail_shows_one_customers_history(monkeypatch, demo_url, demo_engine, lang):
    with demo_engine.connect() as conn:
        customer, orders = conn.exec_driver_sql(
            "SELECT customer_id, count(*) FROM sales_order GROUP BY 1 ORDER BY 2 DESC LIMIT 1").one()
    at = open_page(monkeypatch, demo_url, CUSTOMER_DETAIL, lang=lang, customer=str(customer))
    assert not at.exception, at.exception
    tiles = {m.label: m.value for m in at.metric}
    assert tiles[i18n.TEXT["h_orders"][lang]] == f"{orders:,}"
    assert len(at.dataframe[0].value) == orders


def test_a_custom_segment_is_the_customers_the_filters_select(monkeypatch, demo_url, demo_store):
    at = open_page(monkeypatch, demo_url, SEGMENTS, segment="custom:filters", region="East", channel="direct")
    assert not at.exception
    listing = next(d.value for d in at.dataframe if labels.header("customer_id", "en") in d.value.columns)
    assert set(listing[i18n.TEXT["region"]["en"]]) == {"East"} and set(listing[i18n.TEXT["channel"]["en"]]) == {
        "Direct sales"}
