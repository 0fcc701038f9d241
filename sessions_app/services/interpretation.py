"""Booking interpreters for a session (issue #18)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from sessions_app.interpretation import session_team_size
from sessions_app.models import InterpreterBooking, Session
from sessions_app.services.agenda_lock import lock_agenda
from sessions_app.services.seats import SessionError, lock_session


@transaction.atomic
def book_interpreters(
    *,
    session: Session,
    source_language: str,
    target_language: str,
    booth: str = "",
    interpreters: int | None = None,
    notes: str = "",
) -> InterpreterBooking:
    """Book a team for one language pair; its size defaults to the AIIC team for the
    session's length (sessions_app.interpretation.team_size). The agenda's cache learns of it
    by the model's save signal (it is watched under "agenda").

    Takes the agenda lock, then the session's row (issue #16): the status and length checked
    are the session's as committed, not as the caller read it before a cancel or a resize.
    Interpreters are booked as a number per language pair, not as people, so no booking can
    clash with another session's."""
    lock_agenda(session.event_id)
    session = lock_session(session.pk)
    if session.is_cancelled:
        raise SessionError("cancelled", _("A cancelled session cannot change again."))
    size = interpreters if interpreters is not None else session_team_size(session) or 4
    booking = InterpreterBooking(
        session=session,
        source_language=source_language,
        target_language=target_language,
        booth=booth.strip(),
        interpreters=size,
        notes=notes.strip(),
    )
    try:
        booking.full_clean(exclude=["session"], validate_constraints=False)
    except ValidationError as error:
        raise SessionError("invalid_booking", " ".join(error.messages)) from error
    if source_language == target_language:
        raise SessionError("same_language", _("Interpretation goes between two languages."))
    try:
        with transaction.atomic():
            booking.save()
    except IntegrityError as error:
        raise SessionError(
            "booked", _("This language pair is booked for the session already.")
        ) from error
    return booking


@transaction.atomic
def remove_booking(*, booking: InterpreterBooking) -> None:
    """Takes the agenda lock like every agenda write (issue #16)."""
    lock_agenda(booking.session.event_id)
    booking.delete()
