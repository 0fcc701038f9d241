"""A mail's HTML as a browser can show it.

Mail programs show an inline image by `cid:` (outbox/mime.py); a browser frame cannot load
that, so the organizers' outbox and the local mail catcher show the same bytes as data: URLs.
Only the preview changes: the mail that goes out keeps its cid: parts.
"""

from __future__ import annotations

import base64
import re
from collections.abc import Iterable

from outbox.models import OutboundMail
from outbox.services import BinaryPart, preview_with_parts


def browser_preview(mail: OutboundMail) -> tuple[OutboundMail | None, str]:
    """outbox.services.preview_mail, and its HTML with the inline images as data: URLs (None
    and "" when its writer fails)."""
    preview = preview_with_parts(mail)
    if preview is None:
        return None, ""
    content, parts = preview
    return content, inline_images(content.body_html, parts)


def inline_images(html: str, parts: Iterable[BinaryPart]) -> str:
    """`html` with every quoted `cid:<content_id>` of an inline part replaced by its bytes."""
    for part in parts:
        if not part["content_id"]:
            continue
        data = base64.b64encode(part["content"]).decode("ascii")
        url = f"data:{part['mimetype']};base64,{data}"
        pattern = re.compile(r"""(?<=["'])cid:""" + re.escape(part["content_id"]) + r"""(?=["'])""")
        html = pattern.sub(url.replace("\\", r"\\"), html)
    return html
