"""The demo's check-in staff member: may check people in at every demo event, nothing else."""

from __future__ import annotations

from allauth.account.models import EmailAddress

from accounts.models import User
from checkin.models import CheckinStaff
from demo.state import Demo

STAFF_EMAIL = "checkin@summit.example"
# A demo account on a laptop; printed by load_demo like the others.
STAFF_PASSWORD = "nordic-safe-cities-door"


def load_checkin_staff(demo: Demo) -> User:
    """The password is reset on every load so the one printed is always the one that works."""
    user, created = User.objects.get_or_create(
        email=STAFF_EMAIL, defaults={"first_name": "Demo", "last_name": "Door Staff"}
    )
    user.set_password(STAFF_PASSWORD)
    user.save()
    demo.note(user, created)
    address, address_created = EmailAddress.objects.update_or_create(
        user=user, email=STAFF_EMAIL, defaults={"verified": True, "primary": True}
    )
    demo.note(address, address_created)
    for event in demo.events.values():
        role, role_created = CheckinStaff.objects.get_or_create(
            event=event, user=user, defaults={"granted_by": demo.organizer}
        )
        demo.note(role, role_created)
    return user


def checkin_login() -> str:
    return f"Check-in staff login (every demo event): {STAFF_EMAIL} / {STAFF_PASSWORD}"
