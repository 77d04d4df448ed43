"""Screens for timescales: what is due, timescales to check, a plan's timeline, meetings
and their publishing deadlines, the reporting timetable, calendar feeds and reminders.
Thin: check permission, call a selector or a service, render."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from partnerplan.accounts.choices import AccessRole
from partnerplan.core.audit import Actor
from partnerplan.core.links import link_to
from partnerplan.core.pages import actor_of, confirm_delete, form_page, save_or_show_errors
from partnerplan.core.periods import long_date
from partnerplan.core.permissions import (
    can,
    partnership_ids_with_role,
    require,
    visible_partnerships,
)
from partnerplan.partnerships.models import Partnership
from partnerplan.plans import services as plan_services
from partnerplan.plans.models import Action, Milestone, Plan
from partnerplan.timescales import feeds as calendars
from partnerplan.timescales import selectors, services
from partnerplan.timescales.choices import DUE_SOON_DAYS, ReminderChoice
from partnerplan.timescales.forms import (
    DataReleaseForm,
    DoneForm,
    DueFilterForm,
    FeedForm,
    FixTimescaleForm,
    MeetingForm,
    ObligationForm,
    ReminderForm,
)
from partnerplan.timescales.models import (
    CalendarFeed,
    DataRelease,
    Meeting,
    PublishingObligation,
    ReminderSetting,
)

# How far ahead "upcoming" looks, and how many items a due list shows of each kind.
UPCOMING_DAYS = 90
DUE_LIST_LIMIT = 50


def _partnership_of(pk: int) -> Partnership:
    return get_object_or_404(Partnership, pk=pk)


def _partnership_choices(user: Any) -> list[tuple[int, str]]:
    """The partnerships the user can see, by name, to choose from."""
    return list(visible_partnerships(user).order_by("name").values_list("pk", "name"))


# --- what is due -------------------------------------------------------------------------


@require_GET
def whats_due(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    partnerships = _partnership_choices(request.user)
    chosen = request.GET.get("partnership", "")
    leads = selectors.lead_choices(
        request.user, int(chosen) if chosen in {str(pk) for pk, _ in partnerships} else None
    )
    form = DueFilterForm(request.GET or None, partnerships=partnerships, leads=leads)
    wanted = form.cleaned_data if form.is_bound and form.is_valid() else {}
    found = selectors.whats_due(
        request.user,
        partnership=wanted.get("partnership"),
        lead=wanted.get("lead", ""),
        today=today,
        days=UPCOMING_DAYS,
        limit=DUE_LIST_LIMIT,
    )
    return render(
        request,
        "timescales/due.html",
        {
            "form": form,
            "due": found,
            "soon_days": DUE_SOON_DAYS,
            "upcoming_days": UPCOMING_DAYS,
            "limit": DUE_LIST_LIMIT,
            "checkable": partnership_ids_with_role(request.user, AccessRole.EDITOR),
        },
        status=400 if form.is_bound and form.errors else 200,
    )


# --- timescales to check -----------------------------------------------------------------


@require_GET
def to_check(request: HttpRequest) -> HttpResponse:
    found = selectors.timescales_to_check(
        partnership_ids_with_role(request.user, AccessRole.EDITOR)
    )
    return render(request, "timescales/to_check.html", {"found": found})


@require_POST
def fix_timescale(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    """One row of the timescales to check, saved: better words, or a date by hand."""
    target: Milestone | Action
    if kind == "milestone":
        target = get_object_or_404(Milestone.objects.select_related("action__plan"), pk=pk)
        require(request.user, "update", target.action)
        update = plan_services.milestone_update
    elif kind == "action":
        target = get_object_or_404(Action.objects.select_related("plan"), pk=pk)
        require(request.user, "change", target)
        update = plan_services.action_update
    else:
        raise Http404
    form = FixTimescaleForm(request.POST, prefix=f"{kind}-{pk}")
    if not form.is_valid():
        return form_page(request, "timescales/fix.html", form, target=target, kind=kind)
    fields: dict[str, object] = {"timescale": form.cleaned_data["timescale"].strip()}
    if form.cleaned_data["due_on"]:
        fields["due_on"] = form.cleaned_data["due_on"]
    # Each service takes its item by the kind's name: milestone=… or action=….
    saved = save_or_show_errors(
        form, lambda: update(**{kind: target}, actor=actor_of(request), **fields)
    )
    if saved is None:
        return form_page(request, "timescales/fix.html", form, target=target, kind=kind)
    if saved.due_set_by_hand:
        messages.success(request, f"Due on {long_date(saved.due_on)}, as you set it.")
    elif saved.timescale_flagged:
        messages.warning(
            request,
            f"“{saved.timescale}” still cannot be read for certain. "
            f"{saved.schedule.get('note', '')}",
        )
    else:
        due = f"{long_date(saved.due_on)}" if saved.due_on else "no single date"
        messages.success(request, f"“{saved.timescale}” is now read: due {due}.")
    return redirect("timescales:to_check")


# --- a plan's timeline -------------------------------------------------------------------


@require_GET
def timeline(request: HttpRequest, pk: int) -> HttpResponse:
    plan = get_object_or_404(Plan.objects.select_related("partnership"), pk=pk)
    require(request.user, "view", plan)
    today = timezone.localdate()
    return render(
        request,
        "timescales/timeline.html",
        {"plan": plan, "timeline": selectors.plan_timeline(plan, today=today), "today": today},
    )


# --- meetings ----------------------------------------------------------------------------


@require_GET
def meetings(request: HttpRequest, pk: int) -> HttpResponse:
    partnership = _partnership_of(pk)
    require(request.user, "view", partnership)
    today = timezone.localdate()
    page = selectors.meetings_page(partnership.pk, today=today)
    return render(
        request,
        "timescales/meetings.html",
        {
            "partnership": partnership,
            "page": page,
            "may_arrange": can(request.user, "manage_meetings", partnership),
            "may_record": bool(page.obligations)
            and can(request.user, "record", page.obligations[0]),
            "today": today,
        },
    )


@require_http_methods(["GET", "POST"])
def meeting_create(request: HttpRequest, pk: int) -> HttpResponse:
    partnership = _partnership_of(pk)
    require(request.user, "manage_meetings", partnership)
    form = MeetingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        meeting = save_or_show_errors(
            form,
            lambda: services.meeting_create(
                actor=actor_of(request), partnership=partnership, **form.cleaned_data
            ),
        )
        if meeting is not None:
            messages.success(request, f"{meeting} has been added.")
            return redirect(meeting)
    return form_page(
        request, "timescales/meeting_form.html", form, partnership=partnership, meeting=None
    )


def _meeting_of(pk: int) -> Meeting:
    return get_object_or_404(Meeting.objects.select_related("partnership"), pk=pk)


@require_http_methods(["GET", "POST"])
def meeting_edit(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting_of(pk)
    require(request.user, "change", meeting)
    form = MeetingForm(request.POST or None, initial=MeetingForm.initial_for(meeting))
    if request.method == "POST" and form.is_valid():
        saved = save_or_show_errors(
            form,
            lambda: services.meeting_update(
                meeting=meeting, actor=actor_of(request), **form.cleaned_data
            ),
        )
        if saved is not None:
            messages.success(request, f"{saved} has been updated.")
            return redirect(saved)
    return form_page(
        request,
        "timescales/meeting_form.html",
        form,
        partnership=meeting.partnership,
        meeting=meeting,
    )


@require_http_methods(["GET", "POST"])
def meeting_delete(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting_of(pk)
    require(request.user, "delete", meeting)
    return confirm_delete(
        request,
        obj=meeting,
        kind="meeting",
        consequence="Deadlines counted from it go with it. It can be restored later from "
        "Deleted items.",
        cancel_url=meeting.get_absolute_url(),
        delete=lambda: services.meeting_delete(meeting=meeting, actor=actor_of(request)),
        message="The meeting has been deleted. It can be restored.",
        done=_meetings_url(meeting.partnership_id),
    )


def _obligation_of(pk: int) -> PublishingObligation:
    return get_object_or_404(PublishingObligation.objects.select_related("partnership"), pk=pk)


def _meetings_url(partnership_id: int) -> str:
    return link_to("timescales:meetings", partnership_id)


@require_http_methods(["GET", "POST"])
def obligation_create(request: HttpRequest, pk: int) -> HttpResponse:
    partnership = _partnership_of(pk)
    require(request.user, "manage_meetings", partnership)
    form = ObligationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        obligation = save_or_show_errors(
            form,
            lambda: services.obligation_create(
                actor=actor_of(request), partnership=partnership, **form.cleaned_data
            ),
        )
        if obligation is not None:
            messages.success(request, f"“{obligation.what}” is now tracked for each meeting.")
            return redirect(obligation)
    return form_page(request, "timescales/obligation_form.html", form, partnership=partnership)


@require_http_methods(["GET", "POST"])
def obligation_delete(request: HttpRequest, pk: int) -> HttpResponse:
    obligation = _obligation_of(pk)
    require(request.user, "delete", obligation)
    return confirm_delete(
        request,
        obj=obligation,
        kind="publishing deadline",
        consequence="Its deadlines stop being tracked. It can be restored later from "
        "Deleted items.",
        cancel_url=obligation.get_absolute_url(),
        delete=lambda: services.obligation_delete(obligation=obligation, actor=actor_of(request)),
        message="The publishing deadline has been deleted. It can be restored.",
        done=_meetings_url(obligation.partnership_id),
    )


@require_POST
def obligation_met(request: HttpRequest, pk: int, meeting: int) -> HttpResponse:
    obligation = _obligation_of(pk)
    require(request.user, "record", obligation)
    held = get_object_or_404(Meeting, pk=meeting, partnership_id=obligation.partnership_id)
    form = DoneForm(request.POST, prefix=f"done-{obligation.pk}-{held.pk}")
    if form.is_valid():
        saved = save_or_show_errors(
            form,
            lambda: services.obligation_met(
                actor=actor_of(request),
                obligation=obligation,
                meeting=held,
                done_on=form.cleaned_data["done_on"],
            ),
        )
        if saved is not None:
            messages.success(request, f"“{obligation.what}” for {held} is recorded as done.")
            return redirect(held)
    return form_page(
        request, "timescales/done_form.html", form, obligation=obligation, meeting=held
    )


# --- the reporting timetable -------------------------------------------------------------


@require_GET
def timetable(request: HttpRequest, pk: int) -> HttpResponse:
    partnership = _partnership_of(pk)
    require(request.user, "view", partnership)
    return render(
        request,
        "timescales/timetable.html",
        {
            "partnership": partnership,
            "timetable": selectors.reporting_timetable(partnership.pk, today=timezone.localdate()),
            "may_arrange": can(request.user, "manage_meetings", partnership),
        },
    )


@require_http_methods(["GET", "POST"])
def data_release_create(request: HttpRequest, pk: int) -> HttpResponse:
    partnership = _partnership_of(pk)
    require(request.user, "manage_meetings", partnership)
    form = DataReleaseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        release = save_or_show_errors(
            form,
            lambda: services.data_release_create(
                actor=actor_of(request), partnership=partnership, **form.cleaned_data
            ),
        )
        if release is not None:
            messages.success(request, f"“{release.name}” has been added to the timetable.")
            return redirect(release)
    return form_page(request, "timescales/data_release_form.html", form, partnership=partnership)


@require_http_methods(["GET", "POST"])
def data_release_delete(request: HttpRequest, pk: int) -> HttpResponse:
    release = get_object_or_404(DataRelease.objects.select_related("partnership"), pk=pk)
    require(request.user, "delete", release)
    return confirm_delete(
        request,
        obj=release,
        kind="set of figures",
        consequence="It leaves the reporting timetable. It can be restored later from "
        "Deleted items.",
        cancel_url=release.get_absolute_url(),
        delete=lambda: services.data_release_delete(release=release, actor=actor_of(request)),
        message="The figures have been taken off the timetable. They can be restored.",
        done=release.get_absolute_url(),
    )


# --- calendar feeds ----------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def feeds(request: HttpRequest) -> HttpResponse:
    partnerships = _partnership_choices(request.user)
    form = FeedForm(request.POST or None, partnerships=partnerships)
    if request.method == "POST" and form.is_valid():
        chosen = form.cleaned_data["partnership"]
        partnership = _partnership_of(chosen) if chosen else None
        if partnership is not None:
            require(request.user, "subscribe", partnership)
        services.feed_create(actor=actor_of(request), owner=request.user, partnership=partnership)
        messages.success(request, "Your new calendar is ready: copy its address below.")
        return redirect("timescales:feeds")
    active, revoked = calendars.feeds_of(request.user)
    return form_page(request, "timescales/feeds.html", form, active=active, revoked=revoked)


@require_POST
def feed_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    feed = get_object_or_404(CalendarFeed, pk=pk)
    require(request.user, "change", feed)
    services.feed_revoke(feed=feed, actor=actor_of(request))
    messages.success(request, "That calendar address no longer works.")
    return redirect("timescales:feeds")


@require_GET
def feed(request: HttpRequest, token: str) -> HttpResponse:
    """The calendar itself, for calendar programs: the secret address is the key, and
    what is in it is what the owner may see today."""
    calendar = calendars.calendar_at(token, today=timezone.localdate())
    if calendar is None:
        return HttpResponse(
            "There is no calendar at this address.",
            status=404,
            content_type="text/plain; charset=utf-8",
        )
    response = HttpResponse(calendar, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="partnerplan.ics"'
    response["Cache-Control"] = "private, max-age=900"
    return response


# --- reminders ---------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def reminders(request: HttpRequest) -> HttpResponse:
    person = getattr(request.user, "person", None)
    # Read, not made: a page that is only looked at writes nothing.
    setting = ReminderSetting.objects.filter(person=person).first() if person else None
    form = ReminderForm(
        request.POST or None,
        initial={"choice": setting.choice if setting else ReminderChoice.DAILY},
    )
    if request.method == "POST" and form.is_valid():
        if person is None:
            form.add_error(None, "Your account is not linked to a person, so it has no reminders")
        else:
            services.reminders_choose(
                actor=actor_of(request), person=person, choice=form.cleaned_data["choice"]
            )
            messages.success(request, "Your reminder setting has been saved.")
            return redirect("timescales:reminders")
    return form_page(request, "timescales/reminders.html", form, person=person)


@require_http_methods(["GET", "POST"])
def stop_reminders(request: HttpRequest, token: str) -> HttpResponse:
    """The link in every reminder: stops them without signing in."""
    setting = get_object_or_404(ReminderSetting.objects.select_related("person"), token=token)
    if request.method == "POST":
        actor = Actor(user=request.user if request.user.is_authenticated else None)
        services.reminders_choose(actor=actor, person=setting.person, choice=ReminderChoice.NONE)
        setting.refresh_from_db()
    return render(
        request,
        "timescales/stop_reminders.html",
        {"setting": setting, "stopped": setting.choice == ReminderChoice.NONE},
    )
