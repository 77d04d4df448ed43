"""The rules of `core.permissions`: how roles flow down reporting lines, and what stops them.

The graphs here are built for each rule; the persona fixture is used where it is enough.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError

from partnerplan.accounts.models import RoleGrant, User
from partnerplan.core.audit import Actor
from partnerplan.core.models import AuditSource
from partnerplan.core.permissions import (
    Access,
    access_for,
    can,
    forget_access,
    require,
    visible_partnerships,
)
from partnerplan.core.testing.factories import SmallFramework, make_user
from partnerplan.partnerships import services
from partnerplan.partnerships.models import Membership, Organisation, Partnership, ReportingLine

pytestmark = pytest.mark.django_db

SETUP = Actor.system(AuditSource.CLI)


def partnership(name: str, *parents: Partnership) -> Partnership:
    return services.partnership_create(
        actor=SETUP, name=name, kind="sub_group", reports_to=list(parents)
    )


def grant(user: User, where: Partnership, role: str) -> None:
    RoleGrant.objects.create(user=user, partnership=where, role=role)


def roles_by_name(user: User) -> dict[str, str]:
    """The user's effective roles, read afresh, keyed by partnership name for readable asserts."""
    names = dict(Partnership.objects.values_list("pk", "name"))
    return {names[pk]: role for pk, role in Access(user).roles.items()}


@pytest.fixture
def diamond() -> dict[str, Partnership]:
    """Two boards; a joint group reports to both; a task group under the joint group.

    north     south
        \\     /
        joint
          |
         task
    """
    north = partnership("North Board")
    south = partnership("South Board")
    joint = partnership("Joint Group", north, south)
    task = partnership("Task Group", joint)
    return {"north": north, "south": south, "joint": joint, "task": task}


# --- inheritance ------------------------------------------------------------------------


def test_a_role_reaches_every_level_below_but_none_above(framework: SmallFramework) -> None:
    manager = framework.users["manager"]
    assert roles_by_name(manager) == {
        "Testshire Partnership Board": "manager",
        "Safer Testshire": "manager",
        "Safer Testshire Officer Group": "manager",
    }
    middle = make_user("middle", role="viewer", partnership=framework.thematic)
    assert roles_by_name(middle) == {
        "Safer Testshire": "viewer",
        "Safer Testshire Officer Group": "viewer",
    }


def test_with_two_parents_the_stronger_inherited_role_wins(
    diamond: dict[str, Partnership],
) -> None:
    user = make_user("both")
    grant(user, diamond["north"], "viewer")
    grant(user, diamond["south"], "editor")
    assert roles_by_name(user) == {
        "North Board": "viewer",
        "South Board": "editor",
        "Joint Group": "editor",
        "Task Group": "editor",
    }


def test_one_parent_is_enough(diamond: dict[str, Partnership]) -> None:
    user = make_user("northerner")
    grant(user, diamond["north"], "lead")
    assert roles_by_name(user) == {
        "North Board": "lead",
        "Joint Group": "lead",
        "Task Group": "lead",
    }


def test_a_direct_grant_replaces_the_inherited_role_even_when_weaker(
    framework: SmallFramework,
) -> None:
    """A manager of the board given "viewer" on the thematic partnership is a viewer there,
    and so below it: the grant on the partnership itself is what counts."""
    manager = framework.users["manager"]
    grant(manager, framework.thematic, "viewer")
    assert roles_by_name(manager) == {
        "Testshire Partnership Board": "manager",
        "Safer Testshire": "viewer",
        "Safer Testshire Officer Group": "viewer",
    }
    fresh = User.objects.get(pk=manager.pk)
    assert can(fresh, "change", framework.board)
    assert not can(fresh, "change", framework.thematic)
    assert can(fresh, "view", framework.subgroup)


# --- "no access" overrides ----------------------------------------------------------------


def test_no_access_stops_the_inherited_role_there_and_below(framework: SmallFramework) -> None:
    viewer = framework.users["viewer"]
    grant(viewer, framework.thematic, "none")
    assert roles_by_name(viewer) == {"Testshire Partnership Board": "viewer"}
    fresh = User.objects.get(pk=viewer.pk)
    assert not can(fresh, "view", framework.thematic)
    assert not can(fresh, "view", framework.subgroup)
    assert set(visible_partnerships(fresh)) == {framework.board}


def test_no_access_on_one_line_leaves_another_line_open(diamond: dict[str, Partnership]) -> None:
    """The task group reports to the joint group (closed to this user) and also to a
    south-side group the user reaches: the open line still gives the role."""
    side = partnership("South Side Group", diamond["south"])
    services.set_reporting_lines(
        partnership=diamond["task"], reports_to=[diamond["joint"], side], actor=SETUP
    )
    user = make_user("southerner")
    grant(user, diamond["south"], "viewer")
    grant(user, diamond["joint"], "none")
    assert roles_by_name(user) == {
        "South Board": "viewer",
        "South Side Group": "viewer",
        "Task Group": "viewer",
    }


def test_a_grant_below_no_access_opens_that_branch_again(framework: SmallFramework) -> None:
    viewer = framework.users["viewer"]
    grant(viewer, framework.thematic, "none")
    grant(viewer, framework.subgroup, "lead")
    assert roles_by_name(viewer) == {
        "Testshire Partnership Board": "viewer",
        "Safer Testshire Officer Group": "lead",
    }


def test_no_access_alone_gives_nothing(framework: SmallFramework) -> None:
    user = make_user("nobody", role="none", partnership=framework.board)
    assert Access(user).roles == {}
    assert not can(user, "view", framework.board)


# --- who is not an ordinary user ------------------------------------------------------------


def test_the_administrator_may_do_everything_without_any_grant(framework: SmallFramework) -> None:
    admin = framework.users["administrator"]
    access = Access(admin)
    assert access.is_admin
    for target in (framework.board, framework.district):
        assert access.role_on(target.pk) == "manager"
        for action in ("view", "change", "delete", "manage_members", "manage_access"):
            assert can(admin, action, target)
    assert can(admin, "add", Partnership)
    assert set(visible_partnerships(admin)) == set(Partnership.objects.all())


def test_an_inactive_user_gets_nothing_whatever_their_grants(framework: SmallFramework) -> None:
    manager = framework.users["manager"]
    manager.is_active = False
    manager.save()
    fresh = User.objects.get(pk=manager.pk)
    access = Access(fresh)
    assert access.roles == {}
    assert not access.manages_any
    assert not can(fresh, "view", framework.board)
    assert not can(fresh, "add", Partnership)
    assert not visible_partnerships(fresh).exists()


def test_an_inactive_superuser_is_not_an_administrator(framework: SmallFramework) -> None:
    admin = framework.users["administrator"]
    admin.is_active = False
    admin.save()
    fresh = User.objects.get(pk=admin.pk)
    assert not Access(fresh).is_admin
    assert not can(fresh, "view", framework.board)


def test_anonymous_may_do_nothing(framework: SmallFramework) -> None:
    anonymous = AnonymousUser()
    assert access_for(anonymous).roles == {}
    assert not can(anonymous, "view", framework.board)
    assert not can(anonymous, "add", Organisation)
    assert not visible_partnerships(anonymous).exists()
    with pytest.raises(PermissionDenied):
        require(anonymous, "view", framework.board)


# --- the reporting graph has no cycles, and the walk would survive one ----------------------


def test_services_refuse_a_line_that_would_make_a_loop(framework: SmallFramework) -> None:
    with pytest.raises(ValidationError, match="loop"):
        services.set_reporting_lines(
            partnership=framework.board, reports_to=[framework.subgroup], actor=SETUP
        )
    with pytest.raises(ValidationError, match="itself"):
        services.set_reporting_lines(
            partnership=framework.board, reports_to=[framework.board], actor=SETUP
        )
    assert not ReportingLine.objects.filter(partnership=framework.board).exists()


def test_the_database_refuses_a_line_to_itself(framework: SmallFramework) -> None:
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        ReportingLine.objects.create(partnership=framework.board, reports_to=framework.board)


def test_working_out_roles_ends_even_if_a_loop_got_into_the_data(
    framework: SmallFramework,
) -> None:
    # Written around the services on purpose: the walk must not hang on bad data.
    ReportingLine.objects.create(partnership=framework.board, reports_to=framework.subgroup)
    assert roles_by_name(framework.users["viewer"]) == {
        "Testshire Partnership Board": "viewer",
        "Safer Testshire": "viewer",
        "Safer Testshire Officer Group": "viewer",
    }


# --- what `can` says beyond partnerships -----------------------------------------------------


@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        ("viewer", {"view"}),
        ("lead", {"view"}),
        ("editor", {"view"}),
        ("manager", {"view", "change", "delete"}),
        ("administrator", {"view", "change", "delete"}),
        ("outsider", set()),
    ],
)
def test_memberships_follow_their_partnership(
    framework: SmallFramework, persona: str, expected: set[str]
) -> None:
    user = framework.users[persona]
    membership = Membership.objects.get(pk=framework.chair_membership.pk)
    allowed = {action for action in ("view", "change", "delete") if can(user, action, membership)}
    assert allowed == expected


def test_an_organisation_is_changed_by_managers_of_where_it_sits(
    framework: SmallFramework,
) -> None:
    outsider, manager = framework.users["outsider"], framework.users["manager"]
    assert can(manager, "change", framework.charity)  # on the thematic partnership
    assert not can(outsider, "change", framework.charity)
    assert not can(framework.users["editor"], "change", framework.charity)
    unplaced = services.organisation_create(actor=SETUP, name="Loose Ends Trust", sector="other")
    # Not placed anywhere yet: any manager may tidy it up; nobody else may.
    assert can(outsider, "change", unplaced)
    assert can(manager, "delete", unplaced)
    assert not can(framework.users["viewer"], "change", unplaced)


def test_adding_needs_managing_somewhere(framework: SmallFramework) -> None:
    adders = {
        persona
        for persona, user in framework.users.items()
        if can(user, "add", Partnership) and can(user, "add", Organisation)
    }
    assert adders == {"manager", "administrator", "outsider"}


# --- the cost of working it out ----------------------------------------------------------------


def test_roles_take_two_queries_and_are_worked_out_once_per_user(
    framework: SmallFramework, django_assert_num_queries: Any
) -> None:
    user = User.objects.get(username="manager")
    with django_assert_num_queries(2):  # the user's grants; every reporting line
        roles = access_for(user).roles
    with django_assert_num_queries(0):
        assert access_for(user).roles is roles
        can(user, "change", framework.board)
        can(user, "add", Partnership)
    forget_access(user)
    with django_assert_num_queries(2):
        access_for(user).roles  # noqa: B018 - worked out again after forgetting


def test_roles_cost_the_same_on_a_bigger_graph(
    framework: SmallFramework, django_assert_num_queries: Any
) -> None:
    parent = framework.subgroup
    for level in range(12):
        parent = partnership(f"Level {level} Group", parent)
    user = User.objects.get(username="viewer")
    with django_assert_num_queries(2):
        roles = access_for(user).roles
    assert len(roles) == 3 + 12


def test_a_user_without_grants_costs_one_query(
    framework: SmallFramework, django_assert_num_queries: Any
) -> None:
    user = make_user("newcomer")
    with django_assert_num_queries(1):  # no grants: the reporting lines are not read
        assert access_for(user).roles == {}
