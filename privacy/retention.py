"""Retention: the special-category fields of an event's registrations are emptied N days after
the event's last day (per event, EventPrivacy.retention_days, else settings.RETENTION_DAYS),
and the bodies of the mails about it after settings.MAIL_BODY_RETENTION_DAYS.

FIELD_CLASSES is the one list of what is purged: a class of data and the model fields that hold
it, each "app_label.Model.field". A new field is one line in its class. A model must reach its
event by an `event` or a `registration` foreign key. A purged field's old values also leave the
registrations' history lines (RegistrationChange.fields).

purge_due() is run by the beat task privacy.tasks.purge_retention: idempotent (it empties only
what still holds a value, so a second run finds nothing), and its log lines hold counts and
ids, never a value. Counts and figures (status, country, city, office) are kept. Expired
"download my data" ZIPs are emptied by the same run.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.conf import settings
from django.db import models, transaction
from django.db.models import F, IntegerField, Value
from django.db.models.functions import Cast, Concat, StrIndex, Substr
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from events.models import Event
from outbox.models import OutboundMail
from privacy.models import DataExport, EventPrivacy
from registrations.models import DelegationInvitation, Registration, RegistrationChange
from sessions_app.models import Session, Signup
from summit import cache

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class FieldClass:
    label: str | Promise
    fields: tuple[str, ...]  # "app_label.Model.field"


NEEDS = "registrations.RegistrationNeeds"
FIELD_CLASSES: dict[str, FieldClass] = {
    "dietary": FieldClass(
        _("Dietary needs"),
        (
            f"{NEEDS}.diets",
            f"{NEEDS}.dietary_details",
        ),
    ),
    "accessibility": FieldClass(
        _("Accessibility needs"),
        (
            *(
                f"{NEEDS}.{name}"
                for name in (
                    "interpretation_into",
                    "sign_language",
                    "captions",
                    "hearing_loop",
                    "step_free",
                    "quiet_room",
                    "assistance",
                    "assistance_details",
                    # "Anything else": free text that may be about food as well as access,
                    # under the class whose label covers the most of it (issue #18).
                    "other_needs",
                )
            ),
        ),
    ),
    # None yet: a field that holds an identity document's number belongs here.
    "id_numbers": FieldClass(_("ID numbers"), ()),
    "phone": FieldClass(_("Phone numbers"), ("registrations.Registration.phone",)),
}

# Mails about an event, by their idempotency key: the prefix, and the rows its id names.
MAIL_KEYS: dict[str, Any] = {
    "registration:": lambda e: Registration.objects.filter(event=e),
    "invitation:": lambda e: DelegationInvitation.objects.filter(delegation__event=e),
    "signup:": lambda e: Signup.objects.filter(session__event=e),
    "session:": lambda e: Session.objects.filter(event=e),
    "reminder:session:": lambda e: Session.objects.filter(event=e),
}
MAIL_DONE = (OutboundMail.Status.SENT, OutboundMail.Status.FAILED)


# --- when ---------------------------------------------------------------------------------------
def retention_days(event: Event) -> int:
    row = EventPrivacy.objects.filter(event=event).first()
    return (row.retention_days if row else None) or settings.RETENTION_DAYS


def fields_purge_date(event: Event, days: int | None = None) -> dt.date:
    """The day (the event's own calendar) the fields are emptied: N days after the last day."""
    return event.end_date + dt.timedelta(days=days or retention_days(event))


def mail_purge_date(event: Event) -> dt.date:
    return event.end_date + dt.timedelta(days=settings.MAIL_BODY_RETENTION_DAYS)


def _today(event: Event, now: dt.datetime) -> dt.date:
    return timezone.localtime(now, event.zone).date()


# --- what ---------------------------------------------------------------------------------------
def _field(path: str) -> tuple[type[models.Model], models.Field[Any, Any]]:
    label, name = path.rsplit(".", 1)
    model = apps.get_model(label)
    return model, model._meta.get_field(name)


def _event_lookup(model: type[models.Model]) -> str:
    names = {f.name for f in model._meta.get_fields()}
    if "event" in names:
        return "event"
    if "registration" in names:
        return "registration__event"
    raise LookupError(f"{model._meta.label} reaches no event (FIELD_CLASSES)")


def _holding(path: str, event: Event) -> tuple[models.QuerySet[Any], Any, str]:
    """The event's rows whose field still holds a value, the empty value, and the field name."""
    model, field = _field(path)
    empty = field.get_default()
    rows = model._default_manager.filter(**{_event_lookup(model): event})
    if empty is None:
        return rows.exclude(**{f"{field.name}__isnull": True}), empty, field.name
    return rows.exclude(**{field.name: empty}), empty, field.name


def event_mails(event: Event) -> models.QuerySet[OutboundMail]:
    """The mails about the event, found by their idempotency keys (MAIL_KEYS)."""
    found = OutboundMail.objects.none()
    for prefix, rows_of in MAIL_KEYS.items():
        ids = rows_of(event).annotate(ref=Cast("pk", models.CharField())).values("ref")
        keyed = OutboundMail.objects.filter(idempotency_key__startswith=prefix)
        found |= keyed.annotate(ref=_key_id(prefix)).filter(ref__in=ids)
    return found


def _key_id(prefix: str) -> Any:
    """The id that follows `prefix` in a key, up to the next colon (or the end)."""
    rest = Substr(Concat(F("idempotency_key"), Value(":")), len(prefix) + 1)
    end = models.ExpressionWrapper(StrIndex(rest, Value(":")) - 1, output_field=IntegerField())
    return Substr(rest, 1, end)


def _mails_holding_bodies(event: Event) -> models.QuerySet[OutboundMail]:
    mails = OutboundMail.objects.filter(pk__in=event_mails(event).values("pk"))
    return mails.filter(status__in=MAIL_DONE).exclude(body_text="", body_html="")


def preview(event: Event, now: dt.datetime | None = None) -> dict[str, Any]:
    """What will be purged when, for the organizers' page: per class, the fields, how many rows
    hold a value now and the day they are emptied; the same for the mail bodies."""
    today = _today(event, now or timezone.now())
    days = retention_days(event)
    fields_on = fields_purge_date(event, days)
    classes = []
    for key, field_class in FIELD_CLASSES.items():
        labels = [str(_field(path)[1].verbose_name) for path in field_class.fields]
        held = sum(_holding(path, event)[0].count() for path in field_class.fields)
        classes.append({"key": key, "label": field_class.label, "fields": labels, "held": held})
    return {
        "days": days,
        "fields_on": fields_on,
        "fields_due": today >= fields_on,
        "classes": classes,
        "mail_days": settings.MAIL_BODY_RETENTION_DAYS,
        "mail_on": mail_purge_date(event),
        "mail_due": today >= mail_purge_date(event),
        "mails_held": _mails_holding_bodies(event).count(),
    }


# --- purging ------------------------------------------------------------------------------------
def purge_due(now: dt.datetime | None = None) -> dict[str, int]:
    """Purge every event whose day has come; counts of emptied values by class, and "mail"."""
    now = now or timezone.now()
    # Over by tomorrow in UTC covers every zone; each event's own day decides below.
    ended = Event.objects.filter(end_date__lt=now.date() + dt.timedelta(days=1))
    totals: dict[str, int] = {}
    for event in ended.select_related("venue").order_by("pk"):
        today = _today(event, now)
        if today >= fields_purge_date(event):
            for key, count in purge_fields(event, now=now).items():
                totals[key] = totals.get(key, 0) + count
        if today >= mail_purge_date(event):
            totals["mail"] = totals.get("mail", 0) + purge_mail_bodies(event, now=now)
    totals["exports"] = purge_expired_exports(now=now)
    return totals


def purge_expired_exports(*, now: dt.datetime) -> int:
    """An expired "download my data" ZIP holds the same fields: its content goes, the row (when
    asked, when ready) stays for the person's list."""
    expired = DataExport.objects.filter(expires_at__lte=now, content__isnull=False)
    count = expired.update(content=None, size=0)
    if count:
        logger.info("Retention: %d expired data exports emptied", count)
    return count


@transaction.atomic
def purge_fields(event: Event, *, now: dt.datetime) -> dict[str, int]:
    """Empty every FIELD_CLASSES field of the event's rows, and its old values in history."""
    counts: dict[str, int] = {}
    for key, field_class in FIELD_CLASSES.items():
        counts[key] = 0
        for path in field_class.fields:
            rows, empty, name = _holding(path, event)
            counts[key] += rows.update(**{name: empty})
            if rows.model is Registration:
                _purge_history(event, name)
    if any(counts.values()):
        cache.changed("registrations")
        EventPrivacy.objects.update_or_create(event=event, defaults={"fields_purged_at": now})
    for key, count in counts.items():
        if count:
            logger.info("Retention: event %s, %s emptied on %d rows", event.pk, key, count)
    return counts


def _purge_history(event: Event, name: str) -> None:
    lines = RegistrationChange.objects.filter(registration__event=event, fields__has_key=name)
    for line in lines.only("pk", "fields"):
        line.fields = {k: v for k, v in line.fields.items() if k != name}
        line.save(update_fields=["fields"])


@transaction.atomic
def purge_mail_bodies(event: Event, *, now: dt.datetime) -> int:
    """Empty the bodies (text, HTML, calendar parts, attachments) of the event's sent or failed
    mails; the subject, the address and the dates stay, as the outbox's record."""
    count = _mails_holding_bodies(event).update(
        body_text="", body_html="", alternatives=[], attachments=[]
    )
    if count:
        EventPrivacy.objects.update_or_create(event=event, defaults={"mail_purged_at": now})
        logger.info("Retention: event %s, %d mail bodies emptied", event.pk, count)
    return count


@transaction.atomic
def set_retention_days(*, event: Event, days: int) -> EventPrivacy:
    row, _created = EventPrivacy.objects.update_or_create(
        event=event, defaults={"retention_days": days}
    )
    return row
