"""The organizers' outbox pages: who may see what, bad input, escaping, query counts."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

import pytest
from django.test import Client
from django.urls import reverse

from outbox.models import OutboundMail
from tests.outbox.factories import OutboundMailFactory

Status = OutboundMail.Status
LOGIN = "login"  # expected: 302 to the login page, coming back here
DETAIL = "detail"  # expected: 302 to the mail's detail page


def url_of(view: str, mail: OutboundMail) -> str:
    return reverse(f"outbox:{view}", kwargs={} if view == "list" else {"pk": mail.pk})


@pytest.mark.parametrize(
    ("view", "persona", "method", "expected"),
    [
        ("list", "anonymous", "get", LOGIN),
        ("list", "delegate", "get", 403),
        ("list", "organizer", "get", 200),
        ("list", "anonymous", "post", 405),
        ("list", "delegate", "post", 405),
        ("list", "organizer", "post", 405),
        ("detail", "anonymous", "get", LOGIN),
        ("detail", "delegate", "get", 403),
        ("detail", "organizer", "get", 200),
        ("detail", "anonymous", "post", 405),
        ("detail", "delegate", "post", 405),
        ("detail", "organizer", "post", 405),
        ("retry", "anonymous", "get", 405),
        ("retry", "delegate", "get", 405),
        ("retry", "organizer", "get", 405),
        ("retry", "anonymous", "post", LOGIN),
        ("retry", "delegate", "post", 403),
        ("retry", "organizer", "post", DETAIL),
    ],
)
def test_outbox_views_answer_each_persona_and_method_exactly(
    db: None,
    client: Client,
    request: pytest.FixtureRequest,
    view: str,
    persona: str,
    method: str,
    expected: int | str,
) -> None:
    mail = OutboundMailFactory.create(subject="Your badge", status=Status.FAILED, attempts=1)
    if persona != "anonymous":
        client.force_login(request.getfixturevalue(persona))
    url = url_of(view, mail)

    response = getattr(client, method)(url)

    if expected == LOGIN:
        assert (response.status_code, response["Location"]) == (
            302,
            f"{reverse('account_login')}?next={quote(url)}",
        )
    elif expected == DETAIL:
        assert (response.status_code, response["Location"]) == (302, mail.get_absolute_url())
    else:
        assert response.status_code == expected
    if expected == 200:
        assert response.templates[0].name == f"outbox/{view}.html"
        assert "Your badge" in response.content.decode()
    mail.refresh_from_db()
    retried = (view, persona, method) == ("retry", "organizer", "post")
    assert mail.status == (Status.QUEUED if retried else Status.FAILED)


@pytest.fixture
def organizer_client(client: Client, organizer: Any) -> Client:
    client.force_login(organizer)
    return client


def test_list_filters_by_status_and_counts_each_status(organizer_client: Client) -> None:
    failed = OutboundMailFactory.create(status=Status.FAILED, attempts=1)
    OutboundMailFactory.create_batch(2, status=Status.SENT, attempts=1)

    response = organizer_client.get(reverse("outbox:list"), {"status": "failed"})

    assert list(response.context["page"].object_list) == [failed]
    assert response.context["statuses"] == [
        ("queued", "Queued", 0),
        ("sending", "Sending", 0),
        ("sent", "Sent", 2),
        ("failed", "Failed", 1),
    ]
    assert (
        '<a href="?status=failed" aria-current="page">Failed (1)</a>' in response.content.decode()
    )


def test_list_searches_recipient_and_subject(organizer_client: Client) -> None:
    by_recipient = OutboundMailFactory.create(to="ines.ingen@kobenhavn.example", subject="Badge")
    by_subject = OutboundMailFactory.create(to="dan@example.org", subject="Ingenuity award")
    OutboundMailFactory.create(to="otto@example.org", subject="Dinner")

    response = organizer_client.get(reverse("outbox:list"), {"q": "  INGEN "})

    assert set(response.context["page"].object_list) == {by_recipient, by_subject}
    assert response.context["q"] == "INGEN"


def test_list_ignores_an_unknown_status(organizer_client: Client) -> None:
    mails = OutboundMailFactory.create_batch(2)

    response = organizer_client.get(reverse("outbox:list"), {"status": "bogus"})

    assert response.status_code == 200
    assert set(response.context["page"].object_list) == set(mails)
    assert response.context["status"] == ""
    assert '<a href="?" aria-current="page">All</a>' in response.content.decode()


@pytest.mark.parametrize(("page", "shown"), [("abc", 1), ("", 1), ("-3", 2), ("999", 2)])
def test_list_with_an_odd_page_number_shows_a_real_page(
    organizer_client: Client, page: str, shown: int
) -> None:
    OutboundMailFactory.create_batch(51)

    response = organizer_client.get(reverse("outbox:list"), {"page": page})

    assert response.status_code == 200
    assert response.context["page"].number == shown


def test_list_cuts_an_overlong_search_to_200_characters(organizer_client: Client) -> None:
    OutboundMailFactory.create(subject="x" * 300)

    response = organizer_client.get(reverse("outbox:list"), {"q": "x" * 5000})

    assert response.status_code == 200
    assert response.context["q"] == "x" * 200
    assert response.context["page"].paginator.count == 1


def test_list_search_with_a_nul_character_finds_nothing_instead_of_crashing(
    organizer_client: Client,
) -> None:
    OutboundMailFactory.create(subject="ab")

    response = organizer_client.get(reverse("outbox:list"), {"q": "a\x00b"})

    assert response.status_code == 200
    assert response.context["q"] == "ab"
    assert response.context["page"].paginator.count == 1


@pytest.mark.parametrize("view", ["detail", "retry"])
@pytest.mark.parametrize("pk", [987654, 2**70])
def test_a_mail_that_does_not_exist_is_404(organizer_client: Client, view: str, pk: int) -> None:
    url = reverse(f"outbox:{view}", kwargs={"pk": pk})

    response = organizer_client.get(url) if view == "detail" else organizer_client.post(url)

    assert response.status_code == 404


@pytest.mark.parametrize("status", [Status.QUEUED, Status.SENDING, Status.SENT])
def test_retry_of_a_mail_that_has_not_failed_changes_nothing(
    organizer_client: Client, status: str, mailoutbox: list[Any]
) -> None:
    mail = OutboundMailFactory.create(status=status, attempts=1)

    response = organizer_client.post(reverse("outbox:retry", kwargs={"pk": mail.pk}), follow=True)

    assert response.redirect_chain == [(mail.get_absolute_url(), 302)]
    assert [str(m) for m in response.context["messages"]] == ["Only a failed mail can be retried."]
    mail.refresh_from_db()
    assert (mail.status, mail.attempts) == (status, 1)
    assert mailoutbox == []


def test_detail_offers_retry_only_for_a_failed_mail(organizer_client: Client) -> None:
    failed = OutboundMailFactory.create(status=Status.FAILED, attempts=1)
    sent = OutboundMailFactory.create(status=Status.SENT, attempts=1)
    retry_button = "Retry this mail</button>"

    assert retry_button in organizer_client.get(failed.get_absolute_url()).content.decode()
    assert retry_button not in organizer_client.get(sent.get_absolute_url()).content.decode()


def test_markup_in_a_mail_is_shown_escaped(organizer_client: Client) -> None:
    mail = OutboundMailFactory.create(
        subject="<script>alert('subject')</script>",
        to="<b>dan</b>@example.org",
        body_text="</pre><script>alert('text')</script>",
        body_html='"><script>alert("html")</script>',
        status=Status.FAILED,
        last_error="<img src=x onerror=alert('error')>",
    )

    listing = organizer_client.get(reverse("outbox:list")).content.decode()
    detail = organizer_client.get(mail.get_absolute_url()).content.decode()

    assert "&lt;script&gt;alert(&#x27;subject&#x27;)&lt;/script&gt;" in listing
    assert "&lt;b&gt;dan&lt;/b&gt;@example.org" in listing
    assert "&lt;script&gt;alert(&#x27;text&#x27;)&lt;/script&gt;" in detail
    assert 'srcdoc="&quot;&gt;&lt;script&gt;alert(&quot;html&quot;)&lt;/script&gt;"' in detail
    assert "&lt;img src=x onerror=alert(&#x27;error&#x27;)&gt;" in detail
    for page in (listing, detail):
        assert "<script>" not in page
        assert "<img" not in page
        assert "<b>dan" not in page


@pytest.mark.parametrize("mails", [2, 60])
def test_list_costs_the_same_queries_however_many_mails(
    organizer_client: Client, django_assert_num_queries: Any, mails: int
) -> None:
    OutboundMailFactory.create_batch(mails, attachments=[{"filename": "a.ics"}])

    with django_assert_num_queries(6):  # the session comes from the cache
        response = organizer_client.get(reverse("outbox:list"))

    assert len(response.context["page"].object_list) == min(mails, 50)
