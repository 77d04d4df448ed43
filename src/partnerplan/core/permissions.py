"""The one permission layer: every view, export, command and API call asks `can()`.

A user's role on a partnership is the role granted on it directly, or else the
strongest role they hold on any partnership it reports to (roles flow down the
reporting lines). Site administrators may do everything.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from functools import cached_property
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Q, QuerySet

from partnerplan.accounts.choices import ROLE_RANK, AccessRole

if TYPE_CHECKING:
    from partnerplan.core.models import AuditEvent


class Access:
    """What one user may reach, worked out once per request (two small queries)."""

    def __init__(self, user: Any) -> None:
        self.user = user
        self.is_authenticated = bool(user is not None and user.is_authenticated and user.is_active)
        self.is_admin = bool(self.is_authenticated and user.is_superuser)
        self._answers: dict[tuple[Any, ...], Any] = {}

    def remember(self, key: tuple[Any, ...], work: Callable[[], Any]) -> Any:
        """Work something out once per request: a page asks "may they change it?" and
        "may they delete it?" of the same object, and each answer costs a query."""
        if key not in self._answers:
            self._answers[key] = work()
        return self._answers[key]

    @cached_property
    def roles(self) -> dict[int, str]:
        """Effective role per partnership id, for partnerships the user can see at all."""
        if not self.is_authenticated:
            return {}
        from partnerplan.accounts.models import RoleGrant
        from partnerplan.partnerships.models import ReportingLine

        grants = dict(
            RoleGrant.objects.filter(user=self.user).values_list("partnership_id", "role")
        )
        if not grants:
            return {}
        parents: dict[int, list[int]] = defaultdict(list)
        children: dict[int, list[int]] = defaultdict(list)
        for child, parent in ReportingLine.objects.values_list("partnership_id", "reports_to_id"):
            parents[child].append(parent)
            children[parent].append(child)

        reachable: set[int] = set()
        stack = list(grants)
        while stack:
            node = stack.pop()
            if node not in reachable:
                reachable.add(node)
                stack.extend(children[node])

        effective: dict[int, str] = {}

        def role_of(node: int, seen: frozenset[int]) -> str:
            if node in grants:
                return grants[node]
            if node in effective:
                return effective[node]
            inherited = [
                role_of(parent, seen | {node})
                for parent in parents[node]
                if parent in reachable and parent not in seen
            ]
            return max(inherited, key=ROLE_RANK.__getitem__, default=AccessRole.NONE)

        for node in reachable:
            effective[node] = role_of(node, frozenset())
        return {node: role for node, role in effective.items() if role != AccessRole.NONE}

    def role_on(self, partnership_id: int | None) -> str | None:
        if partnership_id is None:
            return None
        if self.is_admin:
            return AccessRole.MANAGER
        return self.roles.get(partnership_id)

    def has_role(self, partnership_id: int | None, at_least: str) -> bool:
        role = self.role_on(partnership_id)
        return role is not None and ROLE_RANK[role] >= ROLE_RANK[at_least]

    @cached_property
    def managed_ids(self) -> set[int]:
        return {pid for pid, role in self.roles.items() if role == AccessRole.MANAGER}

    @property
    def manages_any(self) -> bool:
        return self.is_admin or bool(self.managed_ids)

    @property
    def organisation_id(self) -> int | None:
        return getattr(self.user, "organisation_id", None) if self.is_authenticated else None


def access_for(user: Any) -> Access:
    """The user's Access, cached on the user object for the rest of the request."""
    cached = getattr(user, "_partnerplan_access", None)
    if cached is None:
        cached = Access(user)
        if user is not None:
            user._partnerplan_access = cached
    return cached


def forget_access(user: Any) -> None:
    """Drop the cached Access, after the user's grants or reporting lines change."""
    if hasattr(user, "_partnerplan_access"):
        del user._partnerplan_access


# --- querysets of what a user may see -------------------------------------------------


def visible_partnerships(user: Any) -> QuerySet:
    from partnerplan.partnerships.models import Partnership

    access = access_for(user)
    if access.is_admin:
        return Partnership.objects.all()
    return Partnership.objects.filter(pk__in=list(access.roles))


def visible_organisations(user: Any) -> QuerySet:
    """Organisations that sit on, or whose people sit on, a partnership the user can see;
    the user's own; and, for managers, those not yet placed anywhere."""
    from partnerplan.partnerships.models import Membership, Organisation

    access = access_for(user)
    if access.is_admin:
        return Organisation.objects.all()
    if not access.is_authenticated:
        return Organisation.objects.none()
    seats = Membership.objects.filter(organisation=OuterRef("pk"))
    staff_seats = Membership.objects.filter(person__organisation=OuterRef("pk"))
    visible_ids = list(access.roles)
    condition = Q(Exists(seats.filter(partnership_id__in=visible_ids))) | Q(
        Exists(staff_seats.filter(partnership_id__in=visible_ids))
    )
    if access.organisation_id:
        condition |= Q(pk=access.organisation_id)
    if access.manages_any:
        condition |= ~Q(Exists(seats)) & ~Q(Exists(staff_seats))
    return Organisation.objects.filter(condition)


def visible_people(user: Any) -> QuerySet:
    """People who sit on a partnership the user can see; people of the user's own
    organisation; and, for managers, people not yet placed anywhere whose organisation
    they can see (so that they can add them as members)."""
    from partnerplan.partnerships.models import Membership, Person

    access = access_for(user)
    if access.is_admin:
        return Person.objects.all()
    if not access.is_authenticated:
        return Person.objects.none()
    seats = Membership.objects.filter(person=OuterRef("pk"))
    condition = Q(Exists(seats.filter(partnership_id__in=list(access.roles))))
    if access.organisation_id:
        condition |= Q(organisation_id=access.organisation_id)
    if access.manages_any:
        condition |= ~Q(Exists(seats)) & (
            Q(organisation__isnull=True) | Q(organisation__in=visible_organisations(user))
        )
    return Person.objects.filter(condition)


def restorable_deletions(user: Any) -> QuerySet:
    """Deletions the user may see in Deleted items and restore: those filed under a
    partnership they manage, and those they made themselves.

    A deletion filed under no partnership (a user account removed in the site
    administration, an organisation that sat on nothing) is for site administrators.
    """
    from partnerplan.core.models import AuditEvent, AuditEventPartnership

    access = access_for(user)
    events = AuditEvent.objects.restorable()
    if access.is_admin:
        return events
    if not access.manages_any:
        return events.none()
    managed = list(access.managed_ids)
    filed_under_managed = AuditEventPartnership.objects.filter(
        event=OuterRef("pk"), partnership_id__in=managed
    )
    # Whoever deleted something may put it back, even though deleting a partnership
    # also deleted the roles that let them manage it.
    return events.filter(
        Q(partnership_id__in=managed) | Q(Exists(filed_under_managed)) | Q(actor=access.user)
    )


# Who was given which role is the business of the partnership's managers, not of everyone
# who can read it; anything else may be read by a viewer of its partnership.
ROLE_TO_READ = {"accounts.rolegrant": AccessRole.MANAGER}


def _role_to_read(model_label: str) -> str:
    return ROLE_TO_READ.get(model_label, AccessRole.VIEWER)


def _may_read_deleted(access: Access, deletion: AuditEvent) -> bool:
    """May the user read the history of what `deletion` removed? Whoever could read it
    where it was filed may, as may whoever deleted it."""
    from django.contrib.contenttypes.models import ContentType

    from partnerplan.core.models import AuditAction

    if deletion.action != AuditAction.DELETE:
        return False
    if deletion.actor_id is not None and deletion.actor_id == access.user.pk:
        return True
    # get_for_id is served from Django's cache of content types: no query per check.
    content_type = ContentType.objects.get_for_id(deletion.content_type_id)
    needed = _role_to_read(f"{content_type.app_label}.{content_type.model}")
    return any(access.has_role(pid, needed) for pid in deletion.partnership_ids())


# --- the question every view asks ------------------------------------------------------


def can(user: Any, action: str, target: Any) -> bool:
    """May `user` do `action` ("view", "add", "change", "delete", "manage_members",
    "manage_access", "restore") to `target` (an object, or a model class for "add")?

    Viewing a deletion (an AuditEvent) means reading the history of what it removed.
    """
    from partnerplan.accounts.models import RoleGrant
    from partnerplan.core.models import AuditEvent
    from partnerplan.partnerships.models import Membership, Organisation, Partnership, Person

    access = access_for(user)
    if not access.is_authenticated:
        return False
    if access.is_admin:
        return True

    if target is Partnership and action == "add":
        return bool(access.managed_ids)
    if isinstance(target, Partnership) and action == "add_plan":
        return access.has_role(target.pk, AccessRole.EDITOR)
    if isinstance(target, Partnership):
        if action == "view":
            return access.has_role(target.pk, AccessRole.VIEWER)
        if action in {"change", "delete", "manage_members", "manage_access"}:
            return access.has_role(target.pk, AccessRole.MANAGER)
        return False

    if isinstance(target, Membership):
        if action == "view":
            return access.has_role(target.partnership_id, AccessRole.VIEWER)
        if action in {"change", "delete"}:
            return access.has_role(target.partnership_id, AccessRole.MANAGER)
        return False

    if target in (Organisation, Person) and action == "add":
        return access.manages_any
    if isinstance(target, Organisation | Person):
        queryset = visible_organisations if isinstance(target, Organisation) else visible_people
        key = (target._meta.label_lower, target.pk)

        def visible() -> bool:
            return access.remember(
                ("visible", *key), lambda: queryset(user).filter(pk=target.pk).exists()
            )

        if action == "view":
            return visible()
        if action in {"change", "delete"}:
            partnerships = access.remember(
                ("seats", *key),
                lambda: set(target.memberships.values_list("partnership_id", flat=True)),
            )
            if not partnerships:
                # Not placed anywhere yet: any manager who can see it may tidy it up.
                return access.manages_any and visible()
            return bool(partnerships & access.managed_ids)
        return False

    plan_answer = _can_on_plan(access, action, target)
    if plan_answer is not None:
        return plan_answer

    if isinstance(target, RoleGrant):
        if action == "view":
            return access.has_role(target.partnership_id, _role_to_read(target._meta.label_lower))
        return False

    if isinstance(target, AuditEvent):
        # "view" a deletion: read the history of what it removed.
        if action == "view":
            return _may_read_deleted(access, target)
        if action == "restore":
            return restorable_deletions(user).filter(pk=target.pk).exists()
        return False

    return False


def _can_on_plan(access: Access, action: str, target: Any) -> bool | None:
    """Plans, and what hangs off them: viewers read and export, editors and managers
    change anything, and a lead updates the actions they or their organisation lead.
    None when the target is not part of a plan."""
    from partnerplan.plans.models import Action, Milestone, Objective, Plan

    if isinstance(target, Milestone | Objective):
        parent = target.action if isinstance(target, Milestone) else target.plan
        return _can_on_plan(access, "change" if action != "view" else "view", parent)
    if isinstance(target, Plan):
        partnership_id = target.partnership_id
    elif isinstance(target, Action):
        partnership_id = target.plan.partnership_id
    else:
        return None
    if action in {"view", "export"}:
        return access.has_role(partnership_id, AccessRole.VIEWER)
    if action in {"change", "delete"}:
        return access.has_role(partnership_id, AccessRole.EDITOR)
    if action == "update" and isinstance(target, Action):
        if access.has_role(partnership_id, AccessRole.EDITOR):
            return True
        return access.has_role(partnership_id, AccessRole.LEAD) and access.remember(
            ("leads", target.pk), lambda: _leads(access, target)
        )
    return False


def _leads(access: Access, action: Any) -> bool:
    """Does the user, or their organisation (itself or through a colleague), lead it?"""
    from partnerplan.plans.models import ActionLead

    condition = Q(person__user=access.user)
    if access.organisation_id:
        condition |= Q(organisation_id=access.organisation_id) | Q(
            person__organisation_id=access.organisation_id
        )
    return ActionLead.objects.filter(condition, action=action).exists()


def require(user: Any, action: str, target: Any) -> None:
    """Raise PermissionDenied (a 403 page) unless `can(user, action, target)`."""
    if not can(user, action, target):
        raise PermissionDenied
