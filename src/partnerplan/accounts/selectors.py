"""Reads for the access page of a partnership."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from partnerplan.accounts.models import RoleGrant, User
from partnerplan.core.permissions import access_for, visible_organisations
from partnerplan.partnerships.models import Partnership


def grants_on(partnership: Partnership) -> list[RoleGrant]:
    return list(
        RoleGrant.objects.filter(partnership=partnership)
        .select_related("user", "user__organisation")
        .order_by("user__last_name", "user__first_name", "user__username")
    )


def grantable_users(user: Any) -> QuerySet[User]:
    """Accounts a manager may give roles to: people of organisations they can see, and
    anyone who already holds a role on a partnership they manage."""
    access = access_for(user)
    users = User.objects.filter(is_active=True)
    if access.is_admin:
        return users.order_by("username")
    return (
        users.filter(
            Q(organisation__in=visible_organisations(user))
            | Q(role_grants__partnership_id__in=list(access.managed_ids))
        )
        .distinct()
        .order_by("username")
    )
