"""The two channels: e-mail over SMTP (HTML with a plain-text part, the board pack attached to digests) and webhooks
(a JSON ``POST`` signed with ``X-Signature: sha256=<hex HMAC of the body>``, shaped for a generic receiver or for the
WeCom, DingTalk and Feishu group robots, which take a markdown message)."""

from __future__ import annotations

import hashlib
import json
import smtplib
import socket
import ssl
import urllib.error
import urllib.request
from email.message import EmailMessage
from email.utils import formatdate

from data.notifications.tokens import sign
from notify.render import Rendered
from notify.settings import Smtp
from notify.texts import t

WEBHOOK_TIMEOUT = 15.0
ROBOT_LIMIT = 3800  # bytes of markdown the robots accept (WeCom: 4,096)


class DeliveryError(RuntimeError):
    """A message the channel did not take; the text is safe to record (no password). ``unreachable``: the server
    could not be reached at all (the run leaves its other e-mails for later rather than wait on each)."""

    def __init__(self, text: str, *, unreachable: bool = False) -> None:
        super().__init__(text)
        self.unreachable = unreachable


UNREACHABLE = (ConnectionError, TimeoutError, socket.gaierror, smtplib.SMTPConnectError,
               smtplib.SMTPServerDisconnected)


def message_id(key: str) -> str:
    """The same Message-ID for every attempt of one outbox row: a receiver that got it once can tell."""
    return f"<{hashlib.sha256(key.encode()).hexdigest()[:40]}@crm-scorecard>"


def email(rendered: Rendered, *, sender: str, to: str, key: str, lang: str, unsubscribe_url: str, app_url: str,
          settings_url: str, attachment: tuple[str, bytes] | None = None, note: str = "") -> EmailMessage:
    """The e-mail of ``rendered`` to ``to``, with a one-click unsubscribe link (also as ``List-Unsubscribe``)."""
    footer = "\n".join(x for x in (note, f"{t('open_app', lang)}: {app_url}", f"{t('settings', lang)}: {settings_url}",
                                   f"{t('unsubscribe', lang)}: {unsubscribe_url}", t("why", lang, email=to)) if x)
    footer_html = ("<hr><p style=\"font-family:sans-serif;font-size:12px;color:#555\">"
                   + (f"{_h(note)}<br>" if note else "")
                   + f"<a href=\"{_h(app_url)}\">{_h(t('open_app', lang))}</a> · "
                   f"<a href=\"{_h(settings_url)}\">{_h(t('settings', lang))}</a> · "
                   f"<a href=\"{_h(unsubscribe_url)}\">{_h(t('unsubscribe', lang))}</a><br>"
                   f"{_h(t('why', lang, email=to))}</p>")
    message = EmailMessage()
    message["Subject"], message["From"], message["To"] = rendered.subject, sender, to
    message["Date"], message["Message-ID"] = formatdate(localtime=False), message_id(key)
    message["List-Unsubscribe"] = f"<{unsubscribe_url}>"
    message["X-Idempotency-Key"] = key
    message.set_content(rendered.text(footer=footer))
    message.add_alternative(rendered.html(footer_html=footer_html), subtype="html")
    if attachment is not None:
        name, data = attachment
        message.add_attachment(data, maintype="application", subtype="pdf", filename=name)
    message["Content-Language"] = "zh-CN" if lang == "zh" else "en"  # after the parts: set_content drops Content-*
    return message


def _h(text: str) -> str:
    import html

    return html.escape(text, quote=True)


def send_email(message: EmailMessage, server: Smtp) -> None:
    """Hand ``message`` to the SMTP server; :class:`DeliveryError` (never showing the password) when it is refused
    or unreachable."""
    try:
        if server.ssl:
            client = smtplib.SMTP_SSL(server.host, server.port, timeout=server.timeout,
                                      context=ssl.create_default_context())
        else:
            client = smtplib.SMTP(server.host, server.port, timeout=server.timeout)
        with client:
            if server.starttls:
                client.starttls(context=ssl.create_default_context())
            if server.user:
                client.login(server.user, server.password or "")
            client.send_message(message)
    except (smtplib.SMTPException, OSError) as error:
        text = f"{type(error).__name__} from {server.masked}: {error}"
        if server.password:
            text = text.replace(server.password, "***")
        raise DeliveryError(text, unreachable=isinstance(error, UNREACHABLE)) from None


def _robot_markdown(markdown: str) -> str:
    data = markdown.encode()
    return markdown if len(data) <= ROBOT_LIMIT else data[:ROBOT_LIMIT].decode(errors="ignore") + "\n\n…"


def webhook_payload(kind: str | None, rendered: Rendered, *, message: str, key: str, link: str) -> dict:
    """The JSON body for a webhook of ``kind`` (generic, wecom, dingtalk, feishu)."""
    markdown = rendered.markdown(link=link)
    if kind == "wecom":
        return {"msgtype": "markdown", "markdown": {"content": _robot_markdown(markdown)}}
    if kind == "dingtalk":
        return {"msgtype": "markdown", "markdown": {"title": rendered.subject, "text": _robot_markdown(markdown)}}
    if kind == "feishu":
        return {"msg_type": "interactive", "card": {
            "header": {"title": {"tag": "plain_text", "content": rendered.subject}},
            "elements": [{"tag": "markdown", "content": _robot_markdown(markdown)}]}}
    return {"kind": message, "idempotency_key": key, "title": rendered.subject, "markdown": markdown,
            "text": rendered.text(), "link": link,
            "sections": [{"heading": s.heading, "lines": [{"status": c, "text": x} for c, x in s.lines]}
                         for s in rendered.sections]}


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    """A webhook is posted to the address saved, never to where an answer points (no redirect is followed)."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        return None


_OPENER = urllib.request.build_opener(_NoRedirect)


def post_webhook(url: str, payload: dict, *, key: bytes, idempotency_key: str) -> None:
    """``POST`` ``payload`` as JSON, signed; :class:`DeliveryError` on a refusal, a robot's error code or no answer."""
    body = json.dumps(payload, ensure_ascii=False).encode()
    request = urllib.request.Request(url, data=body, method="POST", headers={
        "Content-Type": "application/json; charset=utf-8", "X-Signature": f"sha256={sign(body, key)}",
        "X-Idempotency-Key": idempotency_key, "User-Agent": "crm-scorecard-notify"})
    try:
        with _OPENER.open(request, timeout=WEBHOOK_TIMEOUT) as response:  # http(s) only: checked on save
            answer = response.read(65536)
    except urllib.error.HTTPError as error:
        raise DeliveryError(f"the webhook answered HTTP {error.code}") from None
    except (urllib.error.URLError, OSError) as error:
        raise DeliveryError(f"the webhook could not be reached: {getattr(error, 'reason', error)}") from None
    try:
        found = json.loads(answer or b"{}")
    except ValueError:
        return
    code = found.get("errcode", found.get("code", 0)) if isinstance(found, dict) else 0
    if code not in (0, None, "0"):
        message = found.get("errmsg") or found.get("msg") or ""
        raise DeliveryError(f"the robot refused the message: code {code} {message}".strip())
