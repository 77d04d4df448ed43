"""The audit trail: every change is recorded with who, where from, before and after;
nothing deleted is lost; the trail itself cannot be changed."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import Any

import pytest
from django.db import models
from django.test import Client

from partnerplan.accounts.models import RoleGrant, User
from partnerplan.core.audit import Actor
from partnerplan.core.models import AuditEvent, AuditSource
from partnerplan.core.testing.factories import SmallFramework
from partnerplan.partnerships import services
from partnerplan.partnerships.models import (
    Membership,
    Organisation,
    Partnership,
    Person,
    ReportingLine,
)

pytestmark = pytest.mark.django_db

SETUP = Actor.system(AuditSource.CLI)


def rows(model: type[models.Model], **filters: Any) -> set[tuple[Any, ...]]:
    """Every stored value of the matching rows, to compare before a delete and after a restore."""
    names = [f.attname for f in model._meta.concrete_fields]
    return {
        tuple(json.dumps(v, sort_keys=True) if isinstance(v, dict | list) else v for v in row)
        for row in model._default_manager.filter(**filters).values_list(*names)
    }


def restore_button(name: str) -> str:
    """The restore button of one item on the deleted items page."""
    return f'aria-label="Restore {name}"'


def events_for(obj: models.Model) -> list[AuditEvent]:
    return list(AuditEvent.objects.for_object(obj).order_by("id"))


def messages_on(response: Any) -> str:
    html = response.content.decode()
    return " ".join(re.findall(r'govuk-notification-banner__(?:heading|content)".*?</', html, re.S))


# --- services write the trail ------------------------------------------------------------


def test_creating_records_the_actor_the_source_and_the_values(
    framework: SmallFramework,
) -> None:
    manager = framework.users["manager"]
    actor = Actor(user=manager, source=AuditSource.IMPORT)
    organisation = services.organisation_create(
        actor=actor, name="Riverside Trust", sector="voluntary", short_name="RT"
    )
    (event,) = events_for(organisation)
    assert (event.action, event.actor, event.actor_name, event.source) == (
        "create",
        manager,
        "Manager",
        "import",
    )
    assert event.object_repr == "Riverside Trust"
    assert event.changes["name"] == {
        "label": "name",
        "before": None,
        "after": "Riverside Trust",
        "after_text": "Riverside Trust",
    }
    assert event.changes["sector"]["after_text"] == "Voluntary and community"
    assert "website" not in event.changes  # empty fields are not listed


def test_every_kind_of_object_is_recorded_on_create_update_and_delete(
    framework: SmallFramework,
) -> None:
    actor = Actor(user=framework.users["manager"])
    organisation = services.organisation_create(actor=actor, name="Hilltop Trust", sector="other")
    person = services.person_create(actor=actor, name="Hal Hilltop", organisation=organisation)
    partnership = services.partnership_create(
        actor=actor, name="Hilltop Forum", kind="sub_group", reports_to=[framework.board]
    )
    membership = services.membership_add(
        actor=actor, partnership=partnership, person=person, role="member", sector="other"
    )

    services.organisation_update(organisation=organisation, actor=actor, short_name="HT")
    services.person_update(person=person, actor=actor, job_title="Director")
    services.partnership_update(partnership=partnership, actor=actor, description="Meets monthly")
    services.membership_update(membership=membership, actor=actor, role="chair")

    updates = {
        type(obj).__name__: events_for(obj)[-1]
        for obj in (organisation, person, partnership, membership)
    }
    assert updates["Organisation"].changes["short_name"]["after"] == "HT"
    assert updates["Person"].changes["job_title"]["before"] == ""
    assert updates["Person"].changes["job_title"]["after"] == "Director"
    assert updates["Partnership"].changes["description"]["after"] == "Meets monthly"
    assert updates["Membership"].changes["role"] == {
        "label": "role",
        "before": "member",
        "before_text": "Member",
        "after": "chair",
        "after_text": "Chair",
    }
    for event in updates.values():
        assert (event.action, event.actor, event.source) == ("update", actor.user, "web")
        assert len(event.changes) == 1  # only what changed

    # The membership and the partnership's events are filed under the partnership.
    assert updates["Membership"].partnership_id == partnership.pk
    assert updates["Partnership"].partnership_id == partnership.pk

    for delete, obj in (
        (lambda: services.membership_remove(membership=membership, actor=actor), membership),
        (lambda: services.person_delete(person=person, actor=actor), person),
        (lambda: services.partnership_delete(partnership=partnership, actor=actor), partnership),
        (
            lambda: services.organisation_delete(organisation=organisation, actor=actor),
            organisation,
        ),
    ):
        pk = obj.pk
        event = delete()
        assert event.action == "delete"
        assert event.object_id == str(pk)
        assert event.changes["name" if "name" in event.changes else "role"]["after"] is None
        assert not type(obj)._default_manager.filter(pk=pk).exists()


def test_an_update_that_changes_nothing_writes_nothing(framework: SmallFramework) -> None:
    before = AuditEvent.objects.count()
    services.organisation_update(
        organisation=framework.charity,
        actor=SETUP,
        name=framework.charity.name,
        sector=framework.charity.sector,
    )
    services.set_reporting_lines(
        partnership=framework.thematic, reports_to=[framework.board], actor=SETUP
    )
    services.partnership_update(
        partnership=framework.thematic, actor=SETUP, reports_to=[framework.board]
    )
    assert AuditEvent.objects.count() == before


def test_a_refused_change_leaves_no_trail(framework: SmallFramework) -> None:
    from django.core.exceptions import ValidationError

    before = AuditEvent.objects.count()
    with pytest.raises(ValidationError):
        services.organisation_create(actor=SETUP, name=framework.council.name, sector="other")
    with pytest.raises(ValidationError):
        services.set_reporting_lines(
            partnership=framework.board, reports_to=[framework.subgroup], actor=SETUP
        )
    with pytest.raises(ValidationError):
        services.membership_add(
            actor=SETUP,
            partnership=framework.board,
            person=framework.chair,
            organisation=framework.council,
            role="member",
            sector="statutory",
        )
    assert AuditEvent.objects.count() == before
    assert not ReportingLine.objects.filter(partnership=framework.board).exists()


def test_reporting_line_changes_are_recorded_with_names(framework: SmallFramework) -> None:
    actor = Actor(user=framework.users["manager"])
    services.set_reporting_lines(
        partnership=framework.subgroup,
        reports_to=[framework.thematic, framework.board],
        actor=actor,
    )
    event = events_for(framework.subgroup)[-1]
    assert event.action == "update"
    assert event.changes["reports_to"]["before_text"] == "Safer Testshire"
    assert event.changes["reports_to"]["after_text"] == (
        "Safer Testshire, Testshire Partnership Board"
    )
    assert event.changes["reports_to"]["after"] == sorted(
        [framework.thematic.pk, framework.board.pk]
    )


def test_the_actor_name_stays_when_the_account_is_removed(framework: SmallFramework) -> None:
    editor = framework.users["editor"]
    organisation = services.organisation_create(
        actor=Actor(user=editor), name="Lasting Trust", sector="other"
    )
    editor.delete()
    (event,) = events_for(organisation)
    assert event.actor is None
    assert event.actor_name == "Editor"


# --- the web forms write the trail -------------------------------------------------------


def test_web_forms_record_the_signed_in_user(
    framework: SmallFramework, client_for: Callable[[Any], Client]
) -> None:
    manager = framework.users["manager"]
    client = client_for(manager)

    response = client.post("/organisations/new/", {"name": "Meadow Trust", "sector": "private"})
    assert response.status_code == 302
    organisation = Organisation.objects.get(name="Meadow Trust")
    response = client.post(
        f"/organisations/{organisation.pk}/edit/",
        {"name": "Meadow Trust", "sector": "voluntary", "short_name": "MT"},
    )
    assert response.status_code == 302
    response = client.post(f"/organisations/{organisation.pk}/delete/")
    assert response.status_code == 302

    create, update, delete = events_for(organisation)
    assert [e.action for e in (create, update, delete)] == ["create", "update", "delete"]
    for event in (create, update, delete):
        assert (event.actor, event.source) == (manager, "web")
    assert update.changes == {
        "short_name": {
            "label": "short name",
            "before": "",
            "before_text": "",
            "after": "MT",
            "after_text": "MT",
        },
        "sector": {
            "label": "sector",
            "before": "private",
            "before_text": "Private",
            "after": "voluntary",
            "after_text": "Voluntary and community",
        },
    }


def test_saving_a_form_unchanged_writes_nothing(
    framework: SmallFramework, client_for: Callable[[Any], Client]
) -> None:
    client = client_for(framework.users["manager"])
    before = AuditEvent.objects.count()
    board = framework.board
    response = client.post(
        f"/partnerships/{framework.thematic.pk}/edit/",
        {
            "name": framework.thematic.name,
            "kind": framework.thematic.kind,
            "reports_to": [board.pk],
        },
    )
    assert response.status_code == 302
    response = client.post(
        f"/people/{framework.chair.pk}/edit/",
        {
            "name": framework.chair.name,
            "job_title": framework.chair.job_title,
            "organisation": framework.council.pk,
        },
    )
    assert response.status_code == 302
    assert AuditEvent.objects.count() == before


def test_membership_and_line_changes_through_the_web_are_recorded(
    framework: SmallFramework, client_for: Callable[[Any], Client]
) -> None:
    manager = framework.users["manager"]
    client = client_for(manager)
    response = client.post(
        f"/partnerships/{framework.subgroup.pk}/edit/",
        {
            "name": framework.subgroup.name,
            "kind": framework.subgroup.kind,
            "reports_to": [framework.thematic.pk, framework.board.pk],
        },
    )
    assert response.status_code == 302
    line_event = events_for(framework.subgroup)[-1]
    assert (line_event.actor, line_event.source) == (manager, "web")
    assert set(line_event.changes) == {"reports_to"}

    response = client.post(
        f"/partnerships/{framework.board.pk}/members/new/",
        {"organisation": framework.charity.pk, "role": "member", "sector": "voluntary"},
    )
    assert response.status_code == 302
    membership = Membership.objects.get(partnership=framework.board, organisation=framework.charity)
    (event,) = events_for(membership)
    assert (event.action, event.actor, event.partnership_id) == (
        "create",
        manager,
        framework.board.pk,
    )
    assert event.changes["organisation"]["after_text"] == framework.charity.name


# --- delete and restore --------------------------------------------------------------------


def partnership_state(partnership_id: int) -> dict[str, set[tuple[Any, ...]]]:
    return {
        "partnership": rows(Partnership, pk=partnership_id),
        "memberships": rows(Membership, partnership_id=partnership_id),
        "lines": rows(ReportingLine, partnership_id=partnership_id)
        | rows(ReportingLine, reports_to_id=partnership_id),
        "grants": rows(RoleGrant, partnership_id=partnership_id),
    }


@pytest.fixture
def thematic_in_full(framework: SmallFramework) -> Partnership:
    """The thematic partnership with a direct role grant too, so that everything a
    partnership can take with it is there to be restored."""
    RoleGrant.objects.create(
        user=framework.users["lead"], partnership=framework.thematic, role="editor"
    )
    services.membership_update(
        membership=Membership.objects.get(person=framework.officer),
        actor=SETUP,
        from_date="2025-04-01",
    )
    return framework.thematic


def test_a_deleted_partnership_comes_back_exactly(
    framework: SmallFramework,
    thematic_in_full: Partnership,
    client_for: Callable[[Any], Client],
) -> None:
    pk = thematic_in_full.pk
    before = partnership_state(pk)
    assert all(before.values()), "the fixture should give every kind of row"
    client = client_for(framework.users["administrator"])

    response = client.post(f"/partnerships/{pk}/delete/")
    assert response.status_code == 302
    assert not any(partnership_state(pk).values())
    deletion = AuditEvent.objects.get(action="delete", object_id=str(pk))

    response = client.post(f"/deleted/{deletion.pk}/restore/", follow=True)
    assert response.status_code == 200
    assert response.redirect_chain[-1][0] == f"/partnerships/{pk}/"
    assert "has been restored" in messages_on(response)
    assert partnership_state(pk) == before
    restore = AuditEvent.objects.get(action="restore", object_id=str(pk))
    assert (restore.actor, restore.source) == (framework.users["administrator"], "web")
    deletion.refresh_from_db()
    assert deletion.restored_by_event == restore


def test_the_manager_who_deleted_a_partnership_can_restore_it(
    framework: SmallFramework, client_for: Callable[[Any], Client]
) -> None:
    """A board manager deletes the thematic partnership under the board: the confirm page
    promises it can be restored from Deleted items, so it must be there for them."""
    pk = framework.thematic.pk
    before = partnership_state(pk)
    client = client_for(framework.users["manager"])
    client.post(f"/partnerships/{pk}/delete/")
    deletion = AuditEvent.objects.get(action="delete", object_id=str(pk))

    listing = client.get("/deleted/").content.decode()
    assert restore_button(framework.thematic.name) in listing
    response = client.post(f"/deleted/{deletion.pk}/restore/")
    assert response.status_code == 302
    assert partnership_state(pk) == before


def test_deleting_an_organisation_unlinks_its_people_and_restore_links_them_again(
    framework: SmallFramework, client_for: Callable[[Any], Client]
) -> None:
    charity = framework.charity
    people_before = rows(Person, organisation=charity)
    users_before = rows(User, organisation=charity)
    assert people_before and users_before
    client = client_for(framework.users["administrator"])

    client.post(f"/organisations/{charity.pk}/delete/")
    assert Person.objects.get(pk=framework.officer.pk).organisation_id is None  # kept, unlinked
    assert User.objects.get(username="lead").organisation_id is None

    deletion = AuditEvent.objects.get(action="delete", object_id=str(charity.pk))
    response = client.post(f"/deleted/{deletion.pk}/restore/")
    assert response.status_code == 302
    assert rows(Person, organisation=charity) == people_before
    assert rows(User, organisation=charity) == users_before


def test_restoring_an_organisation_brings_back_its_seats_on_partnerships(
    framework: SmallFramework, client_for: Callable[[Any], Client]
) -> None:
    charity = framework.charity
    seats_before = rows(Membership, organisation=charity)
    assert seats_before
    client = client_for(framework.users["administrator"])

    client.post(f"/organisations/{charity.pk}/delete/")
    assert not Membership.objects.filter(organisation_id=charity.pk).exists()
    deletion = AuditEvent.objects.get(action="delete", object_id=str(charity.pk))
    client.post(f"/deleted/{deletion.pk}/restore/")

    assert rows(Membership, organisation=charity) == seats_before


def test_restore_puts_back_only_links_the_delete_cleared(
    framework: SmallFramework, client_for: Callable[[Any], Client]
) -> None:
    """If someone moved the officer to another organisation meanwhile, restoring the old
    organisation does not move them back."""
    charity, council = framework.charity, framework.council
    client = client_for(framework.users["administrator"])
    client.post(f"/organisations/{charity.pk}/delete/")
    services.person_update(person=framework.officer, actor=SETUP, organisation=council)
    deletion = AuditEvent.objects.get(action="delete", object_id=str(charity.pk))
    client.post(f"/deleted/{deletion.pk}/restore/")
    assert Person.objects.get(pk=framework.officer.pk).organisation_id == council.pk


def test_a_second_restore_is_refused_cleanly(
    framework: SmallFramework, client_for: Callable[[Any], Client]
) -> None:
    client = client_for(framework.users["manager"])
    client.post(f"/memberships/{framework.chair_membership.pk}/delete/")
    deletion = AuditEvent.objects.get(action="delete", object_id=str(framework.chair_membership.pk))
    assert client.post(f"/deleted/{deletion.pk}/restore/").status_code == 302
    events = AuditEvent.objects.count()
    memberships = rows(Membership)

    response = client.post(f"/deleted/{deletion.pk}/restore/", follow=True)

    assert response.status_code == 200
    assert "has already been restored" in messages_on(response)
    assert AuditEvent.objects.count() == events
    assert rows(Membership) == memberships


def test_a_restore_that_clashes_restores_nothing_and_says_why(
    framework: SmallFramework, client_for: Callable[[Any], Client]
) -> None:
    pk, name = framework.thematic.pk, framework.thematic.name
    client = client_for(framework.users["administrator"])
    client.post(f"/partnerships/{pk}/delete/")
    deletion = AuditEvent.objects.get(action="delete", object_id=str(pk))
    services.partnership_create(actor=SETUP, name=name, kind="thematic")
    state = {model: rows(model) for model in (Partnership, Membership, ReportingLine, RoleGrant)}
    events = AuditEvent.objects.count()

    response = client.post(f"/deleted/{deletion.pk}/restore/", follow=True)

    assert response.status_code == 200
    message = messages_on(response)
    assert "could not be restored" in message
    assert "same name" in message
    assert {model: rows(model) for model in state} == state
    assert AuditEvent.objects.count() == events
    assert AuditEvent.objects.restorable().filter(pk=deletion.pk).exists()  # can try again
    # Once the clash is gone, the restore goes through.
    services.partnership_delete(partnership=Partnership.objects.get(name=name), actor=SETUP)
    assert client.post(f"/deleted/{deletion.pk}/restore/").status_code == 302
    assert Partnership.objects.filter(pk=pk, name=name).exists()


def test_a_restore_whose_partnership_has_gone_restores_nothing(
    framework: SmallFramework, client_for: Callable[[Any], Client]
) -> None:
    """A membership deleted, then its partnership deleted: the membership cannot come back
    on its own, and the page says so instead of failing."""
    client = client_for(framework.users["administrator"])
    membership_pk = framework.chair_membership.pk
    client.post(f"/memberships/{membership_pk}/delete/")
    seat_deletion = AuditEvent.objects.get(action="delete", object_id=str(membership_pk))
    client.post(f"/partnerships/{framework.board.pk}/delete/")

    response = client.post(f"/deleted/{seat_deletion.pk}/restore/", follow=True)

    assert response.status_code == 200
    assert "could not be restored" in messages_on(response)
    assert not Membership.objects.filter(pk=membership_pk).exists()


def test_restoring_something_that_was_never_deleted_is_not_found(
    framework: SmallFramework, client_for: Callable[[Any], Client]
) -> None:
    create = AuditEvent.objects.filter(action="create").first()
    assert create is not None
    client = client_for(framework.users["administrator"])
    assert client.post(f"/deleted/{create.pk}/restore/").status_code == 404
    assert client.post("/deleted/999999/restore/").status_code == 404


# --- who sees deleted items --------------------------------------------------------------


def test_deleted_items_of_one_partnership_are_hidden_from_others(
    framework: SmallFramework, client_for: Callable[[Any], Client]
) -> None:
    """The outsider manages an unrelated district: the board's deleted people, members and
    organisations are none of its business, in the list or in their history."""
    manager = client_for(framework.users["manager"])
    manager.post(f"/organisations/{framework.charity.pk}/delete/")
    manager.post(f"/people/{framework.chair.pk}/delete/")
    # Checked before signing in as the outsider: client_for signs one client in and out.
    assert restore_button(framework.charity.name) in manager.get("/deleted/").content.decode()
    outsider = client_for(framework.users["outsider"])

    listing = outsider.get("/deleted/").content.decode()
    assert framework.charity.name not in listing
    assert framework.chair.name not in listing
    for label, pk in (
        ("partnerships.organisation", framework.charity.pk),
        ("partnerships.person", framework.chair.pk),
    ):
        response = outsider.get(f"/history/{label}/{pk}/")
        assert response.status_code == 403
        assert framework.charity.name not in response.content.decode()
    for event in AuditEvent.objects.restorable():
        assert outsider.post(f"/deleted/{event.pk}/restore/").status_code == 403


# --- the history page ---------------------------------------------------------------------


def test_the_history_page_shows_each_change_with_labels_before_and_after(
    framework: SmallFramework, client_for: Callable[[Any], Client]
) -> None:
    client = client_for(framework.users["manager"])
    client.post(
        f"/partnerships/{framework.subgroup.pk}/edit/",
        {
            "name": "Safer Streets Officer Group",
            "kind": "sub_group",
            "reports_to": [framework.thematic.pk, framework.board.pk],
        },
    )
    response = client.get(f"/history/partnerships.partnership/{framework.subgroup.pk}/")
    assert response.status_code == 200
    html = response.content.decode()
    rows_shown = [
        tuple(re.sub(r"<[^>]+>|\s+", " ", cell).strip() for cell in row)
        for row in re.findall(
            r'<th scope="row" class="govuk-table__header">(.*?)</th>\s*'
            r'<td class="govuk-table__cell">(.*?)</td>\s*<td class="govuk-table__cell">(.*?)</td>',
            html,
            re.S,
        )
    ]
    assert ("Name", "Safer Testshire Officer Group", "Safer Streets Officer Group") in rows_shown
    assert ("Kind", "Officer group", "Sub-group") in rows_shown
    assert (
        "Reports to",
        "Safer Testshire",
        "Safer Testshire, Testshire Partnership Board",
    ) in rows_shown
    assert ("Name", "—", "Safer Testshire Officer Group") in rows_shown  # the creation
    assert "Manager" in html and "Command line" in html  # who, and through which door


def test_the_history_of_a_deleted_partnership_is_still_there_for_its_manager(
    framework: SmallFramework, client_for: Callable[[Any], Client]
) -> None:
    client = client_for(framework.users["manager"])
    pk = framework.thematic.pk
    client.post(f"/partnerships/{pk}/delete/")
    response = client.get(f"/history/partnerships.partnership/{pk}/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "has been deleted" in html
    assert framework.thematic.name in html


def test_the_history_of_a_deleted_membership_is_still_there_for_its_manager(
    framework: SmallFramework, client_for: Callable[[Any], Client]
) -> None:
    client = client_for(framework.users["manager"])
    pk = framework.chair_membership.pk
    client.post(f"/memberships/{pk}/delete/")
    response = client.get(f"/history/partnerships.membership/{pk}/")
    assert response.status_code == 200
    assert "has been deleted" in response.content.decode()
    assert (
        client_for(framework.users["outsider"])
        .get(f"/history/partnerships.membership/{pk}/")
        .status_code
        == 403
    )


def test_the_history_of_a_deleted_organisation_is_still_there_for_its_manager(
    framework: SmallFramework, client_for: Callable[[Any], Client]
) -> None:
    client = client_for(framework.users["manager"])
    pk = framework.charity.pk
    client.post(f"/organisations/{pk}/delete/")
    response = client.get(f"/history/partnerships.organisation/{pk}/")
    assert response.status_code == 200
    assert "has been deleted" in response.content.decode()


def test_history_of_something_that_never_existed_is_not_found(
    framework: SmallFramework, client_for: Callable[[Any], Client]
) -> None:
    client = client_for(framework.users["administrator"])
    assert client.get("/history/partnerships.partnership/999999/").status_code == 404
    assert client.get("/history/core.auditevent/1/").status_code == 404


# --- the Django admin: audited, and the trail read-only ------------------------------------


def test_changes_in_the_site_administration_are_audited_as_such(
    framework: SmallFramework, client_for: Callable[[Any], Client]
) -> None:
    admin = framework.users["administrator"]
    client = client_for(admin)
    board = framework.board
    response = client.post(
        f"/admin/partnerships/partnership/{board.pk}/change/",
        {
            "name": "Testshire Strategic Board",
            "short_name": "TSB",
            "kind": "board",
            "description": "",
            "website": "",
            "_save": "Save",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    event = events_for(board)[-1]
    assert (event.action, event.actor, event.source) == ("update", admin, "admin")
    assert event.changes["name"]["before"] == "Testshire Partnership Board"
    assert event.changes["name"]["after"] == "Testshire Strategic Board"
    assert event.changes["short_name"]["after"] == "TSB"


def test_a_delete_in_the_site_administration_is_audited_and_can_be_restored(
    framework: SmallFramework, client_for: Callable[[Any], Client]
) -> None:
    client = client_for(framework.users["administrator"])
    charity = framework.charity
    people = rows(Person, organisation=charity)
    response = client.post(
        f"/admin/partnerships/organisation/{charity.pk}/delete/", {"post": "yes"}
    )
    assert response.status_code == 302
    deletion = AuditEvent.objects.get(action="delete", object_id=str(charity.pk))
    assert deletion.source == "admin"
    assert client.post(f"/deleted/{deletion.pk}/restore/").status_code == 302
    assert rows(Person, organisation=charity) == people


def test_adding_a_reporting_line_in_the_site_administration_is_audited(
    framework: SmallFramework, client_for: Callable[[Any], Client]
) -> None:
    client = client_for(framework.users["administrator"])
    response = client.post(
        "/admin/partnerships/reportingline/add/",
        {"partnership": framework.subgroup.pk, "reports_to": framework.board.pk, "_save": "Save"},
    )
    assert response.status_code == 302
    line = ReportingLine.objects.get(partnership=framework.subgroup, reports_to=framework.board)
    (event,) = events_for(line)
    assert (event.action, event.source, event.partnership_id) == (
        "create",
        "admin",
        framework.subgroup.pk,
    )


def test_the_trail_cannot_be_edited_in_the_site_administration(
    framework: SmallFramework, client_for: Callable[[Any], Client]
) -> None:
    client = client_for(framework.users["administrator"])
    event = AuditEvent.objects.order_by("id").first()
    assert event is not None
    stored = rows(AuditEvent)
    base = "/admin/core/auditevent"

    assert client.get(f"{base}/add/").status_code == 403
    assert client.post(f"{base}/add/", {"actor_name": "forged"}).status_code == 403
    assert client.get(f"{base}/{event.pk}/delete/").status_code == 403
    assert client.post(f"{base}/{event.pk}/delete/", {"post": "yes"}).status_code == 403
    assert client.post(f"{base}/{event.pk}/change/", {"actor_name": "forged"}).status_code == 403
    # Administrators may read an entry; the page offers nothing to save or delete.
    page = client.get(f"{base}/{event.pk}/change/")
    assert page.status_code == 200
    assert 'name="_save"' not in page.content.decode()
    assert f"{base}/{event.pk}/delete/" not in page.content.decode()
    # Nor can the list's bulk action delete entries.
    ids = list(AuditEvent.objects.values_list("pk", flat=True)[:2])
    response = client.post(
        f"{base}/", {"action": "delete_selected", "_selected_action": ids, "post": "yes"}
    )
    assert response.status_code in (200, 302, 403)
    assert rows(AuditEvent) == stored
