"""The board pack: a multi-page PDF an executive forwards to the board, made with reportlab (its platypus layout and
its own vector graphics), so no browser is downloaded or driven to make it.

Pages: a cover (period, filters, data as-of, contents); the five scores; the strategy map with each objective's
status; the scorecard with status colours; one page per KPI off target or at risk of missing its year target (its
trend against the target, forecast, owner, check-in note, definition); the initiatives. Fonts are TrueType files
embedded in the PDF (``reports.fonts``), so Chinese and "·" read on any machine.

``build_pdf(engine, period=..., lang=..., filters=...)`` is the one call for the command line and the notifier;
``pack_pdf(store, filters, lang, engine=...)`` serves a caller that already holds the analytical store."""

from __future__ import annotations

import io
from datetime import date

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import PageBreak, SimpleDocTemplate, Spacer, Table
from sqlalchemy.engine import Engine

from metrics.base.dimensions import dimension_values
from metrics.base.filters import Filters
from metrics.base.format import known
from metrics.base.store import Store
from metrics.scorecard.registry import get
from metrics.scorecard.strategy import PERSPECTIVE_NAMES, Perspective
from reports import drawings
from reports.attention import kpi_page
from reports.content import BoardPack, describe_filters, filters_for, gather
from reports.layout import MARGIN, PAGE, WIDTH, Styles, change, flag_text, p, shown_target, shown_value, style
from reports.texts import TEXT, text


def build_pdf(engine: Engine, *, period: date | None = None, lang: str = "en", filters: dict | None = None) -> bytes:
    """The board pack of the database behind ``engine``: the month of ``period`` (None: the latest complete month,
    as the overview opens), in ``lang``, for ``filters`` (``{"region": [...], ...}``). Raises ``StoreMissing``
    without an analytical store, ValueError for a filter value the data does not hold."""
    store = Store.for_url(engine.url.render_as_string(hide_password=False))
    try:
        f = filters_for(dimension_values(store), period, filters)
        return pack_pdf(store, f, lang, engine=engine)
    finally:
        store.close()


def pack_pdf(store: Store, f: Filters, lang: str, *, engine: Engine | None = None) -> bytes:
    """The board pack for the period and filters ``f`` from an open ``store``."""
    return render(gather(store.scoped(), f, engine=engine), lang)


class _Document(SimpleDocTemplate):
    """A document whose page headings are also its bookmarks (the reader's outline pane)."""

    def afterFlowable(self, flowable) -> None:
        if getattr(flowable, "style", None) is not None and flowable.style.name == "h1":
            key = f"section{self.page}_{id(flowable)}"
            self.canv.bookmarkPage(key)
            self.canv.addOutlineEntry(flowable.getPlainText(), key, level=0)


def render(pack: BoardPack, lang: str) -> bytes:
    """The PDF of a gathered pack."""
    s = Styles(lang)
    buffer = io.BytesIO()
    title = f"{text('app_title', lang)} · {text('pack_title', lang)} · {pack.period}"
    doc = _Document(buffer, pagesize=PAGE, leftMargin=MARGIN, rightMargin=MARGIN, topMargin=MARGIN,
                            bottomMargin=MARGIN + 4 * mm, title=title, author=text("app_title", lang),
                            lang="zh-CN" if lang == "zh" else "en",
                            # the canvas starts in the pack's font: its default (Helvetica) is never embedded
                            initialFontName=s.font)

    def footer(canvas, document) -> None:
        canvas.saveState()
        canvas.setFont(s.font, 7)
        canvas.setFillColor(colors.HexColor("#777777"))
        canvas.drawString(MARGIN, MARGIN - 2 * mm, title)
        canvas.drawRightString(PAGE[0] - MARGIN, MARGIN - 2 * mm, text("page_of", lang, page=document.page))
        canvas.restoreState()

    story = [*_cover(pack, lang, s), PageBreak(), *_scores(pack, lang, s), PageBreak(), *_map(pack, lang, s),
             PageBreak(), *_scorecard(pack, lang, s)]
    for item in pack.focus:
        story += [PageBreak(), *kpi_page(item, pack, lang, s)]
    if not pack.focus:
        story += [PageBreak(), p(text("attention", lang), s.h1), p(text("attention_none", lang), s.body)]
    story += [PageBreak(), *_initiatives(pack, lang, s)]
    doc.build(story, onFirstPage=footer, onLaterPages=footer)
    return buffer.getvalue()


def filters_text(pack: BoardPack, lang: str) -> str:
    return describe_filters(pack.filters, lang, dict(pack.values.manager))


def _cover(pack: BoardPack, lang: str, s: Styles) -> list:
    facts = [(text("period", lang), pack.period), (text("filters", lang), filters_text(pack, lang)),
             (text("as_of", lang), pack.values.as_of.isoformat() if pack.values.as_of else "–"),
             (text("currency", lang), pack.values.currency),
             (text("made_at", lang), pack.made_at.strftime("%Y-%m-%d %H:%M UTC"))]
    table = Table([[p(k, s.label), p(v, s.body)] for k, v in facts], colWidths=[45 * mm, WIDTH - 45 * mm],
                  hAlign="LEFT")
    table.setStyle(style(s, [("VALIGN", (0, 0), (-1, -1), "TOP"), ("BOTTOMPADDING", (0, 0), (-1, -1), 5)]))
    sections = [text("scores", lang), text("strategy_map", lang), text("scorecard", lang),
                f"{text('attention', lang)} ({len(pack.focus)})", text("initiatives", lang)]
    return [Spacer(1, 30 * mm), p(text("app_title", lang), s.h2), p(text("pack_title", lang), s.title),
            p(pack.period, s.h1), Spacer(1, 8 * mm), table, Spacer(1, 10 * mm), p(text("contents", lang), s.h2),
            *[p(f"{i}. {name}", s.body) for i, name in enumerate(sections, start=1)]]


def _score(value) -> str:
    return f"{value:.0f}" if known(value) else "–"


def _scores(pack: BoardPack, lang: str, s: Styles) -> list:
    tiles = [(text("overall_score", lang), pack.totals["overall"], pack.totals_prev["overall"])]
    tiles += [(PERSPECTIVE_NAMES[p][lang], pack.totals["perspectives"][p.value],
               pack.totals_prev["perspectives"][p.value]) for p in Perspective]
    cells = []
    for label, now, before in tiles:
        change = f"{now - before:+.0f}" if known(now) and known(before) else "–"
        cells.append([p(label, s.centre), p(_score(now), s.big), p("/ 100", s.centre),
                      p(text("score_change", lang, change=change), s.centre)])
    table = Table([list(column) for column in zip(*cells, strict=True)], colWidths=[WIDTH / 5] * 5)
    table.setStyle(style(s, [("BOX", (i, 0), (i, -1), 0.6, colors.HexColor("#B0BEC5")) for i in range(5)]
                              + [("BACKGROUND", (0, 0), (0, -1), colors.HexColor("#EEF3F8")),
                                 ("TOPPADDING", (0, 0), (-1, -1), 4), ("BOTTOMPADDING", (0, 0), (-1, -1), 4)]))
    counts = pack.card["status"].value_counts()
    verdict = text("verdict", lang, on=int(counts.get("green", 0)), close=int(counts.get("amber", 0)),
                   off=int(counts.get("red", 0)), none=int(counts.get("none", 0)))
    return [p(text("scores", lang), s.h1), Spacer(1, 4 * mm), table, Spacer(1, 5 * mm), p(verdict, s.body)]


def _map(pack: BoardPack, lang: str, s: Styles) -> list:
    return [p(text("strategy_map", lang), s.h1), p(text("strategy_map_note", lang), s.small), Spacer(1, 3 * mm),
            drawings.strategy_map(pack.objectives, lang, width=WIDTH, height=150 * mm)]


def _scorecard(pack: BoardPack, lang: str, s: Styles) -> list:
    currency = pack.values.currency
    headers = [text(k, lang) for k in ("kpi", "value", "target", "status", "delta_prev", "delta_year")]
    with_flags = bool(pack.flags)
    if with_flags:
        headers.append(text("forecast_col", lang))
    rows, commands = [[p(h, s.head) for h in headers]], [
        ("GRID", (0, 0), (-1, -1), 0.25, colors.HexColor("#CFD8DC")),
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#E8EEF6")), ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("TOPPADDING", (0, 0), (-1, -1), 1.5), ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5)]
    for perspective in Perspective:
        i = len(rows)
        score = _score(pack.totals["perspectives"][perspective.value])
        band = p(f"{PERSPECTIVE_NAMES[perspective][lang]}  ({score} / 100)", s.head)
        rows.append([band] + [""] * (len(headers) - 1))
        commands += [("SPAN", (0, i), (-1, i)), ("BACKGROUND", (0, i), (-1, i), colors.HexColor("#F5F7FA"))]
        for row in pack.card[pack.card["perspective"] == perspective.value].to_dict("records"):
            i = len(rows)
            name = row["name_zh"] if lang == "zh" else row["name_en"]
            cells = [name, shown_value(row, lang, currency), shown_target(row, lang, currency),
                     drawings.status_text(row["status"], lang), change(row, "delta_prev", lang, currency),
                     change(row, "delta_year", lang, currency)]
            if with_flags:
                cells.append(flag_text(pack.flags.get(row["id"]), lang))
            rows.append([p(c, s.cell) for c in cells])
            commands += [("BACKGROUND", (3, i), (3, i), drawings.FILL[row["status"]]),
                      ("LINEBEFORE", (3, i), (3, i), 2, drawings.BORDER[row["status"]])]
    widths = [86, 30, 36, 28, 30, 30] + ([WIDTH / mm - 240] if with_flags else [])
    scale = WIDTH / (sum(widths) * mm)
    table = Table(rows, colWidths=[w * mm * scale for w in widths], repeatRows=1)
    table.setStyle(style(s, commands))
    return [p(text("scorecard", lang), s.h1), Spacer(1, 2 * mm), table]


def _initiatives(pack: BoardPack, lang: str, s: Styles) -> list:
    out = [p(text("initiatives", lang), s.h1)]
    if not pack.initiatives:
        return [*out, p(text("initiatives_none", lang), s.body)]
    headers = [text(k, lang) for k in ("initiative_name", "initiative_kpis", "initiative_status", "owner",
                                       "initiative_due", "initiative_done")]
    rows = [[p(h, s.head) for h in headers]]
    for item in pack.initiatives:
        kpis = ", ".join(_kpi_name(k, lang) for k in item["kpi_ids"]) or "–"
        status = item["status"]
        status = text("initiative_done_status" if status == "done" else f"initiative_{status}", lang) \
            if f"initiative_{status}" in TEXT else status
        done = f"{item['percent_complete']:.0f}%" if known(item.get("percent_complete")) else "–"
        cells = [item["name"], kpis, status, item["owner"] or text("nobody", lang),
                 item["due"].isoformat() if item["due"] else "–", done]
        rows.append([p(str(c), s.cell) for c in cells])
    table = Table(rows, colWidths=[w * WIDTH for w in (0.30, 0.28, 0.1, 0.16, 0.08, 0.08)], repeatRows=1)
    table.setStyle(style(s, [("GRID", (0, 0), (-1, -1), 0.25, colors.HexColor("#CFD8DC")),
                              ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#E8EEF6"))]))
    return [*out, Spacer(1, 2 * mm), table]


def _kpi_name(kpi_id: str, lang: str) -> str:
    try:
        return get(kpi_id).name[lang]
    except KeyError:
        return kpi_id
