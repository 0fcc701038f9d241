"""Binary parts of a mail (outbox.models.MailPart): stored with the row, sent as inline images
inside multipart/related next to the HTML, or as attachments; a repeated key stores none."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from outbox.models import MailPart
from outbox.services import BinaryPart, build_message, queue_mail
from tests.conftest import SinkHandler

pytestmark = pytest.mark.django_db
Capture = Callable[..., Any]
PNG = b"\x89PNG\r\n\x1a\n" + bytes(range(256))  # not text: every byte value once


def image(name: str = "logo.png", content_id: str = "logo@example.org") -> BinaryPart:
    return BinaryPart(filename=name, content=PNG, mimetype="image/png", content_id=content_id)


def queue(key: str = "parts:1", html: str = '<img src="cid:logo@example.org">', **kw: Any) -> Any:
    kw.setdefault("parts", [image()])
    return queue_mail(
        key=key, to="dan.delegate@example.org", subject="Hi", text="Hi", html=html, **kw
    )


def test_an_inline_image_is_sent_in_multipart_related_beside_the_html(
    smtp_sink: SinkHandler, django_capture_on_commit_callbacks: Capture
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        queue()

    [message] = smtp_sink.messages
    layout = [part.get_content_type() for part in message.walk()]
    assert layout == [
        "multipart/alternative",
        "text/plain",
        "multipart/related",
        "text/html",
        "image/png",
    ]
    [png] = [part for part in message.walk() if part.get_content_type() == "image/png"]
    assert (png["Content-ID"], png.get_content_disposition()) == ("<logo@example.org>", "inline")
    assert png.get_content() == PNG


def test_a_repeated_key_stores_the_parts_once(db: None) -> None:
    first = queue()
    queue(parts=[image("other.png", "other@example.org")])

    assert list(MailPart.objects.values_list("mail_id", "filename")) == [(first.pk, "logo.png")]


def test_without_html_an_inline_image_goes_as_an_attachment(db: None) -> None:
    mail = queue(html="")

    message = build_message(mail).message()
    layout = [part.get_content_type() for part in message.walk()]
    assert layout == ["multipart/mixed", "text/plain", "image/png"]
    assert [p.get_filename() for p in message.walk() if p.get_filename()] == ["logo.png"]


def test_an_attachment_part_beside_inline_ones_and_text_attachments(
    smtp_sink: SinkHandler, django_capture_on_commit_callbacks: Capture
) -> None:
    pdf = BinaryPart(
        filename="badge.pdf", content=b"%PDF-1.4 \xff", mimetype="application/pdf", content_id=""
    )
    ics = {"filename": "a.ics", "content": "BEGIN:VCALENDAR", "mimetype": "text/calendar"}
    with django_capture_on_commit_callbacks(execute=True):
        queue(parts=[image(), pdf], attachments=[ics])

    [message] = smtp_sink.messages
    assert message.get_content_type() == "multipart/mixed"
    attached = {p.get_filename(): p.get_content() for p in message.iter_attachments()}
    assert attached == {"a.ics": "BEGIN:VCALENDAR", "badge.pdf": b"%PDF-1.4 \xff"}


def test_the_organizers_mail_page_lists_the_parts_with_their_size(
    client: Client, organizer: Any
) -> None:
    mail = queue()
    client.force_login(organizer)

    page = client.get(reverse("outbox:detail", kwargs={"pk": mail.pk})).content.decode()

    assert "<dt>Image in the text</dt><dd>logo.png (image/png, 264\xa0bytes)</dd>" in page
