"""An email backend that writes to the outbox instead of sending.

It is settings.EMAIL_BACKEND, so every mail the app sends (allauth's, Django's, ours) becomes an
outbox row in the caller's transaction and is delivered later by a Celery task.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from email.mime.base import MIMEBase
from typing import Any

from django.core.mail import EmailMessage
from django.core.mail.backends.base import BaseEmailBackend

from outbox.services import MailAttachment, queue_mail


def _text(content: Any) -> str:
    return content.decode() if isinstance(content, bytes) else str(content)


def _split(message: EmailMessage) -> tuple[str, str, list[dict[str, str]], list[MailAttachment]]:
    text, html = str(message.body), ""
    if getattr(message, "content_subtype", "plain") == "html":
        text, html = "", str(message.body)
    alternatives: list[dict[str, str]] = []
    for content, mimetype in getattr(message, "alternatives", []):
        if mimetype == "text/html" and not html:
            html = _text(content)
        else:
            alternatives.append({"content": _text(content), "mimetype": mimetype})
    attachments: list[MailAttachment] = []
    for item in message.attachments:
        if isinstance(item, MIMEBase):
            raise ValueError("The outbox stores text attachments only, not MIME parts.")
        filename, content, mimetype = item
        attachments.append(
            {
                "filename": filename or "",
                "content": _text(content),
                "mimetype": mimetype or "application/octet-stream",
            }
        )
    return text, html, alternatives, attachments


def _headers(message: EmailMessage) -> dict[str, str]:
    headers = {str(name): str(value) for name, value in message.extra_headers.items()}
    if message.reply_to and not any(name.lower() == "reply-to" for name in headers):
        headers["Reply-To"] = ", ".join(message.reply_to)
    return headers


class OutboxBackend(BaseEmailBackend):
    def send_messages(self, email_messages: Sequence[EmailMessage]) -> int:
        count = 0
        for message in email_messages:
            text, html, alternatives, attachments = _split(message)
            batch = uuid.uuid4().hex
            for recipient in message.recipients():
                queue_mail(
                    key=f"backend:{batch}:{recipient}",
                    to=recipient,
                    subject=str(message.subject),
                    text=text,
                    html=html,
                    from_email=message.from_email,
                    alternatives=alternatives,
                    attachments=attachments,
                    headers=_headers(message),
                )
                count += 1
        return count
