"""The scale generator: the same seed gives the same data, at the promised sizes, with an
audit row for everything, written once per database."""

from __future__ import annotations

from collections import Counter
from typing import Any

import pytest
from django.core.management import CommandError, call_command

from partnerplan.accounts.models import RoleGrant, User
from partnerplan.core.audit import Actor, record_create
from partnerplan.core.models import AuditEvent, AuditSource
from partnerplan.core.permissions import can
from partnerplan.core.services import audit_scope
from partnerplan.demo import loader, scale
from partnerplan.partnerships.models import (
    Membership,
    Organisation,
    Partnership,
    Person,
    ReportingLine,
)

PASSWORD = "a long scale test password"


@pytest.fixture(scope="module")
def county() -> scale.ScalePlan:
    return scale.plan("county", seed=2026)


# --- the plan, without a database ------------------------------------------------------------


def test_the_same_seed_gives_the_same_plan_and_another_seed_another() -> None:
    assert scale.plan("small", seed=7) == scale.plan("small", seed=7)
    other = scale.plan("small", seed=8)
    assert other.people != scale.plan("small", seed=7).people


def test_the_county_has_the_promised_sizes_and_shape(county: scale.ScalePlan) -> None:
    kinds = Counter(p.kind for p in county.partnerships)
    assert len(county.partnerships) >= 50
    assert {
        "board",
        "public_service_board",
        "thematic",
        "district",
        "sub_group",
        "officer_group",
        "delivery_block",
    } <= set(kinds)
    assert kinds["board"] == 1 and kinds["thematic"] >= 9
    assert (len(county.organisations), len(county.people), len(county.memberships)) == (
        300,
        2_000,
        10_000,
    )
    assert {o.sector for o in county.organisations} == {
        "statutory",
        "voluntary",
        "private",
        "other",
    }
    assert {u.role for u in county.users} >= {"viewer", "lead", "editor", "manager", None}


def test_reporting_lines_form_a_graph_without_loops(county: scale.ScalePlan) -> None:
    # Every line points to a partnership planned earlier, so no path can come back.
    for index, partnership in enumerate(county.partnerships):
        assert all(parent < index for parent in partnership.reports_to)
        assert len(set(partnership.reports_to)) == len(partnership.reports_to)
    assert sum(len(p.reports_to) == 2 for p in county.partnerships) >= 10
    assert [i for i, p in enumerate(county.partnerships) if not p.reports_to] == [0]


def test_nobody_sits_twice_on_one_partnership(county: scale.ScalePlan) -> None:
    seats = [(m.partnership, m.person, m.organisation) for m in county.memberships]
    assert len(seats) == len(set(seats))
    chairs = Counter(m.partnership for m in county.memberships if m.role == "chair")
    assert set(chairs.values()) == {1} and len(chairs) == len(county.partnerships)


def test_small_is_about_a_tenth_of_county(county: scale.ScalePlan) -> None:
    small = scale.plan("small", seed=2026)
    assert len(small.organisations) * 10 == len(county.organisations)
    assert len(small.people) * 10 == len(county.people)
    assert len(small.memberships) * 10 == len(county.memberships)
    assert len(small.partnerships) >= 10


def test_the_scales_and_the_demo_use_different_names(county: scale.ScalePlan) -> None:
    small = scale.plan("small", seed=2026)

    def names(plan: scale.ScalePlan) -> set[str]:
        return (
            {p.name for p in plan.partnerships}
            | {o.name for o in plan.organisations}
            | {u.username for u in plan.users}
        )

    demo = (
        {name for name, *_ in loader.PARTNERSHIPS}
        | {name for name, *_ in loader.ORGANISATIONS}
        | {username for username, *_ in loader.DEMO_USERS}
    )
    assert not names(small) & names(county)
    assert not (names(small) | names(county)) & demo
    for plan in (small, county):
        assert len({p.name for p in plan.partnerships}) == len(plan.partnerships)
        assert len({o.name for o in plan.organisations}) == len(plan.organisations)


def test_an_unknown_scale_is_refused_by_name() -> None:
    with pytest.raises(ValueError, match="choose from small, county"):
        scale.plan("region", seed=1)


# --- writing it ------------------------------------------------------------------------------


def stored(plan: scale.ScalePlan) -> dict[str, Any]:
    """What the database holds of one scale, by names rather than ids."""
    boards = [p.name for p in plan.partnerships]
    seats = Membership.objects.filter(partnership__name__in=boards)
    return {
        "lines": sorted(
            ReportingLine.objects.filter(partnership__name__in=boards).values_list(
                "partnership__name", "reports_to__name"
            )
        ),
        "seats": sorted(
            (name, person or "", organisation or "", role, sector, str(start), str(end))
            for name, person, organisation, role, sector, start, end in seats.values_list(
                "partnership__name",
                "person__name",
                "organisation__name",
                "role",
                "sector",
                "from_date",
                "to_date",
            )
        ),
    }


def planned(plan: scale.ScalePlan) -> dict[str, Any]:
    """The same view of the plan itself."""
    names = [p.name for p in plan.partnerships]
    return {
        "lines": sorted(
            (p.name, names[parent]) for p in plan.partnerships for parent in p.reports_to
        ),
        "seats": sorted(
            (
                names[m.partnership],
                plan.people[m.person].name if m.person is not None else "",
                plan.organisations[m.organisation].name if m.organisation is not None else "",
                m.role,
                m.sector,
                str(m.from_date),
                str(m.to_date),
            )
            for m in plan.memberships
        ),
    }


@pytest.mark.django_db
def test_generate_writes_the_plan_with_accounts_in_each_role() -> None:
    summary = scale.generate("small", seed=2026, password=PASSWORD)
    plan = scale.plan("small", seed=2026)

    assert stored(plan) == planned(plan)
    assert (summary.partnerships, summary.organisations, summary.people, summary.memberships) == (
        Partnership.objects.count(),
        Organisation.objects.count(),
        Person.objects.count(),
        Membership.objects.count(),
    )
    largest = Partnership.objects.get(pk=summary.largest_partnership_id)
    assert largest.memberships.count() == summary.largest_partnership_members
    assert summary.largest_partnership_members == max(
        p.memberships.count() for p in Partnership.objects.all()
    )
    membership = Membership.objects.get(pk=summary.membership_id)
    assert (membership.partnership, membership.person_id) == (largest, summary.person_id)
    assert largest.memberships.filter(organisation_id=summary.organisation_id).exists()

    manager = User.objects.get(username=summary.manager_username)
    viewer = User.objects.get(username=summary.viewer_username)
    assert manager.check_password(PASSWORD) and manager.organisation_id is not None
    assert can(manager, "change", largest) and can(manager, "manage_members", largest)
    assert can(viewer, "view", largest) and not can(viewer, "change", largest)
    # One hash, shared: every account signs in with the same password.
    assert User.objects.values("password").distinct().count() == 1
    assert set(RoleGrant.objects.values_list("role", flat=True)) == {
        "manager",
        "editor",
        "lead",
        "viewer",
        "none",
    }
    restricted = User.objects.get(username="small-restricted")
    hidden = RoleGrant.objects.get(user=restricted, role="none").partnership
    assert can(restricted, "view", largest) and not can(restricted, "view", hidden)


@pytest.mark.django_db
def test_everything_generated_has_its_creation_in_the_audit_trail() -> None:
    scale.generate("small", seed=2026, password=PASSWORD)
    for model in (Organisation, Person, Partnership, Membership, User, RoleGrant):
        created = AuditEvent.objects.filter(
            content_type__app_label=model._meta.app_label,
            content_type__model=model._meta.model_name,
            action="create",
            source="cli",
        )
        assert set(created.values_list("object_id", flat=True)) == {
            str(pk) for pk in model.objects.values_list("pk", flat=True)
        }, model
    # Partnerships that report to others have the same "reports to" row an edit writes.
    changed = AuditEvent.objects.filter(action="update", changes__has_key="reports_to")
    assert changed.count() == Partnership.objects.filter(lines_up__isnull=False).distinct().count()


def shape(event: AuditEvent) -> tuple[Any, ...]:
    return (
        event.actor_id,
        event.actor_name,
        event.source,
        event.action,
        event.content_type_id,
        event.object_id,
        event.object_repr,
        event.partnership_id,
        event.changes,
        event.removed,
    )


@pytest.mark.django_db
def test_generated_audit_rows_are_shaped_as_the_services_shape_them() -> None:
    scale.generate("small", seed=2026, password=PASSWORD)
    for model in (Organisation, Person, Partnership, Membership, RoleGrant, User):
        obj = model._default_manager.order_by("pk").last()
        assert obj is not None
        generated = AuditEvent.objects.for_object(obj).get(action="create")
        # What create_audited would have written for the same object.
        written = record_create(
            obj, actor=Actor.system(AuditSource.CLI), partnership_id=audit_scope(obj, None)
        )
        written.refresh_from_db()
        assert shape(generated) == shape(written), model


@pytest.mark.django_db
def test_a_scale_already_there_is_refused_and_nothing_is_written() -> None:
    scale.generate("small", seed=2026, password=PASSWORD)
    before = (Partnership.objects.count(), Membership.objects.count(), AuditEvent.objects.count())
    with pytest.raises(scale.ScaleExistsError, match="small scale is already in this database"):
        scale.generate("small", seed=99, password=PASSWORD)
    after = (Partnership.objects.count(), Membership.objects.count(), AuditEvent.objects.count())
    assert after == before


@pytest.mark.django_db
def test_the_command_prints_counts_and_sign_in_and_refuses_a_second_run(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.delenv("PARTNERPLAN_DEMO_PASSWORD", raising=False)
    call_command("generate", "--scale", "small", "--seed", "5")
    out = capsys.readouterr().out
    assert "Generated the small scale (seed 5)" in out
    assert "1,000 memberships" in out and "30 organisations" in out
    assert "small-manager" in out and "small-viewer" in out
    password = out.split("(shown only now): ")[1].strip()
    assert User.objects.get(username="small-manager").check_password(password)

    with pytest.raises(CommandError, match="already in this database"):
        call_command("generate", "--scale", "small")
    assert User.objects.filter(username__startswith="small-").count() == 7


@pytest.mark.django_db
def test_the_command_takes_the_password_from_the_environment(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("PARTNERPLAN_DEMO_PASSWORD", PASSWORD)
    call_command("generate", "--scale", "small")
    out = capsys.readouterr().out
    assert PASSWORD not in out and "shown only now" not in out
    assert User.objects.get(username="small-viewer").check_password(PASSWORD)
