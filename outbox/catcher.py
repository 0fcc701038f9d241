"""Read the local mail catcher's Maildir in the browser (local development only).

`make run` starts an SMTP sink (aiosmtpd) that stores every delivered mail in
settings.MAIL_CATCHER_DIR; these two pages show them, newest first. The URLs exist only when
MAIL_CATCHER_DIR is set, which is the default with DEBUG on and never in production.
"""

from __future__ import annotations

import datetime as dt
import mailbox
from email.message import EmailMessage
from email.policy import default
from pathlib import Path

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from outbox.preview import inline_images
from outbox.services import BinaryPart


def _maildir() -> mailbox.Maildir:
    if not settings.MAIL_CATCHER_DIR:
        raise Http404("The local mail catcher is off.")
    path = Path(settings.MAIL_CATCHER_DIR) / "Maildir"
    path.parent.mkdir(parents=True, exist_ok=True)
    return mailbox.Maildir(path, factory=None, create=True)


def _parse(raw: mailbox.MaildirMessage) -> EmailMessage:
    from email import message_from_bytes

    return message_from_bytes(raw.as_bytes(), policy=default)


@require_safe
def inbox(request: HttpRequest) -> HttpResponse:
    box = _maildir()
    rows = []
    for key, raw in box.items():
        msg = _parse(raw)
        received = dt.datetime.fromtimestamp(raw.get_date(), tz=dt.UTC)
        rows.append({"key": key, "to": msg["To"], "subject": msg["Subject"], "received": received})
    rows.sort(key=lambda row: row["received"], reverse=True)
    return render(request, "outbox/catcher_inbox.html", {"rows": rows[:200]})


@require_safe
def message(request: HttpRequest, key: str) -> HttpResponse:
    box = _maildir()
    try:
        raw = box[key]
    except (KeyError, ValueError) as missing:
        raise Http404 from missing
    msg = _parse(raw)
    text = msg.get_body(preferencelist=("plain",))
    html = msg.get_body(preferencelist=("html",))
    parts = [(part.get_content_type(), part.get_filename() or "") for part in msg.walk()]
    return render(
        request,
        "outbox/catcher_message.html",
        {
            "msg": msg,
            "text": text.get_content() if text else "",
            "html": inline_images(html.get_content(), _inline_parts(msg)) if html else "",
            "parts": parts,
        },
    )


def _inline_parts(msg: EmailMessage) -> list[BinaryPart]:
    """The parts the HTML shows by cid: (those with a Content-ID), as the outbox stores them."""
    return [
        BinaryPart(
            filename=part.get_filename() or "",
            content=part.get_content(),
            mimetype=part.get_content_type(),
            content_id=str(part["Content-ID"]).strip().strip("<>"),
        )
        for part in msg.walk()
        if part["Content-ID"] and not part.is_multipart()
    ]
