"""Messages written out: a subject, a plain-text part, an HTML part with inline status colours (e-mail clients drop
style sheets) and a markdown text (the chat robots' webhooks), in the recipient's language."""

from __future__ import annotations

import html
from dataclasses import dataclass

from data.notifications.alerts import KINDS, detail
from data.notifications.models import AlertEvent
from metrics.alerts.digest import Digest, KpiLine
from metrics.base.format import chance_text, format_value
from metrics.scorecard import registry
from notify.texts import t

# the app's status colours (dashboard.core.charts.STATUS_COLOURS: Okabe-Ito, safe for colour-blind readers)
COLOURS = {"green": "#009E73", "amber": "#E69F00", "red": "#D55E00", "none": "#999999"}


@dataclass(frozen=True)
class Section:
    heading: str
    lines: tuple[tuple[str, str], ...]  # (status colour key, sentence)


@dataclass(frozen=True)
class Rendered:
    subject: str
    sections: tuple[Section, ...]
    intro: str = ""
    # a digest's KPI rows: name, value, target, chance, status name, status key
    table: tuple[tuple[str, ...], ...] = ()
    headers: tuple[str, ...] = ()
    tabled: frozenset[str] = frozenset()  # headings of the sections the HTML table shows instead

    def text(self, *, footer: str = "") -> str:
        parts = [self.subject, "", *([self.intro, ""] if self.intro else [])]
        for section in self.sections:
            parts += [section.heading, *[f"- {line}" for _, line in section.lines], ""]
        return "\n".join([*parts, footer]).strip() + "\n"

    def markdown(self, *, link: str = "") -> str:
        parts = [f"**{self.subject}**", *([self.intro] if self.intro else [])]
        for section in self.sections:
            parts.append("\n".join([f"### {section.heading}", *[f"- {_md(line)}" for _, line in section.lines]]))
        if link:
            parts.append(f"[{link}]({link})")
        return "\n\n".join(parts)

    def html(self, *, footer_html: str = "") -> str:
        body = [f"<h2 style=\"font-family:sans-serif\">{html.escape(self.subject)}</h2>"]
        if self.intro:
            body.append(f"<p style=\"font-family:sans-serif\">{html.escape(self.intro)}</p>")
        if self.table:
            head = "".join(f"<th style=\"text-align:left;padding:4px 8px;border-bottom:1px solid #ccc\">"
                           f"{html.escape(h)}</th>" for h in self.headers)
            rows = "".join("<tr>" + "".join(f"<td style=\"padding:4px 8px\">{html.escape(cell)}</td>"
                                            for cell in row[:-2])
                           + f"<td style=\"padding:4px 8px;background:{COLOURS.get(row[-1], COLOURS['none'])};"
                             f"color:#fff;font-weight:bold\">{html.escape(row[-2])}</td></tr>" for row in self.table)
            body.append(f"<table style=\"font-family:sans-serif;border-collapse:collapse\"><tr>{head}</tr>{rows}"
                        "</table>")
        for section in self.sections:
            if section.heading in self.tabled:
                continue
            items = "".join(f"<li style=\"margin:4px 0\">{_dot(status)} {html.escape(line)}</li>"
                            for status, line in section.lines)
            body.append(f"<h3 style=\"font-family:sans-serif\">{html.escape(section.heading)}</h3>"
                        f"<ul style=\"font-family:sans-serif;list-style:none;padding-left:0\">{items}</ul>")
        return f"<!DOCTYPE html><html><body>{''.join(body)}{footer_html}</body></html>"


def _dot(status: str) -> str:
    return (f"<span style=\"display:inline-block;width:10px;height:10px;border-radius:5px;"
            f"background:{COLOURS.get(status, COLOURS['none'])}\"></span>")


def _md(text: str) -> str:
    """Text safe inside a markdown list item: no markup of its own."""
    return "".join(f"\\{c}" if c in "\\`*_[]<>#|" else c for c in text)


def kpi_name(kpi_id: str, lang: str) -> str:
    try:
        return registry.get(kpi_id).name["zh" if lang == "zh" else "en"]
    except KeyError:
        return kpi_id


def _value(value, kpi_id: str, lang: str, currency: str) -> str:
    try:
        kpi = registry.get(kpi_id)
    except KeyError:
        return t("unknown", lang) if value is None else f"{value:,.2f}"
    return format_value(value, kpi.unit.value, lang, currency=currency, per=kpi.per)


def _percent(value, lang: str) -> str:
    return t("unknown", lang) if value is None else chance_text(value)


def _status(state: str | None, lang: str) -> str:
    key = f"status_{state}" if state in ("red", "amber", "green", "none", "failed", "warned") else "status_first"
    return t(key, lang)


def alert_line(event: AlertEvent, lang: str, currency: str) -> tuple[str, str]:
    """(colour, sentence) of one fired event."""
    d, name = detail(event), kpi_name(event.subject, lang)
    if event.kind == "kpi_red":
        return "red", t("line_kpi_red" if event.previous else "line_kpi_red_first", lang, name=name,
                        value=_value(d.get("value"), event.subject, lang, currency),
                        target=_value(d.get("target"), event.subject, lang, currency), period=d.get("period") or "",
                        previous=_status(event.previous, lang))
    if event.kind == "forecast_risk":
        return "amber", t("line_forecast", lang, name=name, probability=_percent(d.get("probability"), lang),
                          target=_value(d.get("target"), event.subject, lang, currency),
                          forecast=_value(d.get("forecast"), event.subject, lang, currency),
                          low=_value(d.get("low90"), event.subject, lang, currency),
                          high=_value(d.get("high90"), event.subject, lang, currency),
                          threshold=_percent(d.get("threshold"), lang))
    if event.kind == "checkin_due":
        overdue = event.state.startswith("overdue")
        return ("red" if overdue else "amber"), t("line_checkin_overdue" if overdue else "line_checkin_due", lang,
                                                  name=name, period=d.get("period") or "",
                                                  due_by=d.get("due_by") or "")
    if event.kind == "no_initiative":
        return "red", t("line_no_initiative", lang, name=name, period=d.get("period") or "")
    reason = d.get("reason_zh" if lang == "zh" else "reason_en") or ""
    if event.subject == "store":
        return "red", t("line_refresh_store", lang, reason=reason)
    return ("red" if event.state == "failed" else "amber"), t("line_refresh_step", lang, step=event.subject,
                                                               status=_status(event.state, lang), reason=reason)


def alerts(events: list[AlertEvent], lang: str, *, currency: str) -> Rendered:
    """One message for ``events`` (grouped by kind, in the order of :data:`KINDS`)."""
    sections = []
    for kind in KINDS:
        lines = tuple(alert_line(e, lang, currency) for e in events if e.kind == kind)
        if lines:
            sections.append(Section(t(f"kind_{kind}", lang), lines))
    first = sections[0].lines[0][1].split(":")[0].split("：")[0] if sections else ""
    subject = (t("subject_alert_one", lang, first=first) if len(events) == 1
               else t("subject_alert", lang, n=len(events), first=first))
    return Rendered(f"{t('app', lang)} · {subject}", tuple(sections))


def _row(line: KpiLine, lang: str, currency: str) -> tuple[str, ...]:
    name = line.name_zh if lang == "zh" else line.name_en
    return (name, _value(line.value, line.kpi_id, lang, currency), _value(line.target, line.kpi_id, lang, currency),
            _percent(line.probability, lang), _status(line.status, lang), line.status)


def digest(found: Digest, lang: str, *, cadence: str) -> Rendered:
    """The digest message (``cadence``: weekly or monthly)."""
    red = len(found.red)
    subject = f"{t('app', lang)} · " + t(f"subject_digest_{cadence}", lang, period=found.period or "", red=red)
    if found.period is None:
        return Rendered(subject, (Section(t("digest_no_data", lang), ()),))
    overall = t("unknown", lang) if found.overall is None else f"{found.overall:.0f}"
    intro = t("digest_intro", lang, period=found.period, as_of=found.as_of or t("unknown", lang), overall=overall,
              red=found.counts.get("red", 0), amber=found.counts.get("amber", 0),
              green=found.counts.get("green", 0))
    currency = found.currency

    def lines(kpis: tuple[KpiLine, ...], colour: str) -> tuple[tuple[str, str], ...]:
        return tuple((colour, t("line_value_target", lang, name=r[0], value=r[1], target=r[2]))
                     for r in (_row(k, lang, currency) for k in kpis))

    sections = [Section(t("digest_red", lang), lines(found.red, "red")) if found.red
                else Section(t("digest_no_red", lang), ())]
    if found.amber:
        sections.append(Section(t("digest_amber", lang), lines(found.amber, "amber")))
    if found.at_risk:
        sections.append(Section(t("digest_at_risk", lang), tuple(
            ("amber", t("line_chance", lang, name=r[0], chance=r[3]))
            for r in (_row(k, lang, currency) for k in found.at_risk))))
    table = tuple(_row(k, lang, currency) for k in (*found.red, *found.amber))
    headers = tuple(t(k, lang) for k in ("col_kpi", "col_value", "col_target", "col_chance", "col_status"))
    tabled = frozenset({t("digest_red", lang), t("digest_amber", lang)})
    return Rendered(subject, tuple(sections), intro, table, headers, tabled)
