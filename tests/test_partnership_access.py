"""Managers set and remove roles on their partnerships; the change takes effect and is audited."""

from __future__ import annotations

import pytest

from partnerplan.accounts.models import RoleGrant, User
from partnerplan.core.models import AuditEvent
from partnerplan.core.permissions import can
from partnerplan.core.testing.factories import make_user

pytestmark = pytest.mark.django_db


def access_url(partnership) -> str:  # type: ignore[no-untyped-def]
    return f"/partnerships/{partnership.pk}/access/"


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("viewer", 403),
        ("lead", 403),
        ("editor", 403),
        ("outsider", 403),
        ("manager", 200),
        ("administrator", 200),
    ],
)
def test_only_managers_open_the_access_page(framework, client_for, persona, status) -> None:  # type: ignore[no-untyped-def]
    response = client_for(framework.users[persona]).get(access_url(framework.board))
    assert response.status_code == status
    if status == 403:
        assert "viewer" not in response.content.decode()


def test_anonymous_is_sent_to_sign_in(framework, client_for) -> None:  # type: ignore[no-untyped-def]
    response = client_for(None).get(access_url(framework.board))
    assert response.status_code == 302
    assert response["Location"].startswith("/sign-in/?next=")


def test_manager_grants_a_role_that_then_applies_below(framework, client_for) -> None:  # type: ignore[no-untyped-def]
    newcomer = make_user("newcomer", organisation=framework.charity)
    manager = framework.users["manager"]
    assert not can(newcomer, "view", framework.subgroup)

    response = client_for(manager).post(
        access_url(framework.thematic), {"user": newcomer.pk, "role": "viewer"}
    )

    assert response.status_code == 302
    grant = RoleGrant.objects.get(user=newcomer, partnership=framework.thematic)
    assert grant.role == "viewer"
    newcomer = User.objects.get(pk=newcomer.pk)  # access is worked out once per request
    assert can(newcomer, "view", framework.subgroup)  # inherited by the sub-group
    assert not can(newcomer, "view", framework.board)  # but not upwards
    event = AuditEvent.objects.for_object(grant).get()
    assert (event.action, event.actor, event.partnership_id) == (
        "create",
        manager,
        framework.thematic.pk,
    )


def test_no_access_overrides_an_inherited_role(framework, client_for) -> None:  # type: ignore[no-untyped-def]
    viewer = framework.users["viewer"]
    client_for(framework.users["manager"]).post(
        access_url(framework.thematic), {"user": viewer.pk, "role": "none"}
    )
    viewer = User.objects.get(pk=viewer.pk)
    assert can(viewer, "view", framework.board)
    assert not can(viewer, "view", framework.thematic)
    assert not can(viewer, "view", framework.subgroup)


def test_changing_a_role_updates_the_one_grant(framework, client_for) -> None:  # type: ignore[no-untyped-def]
    viewer = framework.users["viewer"]
    client = client_for(framework.users["manager"])
    client.post(access_url(framework.board), {"user": viewer.pk, "role": "editor"})
    grant = RoleGrant.objects.get(user=viewer, partnership=framework.board)
    assert grant.role == "editor"
    event = AuditEvent.objects.for_object(grant).first()
    assert event.action == "update"
    assert event.changes["role"]["before"] == "viewer"
    assert event.changes["role"]["after"] == "editor"


def test_removing_a_role_is_recoverable(framework, client_for) -> None:  # type: ignore[no-untyped-def]
    lead = framework.users["lead"]
    grant = RoleGrant.objects.get(user=lead, partnership=framework.board)
    client = client_for(framework.users["manager"])

    response = client.post(f"/roles/{grant.pk}/remove/")

    assert response.status_code == 302
    assert not RoleGrant.objects.filter(pk=grant.pk).exists()
    deletion = AuditEvent.objects.get(
        action="delete", object_id=str(grant.pk), content_type__model="rolegrant"
    )
    client.post(f"/deleted/{deletion.pk}/restore/")
    assert RoleGrant.objects.get(pk=grant.pk).role == "lead"


def test_a_manager_cannot_remove_roles_elsewhere(framework, client_for) -> None:  # type: ignore[no-untyped-def]
    grant = RoleGrant.objects.get(user=framework.users["lead"], partnership=framework.board)
    response = client_for(framework.users["outsider"]).post(f"/roles/{grant.pk}/remove/")
    assert response.status_code == 403
    assert RoleGrant.objects.filter(pk=grant.pk).exists()


def test_bad_role_is_refused_with_a_message(framework, client_for) -> None:  # type: ignore[no-untyped-def]
    response = client_for(framework.users["manager"]).post(
        access_url(framework.board), {"user": framework.users["viewer"].pk, "role": "owner"}
    )
    assert response.status_code == 400
    assert "govuk-error-summary" in response.content.decode()
    assert RoleGrant.objects.get(user=framework.users["viewer"]).role == "viewer"


def test_access_page_lists_only_grantable_accounts(framework, client_for) -> None:  # type: ignore[no-untyped-def]
    body = (
        client_for(framework.users["outsider"]).get(access_url(framework.district)).content.decode()
    )
    # The outsider manages only the district: accounts of the board's organisations are not
    # offered, their own organisation's are.
    assert "Viewer (Testshire County Council)" not in body
    assert "Outsider (Elsewhere District Council)" in body
