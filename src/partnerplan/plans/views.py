"""The plan screens. Thin: check permission, call a selector or a service, render."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.text import slugify
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from partnerplan.core.pages import actor_of, confirm_delete, form_page, save_or_show_errors
from partnerplan.core.periods import Quarter
from partnerplan.core.permissions import can, require
from partnerplan.partnerships.models import Partnership
from partnerplan.plans import exports, selectors, services
from partnerplan.plans.choices import NOT_UPDATED, PlanStatus, StatusScale
from partnerplan.plans.forms import (
    ActionForm,
    MilestoneForm,
    ObjectiveForm,
    PlanForm,
    ProgressForm,
    ReorderForm,
)
from partnerplan.plans.models import Action, Milestone, Objective, Plan


def _int(value: str | None) -> int | None:
    return int(value) if value and value.isascii() and value.isdigit() and len(value) < 10 else None


def _plan_of(pk: int) -> Plan:
    return get_object_or_404(Plan.objects.select_related("partnership"), pk=pk)


def _action_of(pk: int) -> Action:
    return get_object_or_404(
        Action.objects.select_related("plan", "plan__partnership", "objective"), pk=pk
    )


# --- plans ----------------------------------------------------------------------------


def _filters(request: HttpRequest, plan: Plan) -> selectors.PlanFilters:
    status = request.GET.get("status", "")
    return selectors.PlanFilters(
        status=status if status in {*plan.statuses, NOT_UPDATED} else "",
        lead=_int(request.GET.get("lead")),
        organisation=_int(request.GET.get("organisation")),
        priority=_int(request.GET.get("priority")),
        overdue=request.GET.get("overdue") == "1",
        not_updated=request.GET.get("not_updated") == "1",
    )


@require_GET
def plan_detail(request: HttpRequest, pk: int) -> HttpResponse:
    plan = _plan_of(pk)
    require(request.user, "view", plan)
    filters = _filters(request, plan)
    today = timezone.localdate()
    context = {
        "table": selectors.plan_table(plan, filters, today),
        "filters": filters,
        "today": today,
        # Asked once here, not once per objective by the template.
        "can_change": can(request.user, "change", plan),
    }
    template = "plans/_plan_table.html" if request.htmx else "plans/plan.html"
    return render(request, template, context)


EXPORTS = {
    "xlsx": (exports.to_xlsx, exports.XLSX),
    "docx": (exports.to_docx, exports.DOCX),
    "csv": (exports.to_csv, exports.CSV),
}


@require_GET
def plan_export(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    """The plan's table as a document, narrowed by the same filters as the page."""
    plan = _plan_of(pk)
    require(request.user, "export", plan)
    if fmt not in EXPORTS:
        raise Http404
    render_document, content_type = EXPORTS[fmt]
    table = selectors.plan_table(
        plan, _filters(request, plan), timezone.localdate(), with_words=True
    )
    response = HttpResponse(render_document(table), content_type=content_type)
    name = slugify(plan.title) or "plan"
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return response


@require_http_methods(["GET", "POST"])
def plan_create(request: HttpRequest, pk: int) -> HttpResponse:
    partnership = get_object_or_404(Partnership, pk=pk)
    require(request.user, "add_plan", partnership)
    year = Quarter.containing(timezone.localdate()).year
    form = PlanForm(
        request.POST or None,
        initial={
            "status": PlanStatus.DRAFT,
            "scale": StatusScale.THREE_POINT,
            "first_year": f"{year}/{(year + 1) % 100:02d}",
            "last_year": f"{year}/{(year + 1) % 100:02d}",
            "columns": ["lead", "milestones", "when", "progress", "comments"],
        },
    )
    if request.method == "POST" and form.is_valid():
        plan = save_or_show_errors(
            form,
            lambda: services.plan_create(
                actor=actor_of(request), partnership=partnership, **form.service_fields()
            ),
        )
        if plan is not None:
            messages.success(request, f"{plan.title} has been created.")
            return redirect(plan)
    return form_page(request, "plans/plan_form.html", form, plan=None, partnership=partnership)


@require_http_methods(["GET", "POST"])
def plan_edit(request: HttpRequest, pk: int) -> HttpResponse:
    plan = _plan_of(pk)
    require(request.user, "change", plan)
    form = PlanForm(request.POST or None, initial=PlanForm.initial_for(plan))
    conflict = None
    if request.method == "POST" and form.is_valid():
        try:
            saved = save_or_show_errors(
                form,
                lambda: services.plan_update(
                    plan=plan,
                    actor=actor_of(request),
                    expected_version=form.cleaned_data["version"],
                    **form.service_fields(),
                ),
            )
        except services.StaleEdit as stale:
            conflict = stale
            saved = None
        if saved is not None:
            messages.success(request, f"{saved.title} has been updated.")
            return redirect(saved)
    status = 409 if conflict else None
    return form_page(
        request,
        "plans/plan_form.html",
        form,
        status=status,
        plan=plan,
        partnership=plan.partnership,
        conflict=conflict,
    )


@require_http_methods(["GET", "POST"])
def plan_delete(request: HttpRequest, pk: int) -> HttpResponse:
    plan = _plan_of(pk)
    require(request.user, "delete", plan)
    return confirm_delete(
        request,
        obj=plan,
        kind="plan",
        consequence="Its objectives, actions, milestones and updates will be deleted "
        "with it. Everything can be restored later from Deleted items.",
        cancel_url=plan.get_absolute_url(),
        delete=lambda: services.plan_delete(plan=plan, actor=actor_of(request)),
        message=f"{plan.title} has been deleted. A manager can restore it from Deleted items.",
        done=plan.partnership,
    )


# --- objectives -------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def objective_create(request: HttpRequest, pk: int) -> HttpResponse:
    plan = _plan_of(pk)
    require(request.user, "change", plan)
    form = ObjectiveForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        objective = save_or_show_errors(
            form,
            lambda: services.objective_create(
                actor=actor_of(request), plan=plan, **form.cleaned_data
            ),
        )
        if objective is not None:
            messages.success(request, f"{plan.label('objective')} {objective} has been added.")
            return redirect(plan)
    return form_page(request, "plans/objective_form.html", form, plan=plan, objective=None)


@require_http_methods(["GET", "POST"])
def objective_edit(request: HttpRequest, pk: int) -> HttpResponse:
    objective = get_object_or_404(Objective.objects.select_related("plan"), pk=pk)
    plan = objective.plan
    require(request.user, "change", plan)
    initial = {
        "number": objective.number,
        "title": objective.title,
        "description": objective.description,
    }
    form = ObjectiveForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        saved = save_or_show_errors(
            form,
            lambda: services.objective_update(
                objective=objective, actor=actor_of(request), **form.cleaned_data
            ),
        )
        if saved is not None:
            messages.success(request, f"{plan.label('objective')} {saved} has been updated.")
            return redirect(plan)
    return form_page(request, "plans/objective_form.html", form, plan=plan, objective=objective)


@require_http_methods(["GET", "POST"])
def objective_delete(request: HttpRequest, pk: int) -> HttpResponse:
    objective = get_object_or_404(Objective.objects.select_related("plan"), pk=pk)
    require(request.user, "change", objective.plan)
    return confirm_delete(
        request,
        obj=objective,
        kind=objective.plan.label("objective").lower(),
        consequence="Its actions, milestones and updates will be deleted with it. "
        "Everything can be restored later from Deleted items.",
        cancel_url=objective.plan.get_absolute_url(),
        delete=lambda: services.objective_delete(objective=objective, actor=actor_of(request)),
        message=f"{objective} has been deleted. It can be restored.",
        done=objective.plan,
    )


@require_http_methods(["GET", "POST"])
def actions_reorder(request: HttpRequest, pk: int) -> HttpResponse:
    objective = get_object_or_404(Objective.objects.select_related("plan"), pk=pk)
    require(request.user, "change", objective.plan)
    actions = list(objective.actions.order_by("position", "id"))
    form = ReorderForm(request.POST or None, actions=actions)
    if request.method == "POST" and form.is_valid():
        done = save_or_show_errors(
            form,
            lambda: services.actions_reorder(
                objective=objective,
                order=form.order(),
                actor=actor_of(request),
                renumber=form.cleaned_data["renumber"],
            ),
        )
        if done is not None:
            messages.success(request, f"The order of {objective} has been saved.")
            return redirect(objective.plan)
    return form_page(
        request, "plans/reorder_form.html", form, plan=objective.plan, objective=objective
    )


# --- actions ------------------------------------------------------------------------------


@require_GET
def action_detail(request: HttpRequest, pk: int) -> HttpResponse:
    action = _action_of(pk)
    require(request.user, "view", action)
    today = timezone.localdate()
    page = selectors.action_page(action, today)
    form = ProgressForm(action=action, today=today, milestones=page.milestones)
    return render(
        request, "plans/action.html", {"page": page, "progress_form": form, "today": today}
    )


@require_http_methods(["GET", "POST"])
def action_create(request: HttpRequest, pk: int) -> HttpResponse:
    objective = get_object_or_404(Objective.objects.select_related("plan"), pk=pk)
    plan = objective.plan
    require(request.user, "change", plan)
    form = ActionForm(
        request.POST or None, plan=plan, user=request.user, initial={"objective": objective.pk}
    )
    if request.method == "POST" and form.is_valid():
        action = save_or_show_errors(
            form,
            lambda: services.action_create(actor=actor_of(request), **form.service_fields()),
        )
        if action is not None:
            messages.success(request, f"{plan.label('action')} {action.number} has been added.")
            return redirect(action)
    return form_page(request, "plans/action_form.html", form, plan=plan, action=None)


@require_http_methods(["GET", "POST"])
def action_edit(request: HttpRequest, pk: int) -> HttpResponse:
    action = _action_of(pk)
    require(request.user, "change", action)
    plan = action.plan
    form = ActionForm(
        request.POST or None, plan=plan, user=request.user, initial=ActionForm.initial_for(action)
    )
    conflict = None
    if request.method == "POST" and form.is_valid():
        fields = form.service_fields()
        try:
            saved = save_or_show_errors(
                form,
                lambda: services.action_update(
                    action=action,
                    actor=actor_of(request),
                    expected_version=form.cleaned_data["version"],
                    **fields,
                ),
            )
        except services.StaleEdit as stale:
            conflict = stale
            saved = None
        if saved is not None:
            messages.success(request, f"{plan.label('action')} {saved.number} has been updated.")
            return redirect(saved)
    if conflict is not None:
        fresh = ActionForm(
            plan=plan, user=request.user, initial=ActionForm.initial_for(conflict.current)
        )
        return render(
            request,
            "plans/action_conflict.html",
            {
                "form": form,
                "theirs": fresh,
                "event": conflict.theirs,
                "action": conflict.current,
                "plan": plan,
                "version": conflict.current.version,
            },
            status=409,
        )
    return form_page(request, "plans/action_form.html", form, plan=plan, action=action)


@require_http_methods(["GET", "POST"])
def action_delete(request: HttpRequest, pk: int) -> HttpResponse:
    action = _action_of(pk)
    require(request.user, "delete", action)
    return confirm_delete(
        request,
        obj=action,
        kind=action.plan.label("action").lower(),
        consequence="Its milestones and updates will be deleted with it. "
        "Everything can be restored later from Deleted items.",
        cancel_url=action.get_absolute_url(),
        delete=lambda: services.action_delete(action=action, actor=actor_of(request)),
        message=f"{action} has been deleted. It can be restored.",
        done=action.plan,
    )


@require_POST
def progress_add(request: HttpRequest, pk: int) -> HttpResponse:
    action = _action_of(pk)
    require(request.user, "update", action)
    today = timezone.localdate()
    form = ProgressForm(request.POST, action=action, today=today)
    saved = None
    if form.is_valid():
        saved = save_or_show_errors(
            form,
            lambda: services.progress_add(
                actor=actor_of(request), action=action, **form.service_fields()
            ),
        )
    if saved is not None:
        if not request.htmx:
            messages.success(request, "Your update has been saved.")
            return redirect(action)
        form = ProgressForm(action=action, today=today)
    action.refresh_from_db()
    context = {
        "page": selectors.action_page(action, today),
        "progress_form": form,
        "today": today,
        "just_saved": saved is not None,
    }
    template = "plans/_progress.html" if request.htmx else "plans/action.html"
    return render(request, template, context, status=200 if saved is not None else 400)


# --- milestones -------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def milestone_create(request: HttpRequest, pk: int) -> HttpResponse:
    action = _action_of(pk)
    require(request.user, "change", action)
    form = MilestoneForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        milestone = save_or_show_errors(
            form,
            lambda: services.milestone_create(
                actor=actor_of(request), action=action, **form.service_fields()
            ),
        )
        if milestone is not None:
            messages.success(request, "The milestone has been added.")
            return redirect(action)
    return form_page(request, "plans/milestone_form.html", form, action=action, milestone=None)


def _milestone_of(pk: int) -> Milestone:
    return get_object_or_404(
        Milestone.objects.select_related("action", "action__plan", "action__plan__partnership"),
        pk=pk,
    )


@require_http_methods(["GET", "POST"])
def milestone_edit(request: HttpRequest, pk: int) -> HttpResponse:
    milestone = _milestone_of(pk)
    action = milestone.action
    require(request.user, "update", action)
    form = MilestoneForm(request.POST or None, initial=MilestoneForm.initial_for(milestone))
    if request.method == "POST" and form.is_valid():
        saved = save_or_show_errors(
            form,
            lambda: services.milestone_update(
                milestone=milestone, actor=actor_of(request), **form.service_fields()
            ),
        )
        if saved is not None:
            messages.success(request, "The milestone has been updated.")
            return redirect(action)
    return form_page(request, "plans/milestone_form.html", form, action=action, milestone=milestone)


@require_http_methods(["GET", "POST"])
def milestone_delete(request: HttpRequest, pk: int) -> HttpResponse:
    milestone = _milestone_of(pk)
    require(request.user, "change", milestone.action)
    return confirm_delete(
        request,
        obj=milestone,
        kind="milestone",
        consequence="It can be restored later from Deleted items.",
        cancel_url=milestone.action.get_absolute_url(),
        delete=lambda: services.milestone_delete(milestone=milestone, actor=actor_of(request)),
        message="The milestone has been deleted. It can be restored.",
        done=milestone.action,
    )


# --- across partnerships ------------------------------------------------------------------


@require_GET
def my_actions(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "plans/my_actions.html",
        {"mine": selectors.my_actions(request.user, timezone.localdate())},
    )


@require_GET
def dashboard(request: HttpRequest, pk: int) -> HttpResponse:
    partnership = get_object_or_404(Partnership, pk=pk)
    require(request.user, "view", partnership)
    return render(
        request,
        "plans/dashboard.html",
        {
            "partnership": partnership,
            "dashboard": selectors.partnership_dashboard(partnership, request.user),
        },
    )
