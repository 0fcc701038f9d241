from __future__ import annotations

import base64
import mailbox
from email.message import EmailMessage
from pathlib import Path
from typing import Any

from django.test import Client


def _drop_mail(maildir: Path, subject: str, html: str) -> str:
    message = EmailMessage()
    message["From"] = "summit@localhost"
    message["To"] = "ada@example.org"
    message["Subject"] = subject
    message.set_content("Plain body with a link https://example.org/confirm/abc")
    message.add_alternative(html, subtype="html")
    return mailbox.Maildir(maildir / "Maildir", create=True).add(message)


def test_catcher_lists_and_shows_caught_mail(client: Client, settings: Any, tmp_path: Path) -> None:
    settings.MAIL_CATCHER_DIR = str(tmp_path)
    key = _drop_mail(tmp_path, "Confirm <b>your</b> address", "<p>Hi</p>")

    inbox = client.get("/dev/mail/")
    detail = client.get(f"/dev/mail/{key}/")

    assert (inbox.status_code, detail.status_code) == (200, 200)
    assert b"Confirm &lt;b&gt;your&lt;/b&gt; address" in inbox.content
    assert f'href="/dev/mail/{key}/"'.encode() in inbox.content
    assert b'<a href="https://example.org/confirm/abc"' in detail.content
    assert b'srcdoc="&lt;p&gt;Hi&lt;/p&gt;' in detail.content
    assert b"text/plain, text/html" in detail.content


def test_catcher_is_off_without_a_maildir(client: Client, settings: Any) -> None:
    settings.MAIL_CATCHER_DIR = ""
    assert client.get("/dev/mail/").status_code == 404


def test_catcher_answers_404_for_an_unknown_or_hostile_key(
    client: Client, settings: Any, tmp_path: Path
) -> None:
    settings.MAIL_CATCHER_DIR = str(tmp_path)
    assert client.get("/dev/mail/nope/").status_code == 404
    assert client.get("/dev/mail/..%2F..%2Fetc%2Fpasswd/").status_code == 404


def test_catcher_refuses_post(client: Client, settings: Any, tmp_path: Path) -> None:
    settings.MAIL_CATCHER_DIR = str(tmp_path)
    assert client.post("/dev/mail/").status_code == 405


def test_catcher_shows_a_cid_image_as_data_url(
    client: Client, settings: Any, tmp_path: Path
) -> None:
    settings.MAIL_CATCHER_DIR = str(tmp_path)
    message = EmailMessage()
    message["From"], message["To"], message["Subject"] = "s@localhost", "a@example.org", "QR"
    message.set_content("Plain")
    message.add_alternative('<p><img src="cid:qr-7@summit"></p>', subtype="html")
    png = b"\x89PNG\r\n\x1a\nqr-bytes"
    html = message.get_body(preferencelist=("html",))
    assert isinstance(html, EmailMessage)
    html.add_related(png, "image", "png", cid="<qr-7@summit>")
    key = mailbox.Maildir(tmp_path / "Maildir", create=True).add(message)

    detail = client.get(f"/dev/mail/{key}/")

    data = base64.b64encode(png).decode()
    assert f"&lt;img src=&quot;data:image/png;base64,{data}&quot;&gt;".encode() in detail.content
    assert b"cid:qr-7@summit" not in detail.content
