"""An outbox row as the MIME message that goes out.

The layout, when the HTML shows images by `cid:` (what Outlook, Gmail, Apple Mail and
Thunderbird all display; inline SVG or data: URLs they do not):

    multipart/mixed                    (only when there are attachments)
      multipart/alternative
        text/plain
        multipart/related
          text/html                    <img src="cid:badge-qr-12@example.org">
          image/png                    Content-ID: <badge-qr-12@example.org>, inline
      application/ics                  attachments
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.core.mail.message import SafeMIMEMultipart

from outbox.models import MailPart, OutboundMail


class MessageWithInlineParts(EmailMultiAlternatives):
    """Django's mail with multipart/related around the HTML for its inline images."""

    def __init__(self, *args: Any, inline: Iterable[MailPart] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.inline = list(inline)

    def _create_alternatives(self, msg: Any) -> Any:
        msg = super()._create_alternatives(msg)  # type: ignore[misc]  # private in the stubs
        if not self.inline or not msg.is_multipart():
            return msg
        payload = msg.get_payload()
        for index, part in enumerate(payload):
            if part.get_content_type() == "text/html":
                payload[index] = self._related(part)
        return msg

    def _related(self, html: Any) -> SafeMIMEMultipart:
        related = SafeMIMEMultipart(
            _subtype="related", encoding=self.encoding or settings.DEFAULT_CHARSET
        )
        related.attach(html)
        for part in self.inline:
            image = self._create_mime_attachment(bytes(part.content), part.mimetype)  # type: ignore[attr-defined]
            image.add_header("Content-ID", f"<{part.content_id}>")
            image.add_header("Content-Disposition", "inline", filename=part.filename)
            related.attach(image)
        return related


def build_message(mail: OutboundMail) -> EmailMultiAlternatives:
    headers = {**mail.headers, "Message-ID": mail.message_id}
    parts = list(mail.parts.all()) if mail.pk else []
    # Inline images need an HTML body to show them; without one they go as attachments.
    inline = [part for part in parts if part.is_inline and mail.body_html]
    message = MessageWithInlineParts(
        subject=mail.subject,
        body=mail.body_text,
        from_email=mail.from_email,
        to=[mail.to],
        # Django writes a Reply-To header only when reply_to is set, whatever the headers say.
        reply_to=[value for name, value in headers.items() if name.lower() == "reply-to"],
        headers=headers,
        connection=get_connection(settings.OUTBOX_DELIVERY_BACKEND),
        inline=inline,
    )
    if mail.body_html:
        message.attach_alternative(mail.body_html, "text/html")
    for alternative in mail.alternatives:
        message.attach_alternative(alternative["content"], alternative["mimetype"])
    for attachment in mail.attachments:
        # Bytes, not str: Django encodes a str attachment of a non-text type (application/ics)
        # as Latin-1, which breaks every non-ASCII character.
        content = attachment["content"].encode()
        message.attach(attachment["filename"], content, attachment["mimetype"])
    for part in parts:
        if part not in inline:
            message.attach(part.filename, bytes(part.content), part.mimetype)
    return message
