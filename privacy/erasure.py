"""Erasing a person: everything that names them goes, the anonymous aggregates stay.

request_erasure() records the request (once, however often it is asked) and switches the
account off at once; the Celery task erase() then does the work in one transaction, and the
beat task sweep() hands over a request whose task was lost (a broker outage, a dead worker).

What erase() does, in this order:
1. Registrations of events not yet over are cancelled through the registration service, so
   their seats go to the waiting list and a coordinator hands over to the next member.
2. The person's own rows lose what identifies them: the registration's badge name,
   organization, phone, languages and needs (country, city, office, status stay, so every
   count still adds up), the changed values in its history, their calendar feed, their
   invitations, their speaker entries' names, their mail (deleted: the outbox keeps no copy),
   their allauth addresses, their sign-ins, their data exports, their consent records
   (deleted: no account is left to have agreed), their API tokens (revoked),
   and the account itself (a placeholder address, no name, no password, switched off).
3. Every other text or JSON column of every table is searched for their name, addresses and
   phone numbers, and each mention is replaced (a mail to a coordinator that named them, a
   webhook payload, an admin log line): one general sweep, not a list of places to forget.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import logging
import re
from functools import partial
from importlib import import_module
from typing import Any

from allauth.account.models import EmailAddress
from django.apps import apps
from django.conf import settings
from django.contrib.sessions.models import Session as WebSession
from django.db import models, transaction
from django.db.models.functions import Cast
from django.utils import timezone

from accounts.models import User
from api.models import ApiToken
from outbox.models import OutboundMail
from privacy.models import DataExport, Erasure
from registrations.models import (
    DelegationInvitation,
    Registration,
    RegistrationChange,
    RegistrationNeeds,
)
from registrations.services import RegistrationError, cancel_registration
from registrations.services.transitions import hand_over_coordination
from sessions_app.models import CalendarFeedToken, SessionPerson
from summit.jobs import enqueue

logger = logging.getLogger(__name__)

ERASE = "privacy.tasks.erase_person"
ERASED = "[erased]"
TEXT_FIELDS = (models.CharField, models.TextField, models.JSONField)


@transaction.atomic
def request_erasure(*, user: User, by: User) -> Erasure:
    """Record the request, switch the account off and sign the person out everywhere; the
    work follows in a task. Asking again (a double click, an organizer after the person)
    changes nothing."""
    erasure, created = Erasure.objects.get_or_create(
        user_id=user.pk, defaults={"requested_by": by, "by_the_person": by.pk == user.pk}
    )
    User.objects.filter(pk=user.pk).update(is_active=False)
    _sign_out_everywhere(user)
    if created:
        transaction.on_commit(partial(enqueue, ERASE, user.pk), robust=True)
    return erasure


def erase(user_id: int) -> bool:
    """Do a requested erasure; False when there is none to do (done already, never asked)."""
    with transaction.atomic():
        erasure = Erasure.objects.select_for_update().filter(user_id=user_id).first()
        if erasure is None or erasure.status == Erasure.Status.DONE:
            return False
        user = User.objects.filter(pk=user_id).first()
        if user is not None:
            _erase(user)
        erasure.status = Erasure.Status.DONE
        erasure.done_at = timezone.now()
        erasure.save(update_fields=["status", "done_at"])
    logger.info("Erased account %s", user_id)
    return True


def sweep(now: dt.datetime | None = None) -> int:
    """Hand over requests older than a minute that are not done: their task was lost."""
    before = (now or timezone.now()) - dt.timedelta(minutes=1)
    waiting = list(
        Erasure.objects.filter(
            status=Erasure.Status.REQUESTED, requested_at__lt=before
        ).values_list("user_id", flat=True)[:100]
    )
    for user_id in waiting:
        enqueue(ERASE, user_id)
    return len(waiting)


def _erase(user: User) -> None:
    needles = _identifiers(user)
    _leave_upcoming_events(user)
    _erase_own_rows(user)
    _erase_mentions(needles)


def _identifiers(user: User) -> set[str]:
    """What names the person: their addresses, names and phone numbers (three characters or
    more, so that an initial does not take every "a" with it)."""
    registrations = Registration.objects.filter(user=user)
    found = {user.email, user.get_full_name()}
    found |= set(EmailAddress.objects.filter(user=user).values_list("email", flat=True))
    found |= set(registrations.values_list("badge_name", flat=True))
    found |= set(registrations.exclude(phone="").values_list("phone", flat=True))
    found |= set(SessionPerson.objects.filter(user=user).values_list("name", flat=True))
    return {value.strip() for value in found if len(value.strip()) >= 3}


def _leave_upcoming_events(user: User) -> None:
    today = timezone.localdate()
    for registration in Registration.objects.filter(user=user, event__end_date__gte=today).active():
        with contextlib.suppress(RegistrationError):  # changed meanwhile: no place held now
            cancel_registration(registration=registration, by=None)
    for registration in Registration.objects.filter(user=user).select_related("delegation"):
        hand_over_coordination(registration)


def _erase_own_rows(user: User) -> None:
    Registration.objects.filter(user=user).update(
        badge_name=ERASED,
        organization="",
        phone="",
        languages=[],
        visibility=Registration.Visibility.ORGANIZERS,
        directory_fields=[],
    )
    RegistrationChange.objects.filter(registration__user=user).update(fields={})
    # Access and language needs (issue #18): special-category data, gone whole.
    RegistrationNeeds.objects.filter(registration__user=user).delete()
    addresses = [
        user.email,
        *EmailAddress.objects.filter(user=user).values_list("email", flat=True),
    ]
    for address in addresses:
        DelegationInvitation.objects.filter(email__iexact=address).delete()
        OutboundMail.objects.filter(to__iexact=address).delete()
    CalendarFeedToken.objects.filter(user=user).delete()
    DataExport.objects.filter(user=user).delete()
    user.consents.all().delete()  # privacy.models.Consent
    SessionPerson.objects.filter(user=user).update(name=ERASED, office="")
    ApiToken.objects.filter(created_by=user, revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    )
    EmailAddress.objects.filter(user=user).delete()
    _sign_out_everywhere(user)
    user.email = f"erased-{user.pk}@erased.invalid"
    user.first_name = user.last_name = ""
    user.is_active = False
    user.last_login = None
    user.set_unusable_password()
    user.save()


def _sign_out_everywhere(user: User) -> None:
    """Delete the person's sessions through the session store, which also drops the copy the
    cached_db engine keeps in the cache (a row deleted alone would leave that copy signed
    in). Again after commit: a request of the person that read the row before the commit
    may have put it back in the cache meanwhile. Done at the request (the account is off from
    then on) and again in the task."""
    keys = [
        session.session_key
        for session in WebSession.objects.filter(expire_date__gt=timezone.now()).iterator()
        if str(session.get_decoded().get("_auth_user_id")) == str(user.pk)
    ]
    _delete_sessions(keys)
    transaction.on_commit(partial(_delete_sessions, keys))


def _delete_sessions(keys: list[str]) -> None:
    store = import_module(settings.SESSION_ENGINE).SessionStore
    for key in keys:
        store(session_key=key).delete()


def _erase_mentions(needles: set[str]) -> int:
    """Replace every mention of a needle in every text and JSON column of every table."""
    if not needles:
        return 0
    pattern = re.compile(
        "|".join(re.escape(n) for n in sorted(needles, key=len, reverse=True)), re.I
    )
    # JSON may hold a name escaped (\u00f8): search for both spellings.
    searched = needles | {json.dumps(n)[1:-1] for n in needles}
    changed = 0
    for model in apps.get_models():
        if model is Erasure or model is WebSession or not model._meta.managed:
            continue
        for field in model._meta.concrete_fields:
            if isinstance(field, TEXT_FIELDS) and not field.choices:
                changed += _erase_in_column(model, field, searched, pattern)
    return changed


def _erase_in_column(model: Any, field: Any, needles: set[str], pattern: re.Pattern[str]) -> int:
    text = Cast(field.name, models.TextField())
    match = models.Q()
    for needle in needles:
        match |= models.Q(searched__icontains=needle)
    rows = model._base_manager.annotate(searched=text).filter(match)
    changed = 0
    for pk, value in rows.values_list("pk", field.name):
        new = _replaced(value, pattern)
        if new != value:
            model._base_manager.filter(pk=pk).update(**{field.name: new})
            changed += 1
    return changed


def _replaced(value: Any, pattern: re.Pattern[str]) -> Any:
    if isinstance(value, str):
        return pattern.sub(ERASED, value)
    if isinstance(value, list):
        return [_replaced(item, pattern) for item in value]
    if isinstance(value, dict):
        return {key: _replaced(item, pattern) for key, item in value.items()}
    return value
