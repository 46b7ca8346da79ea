"""The board pack's page furniture: page size, paragraph and table styles in the pack's embedded fonts, and the
values as the pack writes them (``metrics.base.format``; texts from ``reports.texts``)."""

from __future__ import annotations

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, TableStyle

from metrics.base.format import format_change, format_value, known
from metrics.scorecard.needs import needs_words
from reports import fonts
from reports.texts import labelled, text

PAGE = landscape(A4)
MARGIN = 12 * mm
WIDTH = PAGE[0] - 2 * MARGIN


class Styles:
    """The pack's paragraph styles in the fonts of its language."""

    def __init__(self, lang: str) -> None:
        self.font, self.bold = fonts.body(lang), fonts.bold(lang)
        self.title = ParagraphStyle("title", fontName=self.bold, fontSize=26, leading=32, spaceAfter=6)
        self.h1 = ParagraphStyle("h1", fontName=self.bold, fontSize=16, leading=20, spaceAfter=4)
        self.h2 = ParagraphStyle("h2", fontName=self.bold, fontSize=11, leading=14, spaceBefore=4, spaceAfter=2)
        self.body = ParagraphStyle("body", fontName=self.font, fontSize=9.5, leading=13)
        self.small = ParagraphStyle("small", fontName=self.font, fontSize=8, leading=10,
                                    textColor=colors.HexColor("#555555"))
        self.cell = ParagraphStyle("cell", fontName=self.font, fontSize=7.5, leading=9)
        self.head = ParagraphStyle("head", fontName=self.bold, fontSize=7.5, leading=9)
        self.label = ParagraphStyle("label", fontName=self.bold, fontSize=9.5, leading=13)
        self.big = ParagraphStyle("big", fontName=self.bold, fontSize=24, leading=28, alignment=1)
        self.centre = ParagraphStyle("centre", fontName=self.font, fontSize=8.5, leading=11, alignment=1)


def style(s: Styles, commands: list) -> TableStyle:
    """A table style whose cells start in the pack's font (reportlab's default, Helvetica, is never embedded)."""
    return TableStyle([("FONTNAME", (0, 0), (-1, -1), s.font), *commands])


def p(words: str, look: ParagraphStyle) -> Paragraph:
    """``words`` as a paragraph: escaped (company data and notes are never markup), in fonts that have its letters."""
    return Paragraph(fonts.markup(words, look.fontName), look)


def shown_value(row: dict, lang: str, currency: str) -> str:
    if row.get("needs"):
        return labelled("not_measured", lang, needs_words(row["needs"], lang))
    return format_value(row["value"], row["unit"], lang, currency=currency, per=row.get("per"))


def shown_target(row: dict, lang: str, currency: str) -> str:
    value = format_value(row["target"], row["unit"], lang, currency=currency, per=row.get("per"))
    return text("baseline_marker", lang, value=value) if value != "–" and row.get("target_source") == "baseline" \
        else value


def flag_text(row: dict | None, lang: str) -> str:
    if not row or row["flag"] == "none":
        return text("flag_none", lang) if row else "–"
    if row["flag"] in ("reached", "missed", "not_estimable") or not known(row["probability"]):
        return text("flag_" + row["flag"], lang)
    return f"{text('flag_' + row['flag'], lang)} ({row['probability']:.0%})"


def change(row: dict, column: str, lang: str, currency: str) -> str:
    return format_change(row[column], row["unit"], lang, currency=currency, per=row.get("per"))
