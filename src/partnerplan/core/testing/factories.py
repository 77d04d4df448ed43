"""Small builders for tests: a framework, and one user per persona.

They call the same services the application uses, so the audit trail is real.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any

from django.contrib.auth.hashers import make_password

from partnerplan.accounts.models import RoleGrant, User
from partnerplan.core.audit import Actor
from partnerplan.core.models import AuditSource
from partnerplan.partnerships import services
from partnerplan.partnerships.models import Membership, Organisation, Partnership, Person

SETUP = Actor.system(AuditSource.CLI)
PASSWORD = "a long test password 1"  # noqa: S105 - test accounts only


@cache
def _password_hash() -> str:
    # Hashed once with the real (argon2) hasher: hashing per user would dominate the suite.
    return make_password(PASSWORD)


def make_user(
    username: str,
    *,
    role: str | None = None,
    partnership: Partnership | None = None,
    organisation: Organisation | None = None,
    admin: bool = False,
) -> User:
    user = User.objects.create(
        username=username,
        password=_password_hash(),
        organisation=organisation,
        is_superuser=admin,
        is_staff=admin,
        first_name=username.capitalize(),
    )
    if role and partnership:
        RoleGrant.objects.create(user=user, partnership=partnership, role=role)
    return user


@dataclass
class SmallFramework:
    """A county board with a thematic partnership and its sub-group, and an unrelated district."""

    council: Organisation
    charity: Organisation
    board: Partnership
    thematic: Partnership
    subgroup: Partnership
    district: Partnership
    chair: Person
    officer: Person
    district_person: Person
    chair_membership: Membership
    users: dict[str, Any]


def small_framework() -> SmallFramework:
    council = services.organisation_create(
        actor=SETUP, name="Testshire County Council", sector="statutory"
    )
    charity = services.organisation_create(
        actor=SETUP, name="Testshire Volunteer Centre", sector="voluntary"
    )
    other_org = services.organisation_create(
        actor=SETUP, name="Elsewhere District Council", sector="statutory"
    )
    board = services.partnership_create(
        actor=SETUP, name="Testshire Partnership Board", kind="board"
    )
    thematic = services.partnership_create(
        actor=SETUP, name="Safer Testshire", kind="thematic", reports_to=[board]
    )
    subgroup = services.partnership_create(
        actor=SETUP,
        name="Safer Testshire Officer Group",
        kind="officer_group",
        reports_to=[thematic],
    )
    district = services.partnership_create(
        actor=SETUP, name="Elsewhere District Partnership", kind="district"
    )
    chair = services.person_create(
        actor=SETUP, name="Chris Chair", job_title="Leader", organisation=council
    )
    officer = services.person_create(
        actor=SETUP,
        name="Olive Officer",
        job_title="Community Safety Officer",
        organisation=charity,
    )
    district_person = services.person_create(
        actor=SETUP, name="Dana District", organisation=other_org
    )
    chair_membership = services.membership_add(
        actor=SETUP, partnership=board, person=chair, role="chair", sector="statutory"
    )
    services.membership_add(
        actor=SETUP, partnership=thematic, person=officer, role="lead", sector="voluntary"
    )
    services.membership_add(
        actor=SETUP, partnership=thematic, organisation=charity, role="member", sector="voluntary"
    )
    services.membership_add(
        actor=SETUP, partnership=district, person=district_person, role="chair", sector="statutory"
    )
    services.membership_add(
        actor=SETUP, partnership=district, organisation=other_org, role="member", sector="statutory"
    )
    users = {
        "viewer": make_user("viewer", role="viewer", partnership=board, organisation=council),
        "lead": make_user("lead", role="lead", partnership=board, organisation=charity),
        "editor": make_user("editor", role="editor", partnership=board, organisation=council),
        "manager": make_user("manager", role="manager", partnership=board, organisation=council),
        "administrator": make_user("administrator", admin=True),
        "outsider": make_user(
            "outsider", role="manager", partnership=district, organisation=other_org
        ),
    }
    return SmallFramework(
        council=council,
        charity=charity,
        board=board,
        thematic=thematic,
        subgroup=subgroup,
        district=district,
        chair=chair,
        officer=officer,
        district_person=district_person,
        chair_membership=chair_membership,
        users=users,
    )
