"""Publishing an event's agenda: its drafts go public, one AgendaPublication records it."""

from __future__ import annotations

from django.db import transaction
from django.db.models import F, Max
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from events.models import Event
from sessions_app.models import (
    AgendaPublication,
    Session,
    SessionChange,
)
from sessions_app.services.agenda_lock import lock_agenda
from sessions_app.services.recording import jsonable, snapshot
from sessions_app.services.seats import SessionError

Kind = SessionChange.Kind


@transaction.atomic
def publish_event_agenda(*, event: Event, by: User | None) -> AgendaPublication:
    """Make the event's drafts public and record one publication: the sessions it added and the
    public changes made since the previous one. Nobody is mailed: nobody had these drafts."""
    # Two organizers publishing at once take turns, so numbers stay unique; and no session
    # changes between reading the drafts and stamping them.
    lock_agenda(event.pk)
    drafts = list(
        Session.objects.filter(event=event, status=Session.Status.DRAFT)
        .select_for_update(of=("self",))
        .select_related("room__venue")
    )
    pending = SessionChange.objects.filter(
        session__event=event, is_public=True, publication__isnull=True
    )
    if not drafts and not pending.exists():
        raise SessionError("nothing_to_publish", _("There is nothing new to publish."))
    last = AgendaPublication.objects.filter(event=event).aggregate(n=Max("number"))["n"] or 0
    publication = AgendaPublication.objects.create(event=event, number=last + 1, published_by=by)
    pending.update(publication=publication)
    now = timezone.now()
    Session.objects.filter(pk__in=[s.pk for s in drafts]).update(
        status=Session.Status.PUBLISHED,
        published_at=now,
        updated_at=now,
        # Earlier revisions of a draft were never seen: nobody is owed a mail for them.
        notified_revision=F("revision"),
    )
    SessionChange.objects.bulk_create(
        SessionChange(
            session=session,
            revision=session.revision,
            kind=Kind.ADDED,
            after=jsonable(snapshot(session)),
            changed_by=by,
            is_public=True,
            publication=publication,
        )
        for session in drafts
    )
    return publication
