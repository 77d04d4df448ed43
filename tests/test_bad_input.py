"""Bad input gets a helpful 4xx page, never a server error.

Forms answer 400 with the GOV.UK error summary and keep what was typed; malformed
requests (bad numbers, dates, choices, sizes, hosts, methods, tokens) get a 4xx page
in the service's style. Every response in this module is checked for a 5xx.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.conf import settings
from django.test import Client

from partnerplan.core.models import AuditEvent
from partnerplan.core.testing.factories import SmallFramework
from partnerplan.partnerships.models import Organisation, Partnership

pytestmark = pytest.mark.django_db

ANSWERS: list[tuple[str, str, int]] = []


class RecordingClient(Client):
    """A client that sees error responses instead of raising, and notes every answer."""

    def __init__(self, **defaults: Any) -> None:
        super().__init__(raise_request_exception=False, **defaults)

    def request(self, **request: Any) -> Any:
        response = super().request(**request)
        ANSWERS.append((request["REQUEST_METHOD"], request["PATH_INFO"], response.status_code))
        return response


@pytest.fixture(autouse=True)
def _nothing_answers_500() -> Iterator[None]:
    ANSWERS.clear()
    yield
    errors = [answer for answer in ANSWERS if answer[2] >= 500]
    assert not errors, f"server errors: {errors}"


@pytest.fixture
def web(framework: SmallFramework) -> Callable[[str | None], RecordingClient]:
    def signed_in(persona: str | None = "manager", **defaults: Any) -> RecordingClient:
        client = RecordingClient(**defaults)
        if persona:
            client.force_login(
                framework.users[persona], backend="partnerplan.accounts.backends.UserBackend"
            )
        return client

    return signed_in


def assert_error_page(response: Any, status: int | tuple[int, ...]) -> str:
    """A 4xx answered with a page of the service, not a bare or debug page."""
    statuses = status if isinstance(status, tuple) else (status,)
    assert response.status_code in statuses, response.content.decode()[:2000]
    html = response.content.decode()
    assert "govuk-template" in html
    assert "Traceback" not in html
    return html


def error_links(html: str) -> list[str]:
    summary = re.search(r'class="govuk-error-summary".*?</div>\s*</div>', html, re.S)
    assert summary, "no error summary"
    return re.findall(r'href="#([^"]+)"', summary.group(0))


def assert_summary_links_to(html: str, *fields: str) -> None:
    links = error_links(html)
    for name in fields:
        assert f"id_{name}" in links, (name, links)
    for target in links:
        assert f'id="{target}"' in html, f"the error summary links to #{target}, not on the page"


# --- invalid forms -----------------------------------------------------------------------

INVALID_FORMS = [
    pytest.param(
        "/organisations/new/",
        {"name": "", "short_name": "Typed Short", "sector": "", "website": "not a web address"},
        ["name", "sector", "website"],
        ['value="Typed Short"', 'value="not a web address"'],
        id="organisation",
    ),
    pytest.param(
        "/people/new/",
        {"name": "", "job_title": "Typed Job Title", "email": "not-an-email"},
        ["name", "email"],
        ['value="Typed Job Title"', 'value="not-an-email"'],
        id="person",
    ),
    pytest.param(
        "/partnerships/new/",
        {"name": "", "kind": "", "description": "Typed description of its purpose."},
        ["name", "kind", "reports_to"],
        ["Typed description of its purpose.</textarea>"],
        id="partnership",
    ),
    pytest.param(
        "/partnerships/{board}/members/new/",
        {"person": "{chair}", "role": "member", "sector": "", "from_date": "2026-02-30"},
        ["sector", "from_date"],
        ['value="2026-02-30"', r'value="person-{chair}"\s*checked'],
        id="membership",
    ),
]


@pytest.mark.parametrize(("url", "data", "fields", "kept"), INVALID_FORMS)
def test_an_invalid_form_answers_400_with_the_error_summary_and_keeps_the_input(
    framework: SmallFramework,
    web: Callable[..., RecordingClient],
    url: str,
    data: dict[str, str],
    fields: list[str],
    kept: list[str],
) -> None:
    ids = {"board": framework.board.pk, "chair": framework.chair.pk}
    events = AuditEvent.objects.count()
    response = web().post(url.format(**ids), {k: v.format(**ids) for k, v in data.items()})
    html = assert_error_page(response, 400)
    assert "<title>Error: " in html
    assert "There is a problem" in html
    assert_summary_links_to(html, *fields)
    for typed in kept:
        assert re.search(typed.format(**ids), html), typed
    assert AuditEvent.objects.count() == events


def test_error_messages_say_what_to_do(web: Callable[..., RecordingClient]) -> None:
    html = web().post("/organisations/new/", {"website": "nope"}).content.decode()
    assert "Enter the organisation’s name" in html
    assert "Choose the organisation’s sector" in html
    assert "Enter the website address in the right format" in html


def test_an_empty_sign_in_form_answers_400_with_the_error_summary(
    web: Callable[..., RecordingClient],
) -> None:
    response = web(None).post("/sign-in/", {"username": "", "password": ""})
    html = assert_error_page(response, 400)
    assert_summary_links_to(html, "username", "password")


TAKEN = "Testshire County Council"


@pytest.mark.parametrize(
    ("url", "data"),
    [
        ("/organisations/new/", {"name": TAKEN, "sector": "statutory"}),
        ("/organisations/new/", {"name": f"  {TAKEN}  ", "sector": "other"}),
        ("/organisations/{charity}/edit/", {"name": TAKEN, "sector": "other"}),
        (
            "/partnerships/new/",
            {"name": "Safer Testshire", "kind": "board", "reports_to": "{board}"},
        ),
        ("/partnerships/{subgroup}/edit/", {"name": "Safer Testshire", "kind": "sub_group"}),
    ],
)
def test_a_name_already_taken_is_refused_clearly(
    framework: SmallFramework, web: Callable[..., RecordingClient], url: str, data: dict[str, str]
) -> None:
    ids = {
        "charity": framework.charity.pk,
        "board": framework.board.pk,
        "subgroup": framework.subgroup.pk,
    }
    counts = (Organisation.objects.count(), Partnership.objects.count())
    events = AuditEvent.objects.count()
    response = web().post(url.format(**ids), {k: v.format(**ids) for k, v in data.items()})
    html = assert_error_page(response, 400)
    assert "That name is already taken. Choose another." in html
    assert_summary_links_to(html, "name")
    assert (Organisation.objects.count(), Partnership.objects.count()) == counts
    assert AuditEvent.objects.count() == events


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("name", "x" * 201, "at most 200 characters"),
        ("name", "Nul\x00Trust", "Null characters are not allowed"),
        ("sector", "bogus", "Select a valid choice"),
        ("website", "javascript:alert(1)", "Enter the website address in the right format"),
    ],
)
def test_organisation_values_outside_the_rules_are_refused(
    web: Callable[..., RecordingClient], field: str, value: str, message: str
) -> None:
    data = {"name": "Fine Name Trust", "sector": "other", field: value}
    response = web().post("/organisations/new/", data)
    assert message in assert_error_page(response, 400)
    assert (
        not Organisation.objects.filter(name__contains="Trust")
        .exclude(name__startswith="Testshire")
        .exists()
    )


HUGE = "9" * 23  # more than a 64-bit integer holds
PERSON = "/people/new/"
PARTNERSHIP = "/partnerships/new/"
MEMBER = "/partnerships/{board}/members/new/"
SEAT = {"person": "{chair}", "role": "member", "sector": "other"}
GROUP = {"name": "Group", "kind": "sub_group"}


@pytest.mark.parametrize(
    ("url", "data", "field"),
    [
        (PERSON, {"name": "Pat", "organisation": "999999"}, "organisation"),
        (PERSON, {"name": "Pat", "organisation": "abc"}, "organisation"),
        (PERSON, {"name": "Pat", "organisation": HUGE}, "organisation"),
        (PARTNERSHIP, GROUP | {"reports_to": "abc"}, "reports_to"),
        (PARTNERSHIP, GROUP | {"reports_to": HUGE}, "reports_to"),
        (PARTNERSHIP, GROUP | {"kind": "castle", "reports_to": "{board}"}, "kind"),
        (MEMBER, SEAT | {"role": "king"}, "role"),
        (MEMBER, SEAT | {"from_date": "31/31/2026"}, "from_date"),
        (MEMBER, SEAT | {"to_date": "99999-01-01"}, "to_date"),
        ("/partnerships/{board}/access/", {"user": "abc", "role": "viewer"}, "user"),
        ("/partnerships/{board}/access/", {"user": "{lead}", "role": "emperor"}, "role"),
    ],
)
def test_a_choice_or_date_that_is_not_allowed_answers_400(
    framework: SmallFramework,
    web: Callable[..., RecordingClient],
    url: str,
    data: dict[str, str],
    field: str,
) -> None:
    ids = {
        "board": framework.board.pk,
        "chair": framework.chair.pk,
        "lead": framework.users["lead"].pk,
    }
    events = AuditEvent.objects.count()
    response = web().post(url.format(**ids), {k: v.format(**ids) for k, v in data.items()})
    html = assert_error_page(response, 400)
    assert_summary_links_to(html, field)
    assert AuditEvent.objects.count() == events


# --- malformed requests ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "/organisations/?page=abc",
        "/organisations/?page=-1",
        "/organisations/?page=99999999999999999999999",
        "/people/?page=1.5",
        "/deleted/?page=abc",
        "/history/partnerships.partnership/{board}/?page=abc",
        "/organisations/?q=" + "x" * 5000,
        "/organisations/?q=%ff%fe",
    ],
)
def test_a_malformed_query_gets_a_page_not_an_error(
    framework: SmallFramework, web: Callable[..., RecordingClient], url: str
) -> None:
    response = web().get(url.format(board=framework.board.pk))
    # A page number that makes no sense shows the nearest page; anything else is a 400.
    assert_error_page(response, (200, 400))


@pytest.mark.parametrize("url", ["/organisations/?q=%00", "/people/?q=a%00b"])
def test_a_null_character_in_a_search_is_harmless(
    web: Callable[..., RecordingClient], url: str
) -> None:
    # PostgreSQL refuses NUL in text: the search must not pass it to the database.
    assert_error_page(web().get(url), (200, 400))


@pytest.mark.parametrize(
    "url",
    [
        "/partnerships/99999999999999999999999/",
        "/organisations/99999999999999999999999/edit/",
        "/memberships/99999999999999999999999/edit/",
        "/history/partnerships.partnership/99999999999999999999999/",
        "/history/partnerships.partnership/abc/",
        "/history/partnerships.partnership/%00/",
        "/history/partnerships.partnership/%C2%B2/",  # "²" is a digit to str.isdigit
        "/history/nothing.here/1/",
        "/history/auth.user/1/",
        "/no/such/page/",
    ],
)
def test_an_address_that_leads_nowhere_is_not_found(
    web: Callable[..., RecordingClient], url: str
) -> None:
    html = assert_error_page(web("administrator").get(url), 404)
    assert "Page not found" in html


def test_a_body_over_the_limit_is_refused_before_it_is_read(
    web: Callable[..., RecordingClient],
) -> None:
    response = web().post(
        "/organisations/new/",
        {"name": "Big Trust", "sector": "other"},
        CONTENT_LENGTH=str(settings.MAX_REQUEST_BODY_BYTES + 1),
    )
    assert_error_page(response, (400, 413))
    assert not Organisation.objects.filter(name="Big Trust").exists()


def test_a_content_length_that_is_not_a_number_is_refused(
    web: Callable[..., RecordingClient],
) -> None:
    response = web().post("/organisations/new/", {"name": "x"}, CONTENT_LENGTH="lots")
    assert_error_page(response, 400)


def test_a_form_field_over_the_memory_limit_is_refused(
    web: Callable[..., RecordingClient],
) -> None:
    big = "x" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1)
    response = web().post(
        "/organisations/new/",
        f"name=Big&sector=other&short_name={big}",
        content_type="application/x-www-form-urlencoded",
    )
    assert_error_page(response, (400, 413))
    assert not Organisation.objects.filter(name="Big").exists()


@pytest.mark.parametrize("encoding", ["multipart", "urlencoded"])
def test_too_many_fields_are_refused(web: Callable[..., RecordingClient], encoding: str) -> None:
    fields = {f"field{n}": "x" for n in range(settings.DATA_UPLOAD_MAX_NUMBER_FIELDS + 1)}
    fields |= {"name": "Many Fields Trust", "sector": "other"}
    client = web()
    if encoding == "multipart":
        response = client.post("/organisations/new/", fields)
    else:
        body = "&".join(f"{key}={value}" for key, value in fields.items())
        response = client.post(
            "/organisations/new/", body, content_type="application/x-www-form-urlencoded"
        )
    assert_error_page(response, 400)
    assert not Organisation.objects.filter(name="Many Fields Trust").exists()


@pytest.mark.parametrize("host", ["attacker.invalid", "127.0.0.1:8000@attacker.invalid", ""])
def test_an_unknown_host_is_refused(web: Callable[..., RecordingClient], host: str) -> None:
    response = web().get("/framework/", HTTP_HOST=host)
    assert 400 <= response.status_code < 500


def test_a_form_sent_without_its_security_token_is_refused_in_the_service_style(
    framework: SmallFramework, web: Callable[..., RecordingClient]
) -> None:
    client = web("manager", enforce_csrf_checks=True)
    response = client.post("/organisations/new/", {"name": "No Token Trust", "sector": "other"})
    html = assert_error_page(response, 403)
    assert "Your session has expired or the form was sent twice" in html
    assert not Organisation.objects.filter(name="No Token Trust").exists()

    anonymous = web(None, enforce_csrf_checks=True)
    response = anonymous.post("/sign-in/", {"username": "manager", "password": "x"})
    assert "Your session has expired" in assert_error_page(response, 403)


def test_a_form_with_its_token_is_accepted_when_tokens_are_checked(
    framework: SmallFramework, web: Callable[..., RecordingClient]
) -> None:
    """The control for the test above: the same request with the page's token works."""
    client = web("manager", enforce_csrf_checks=True)
    form = client.get("/organisations/new/").content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form)
    assert token
    response = client.post(
        "/organisations/new/",
        {"name": "Token Trust", "sector": "other", "csrfmiddlewaretoken": token.group(1)},
    )
    assert response.status_code == 302


@pytest.mark.parametrize(
    ("method", "url"),
    [
        ("get", "/sign-out/"),
        ("get", "/deleted/{event}/restore/"),
        ("get", "/roles/{grant}/remove/"),
        ("post", "/framework/"),
        ("post", "/organisations/"),
        ("post", "/people/{chair}/"),
        ("post", "/partnerships/{board}/"),
        ("post", "/history/partnerships.partnership/{board}/"),
        ("post", "/deleted/"),
        ("post", "/healthz"),
        ("put", "/organisations/new/"),
        ("delete", "/partnerships/{board}/"),
        ("patch", "/people/{chair}/edit/"),
    ],
)
def test_the_wrong_method_is_not_allowed(
    framework: SmallFramework, web: Callable[..., RecordingClient], method: str, url: str
) -> None:
    from partnerplan.accounts.models import RoleGrant

    ids = {
        "board": framework.board.pk,
        "chair": framework.chair.pk,
        "grant": RoleGrant.objects.first().pk,  # type: ignore[union-attr]
        "event": AuditEvent.objects.first().pk,  # type: ignore[union-attr]
    }
    events = AuditEvent.objects.count()
    response = getattr(web("administrator"), method)(url.format(**ids))
    assert response.status_code == 405
    assert AuditEvent.objects.count() == events
