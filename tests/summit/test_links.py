"""summit.links: the links upper apps add to a lower app's page."""

from __future__ import annotations

from django.urls import reverse

from summit.links import LinkHook, ShownLink


def test_a_link_is_shown_once_with_its_url_for_the_pages_object() -> None:
    hook = LinkHook("slug")
    hook.add(label="Schedule", url_name="schedules:schedule_json")
    hook.add(label="Schedule", url_name="schedules:schedule_json")

    assert hook.links("nordic-2022") == [
        ShownLink("Schedule", reverse("schedules:schedule_json", kwargs={"slug": "nordic-2022"}))
    ]
    assert LinkHook("slug").links("nordic-2022") == []  # each page has its own links


def test_the_agenda_and_the_delegation_page_carry_their_apps_links() -> None:
    from registrations.delegation_links import delegation_links
    from registrations.organizer_links import organizer_links
    from sessions_app.agenda_links import agenda_links

    assert reverse("schedules:schedule_xml", kwargs={"slug": "x"}) in {
        link.url for link in agenda_links("x")
    }
    assert [link.url for link in delegation_links(7)] == [
        reverse("meetings:delegation_meetings", kwargs={"pk": 7}),
        reverse("reports:delegation_dashboard", kwargs={"pk": 7}),
    ]
    assert [link.url for link in organizer_links("x")] == [
        reverse("checkin:badges_page", kwargs={"slug": "x"}),
        reverse("meetings:event_meetings", kwargs={"slug": "x"}),
    ]
