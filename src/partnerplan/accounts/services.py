"""Writes to accounts and access, audited like every other change."""

from __future__ import annotations

from django.db import transaction

from partnerplan.accounts.models import RoleGrant, User
from partnerplan.core.audit import Actor, record_create
from partnerplan.core.services import create_audited, delete_audited, update_audited
from partnerplan.partnerships.models import Partnership


@transaction.atomic
def grant_role(*, user: User, partnership: Partnership, role: str, actor: Actor) -> RoleGrant:
    """Give `user` exactly `role` on `partnership` (replacing any role they had there)."""
    existing = RoleGrant.objects.filter(user=user, partnership=partnership).first()
    if existing is None:
        return create_audited(RoleGrant, actor=actor, user=user, partnership=partnership, role=role)
    return update_audited(existing, actor=actor, role=role)


@transaction.atomic
def create_manager(
    *,
    username: str,
    password: str,
    partnerships: list[Partnership],
    administrator: bool,
    actor: Actor,
    email: str = "",
) -> User:
    """A new account that manages the given partnerships (and so all below them)."""
    user = User(username=username, email=email, is_superuser=administrator, is_staff=administrator)
    user.set_password(password)
    user.full_clean()
    user.save()
    record_create(user, actor=actor)
    for partnership in partnerships:
        grant_role(user=user, partnership=partnership, role="manager", actor=actor)
    return user


def revoke_role(*, grant: RoleGrant, actor: Actor) -> None:
    """Take a role away; the deletion is in the trail and can be restored."""
    delete_audited(grant, actor=actor)
