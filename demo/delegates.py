"""Demo delegates: every registration status at the next editions, and the 2022 summit's
approved delegates.

The next editions' registrations go through the services (register_delegate, then
approve_registration, decline_registration or cancel_registration), so quotas, the waiting
list, delegations and their coordinators and the history come out as they would for real.
The summit allows three seats per city: Copenhagen fills its quota and its last two
registrants wait. The 2022 summit's registration closed long ago, so its approved delegates
are written directly, with one history line each.

The services queue a mail per transition. Loading the demo should not send ~60 mails to the
local catcher every time a database is set up, so load_demo runs them inside
outbox.services.mail_suppressed(). The people, their names and addresses are illustrative.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import TYPE_CHECKING, NamedTuple

from allauth.account.models import EmailAddress
from django.contrib.auth.hashers import make_password

from accounts.models import User
from events.models import City, Event
from registrations.models import Delegation, Registration, RegistrationChange, RegistrationPolicy
from registrations.services import (
    DelegateDetails,
    approve_registration,
    cancel_registration,
    decline_registration,
    register_delegate,
    save_policy,
)

if TYPE_CHECKING:
    from demo.state import Demo

# Known on purpose, like the organizer's, so the command can print it.
DELEGATE_PASSWORD = "delegate-demo"
SUMMIT_CITY_QUOTA = 3

Status = Registration.Status
Office = Registration.Office
Field = Registration.DirectoryField
APPROVED, PENDING, WAITLISTED = Status.APPROVED, Status.PENDING_APPROVAL, Status.WAITLISTED
DECLINED, CANCELLED, SUBMITTED = Status.DECLINED, Status.CANCELLED, Status.SUBMITTED


class Delegate(NamedTuple):
    first_name: str
    last_name: str
    local_part: str  # of the address, <local_part>@<city>.example
    city: str  # a demo city, or a proposed one (PROPOSED_CITIES)
    office: str
    organization: str
    languages: tuple[str, ...]


# Generic, illustrative names; none stands for a real person.
DELEGATES: tuple[Delegate, ...] = (
    Delegate("Astrid", "Holm", "astrid.holm", "Copenhagen", Office.DEPUTY_MAYOR,
             "City of Copenhagen", ("da", "en")),
    Delegate("Mikkel", "Sørensen", "mikkel.sorensen", "Copenhagen", Office.PRACTITIONER,
             "InfoHouse, City of Copenhagen", ("da", "en")),
    Delegate("Line", "Dahl", "line.dahl", "Copenhagen", Office.PRACTITIONER,
             "Street team, City of Copenhagen", ("da", "en")),
    Delegate("Jonas", "Berg", "jonas.berg", "Copenhagen", Office.CITY_OFFICIAL,
             "City of Copenhagen", ("da", "en")),
    Delegate("Ida", "Krogh", "ida.krogh", "Copenhagen", Office.POLICE, "Copenhagen Police",
             ("da", "en")),
    Delegate("Rasmus", "Lund", "rasmus.lund", "Aarhus", Office.COUNCILLOR,
             "Aarhus City Council", ("da", "en")),
    Delegate("Sara", "Nielsen", "sara.nielsen", "Aarhus", Office.PRACTITIONER,
             "Aarhus Municipality", ("da", "en", "de")),
    Delegate("Peter", "Skov", "peter.skov", "Odense", Office.CITY_OFFICIAL,
             "Odense Municipality", ("da", "en")),
    Delegate("Maja", "Friis", "maja.friis", "Odense", Office.RESEARCHER,
             "University of Southern Denmark", ("da", "en")),
    Delegate("Emil", "Bach", "emil.bach", "Aalborg", Office.PRACTITIONER,
             "Aalborg Municipality", ("da", "en")),
    Delegate("Elin", "Nyström", "elin.nystrom", "Malmö", Office.DEPUTY_MAYOR, "City of Malmö",
             ("sv", "en")),
    Delegate("Oskar", "Lindgren", "oskar.lindgren", "Malmö", Office.PRACTITIONER,
             "City of Malmö", ("sv", "en", "ar")),
    Delegate("Karin", "Ek", "karin.ek", "Malmö", Office.NGO, "A Malmö youth association",
             ("sv", "en")),
    Delegate("Johan", "Wik", "johan.wik", "Gothenburg", Office.CITY_OFFICIAL,
             "City of Gothenburg", ("sv", "en")),
    Delegate("Linnea", "Berglund", "linnea.berglund", "Stockholm", Office.COUNCILLOR,
             "Stockholm City Council", ("sv", "en")),
    Delegate("Anders", "Falk", "anders.falk", "Stockholm", Office.POLICE,
             "Stockholm Police Region", ("sv", "en")),
    Delegate("Ingrid", "Haugen", "ingrid.haugen", "Oslo", Office.MAYOR, "City of Oslo",
             ("nb", "en")),
    Delegate("Lars", "Moen", "lars.moen", "Oslo", Office.PRACTITIONER, "City of Oslo",
             ("nb", "en")),
    Delegate("Kari", "Vik", "kari.vik", "Bergen", Office.CITY_OFFICIAL, "Bergen Municipality",
             ("nb", "en")),
    Delegate("Tor", "Eide", "tor.eide", "Kristiansand", Office.PRACTITIONER,
             "Kristiansand Municipality", ("nb", "en")),
    Delegate("Hilde", "Strand", "hilde.strand", "Trondheim", Office.COUNCILLOR,
             "Trondheim City Council", ("nb", "en")),
    Delegate("Aino", "Virtanen", "aino.virtanen", "Helsinki", Office.DEPUTY_MAYOR,
             "City of Helsinki", ("fi", "sv", "en")),
    Delegate("Mikko", "Laine", "mikko.laine", "Helsinki", Office.PRACTITIONER,
             "City of Helsinki", ("fi", "en")),
    Delegate("Leena", "Koski", "leena.koski", "Espoo", Office.CITY_OFFICIAL, "City of Espoo",
             ("fi", "sv", "en")),
    Delegate("Juha", "Heikkinen", "juha.heikkinen", "Tampere", Office.POLICE,
             "Police of Finland, Tampere", ("fi", "en")),
    Delegate("Guðrún", "Jónsdóttir", "gudrun.jonsdottir", "Reykjavík", Office.CITY_OFFICIAL,
             "Reykjavík City", ("is", "en")),
    Delegate("Tom", "Ashby", "tom.ashby", "Bristol", Office.CITY_OFFICIAL, "Bristol City Council",
             ("en",)),
    Delegate("Priya", "Shah", "priya.shah", "London", Office.CITY_OFFICIAL,
             "Greater London Authority", ("en", "hi")),
    Delegate("Daniel", "Brooks", "daniel.brooks", "Manchester", Office.COUNCILLOR,
             "Manchester City Council", ("en",)),
    Delegate("Camille", "Roy", "camille.roy", "Montréal", Office.PRACTITIONER,
             "City of Montréal", ("fr", "en")),
    Delegate("Jordan", "Miller", "jordan.miller", "Minneapolis", Office.COUNCILLOR,
             "Minneapolis City Council", ("en",)),
    Delegate("Maria", "Lopez", "maria.lopez", "Denver", Office.POLICE, "Denver Police Department",
             ("en", "es")),
)  # fmt: skip

# A city not in the registry, proposed at registration: it waits for an organizer (submitted).
PROPOSED_CITIES = {"Bristol": "GB"}

# Per next edition, in registration order: who registers and where their registration ends up.
# The summit's order matters: Copenhagen's first three take its seats, the next two wait.
NEXT_REGISTRATIONS: dict[str, tuple[tuple[str, Status], ...]] = {
    "nsc-annual-summit-next": (
        ("astrid.holm", APPROVED), ("mikkel.sorensen", APPROVED), ("line.dahl", PENDING),
        ("jonas.berg", WAITLISTED), ("ida.krogh", WAITLISTED),
        ("rasmus.lund", APPROVED), ("sara.nielsen", APPROVED),
        ("peter.skov", APPROVED), ("maja.friis", DECLINED), ("emil.bach", PENDING),
        ("elin.nystrom", APPROVED), ("oskar.lindgren", APPROVED), ("karin.ek", CANCELLED),
        ("johan.wik", APPROVED), ("linnea.berglund", APPROVED), ("anders.falk", PENDING),
        ("ingrid.haugen", APPROVED), ("lars.moen", APPROVED), ("kari.vik", PENDING),
        ("tor.eide", APPROVED), ("hilde.strand", DECLINED),
        ("aino.virtanen", APPROVED), ("mikko.laine", APPROVED), ("leena.koski", CANCELLED),
        ("juha.heikkinen", APPROVED), ("gudrun.jonsdottir", APPROVED),
        ("tom.ashby", SUBMITTED),
    ),
    "scn-dialogue-london-next": (
        ("priya.shah", APPROVED), ("daniel.brooks", PENDING), ("camille.roy", APPROVED),
        ("ingrid.haugen", APPROVED), ("maria.lopez", CANCELLED),
    ),
    "scn-dialogue-helsinki-next": (
        ("aino.virtanen", APPROVED), ("jordan.miller", APPROVED), ("maria.lopez", PENDING),
        ("elin.nystrom", APPROVED),
    ),
}  # fmt: skip

# Approved at the 2022 summit (its registration is closed: written directly).
PAST_SUMMIT = "nsc-annual-summit-2022"
PAST_DELEGATES = (
    "astrid.holm", "mikkel.sorensen", "line.dahl", "rasmus.lund", "peter.skov", "elin.nystrom",
    "oskar.lindgren", "johan.wik", "ingrid.haugen", "lars.moen", "tor.eide", "aino.virtanen",
    "leena.koski", "gudrun.jonsdottir",
)  # fmt: skip
PAST_PRIVACY_ACCEPTED = dt.datetime(2022, 9, 1, 10, 0, tzinfo=dt.UTC)


def delegate_email(delegate: Delegate) -> str:
    domain = delegate.city.lower().replace("ö", "o").replace("é", "e").replace("í", "i")
    return f"{delegate.local_part}@{domain}.example"


EMAILS = {d.local_part: delegate_email(d) for d in DELEGATES}
BY_LOCAL_PART = {d.local_part: d for d in DELEGATES}
LOGIN_EXAMPLE = EMAILS["astrid.holm"]


def load_delegates(demo: Demo) -> None:
    """The demo delegates' accounts, their next-edition registrations and the 2022 summit's."""
    users = load_delegate_users(demo)
    load_policies(demo)
    for slug, rows in NEXT_REGISTRATIONS.items():
        for local_part, status in rows:
            register(demo, demo.events[slug], users[local_part], status)
    load_past_delegates(demo, demo.events[PAST_SUMMIT], users)


def load_delegate_users(demo: Demo) -> dict[str, User]:
    """Verified accounts with the demo password, reset on every load like the organizer's.

    One hash for all: hashing the password per person would take seconds.
    """
    password = make_password(DELEGATE_PASSWORD)
    users = {}
    for delegate in DELEGATES:
        email = EMAILS[delegate.local_part]
        user, created = User.objects.update_or_create(
            email=email,
            defaults={
                "first_name": delegate.first_name,
                "last_name": delegate.last_name,
                "password": password,
            },
        )
        address, address_created = EmailAddress.objects.update_or_create(
            user=user, email=email, defaults={"verified": True, "primary": True}
        )
        demo.note(user, created)
        demo.note(address, address_created)
        users[delegate.local_part] = user
    return users


def load_policies(demo: Demo) -> None:
    """Approval everywhere; three seats per city at the summit, 60 at each dialogue."""
    limits = {"nsc-annual-summit-next": (150, SUMMIT_CITY_QUOTA)}
    for slug in NEXT_REGISTRATIONS:
        capacity, city_quota = limits.get(slug, (60, None))
        policy, created = RegistrationPolicy.objects.get_or_create(event=demo.events[slug])
        policy.capacity, policy.city_quota, policy.requires_approval = capacity, city_quota, True
        save_policy(policy=policy)
        demo.note(policy, created)


def register(demo: Demo, event: Event, user: User, status: Status) -> Registration | None:
    """Walk one registration to `status` through the services; an existing one is kept."""
    if Registration.objects.filter(event=event, user=user).exists():
        return None
    # Loaded with a `today` whose next editions do not take registrations now: nobody new.
    if not event.registration_is_open():
        return None
    delegate = BY_LOCAL_PART[user.email.split("@")[0]]
    city = demo.cities.get(delegate.city)
    registration = register_delegate(
        user=user,
        event=event,
        country=city.country.code if city else PROPOSED_CITIES[delegate.city],
        city=city,
        proposed_city_name="" if city else delegate.city,
        details=details_of(delegate),
        privacy_accepted=True,
    )
    if status == APPROVED:
        approve_registration(registration=registration, by=demo.organizer)
    elif status == DECLINED:
        decline_registration(registration=registration, by=demo.organizer)
    elif status == CANCELLED:
        cancel_registration(registration=registration, by=user)
    registration.refresh_from_db()
    if registration.status != status:
        raise AssertionError(f"{user.email} at {event.slug}: {registration.status}, not {status}")
    demo.note(registration, True)
    return registration


def details_of(delegate: Delegate) -> DelegateDetails:
    return DelegateDetails(
        badge_name=f"{delegate.first_name} {delegate.last_name}",
        office=delegate.office,
        organization=delegate.organization,
        languages=delegate.languages,
        visibility=Registration.Visibility.DELEGATES,
        directory_fields=(Field.OFFICE, Field.ORGANIZATION),
    )


def load_past_delegates(demo: Demo, event: Event, users: dict[str, User]) -> None:
    """Approved delegates of a past edition, written directly (no mails, no seat counting)."""
    for local_part in PAST_DELEGATES:
        user, delegate = users[local_part], BY_LOCAL_PART[local_part]
        if Registration.objects.filter(event=event, user=user).exists():
            continue
        city = demo.cities[delegate.city]
        delegation, created = Delegation.objects.get_or_create(
            event=event, city=city, defaults={"coordinator": user}
        )
        demo.note(delegation, created)
        registration = Registration.objects.create(
            event=event,
            user=user,
            delegation=delegation,
            city=city,
            country=city.country,
            status=APPROVED,
            privacy_accepted_at=PAST_PRIVACY_ACCEPTED,
            **details_of(delegate).as_fields(),
        )
        RegistrationChange.objects.create(
            registration=registration,
            changed_by=demo.organizer,
            new_status=APPROVED,
            description="Approved (demo data of a past edition)",
        )
        demo.note(registration, True)


def summarize_delegates() -> list[str]:
    registrations = Registration.objects.filter(user__email__in=EMAILS.values())
    statuses = Counter(registrations.values_list("status", flat=True))
    mix = ", ".join(f"{statuses[s]} {Status(s).label.lower()}" for s in Status.values)
    unconfirmed = City.objects.filter(is_confirmed=False).count()
    return [
        f"  {len(DELEGATES)} demo delegates, {registrations.count()} registrations ({mix}), "
        f"{Delegation.objects.count()} delegations, {unconfirmed} proposed city",
    ]


def delegate_login() -> str:
    return f"Delegate login (every demo delegate): {LOGIN_EXAMPLE} / {DELEGATE_PASSWORD}"
