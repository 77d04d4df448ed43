"""The rules of plans: progress history, versions, moves, numbering, nothing lost."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from partnerplan.core.audit import Actor, restore_deleted
from partnerplan.core.models import AuditAction, AuditEvent, AuditSource
from partnerplan.core.periods import Quarter
from partnerplan.core.testing.factories import SmallFramework
from partnerplan.core.testing.plans import SmallPlan, small_plan
from partnerplan.plans import services
from partnerplan.plans.models import Action, Milestone, ProgressUpdate

pytestmark = pytest.mark.django_db

TODAY = date(2026, 11, 23)
CLI = Actor.system(AuditSource.CLI)


@pytest.fixture
def plan(framework: SmallFramework) -> SmallPlan:
    return small_plan(framework, TODAY)


def _add(plan: SmallPlan, status: str, quarter: Quarter, narrative: str = "Done") -> None:
    services.progress_add(
        actor=CLI,
        action=plan.officer_action,
        status=status,
        narrative=narrative,
        period=quarter,
        written_on=timezone.now(),
    )


def test_an_update_sets_the_actions_status_and_quarter(plan: SmallPlan) -> None:
    now = Quarter.containing(TODAY)
    _add(plan, "amber", now)
    action = Action.objects.get(pk=plan.officer_action.pk)
    assert (action.status, action.last_period) == ("amber", now.key)


def test_an_update_for_an_earlier_quarter_fills_history_without_changing_today(
    plan: SmallPlan,
) -> None:
    now = Quarter.containing(TODAY)
    _add(plan, "green", now)
    _add(plan, "red", now.previous())
    action = Action.objects.get(pk=plan.officer_action.pk)
    assert action.status == "green"
    assert list(action.updates.values_list("status", flat=True)) == ["green", "red"]


@pytest.mark.parametrize(
    ("status", "narrative", "evidence", "field"),
    [
        ("amber_green", "Mostly fine", [], "status"),  # a five-point colour on a three-point plan
        ("purple", "Hmm", [], "status"),
        ("green", "   ", [], "narrative"),
        ("green", "Fine", ["javascript:alert(1)"], "evidence"),
        ("green", "Fine", ["not a link"], "evidence"),
    ],
)
def test_a_bad_update_is_refused_and_nothing_is_saved(
    plan: SmallPlan, status: str, narrative: str, evidence: list[str], field: str
) -> None:
    events = AuditEvent.objects.count()
    with pytest.raises(ValidationError) as refused:
        services.progress_add(
            actor=CLI,
            action=plan.officer_action,
            status=status,
            narrative=narrative,
            evidence=evidence,
        )
    assert field in refused.value.message_dict
    assert ProgressUpdate.objects.count() == 0
    assert AuditEvent.objects.count() == events
    assert Action.objects.get(pk=plan.officer_action.pk).status == ""


def test_a_stale_edit_is_refused_and_both_changes_survive(plan: SmallPlan) -> None:
    loaded = plan.officer_action.version
    services.action_update(
        action=plan.officer_action, actor=CLI, expected_version=loaded, title="Theirs"
    )
    with pytest.raises(services.StaleEdit) as stale:
        services.action_update(
            action=plan.officer_action, actor=CLI, expected_version=loaded, title="Mine"
        )
    assert stale.value.current.title == "Theirs"
    assert stale.value.theirs is not None
    assert Action.objects.get(pk=plan.officer_action.pk).title == "Theirs"
    # The editor chooses to keep theirs over it: saved against the version they were shown.
    services.action_update(
        action=plan.officer_action,
        actor=CLI,
        expected_version=stale.value.current.version,
        title="Mine",
    )
    titles = [
        e.changes["title"]["after"]
        for e in AuditEvent.objects.for_object(plan.officer_action).order_by("id")
        if "title" in e.changes and e.action == AuditAction.UPDATE
    ]
    assert titles == ["Theirs", "Mine"]


def test_changing_the_leads_is_audited_in_order(plan: SmallPlan, framework: SmallFramework) -> None:
    services.action_update(
        action=plan.officer_action, actor=CLI, leads=[framework.chair, framework.charity]
    )
    event = AuditEvent.objects.for_object(plan.officer_action).first()
    assert event is not None
    assert event.changes["leads"]["before"] == ["Olive Officer", "Chris Chair"]
    assert event.changes["leads"]["after"] == ["Chris Chair", "Testshire Volunteer Centre"]


def test_an_action_moves_only_within_its_plan(plan: SmallPlan, framework: SmallFramework) -> None:
    moved = services.action_move(action=plan.officer_action, objective=plan.second, actor=CLI)
    assert moved.objective_id == plan.second.pk
    assert moved.number == "1.1"  # numbers are quoted in minutes: a move keeps them
    other = services.plan_create(
        actor=CLI,
        partnership=framework.board,
        title="Other",
        kind="other",
        first_year=2026,
        last_year=2026,
    )
    elsewhere = services.objective_create(actor=CLI, plan=other, title="Elsewhere")
    with pytest.raises(ValidationError):
        services.action_move(action=moved, objective=elsewhere, actor=CLI)


def test_reordering_keeps_numbers_unless_asked_to_renumber(plan: SmallPlan) -> None:
    order = [plan.council_action.pk, plan.officer_action.pk]
    services.actions_reorder(objective=plan.first, order=order, actor=CLI)
    listed = list(plan.first.actions.order_by("position").values_list("number", flat=True))
    assert listed == ["1.2", "1.1"]
    services.actions_reorder(objective=plan.first, order=order, actor=CLI, renumber=True)
    listed = list(plan.first.actions.order_by("position").values_list("number", "title"))
    assert listed == [
        ("1.1", "Street lighting review"),
        ("1.2", "Target hardening for repeat victims"),
    ]
    with pytest.raises(ValidationError):
        services.actions_reorder(objective=plan.first, order=order[:1], actor=CLI)


def test_a_deleted_action_comes_back_with_its_milestones_leads_and_history(
    plan: SmallPlan,
) -> None:
    _add(plan, "amber", Quarter.containing(TODAY), "Behind")
    pk = plan.officer_action.pk
    event = services.action_delete(action=plan.officer_action, actor=CLI)
    assert not Action.objects.filter(pk=pk).exists()
    assert event.partnership_id == plan.plan.partnership_id
    restore_deleted(event, actor=CLI)
    action = Action.objects.get(pk=pk)
    assert [str(lead) for lead in action.leads.all()] == ["Olive Officer", "Chris Chair"]
    assert Milestone.objects.filter(action=action).count() == 2
    assert list(action.updates.values_list("narrative", flat=True)) == ["Behind"]


def test_the_scale_cannot_change_under_statuses_it_lacks(plan: SmallPlan) -> None:
    services.plan_update(plan=plan.plan, actor=CLI, scale="five_point")
    services.progress_add(
        actor=CLI, action=plan.officer_action, status="amber_green", narrative="Nearly"
    )
    with pytest.raises(ValidationError) as refused:
        services.plan_update(plan=plan.plan, actor=CLI, scale="three_point")
    assert "scale" in refused.value.message_dict


def test_a_link_reads_both_ways(plan: SmallPlan) -> None:
    from partnerplan.plans.selectors import action_page

    services.action_link_add(
        actor=CLI,
        from_action=plan.officer_action,
        to_action=plan.council_action,
        kind="depends_on",
    )
    mine = action_page(plan.officer_action, TODAY).links
    theirs = action_page(plan.council_action, TODAY).links
    assert [(link.label, link.action.pk) for link in mine] == [
        ("Depends on", plan.council_action.pk)
    ]
    assert [(link.label, link.action.pk) for link in theirs] == [
        ("Needed by", plan.officer_action.pk)
    ]
    with pytest.raises(ValidationError):
        services.action_link_add(
            actor=CLI,
            from_action=plan.officer_action,
            to_action=plan.council_action,
            kind="depends_on",
        )


def test_links_made_to_an_action_come_in_the_plans_order(plan: SmallPlan) -> None:
    from partnerplan.plans.selectors import action_page

    # Made in the opposite order to the plan's: the chair's action is under objective 2.
    for source, kind in [
        (plan.chair_action, "influenced_by"),
        (plan.council_action, "incorporates"),
    ]:
        services.action_link_add(
            actor=CLI, from_action=source, to_action=plan.officer_action, kind=kind
        )
    services.action_link_add(
        actor=CLI, from_action=plan.officer_action, to_action=plan.chair_action, kind="depends_on"
    )
    links = action_page(plan.officer_action, TODAY).links
    assert [(link.label, link.action.pk) for link in links] == [
        ("Depends on", plan.chair_action.pk),
        ("Incorporated in", plan.council_action.pk),
        ("Influences", plan.chair_action.pk),
    ]


@pytest.mark.parametrize(
    ("word", "words", "with_article"),
    [
        ("Activity", "Activities", "an activity"),
        ("Key task", "Key tasks", "a key task"),
        ("Issue", "Issues", "an issue"),
        ("Strategic aim", "Strategic aims", "a strategic aim"),
        ("Key task / activity", "Key task / activities", "a key task / activity"),
        ("Priority", "Priorities", "a priority"),
        ("Key", "Keys", "a key"),
        ("Business", "Businesses", "a business"),
    ],
)
def test_a_plans_own_words_are_made_plural_and_given_an_article(
    word: str, words: str, with_article: str
) -> None:
    from partnerplan.plans.choices import plural
    from partnerplan.plans.choices import with_article as article

    assert plural(word) == words
    assert article(word.lower()) == with_article
