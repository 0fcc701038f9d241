"""Privacy notices and consent records: organizers publish a notice per event (each change a new
version); what a person agreed to, per purpose (registrations.consent.Purpose), is recorded
with its time, and withdrawn with its time.

Registrations sends `consent_answered` when someone answers on its pages (registering,
accepting the notice later, changing their delegate list choice); record_answers() is its
receiver, connected in PrivacyConfig.ready(). record() is the one writer of consent rows. The
account's Consents page changes a consent through change_consent(), which takes the delegate
list through the registration service (so the person leaves the list, and the signal records
it) and the rest straight to record().
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.db import transaction
from django.db.models import Max, OuterRef, Q, Subquery
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from events.models import Event
from privacy.models import Consent, PrivacyNotice
from registrations.consent import OPTIONAL_PURPOSES, Notice, Purpose
from registrations.models import ACTIVE_STATUSES, Registration
from registrations.services.details import set_delegate_listing


# --- notices ------------------------------------------------------------------------------------
def current_notice(event: Event) -> PrivacyNotice | None:
    return PrivacyNotice.objects.filter(event=event).order_by("-version").first()


def notice_for_form(event: Event) -> Notice | None:
    """The reader registrations asks (registrations.consent.set_notice_reader)."""
    notice = current_notice(event)
    if notice is None:
        return None
    url = reverse("privacy:notice_version", kwargs={"slug": event.slug, "version": notice.version})
    return Notice(version=notice.version, text=notice.text, url=url)


@transaction.atomic
def publish_notice(*, event: Event, text: str, by: User) -> PrivacyNotice:
    """A new version of the event's notice. Every person registered for the event who has not
    accepted it is asked at their next sign-in (outstanding_notices)."""
    Event.objects.select_for_update().filter(pk=event.pk).first()  # one version number at a time
    last = PrivacyNotice.objects.filter(event=event).aggregate(last=Max("version"))["last"]
    return PrivacyNotice.objects.create(
        event=event, version=(last or 0) + 1, text=text, created_by=by
    )


def outstanding_notices(user: User) -> list[PrivacyNotice]:
    """The current notices of the events the person is registered for (not over yet) that they
    have not accepted. Two queries."""
    newest = PrivacyNotice.objects.filter(event=OuterRef("event")).order_by("-version")
    registrations = (
        Registration.objects.active()
        .filter(user=user, event__end_date__gte=timezone.localdate())
        .annotate(notice_id=Subquery(newest.values("pk")[:1]))
        .exclude(notice_id=None)
    )
    wanted = {r.notice_id for r in registrations}  # type: ignore[attr-defined]
    accepted = Consent.objects.filter(
        user=user, purpose=Purpose.PRIVACY_NOTICE, notice_id__in=wanted
    ).values_list("notice_id", flat=True)
    missing = wanted - set(accepted)
    if not missing:
        return []
    return list(
        PrivacyNotice.objects.filter(pk__in=missing).select_related("event").order_by("event__name")
    )


# --- consents -----------------------------------------------------------------------------------
def record_answers(
    sender: Any,
    *,
    registration: Registration,
    answers: Mapping[str, bool],
    notice_version: int | None,
    **kwargs: Any,
) -> None:
    """consent_answered's receiver: inside the registration service's transaction, which may
    hold the event's seat lock, so three queries whatever the answers."""
    notice = None
    if answers.get(Purpose.PRIVACY_NOTICE) and notice_version:
        notice = PrivacyNotice.objects.filter(
            event_id=registration.event_id, version=notice_version
        ).first()
    record(
        user_id=registration.user_id, event_id=registration.event_id, answers=answers, notice=notice
    )


@transaction.atomic
def change_consent(*, user: User, event: Event, purpose: str, given: bool) -> None:
    """The person gives or withdraws an optional consent on their Consents page. The delegate
    list goes through the registration (registrations.services.set_delegate_listing), which
    lists or unlists them and tells record_answers."""
    if purpose not in OPTIONAL_PURPOSES:
        raise ValueError(f"Not a purpose one may change: {purpose!r}")
    registration = (
        Registration.objects.active().filter(user=user, event=event).order_by("-pk").first()
    )
    if purpose == Purpose.DELEGATE_LIST and registration is not None:
        set_delegate_listing(registration=registration, listed=given, by=user)
    else:
        record(user_id=user.pk, event_id=event.pk, answers={purpose: given}, notice=None)


def record(
    *, user_id: int, event_id: int, answers: Mapping[str, bool], notice: PrivacyNotice | None
) -> None:
    """Write the answers: a new row for each consent given that is not live yet (and for a notice
    version not accepted yet), the withdrawal time on each live one withdrawn. `notice` is the
    version the person was shown (None: the standard text); a consent given elsewhere is
    recorded against the event's newest version."""
    mine = Consent.objects.filter(user_id=user_id, event_id=event_id)
    held = set(
        mine.filter(Q(withdrawn_at=None) | Q(purpose=Purpose.PRIVACY_NOTICE)).values_list(
            "purpose", "notice_id"
        )
    )
    live = {purpose for purpose, _notice in held}
    now, new, ended = timezone.now(), [], []
    for purpose, given in answers.items():
        if purpose == Purpose.PRIVACY_NOTICE:
            accepted = (purpose, notice.pk if notice else None) in held
            if given and not accepted:
                new.append(Consent(purpose=purpose, notice=notice))
        elif given and purpose not in live:
            new.append(Consent(purpose=purpose, notice=notice))
        elif not given and purpose in live:
            ended.append(purpose)
    if notice is None and any(row.purpose != Purpose.PRIVACY_NOTICE for row in new):
        newest = PrivacyNotice.objects.filter(event_id=event_id).order_by("-version").first()
        for row in new:
            if row.purpose != Purpose.PRIVACY_NOTICE:
                row.notice = newest
    if ended:
        mine.filter(purpose__in=ended, withdrawn_at=None).update(withdrawn_at=now)
    for row in new:
        row.user_id, row.event_id, row.given_at = user_id, event_id, now
    # A double click's second row meets a unique constraint: nothing is written twice.
    Consent.objects.bulk_create(new, ignore_conflicts=True)


@transaction.atomic
def accept_notices(*, user: User, notices: list[PrivacyNotice]) -> None:
    for notice in notices:
        record(
            user_id=user.pk,
            event_id=notice.event_id,
            answers={Purpose.PRIVACY_NOTICE: True},
            notice=notice,
        )


# --- reads --------------------------------------------------------------------------------------
def consents_by_event(user: User) -> list[dict[str, Any]]:
    """The person's events (registered, or with a consent), each with every consent row and the
    current answer per optional purpose, for the Consents page. Three queries."""
    rows = list(
        Consent.objects.filter(user=user).select_related("notice").order_by("given_at", "pk")
    )
    registrations = Registration.objects.filter(user=user).values(
        "event_id", "visibility", "status"
    )
    # Being listed is what the registration says (older registrations have no record of it).
    listed = {
        r["event_id"]: r["visibility"] == Registration.Visibility.DELEGATES
        for r in registrations
        if r["status"] in ACTIVE_STATUSES
    }
    event_ids = {r.event_id for r in rows} | {r["event_id"] for r in registrations}
    events = Event.objects.filter(pk__in=event_ids).order_by("-start_date", "name")
    result = []
    for event in events:
        mine = [r for r in rows if r.event_id == event.pk]
        live = {r.purpose for r in mine if r.is_live and r.purpose != Purpose.PRIVACY_NOTICE}
        if event.pk in listed:
            live.discard(Purpose.DELEGATE_LIST)
            if listed[event.pk]:
                live.add(Purpose.DELEGATE_LIST)
        result.append(
            {
                "event": event,
                "history": mine,
                "purposes": [(p, p.label, p in live) for p in OPTIONAL_PURPOSES],
            }
        )
    return result


def event_consents(event: Event) -> list[dict[str, Any]]:
    """The event's active registrations, each with what its person agrees to now and the
    newest notice version they accepted, for the organizers (who may use photos, share with
    the partner network). Two queries, whatever the number of delegates."""
    registrations = list(
        Registration.objects.active()
        .filter(event=event)
        .select_related("city")
        .order_by("country", "city__name", "badge_name", "pk")
    )
    held: dict[int, dict[str, Any]] = {}
    rows = Consent.objects.filter(event=event, user_id__in=[r.user_id for r in registrations])
    for user_id, purpose, version, withdrawn in rows.values_list(
        "user_id", "purpose", "notice__version", "withdrawn_at"
    ):
        mine = held.setdefault(user_id, {"live": set(), "version": None, "accepted": False})
        if purpose == Purpose.PRIVACY_NOTICE:
            mine["accepted"] = True
            mine["version"] = max(filter(None, [mine["version"], version]), default=None)
        elif withdrawn is None:
            mine["live"].add(purpose)
    result = []
    for registration in registrations:
        mine = held.get(registration.user_id, {"live": set(), "version": None, "accepted": False})
        result.append(
            {
                "registration": registration,
                "listed": registration.visibility == Registration.Visibility.DELEGATES,
                "photos": Purpose.PHOTOS in mine["live"],
                "partner_network": Purpose.PARTNER_NETWORK in mine["live"],
                "accepted": mine["accepted"] or registration.privacy_accepted_at is not None,
                "version": mine["version"],
            }
        )
    return result
