"""The board pack on the demo: its pages, its text in both languages read back with pdftotext, its fonts embedded
(pdffonts), owners and check-in notes on the pages of the KPIs needing attention."""

import shutil
import subprocess
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from sqlmodel import Session

from data import db
from data.review import owners
from data.review.models import ItemOwner, KpiCheckIn
from metrics.base.dimensions import dimension_values
from metrics.base.store import Store
from reports import board_pack
from reports.content import filters_for, gather

pytestmark = pytest.mark.skipif(not shutil.which("pdftotext") or not shutil.which("pdffonts"),
                                reason="poppler-utils (pdftotext, pdffonts) not installed: scripts/install-system.sh")


def pages(pdf: bytes, tmp_path: Path) -> list[str]:
    """The text of each page, as pdftotext reads it."""
    path = tmp_path / "pack.pdf"
    path.write_bytes(pdf)
    out = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True)
    return out.stdout.split("\f")[:-1]


def fonts(pdf: bytes, tmp_path: Path) -> list[list[str]]:
    path = tmp_path / "fonts.pdf"
    path.write_bytes(pdf)
    out = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout
    return [line.split() for line in out.splitlines()[2:] if line.strip()]


@pytest.fixture(scope="module")
def packs(demo_url) -> dict[str, bytes]:
    engine = db.get_engine(demo_url)
    try:
        return {lang: board_pack.build_pdf(engine, period=None, lang=lang) for lang in ("en", "zh")}
    finally:
        engine.dispose()


@pytest.fixture(scope="module")
def focus(demo_store) -> list:
    f = filters_for(dimension_values(demo_store), None, None)
    return list(gather(demo_store.scoped(), f).focus)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_every_kpi_needing_attention_has_a_page_of_its_own(packs, focus, lang, tmp_path):
    text = pages(packs[lang], tmp_path)
    assert focus, "the demo has red and at-risk KPIs"
    assert len(text) >= 6 + len(focus)  # cover, scores, map, scorecard (1+), one per KPI, initiatives
    for item in focus:
        heading = item.kpi.name[lang]
        assert sum(page.strip().startswith(heading) for page in text) == 1, heading
    assert text[-1].strip().startswith("Initiatives" if lang == "en" else "行动计划")


@pytest.mark.parametrize(("lang", "words"), [
    ("en", ["Board pack", "Data as of", "2026-10-31", "The five scores", "Strategy map", "Scorecard",
            "Revenue", "Off target", "Trend against target", "Year forecast", "Owner: ", "·"]),
    ("zh", ["董事会报告", "数据截至", "2026-10-31", "五项得分", "战略地图", "计分卡", "销售收入", "未达标",
            "趋势与目标", "全年预测", "负责人：", "·", "财务视角 · "]),
])
def test_text_reads_back_in_its_language(packs, lang, words, tmp_path):
    text = "\n".join(pages(packs[lang], tmp_path))
    assert [w for w in words if w not in text] == []
    assert "nan" not in text.split() and "None" not in text


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_every_font_is_embedded(packs, lang, tmp_path):
    listed = fonts(packs[lang], tmp_path)
    assert listed
    # columns: name type encoding emb sub uni object ID (type "TrueType" is one word here)
    assert [row[0] for row in listed if row[-5] != "yes"] == []
    assert not [row for row in listed if "Helvetica" in row[0] or "STSong" in row[0]]


def test_owner_note_and_filters_show(demo_url, tmp_path):
    """On a copy of the demo: an owner and a later check-in note (markup-like text, shown as typed) for a red KPI."""
    source = Path(demo_url.removeprefix("sqlite:///"))
    copy = tmp_path / "demo.db"
    shutil.copy(source, copy)
    shutil.copy(source.with_suffix(".duckdb"), copy.with_suffix(".duckdb"))
    engine = db.get_engine(f"sqlite:///{copy}")
    note = "Price war in the East <b>&</b> 华东价格战"
    with Session(engine) as session:
        owner, deputy = owners.active_accounts(session)[-2:]  # only active accounts own anything
        session.merge(ItemOwner(kind="kpi", item_id="revenue_growth", owner=owner, deputy=deputy,
                                updated_by="test", updated_at=datetime.now(UTC)))
        session.add(KpiCheckIn(kpi_id="revenue_growth", period=date(2026, 10, 1), status="at_risk", computed="red",
                               note=note, author=owner, written_at=datetime.now(UTC)))
        session.commit()
    try:
        pdf = board_pack.build_pdf(engine, period=date(2026, 10, 1), lang="en", filters=None)
        text = pages(pdf, tmp_path)
        page = next(p for p in text if p.strip().startswith("Revenue growth vs a year before"))
        assert f"Owner: {owner} · Deputy: {deputy}" in page
        assert note in " ".join(page.split()) and "Owner's judgement: at risk" in page
        assert "华东价格战" in page  # Chinese in an English pack: set in the CJK font, not boxes
        store = Store.for_url(f"sqlite:///{copy}")
        try:
            f = filters_for(dimension_values(store), date(2026, 10, 1), {"region": ["East"]})
            east = pages(board_pack.pack_pdf(store, f, "zh"), tmp_path)
        finally:
            store.close()
        assert "区域：East" in east[0]
    finally:
        engine.dispose()


def test_a_filter_value_the_data_lacks_is_named(demo_store):
    with pytest.raises(ValueError, match="region Atlantis is not in the data; known: Central, East"):
        filters_for(dimension_values(demo_store), None, {"region": ["Atlantis"]})
