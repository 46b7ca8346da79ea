"""The board pack's page for one KPI needing attention: where it stands, its trend against the target with the
forecast, the year outlook, owner and deputy, the latest check-in note, the initiatives on it, its definition."""

from __future__ import annotations

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import Spacer, Table

from metrics.base.format import format_value, known
from metrics.scorecard.strategy import PERSPECTIVE_NAMES, objective
from reports import drawings
from reports.content import BoardPack, Focus
from reports.layout import WIDTH, Styles, change, flag_text, p, shown_target, shown_value, style
from reports.texts import labelled, text


def kpi_page(item: Focus, pack: BoardPack, lang: str, s: Styles) -> list:
    row, currency, kpi = item.row, pack.values.currency, item.kpi
    why = [text("attention_why_red", lang)] if item.red else []
    why += [text("attention_why_risk", lang)] if item.at_risk else []
    facts = [(text("value", lang), shown_value(row, lang, currency)),
             (text("target", lang), shown_target(row, lang, currency)),
             (text("status", lang), drawings.status_text(row["status"], lang)),
             (text("delta_prev", lang), change(row, "delta_prev", lang, currency)),
             (text("delta_year", lang), change(row, "delta_year", lang, currency))]
    table = Table([[p(k, s.head) for k, _ in facts], [p(v, s.body) for _, v in facts]],
                  colWidths=[WIDTH / len(facts)] * len(facts), hAlign="LEFT")
    table.setStyle(style(s, [("BACKGROUND", (2, 1), (2, 1), drawings.FILL[row["status"]]),
                              ("LINEBELOW", (0, 0), (-1, 0), 0.4, colors.HexColor("#B0BEC5"))]))
    chart = drawings.trend(row["trend"], target=row["target"], path=item.path, unit=row["unit"], lang=lang,
                           currency=currency, label=lambda d: pack.filters.label(d), width=WIDTH, height=88 * mm)
    place = f"{PERSPECTIVE_NAMES[kpi.perspective][lang]} · {objective(kpi.objective).name[lang]} · " + \
        ("；" if lang == "zh" else "; ").join(why)
    outlook = _forecast_line(item, lang, currency, filtered=bool(pack.filters.dimensions))
    return [p(kpi.name[lang], s.h1), p(place, s.small), Spacer(1, 2 * mm), table, Spacer(1, 2 * mm),
            p(text("trend_title", lang), s.h2), chart, p(outlook, s.body),
            Spacer(1, 2 * mm), *_people(item, pack, lang, s),
            p(labelled("definition", lang, kpi.definition[lang]), s.small)]


def _forecast_line(item: Focus, lang: str, currency: str, *, filtered: bool) -> str:
    year, unit, per = item.year, item.row["unit"], item.row.get("per")
    if not year:
        return text("forecast_filtered" if filtered else "forecast_missing", lang)

    def shown(key: str) -> str:
        return format_value(year[key], unit, lang, currency=currency, per=per)

    if year.get("basis") == "known":
        return text("forecast_known", lang, value=shown("forecast"), target=shown("target"),
                    flag=flag_text(year, lang))
    if year.get("basis") != "forecast" or not known(year.get("forecast")):
        return labelled("forecast_col", lang, flag_text(year, lang))
    probability = f"{year['probability']:.0%}" if known(year.get("probability")) else "–"
    return text("forecast_line", lang, value=shown("forecast"), low=shown("low90"), high=shown("high90"),
                target=shown("target"), probability=probability, flag=text("flag_" + year["flag"], lang)
                if year["flag"] in ("on_track", "at_risk", "none") else flag_text(year, lang))


def _people(item: Focus, pack: BoardPack, lang: str, s: Styles) -> list:
    owner = item.owner or text("nobody", lang)
    line = labelled("owner", lang, owner)
    if item.deputy:
        line += " · " + labelled("deputy", lang, item.deputy)
    out = [p(line, s.body)]
    checkin = item.checkin
    if checkin:
        status = checkin.get("status")
        judged = text(f"judgement_{status}", lang) if f"judgement_{status}" in _JUDGEMENTS else (status or "–")
        written = checkin.get("written_at")
        by = " · ".join(str(v) for v in (checkin.get("author"), written.date() if hasattr(written, "date") else written)
                        if v)
        out += [p(f"{text('note', lang)} ({by})" if by else text("note", lang), s.h2),
                p(text("note_status", lang, status=judged), s.small), p(checkin.get("note") or "–", s.body)]
    else:
        out.append(p(text("note_none", lang), s.small))
    if item.initiatives:
        out.append(p(text("initiatives_on_kpi", lang, names="; ".join(item.initiatives)), s.body))
    elif pack.initiatives is not None:
        out.append(p(text("initiatives_on_kpi_none", lang), s.small))
    return [*out, Spacer(1, 2 * mm)]


_JUDGEMENTS = {"judgement_on_track", "judgement_at_risk", "judgement_off_track"}
