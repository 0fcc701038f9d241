""" "Download my data": everything Summit holds about a person, read from every app, written as
a ZIP of data.json (for machines) and index.html (for people), built by a Celery task and
announced by mail; the person downloads it signed in, until it expires (DATA_EXPORT_DAYS).

personal_data() is the one list of what is about a person; erasure (privacy.erasure) removes
the same things, and a test checks that each key here names data the person has.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import zipfile
from functools import partial
from typing import Any

from allauth.account.models import EmailAddress
from django.conf import settings
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from api.models import ApiToken
from checkin.models import Badge, Checkin
from outbox.models import OutboundMail
from outbox.services import render_mail
from privacy.models import DataExport
from registrations.models import (
    NEEDS_FIELDS,
    Delegation,
    DelegationInvitation,
    Registration,
    RegistrationChange,
    RegistrationNeeds,
)
from sessions_app.models import CalendarFeedToken, SessionPerson, Signup
from summit.jobs import enqueue

BUILD = "privacy.tasks.build_data_export"


def request_export(*, user: User) -> DataExport:
    """Ask for a new export; while one is being prepared, that one is the answer."""
    pending = DataExport.objects.filter(user=user, status=DataExport.Status.REQUESTED).first()
    if pending is not None:
        return pending
    try:
        with transaction.atomic():
            export = DataExport.objects.create(user=user)
            transaction.on_commit(partial(enqueue, BUILD, export.pk), robust=True)
    except IntegrityError:  # a second click at the same moment: the first one's export
        return DataExport.objects.get(user=user, status=DataExport.Status.REQUESTED)
    return export


def build(export_id: int) -> bool:
    """Build a requested export and mail its link; False when there is nothing to build."""
    with transaction.atomic():
        export = (
            DataExport.objects.select_for_update()
            .select_related("user")
            .filter(pk=export_id, status=DataExport.Status.REQUESTED)
            .first()
        )
        if export is None:
            return False
        content = zip_of(export.user)
        now = timezone.now()
        export.content, export.size = content, len(content)
        export.status, export.ready_at = DataExport.Status.READY, now
        export.expires_at = now + dt.timedelta(days=settings.DATA_EXPORT_DAYS)
        export.save()
        user = export.user
        render_mail(
            "privacy_data_export",
            {"export": export, "url": settings.SITE_URL + reverse("privacy:my_data")},
            to=user.email,
            key=f"data-export:{export.pk}",
            language=user.language,
        )
    return True


def zip_of(user: User) -> bytes:
    data = personal_data(user)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("data.json", json.dumps(data, indent=2, ensure_ascii=False, default=str))
        archive.writestr("index.html", render_to_string("privacy/data_export.html", {"data": data}))
    return out.getvalue()


def personal_data(user: User) -> dict[str, Any]:
    registrations = Registration.objects.filter(user=user).select_related("event", "city")
    return {
        "account": {
            "email": user.email,
            "first_name": user.first_name,
            "last_name": user.last_name,
            "language": user.language,
            "joined": user.date_joined,
            "last_login": user.last_login,
        },
        "email_addresses": list(
            EmailAddress.objects.filter(user=user).values("email", "verified", "primary")
        ),
        "registrations": [_registration(r) for r in registrations],
        "delegations_coordinated": list(
            Delegation.objects.filter(coordinator=user).values("event__name", "city__name")
        ),
        "invitations_sent": list(
            DelegationInvitation.objects.filter(invited_by=user).values(
                "email", "delegation__event__name", "created_at", "accepted_at", "revoked_at"
            )
        ),
        "invitations_received": list(
            DelegationInvitation.objects.filter(email__iexact=user.email).values(
                "delegation__event__name", "delegation__city__name", "created_at", "accepted_at"
            )
        ),
        "session_sign_ups": list(
            Signup.objects.filter(user=user).values(
                "session__title", "session__starts_at", "status", "created_at"
            )
        ),
        "sessions_billed_on": list(
            SessionPerson.objects.filter(user=user).values("session__title", "role", "name")
        ),
        "calendar_feeds": list(
            CalendarFeedToken.objects.filter(user=user).values("created_at", "revoked_at")
        ),
        "badges": list(
            Badge.objects.filter(registration__user=user).values(
                "registration__event__name", "role", "issued_at", "revoked_at"
            )
        ),
        "check_ins": list(
            Checkin.objects.filter(registration__user=user).values(
                "checkin_list__event__name",
                "checkin_list__session__title",
                "direction",
                "result",
                "created_at",
            )
        ),
        "api_tokens": list(
            ApiToken.objects.filter(created_by=user).values(
                "name", "scope", "created_at", "revoked_at"
            )
        ),
        "consents": list(
            user.consents.order_by("given_at", "pk").values(
                "event__name", "purpose", "notice__version", "given_at", "withdrawn_at"
            )
        ),
        "mails_to_you": list(
            OutboundMail.objects.filter(to__iexact=user.email).values(
                "subject", "status", "created_at", "sent_at", "body_text"
            )
        ),
    }


def _needs(r: Registration) -> dict[str, Any] | None:
    """The structured needs of issue #18, every column of NEEDS_FIELDS; None if never given."""
    needs = RegistrationNeeds.objects.filter(registration=r).values(*NEEDS_FIELDS).first()
    return dict(needs) if needs else None


def _registration(r: Registration) -> dict[str, Any]:
    history = RegistrationChange.objects.filter(registration=r).values(
        "changed_at", "old_status", "new_status", "description", "params", "fields"
    )
    return {
        "event": r.event.name,
        "status": r.status,
        "city": r.city.name,
        "country": str(r.country),
        "badge_name": r.badge_name,
        "office": r.office,
        "organization": r.organization,
        "phone": r.phone,
        "languages": r.languages,
        "access_and_language_needs": _needs(r),
        "visibility": r.visibility,
        "directory_fields": r.directory_fields,
        "privacy_accepted_at": r.privacy_accepted_at,
        "registered_at": r.created_at,
        "history": list(history),
    }
