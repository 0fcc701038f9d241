"""Read what the SMTP sink received: the one link of a kind in a mail's text and HTML parts."""

from __future__ import annotations

import re
from email.message import EmailMessage

LINK = re.compile(r"https?://[^\s\"<>]+")


def text_of(message: EmailMessage) -> str:
    part = message.get_body(preferencelist=("plain",))
    assert part is not None, "the mail has no text/plain part"
    return str(part.get_content()).replace("\r\n", "\n")  # SMTP sends CRLF line ends


def html_of(message: EmailMessage) -> str:
    part = message.get_body(preferencelist=("html",))
    assert part is not None, "the mail has no text/html part"
    return str(part.get_content())


def link_in(message: EmailMessage, path: str) -> str:
    """The single link containing `path` in the text part; the HTML part must carry it too."""
    links = {url for url in LINK.findall(text_of(message)) if path in url}
    assert len(links) == 1, f"expected one {path} link, found {sorted(links)}"
    link = links.pop()
    assert f'href="{link}"' in html_of(message)
    return link
