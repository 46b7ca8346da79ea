"""The overview as a one-page PDF an executive can forward (reportlab; CJK via its built-in CID font)."""

from __future__ import annotations

import io

import pandas as pd
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

STATUS_RGB = {"green": colors.HexColor("#2e7d32"), "amber": colors.HexColor("#f2a900"),
              "red": colors.HexColor("#c62828"), "none": colors.HexColor("#9e9e9e")}


def _font(lang: str) -> str:
    if lang == "zh":
        pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
        return "STSong-Light"
    return "Helvetica"


def scorecard_pdf(rows: pd.DataFrame, *, title: str, subtitle: str, headers: list[str], tiles: list[str],
                  lang: str) -> bytes:
    """A landscape A4 page: title, score tiles, then one row per KPI (``rows`` columns: perspective label,
    KPI name, value, target, status label, change, status key)."""
    font = _font(lang)
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(buffer, pagesize=landscape(A4), leftMargin=10 * mm, rightMargin=10 * mm,
                            topMargin=8 * mm, bottomMargin=8 * mm, title=title)
    heading = ParagraphStyle("h", fontName=font, fontSize=14, leading=17)
    small = ParagraphStyle("s", fontName=font, fontSize=8, leading=10, textColor=colors.HexColor("#555555"))
    cell = ParagraphStyle("c", fontName=font, fontSize=5.6, leading=6.6)
    body = [[Paragraph(str(v), cell) for v in row[:-1]] for row in rows.itertuples(index=False)]
    table = Table([[Paragraph(h, cell) for h in headers], *body],
                  colWidths=[30 * mm, 92 * mm, 32 * mm, 32 * mm, 28 * mm, 32 * mm], repeatRows=1)
    style = [("GRID", (0, 0), (-1, -1), 0.25, colors.HexColor("#cccccc")),
             ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8eef6")),
             ("VALIGN", (0, 0), (-1, -1), "MIDDLE"), ("TOPPADDING", (0, 0), (-1, -1), 0.6),
             ("BOTTOMPADDING", (0, 0), (-1, -1), 0.6)]
    for i, status in enumerate(rows.iloc[:, -1], start=1):
        style.append(("TEXTCOLOR", (4, i), (4, i), STATUS_RGB.get(status, colors.black)))
    table.setStyle(TableStyle(style))
    doc.build([Paragraph(title, heading), Paragraph(subtitle, small), Spacer(1, 2 * mm),
               Paragraph(" · ".join(tiles), small), Spacer(1, 2 * mm), table])
    return buffer.getvalue()
