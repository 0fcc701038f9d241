"""outbox.preview.inline_images: the cid: images of a mail's HTML as data: URLs, for a browser."""

from __future__ import annotations

import base64

from outbox.preview import inline_images
from outbox.services import BinaryPart

PNG = b"\x89PNG\r\n\x1a\n-the-bytes"
QR = BinaryPart(filename="qr.png", content=PNG, mimetype="image/png", content_id="qr-1@x.org")


def test_an_inline_part_becomes_a_data_url_in_either_quotes() -> None:
    html = "<img src=\"cid:qr-1@x.org\"><img src='cid:qr-1@x.org'>"
    url = "data:image/png;base64," + base64.b64encode(PNG).decode()
    assert inline_images(html, [QR]) == f"<img src=\"{url}\"><img src='{url}'>"


def test_only_the_exact_content_id_is_replaced() -> None:
    html = '<img src="cid:qr-1@x.org.evil"><img src="cid:qr-1@x.orgX">, cid:qr-1@x.org in text'
    assert inline_images(html, [QR]) == html


def test_attachments_and_unknown_ids_are_left_alone() -> None:
    ics = BinaryPart(filename="a.ics", content=b"BEGIN", mimetype="text/calendar", content_id="")
    html = '<img src="cid:other@x.org"><a href="cid:">x</a>'
    assert inline_images(html, [ics]) == html
