"""The badge's QR code in the delegate's approval mail (registrations.mail_additions).

An inline PNG referred to by `cid:` in the HTML: Outlook, Gmail, Apple Mail and Thunderbird all
show one, where inline SVG and data: URLs are dropped by several. The text body says where the
QR code is on the site. The badge is issued here if it is not yet (idempotent: ensure_badges).
"""

from __future__ import annotations

import io

import segno
from django.conf import settings
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _

from checkin import services, tokens
from outbox.services import BinaryPart
from registrations.mail_additions import MailAddition
from registrations.models import Registration

QR_SCALE = 6  # pixels per module: about 250 px square, sharp on a phone held to a scanner


def qr_png(payload: str) -> tuple[bytes, int]:
    """The QR code as PNG bytes, and its width (= height) in pixels."""
    qr = segno.make(payload, error="m", micro=False)
    buffer = io.BytesIO()
    qr.save(buffer, kind="png", scale=QR_SCALE, border=4)
    width, _height = qr.symbol_size(scale=QR_SCALE, border=4)
    return buffer.getvalue(), int(width)


def badge_in_approval_mail(registration: Registration) -> MailAddition | None:
    """The approved registration's QR code, its badge made when missing; None otherwise."""
    badge = services.ensure_badges(registrations=[registration]).get(registration.pk)
    if badge is None:
        return None
    domain = settings.DEFAULT_FROM_EMAIL.rsplit("@", 1)[-1].strip("> ") or "summit.invalid"
    content_id = f"badge-{badge.code[:12]}@{domain}"
    url = settings.SITE_URL + reverse("registrations:my_registrations")
    png, width = qr_png(tokens.payload_for(badge.code))
    text = _(
        "Your badge's QR code is on “My registrations”: %(url)s. Show it at the entrance, "
        "on your phone or printed."
    ) % {"url": url}
    html = format_html(
        '<p>{}</p><p><img src="cid:{}" width="{}" height="{}" alt="{}"></p><p>{} '
        '<a href="{}">{}</a></p>',
        _("Show this QR code at the entrance, on your phone or printed:"),
        content_id,
        width,
        width,
        _("The QR code of your badge"),
        _("You will find it on “My registrations” too:"),
        url,
        url,
    )
    part = BinaryPart(
        filename="badge-qr.png",
        content=png,
        mimetype="image/png",
        content_id=content_id,
    )
    return MailAddition(text=text, html=html, parts=[part])
