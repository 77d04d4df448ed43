"""The one permission layer: every view, export, command and API call asks `can()`.

A user's role on a partnership is the role granted on it directly, or else the
strongest role they hold on any partnership it reports to (roles flow down the
reporting lines). Site administrators may do everything.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Q, QuerySet

from partnerplan.accounts.choices import ROLE_RANK, AccessRole

if TYPE_CHECKING:
    from partnerplan.core.models import AuditEvent


@dataclass(frozen=True)
class ReportingGraph:
    """Every partnership id, and who reports to whom."""

    ids: frozenset[int]
    parents: dict[int, list[int]]
    children: dict[int, list[int]]


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

        # order_by(): the model's ordering would join the user and partnership tables.
        grants = dict(
            RoleGrant.objects.filter(user=self.user)
            .order_by()
            .values_list("partnership_id", "role")
        )
        if not grants:
            return {}
        parents, children = self.graph.parents, self.graph.children

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

    @cached_property
    def graph(self) -> ReportingGraph:
        """Every partnership and its reporting lines (one query)."""
        from partnerplan.partnerships.models import Partnership

        ids: set[int] = set()
        parents: dict[int, list[int]] = defaultdict(list)
        children: dict[int, list[int]] = defaultdict(list)
        # From the partnerships' side, so that a partnership with no line is counted too.
        rows = Partnership.objects.order_by().values_list("pk", "lines_up__reports_to_id")
        for child, parent in rows:
            ids.add(child)
            if parent is not None:
                parents[child].append(parent)
                children[parent].append(child)
        return ReportingGraph(ids=frozenset(ids), parents=parents, children=children)

    @cached_property
    def sees_everything(self) -> bool:
        """Can the user see every partnership? Then nothing seated anywhere is hidden from
        them and lists need no filter by partnership. Costs no query of its own: the
        graph is read for `roles` anyway."""
        if self.is_admin:
            return True
        return bool(self.roles) and len(self.roles) == len(self.graph.ids)

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
    if access.sees_everything:
        return Partnership.objects.all()
    return Partnership.objects.filter(pk__in=list(access.roles))


def visible_partnership_ids(user: Any) -> list[int] | None:
    """The partnerships the user may see, by id, from the roles already read; None when
    they see every one, so that a query for them filters nothing rather than by each."""
    return _within(access_for(user))


def partnership_ids_with_role(user: Any, at_least: str) -> list[int]:
    """The partnerships on which the user holds `at_least` this role (costs no query of
    its own once the user's roles are read)."""
    access = access_for(user)
    if access.is_admin:
        return sorted(access.graph.ids)
    return [pk for pk in access.roles if access.has_role(pk, at_least)]


# Whether a person or organisation has a seat is asked in two ways, with one set of rules
# (below) for both: a list asks it of every row, a single check of one.
Seated = Callable[[str, list[int] | None], Q]


def _seats(within: list[int] | None) -> QuerySet:
    from partnerplan.partnerships.models import Membership

    seats = Membership.objects.order_by()
    return seats if within is None else seats.filter(partnership_id__in=within)


def _seated_among(column: str, within: list[int] | None) -> Q:
    """For lists: the row's pk is among the `column` ("person_id", "organisation_id" or
    "person__organisation_id") of the seats on the partnerships `within` (None: any).

    IN (subquery) rather than a correlated EXISTS per row: the database reads the seats
    once (by the partnership index) instead of once per person or organisation, and
    PostgreSQL hashes the result instead of scanning memberships per row.
    """
    # A NULL in the list would make NOT IN match nothing, and IN gains nothing from it.
    return Q(pk__in=_seats(within).filter(**{f"{column}__isnull": False}).values(column))


def _seated_here(column: str, within: list[int] | None) -> Q:
    """For one row: a correlated EXISTS, cheaper than reading every visible seat."""
    return Q(Exists(_seats(within).filter(**{column: OuterRef("pk")})))


def _within(access: Access) -> list[int] | None:
    """The partnerships whose seats the user can see; None for all of them."""
    return None if access.sees_everything else list(access.roles)


def _visible_organisations_condition(access: Access, seated: Seated = _seated_among) -> Q:
    within = _within(access)
    condition = seated("organisation_id", within) | seated("person__organisation_id", within)
    if access.organisation_id:
        condition |= Q(pk=access.organisation_id)
    if access.manages_any:
        condition |= ~seated("organisation_id", None) & ~seated("person__organisation_id", None)
    return condition


def _visible_people_condition(access: Access, seated: Seated = _seated_among) -> Q:
    condition = seated("person_id", _within(access))
    if access.organisation_id:
        condition |= Q(organisation_id=access.organisation_id)
    if access.manages_any:
        condition |= ~seated("person_id", None) & (
            Q(organisation__isnull=True) | Q(organisation_id__in=_visible_organisation_ids(access))
        )
    return condition


def _visible_organisation_ids(access: Access) -> QuerySet:
    from partnerplan.partnerships.models import Organisation

    return Organisation.objects.filter(_visible_organisations_condition(access)).values("pk")


def visible_organisations(user: Any) -> QuerySet:
    """Organisations that sit on, or whose people sit on, a partnership the user can see;
    the user's own; and, for managers, those not yet placed anywhere."""
    from partnerplan.partnerships.models import Organisation

    access = access_for(user)
    if not access.is_authenticated:
        return Organisation.objects.none()
    if access.sees_everything and access.manages_any:
        # Every organisation sits somewhere or nowhere, and a manager sees both.
        return Organisation.objects.all()
    return Organisation.objects.filter(_visible_organisations_condition(access))


def visible_people(user: Any) -> QuerySet:
    """People who sit on a partnership the user can see; people of the user's own
    organisation; and, for managers, people not yet placed anywhere whose organisation
    they can see (so that they can add them as members)."""
    from partnerplan.partnerships.models import Person

    access = access_for(user)
    if not access.is_authenticated:
        return Person.objects.none()
    if access.sees_everything and access.manages_any:
        # Seated people are all on partnerships they see; the rest are theirs to place,
        # and every organisation is visible to them (see visible_organisations).
        return Person.objects.all()
    return Person.objects.filter(_visible_people_condition(access))


def may_see(user: Any, target: Any) -> bool:
    """Is this one organisation or person visible to the user? Asked once per request
    and object, by the lists' rules with a correlated EXISTS for each seat test: for one
    row that is cheaper than reading every visible seat as the lists do. Always one
    query (site administrators excepted), so that a page's query count does not depend
    on how much of the framework one sees."""
    access = access_for(user)
    if not access.is_authenticated:
        return False
    if access.is_admin:
        return True
    key = ("visible", target._meta.label_lower, target.pk)
    return access.remember(key, lambda: _may_see(access, target))


def _may_see(access: Access, target: Any) -> bool:
    from partnerplan.partnerships.models import Organisation

    model = type(target)
    rules = (
        _visible_organisations_condition
        if issubclass(model, Organisation)
        else _visible_people_condition
    )
    return model.objects.filter(rules(access, _seated_here), pk=target.pk).exists()


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


def _seats_key(member: Any) -> tuple[str, str, int]:
    return ("seats", member._meta.label_lower, member.pk)


def note_seats(user: Any, member: Any, partnership_ids: set[int]) -> None:
    """Tell the permission layer which partnerships a person or organisation sits on,
    read already by the page asking: can() then decides "change" and "delete" without
    reading them again. Every seat, including those on partnerships the user may not
    see: the decision is can()'s, on the whole set."""
    access_for(user).remember(_seats_key(member), lambda: set(partnership_ids))


def can(user: Any, action: str, target: Any) -> bool:
    """May `user` do `action` ("view", "add", "change", "delete", "manage_members",
    "manage_access", "manage_meetings", "subscribe", "record", "restore") to `target`
    (an object, or a model class for "add")?

    Viewing a deletion (an AuditEvent) means reading the history of what it removed.
    """
    from partnerplan.accounts.models import RoleGrant
    from partnerplan.core.models import AuditEvent
    from partnerplan.importers.models import ImportJob
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
        if action in {"view", "subscribe"}:
            return access.has_role(target.pk, AccessRole.VIEWER)
        if action in {"change", "delete", "manage_members", "manage_access", "manage_meetings"}:
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

        def visible() -> bool:
            return may_see(user, target)

        if action == "view":
            return visible()
        if action in {"change", "delete"}:
            partnerships = access.remember(
                _seats_key(target),
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

    timescale_answer = _can_on_timescales(access, action, target)
    if timescale_answer is not None:
        return timescale_answer

    if isinstance(target, ImportJob):
        # An import in progress is its uploader's alone, while they may still add plans.
        return (
            action in {"view", "change"}
            and target.owner_id == user.pk
            and access.has_role(target.partnership_id, AccessRole.EDITOR)
        )

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


def _can_on_timescales(access: Access, action: str, target: Any) -> bool | None:
    """Meetings and what counts from them: viewers read them, managers arrange them, and
    editors record that something was published. A calendar feed is its owner's alone.
    None when the target is none of these."""
    from partnerplan.timescales.models import (
        CalendarFeed,
        DataRelease,
        Meeting,
        ObligationMet,
        PublishingObligation,
    )

    if isinstance(target, CalendarFeed):
        return action in {"view", "change"} and target.owner_id == access.user.pk
    if isinstance(target, ObligationMet):
        target = target.obligation
    if not isinstance(target, Meeting | PublishingObligation | DataRelease):
        return None
    if action == "view":
        return access.has_role(target.partnership_id, AccessRole.VIEWER)
    if action == "record" and isinstance(target, PublishingObligation):
        return access.has_role(target.partnership_id, AccessRole.EDITOR)
    if action in {"change", "delete"}:
        return access.has_role(target.partnership_id, AccessRole.MANAGER)
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
