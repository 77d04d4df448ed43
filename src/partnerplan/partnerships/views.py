"""The framework screens. Thin: check permission, call a selector or a service, render."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.cache import patch_vary_headers
from django.views.decorators.http import require_GET, require_http_methods

from partnerplan.core.pages import actor_of, confirm_delete, form_page, save_or_show_errors
from partnerplan.core.permissions import require
from partnerplan.partnerships import html, selectors, services
from partnerplan.partnerships.choices import SectorRepresented
from partnerplan.partnerships.forms import (
    MembershipForm,
    OrganisationForm,
    PartnershipForm,
    PersonForm,
)
from partnerplan.partnerships.models import Membership, Organisation, Partnership, Person

PAGE_SIZE = 50


# --- the framework and partnerships ----------------------------------------------------


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    return redirect("partnerships:framework")


@require_GET
def framework(request: HttpRequest) -> HttpResponse:
    graph = selectors.framework(request.user)
    return render(
        request,
        "partnerships/framework.html",
        {
            "framework": graph,
            # Drawn once each, in Python: a template loop costs several times more.
            "tree_html": html.framework_tree(graph.roots),
            "table_rows_html": html.framework_table_rows(graph.partnerships, graph.parents_of),
            "can_add": _can_add(request, Partnership),
        },
    )


def _can_add(request: HttpRequest, model: type) -> bool:
    from partnerplan.core.permissions import can

    return can(request.user, "add", model)


@require_GET
def partnership_detail(request: HttpRequest, pk: int) -> HttpResponse:
    around = selectors.neighbourhood(pk, request.user)
    if around is None:
        raise Http404("No Partnership matches the given query.")
    require(request.user, "view", around.partnership)
    sector = request.GET.get("sector", "")
    member_filter = selectors.MemberFilter(
        search=_search_words(request),
        sector=sector if sector in SectorRepresented.values else "",
    )
    page = selectors.partnership_page(around, member_filter, _page_number(request))
    return render(
        request,
        "partnerships/partnership.html",
        {
            "page": page,
            "members_per_page": selectors.MEMBERS_PER_PAGE,
            # Drawn in Python, as the members' rows are: template loops cost more.
            "reports_to_html": html.partnership_links(page.reports_to),
            "sub_partnerships_html": html.partnership_links(page.sub_partnerships),
            "plans_html": html.plan_items(page.plans),
        },
    )


def _page_number(request: HttpRequest, last: int = 10_000) -> int:
    """The ?page= asked for; the first for anything that is not a page number."""
    text = request.GET.get("page", "")
    number = int(text) if text.isascii() and text.isdigit() and len(text) < 6 else 1
    return min(max(number, 1), last)


@require_http_methods(["GET", "POST"])
def partnership_create(request: HttpRequest) -> HttpResponse:
    require(request.user, "add", Partnership)
    initial = {}
    if parent_id := request.GET.get("reports_to", ""):
        initial["reports_to"] = [parent_id] if parent_id.isdigit() else []
    form = PartnershipForm(request.POST or None, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        partnership = save_or_show_errors(
            form, lambda: services.partnership_create(actor=actor_of(request), **form.cleaned_data)
        )
        if partnership is not None:
            messages.success(request, f"{partnership} has been created.")
            return redirect(partnership)
    return form_page(
        request,
        "partnerships/partnership_form.html",
        form,
        partnership=None,
    )


@require_http_methods(["GET", "POST"])
def partnership_edit(request: HttpRequest, pk: int) -> HttpResponse:
    partnership = get_object_or_404(Partnership, pk=pk)
    require(request.user, "change", partnership)
    initial = {
        "name": partnership.name,
        "short_name": partnership.short_name,
        "kind": partnership.kind,
        "description": partnership.description,
        "website": partnership.website,
        "reports_to": list(partnership.reports_to.values_list("pk", flat=True)),
    }
    form = PartnershipForm(
        request.POST or None, user=request.user, partnership=partnership, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        # Lines to partnerships this user cannot see are kept as they are.
        hidden = partnership.reports_to.exclude(pk__in=form.fields["reports_to"].queryset)
        data["reports_to"] = [*data["reports_to"], *hidden]
        saved = save_or_show_errors(
            form,
            lambda: services.partnership_update(
                partnership=partnership, actor=actor_of(request), **data
            ),
        )
        if saved is not None:
            messages.success(request, f"{saved} has been updated.")
            return redirect(saved)
    return form_page(
        request,
        "partnerships/partnership_form.html",
        form,
        partnership=partnership,
    )


@require_http_methods(["GET", "POST"])
def partnership_delete(request: HttpRequest, pk: int) -> HttpResponse:
    partnership = get_object_or_404(Partnership, pk=pk)
    require(request.user, "delete", partnership)
    return confirm_delete(
        request,
        obj=partnership,
        kind="partnership",
        consequence="Its memberships and reporting lines will be deleted with it. "
        "Everything can be restored later from Deleted items.",
        cancel_url=partnership.get_absolute_url(),
        delete=lambda: services.partnership_delete(
            partnership=partnership, actor=actor_of(request)
        ),
        message=f"{partnership} has been deleted. A manager can restore it from Deleted items.",
        done="partnerships:framework",
    )


# --- memberships --------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def membership_add(request: HttpRequest, pk: int) -> HttpResponse:
    partnership = get_object_or_404(Partnership, pk=pk)
    require(request.user, "manage_members", partnership)
    form = MembershipForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        membership = save_or_show_errors(
            form,
            lambda: services.membership_add(
                actor=actor_of(request), partnership=partnership, **form.service_fields()
            ),
        )
        if membership is not None:
            messages.success(request, f"{membership.member} has been added to {partnership}.")
            return redirect(partnership)
    return _membership_form(request, form, partnership, membership=None)


@require_http_methods(["GET", "POST"])
def membership_edit(request: HttpRequest, pk: int) -> HttpResponse:
    membership = get_object_or_404(
        Membership.objects.select_related(
            "partnership", "person", "person__organisation", "organisation"
        ),
        pk=pk,
    )
    require(request.user, "change", membership)
    initial = {
        "person": membership.person_id,
        "organisation": membership.organisation_id,
        "role": membership.role,
        "sector": membership.sector,
        "from_date": membership.from_date,
        "to_date": membership.to_date,
    }
    form = MembershipForm(request.POST or None, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        saved = save_or_show_errors(
            form,
            lambda: services.membership_update(
                membership=membership, actor=actor_of(request), **form.service_fields()
            ),
        )
        if saved is not None:
            messages.success(request, f"The membership of {saved.member} has been updated.")
            return redirect(membership.partnership)
    return _membership_form(request, form, membership.partnership, membership=membership)


def _membership_form(
    request: HttpRequest,
    form: MembershipForm,
    partnership: Partnership,
    membership: Membership | None,
) -> HttpResponse:
    """Search first, then choose: the people and organisations matching the words
    searched for, as radios, with the member already chosen (or held now) kept first."""
    search = _search_words(request)
    matches = selectors.member_matches(request.user, search)
    options = matches.options
    kept = _kept_member(form, membership)
    if kept is not None and all(option.value != kept.value for option in options):
        options = [kept, *options]
    return form_page(
        request,
        "partnerships/membership_form.html",
        form,
        partnership=partnership,
        membership=membership,
        search=search,
        options=options,
        more_matches=matches.more,
    )


def _kept_member(form: MembershipForm, membership: Membership | None) -> Any:
    """The member already chosen: the one sent and found visible, else the stored one."""
    cleaned = getattr(form, "cleaned_data", {})
    if cleaned.get("person"):
        return selectors.person_option(cleaned["person"])
    if cleaned.get("organisation"):
        return selectors.organisation_option(cleaned["organisation"])
    if membership is not None and not form.is_bound:
        if membership.person is not None:
            return selectors.person_option(membership.person)
        if membership.organisation is not None:
            return selectors.organisation_option(membership.organisation)
    return None


@require_http_methods(["GET", "POST"])
def membership_delete(request: HttpRequest, pk: int) -> HttpResponse:
    membership = get_object_or_404(Membership.objects.select_related("partnership"), pk=pk)
    require(request.user, "delete", membership)
    partnership = membership.partnership
    return confirm_delete(
        request,
        obj=membership,
        kind="membership",
        consequence="The membership can be restored later from Deleted items.",
        cancel_url=partnership.get_absolute_url(),
        delete=lambda: services.membership_remove(membership=membership, actor=actor_of(request)),
        message=f"{membership.member} has been removed from {partnership}.",
        done=partnership,
    )


# --- organisations and people -------------------------------------------------------------


def _search_words(request: HttpRequest) -> str:
    """The words searched for: in the address, or carried in a form sent back."""
    sent = request.POST if request.method == "POST" else request.GET
    # No database stores a NUL character (PostgreSQL refuses it), and nobody means one.
    return sent.get("q", "").replace("\x00", "").strip()[:100]


def _list_page(request: HttpRequest, template: str, queryset: Any, search: str) -> HttpResponse:
    page = Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"page": page, "search": search}
    if getattr(request, "htmx", False):
        response = render(request, template.replace(".html", "_results.html"), context)
    else:
        response = render(request, template, context)
    # The fragment and the full page share a URL: caches must keep them apart.
    patch_vary_headers(response, ["HX-Request"])
    return response


@require_GET
def organisation_list(request: HttpRequest) -> HttpResponse:
    search = _search_words(request)
    response = _list_page(
        request,
        "partnerships/organisation_list.html",
        selectors.organisation_list(request.user, search),
        search,
    )
    return response


@require_GET
def organisation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    organisation = get_object_or_404(Organisation, pk=pk)
    require(request.user, "view", organisation)
    return render(
        request,
        "partnerships/organisation.html",
        {
            "organisation": organisation,
            # Drawn in Python, as the partnership page's lists are: template loops cost more.
            "memberships_html": html.seat_rows(
                selectors.memberships_of(organisation, request.user)
            ),
            "people_html": html.people_items(selectors.people_of(organisation, request.user)),
        },
    )


@require_http_methods(["GET", "POST"])
def organisation_create(request: HttpRequest) -> HttpResponse:
    require(request.user, "add", Organisation)
    form = OrganisationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        organisation = save_or_show_errors(
            form, lambda: services.organisation_create(actor=actor_of(request), **form.cleaned_data)
        )
        if organisation is not None:
            messages.success(request, f"{organisation} has been added.")
            return redirect(organisation)
    return form_page(request, "partnerships/organisation_form.html", form, organisation=None)


@require_http_methods(["GET", "POST"])
def organisation_edit(request: HttpRequest, pk: int) -> HttpResponse:
    organisation = get_object_or_404(Organisation, pk=pk)
    require(request.user, "change", organisation)
    initial = {f: getattr(organisation, f) for f in ("name", "short_name", "sector", "website")}
    form = OrganisationForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        saved = save_or_show_errors(
            form,
            lambda: services.organisation_update(
                organisation=organisation, actor=actor_of(request), **form.cleaned_data
            ),
        )
        if saved is not None:
            messages.success(request, f"{saved} has been updated.")
            return redirect(saved)
    return form_page(
        request, "partnerships/organisation_form.html", form, organisation=organisation
    )


@require_http_methods(["GET", "POST"])
def organisation_delete(request: HttpRequest, pk: int) -> HttpResponse:
    organisation = get_object_or_404(Organisation, pk=pk)
    require(request.user, "delete", organisation)
    return confirm_delete(
        request,
        obj=organisation,
        kind="organisation",
        consequence="Its memberships of partnerships will be deleted with it, and its "
        "people will no longer be linked to it. Everything can be restored later.",
        cancel_url=organisation.get_absolute_url(),
        delete=lambda: services.organisation_delete(
            organisation=organisation, actor=actor_of(request)
        ),
        message=f"{organisation} has been deleted. A manager can restore it from Deleted items.",
        done="partnerships:organisations",
    )


@require_GET
def person_list(request: HttpRequest) -> HttpResponse:
    search = _search_words(request)
    return _list_page(
        request,
        "partnerships/person_list.html",
        selectors.people_list(request.user, search),
        search,
    )


@require_GET
def person_detail(request: HttpRequest, pk: int) -> HttpResponse:
    person = get_object_or_404(Person.objects.select_related("organisation"), pk=pk)
    require(request.user, "view", person)
    return render(
        request,
        "partnerships/person.html",
        {
            "person": person,
            # Drawn in Python, as the partnership page's lists are: template loops cost more.
            "memberships_html": html.seat_rows(selectors.memberships_of(person, request.user)),
        },
    )


@require_http_methods(["GET", "POST"])
def person_create(request: HttpRequest) -> HttpResponse:
    require(request.user, "add", Person)
    form = PersonForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        person = save_or_show_errors(
            form, lambda: services.person_create(actor=actor_of(request), **form.cleaned_data)
        )
        if person is not None:
            messages.success(request, f"{person} has been added.")
            return redirect(person)
    return form_page(request, "partnerships/person_form.html", form, person=None)


@require_http_methods(["GET", "POST"])
def person_edit(request: HttpRequest, pk: int) -> HttpResponse:
    person = get_object_or_404(Person, pk=pk)
    require(request.user, "change", person)
    initial = {
        "name": person.name,
        "job_title": person.job_title,
        "organisation": person.organisation_id,
        "email": person.email,
    }
    form = PersonForm(request.POST or None, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        saved = save_or_show_errors(
            form,
            lambda: services.person_update(
                person=person, actor=actor_of(request), **form.cleaned_data
            ),
        )
        if saved is not None:
            messages.success(request, f"{saved} has been updated.")
            return redirect(saved)
    return form_page(request, "partnerships/person_form.html", form, person=person)


@require_http_methods(["GET", "POST"])
def person_delete(request: HttpRequest, pk: int) -> HttpResponse:
    person = get_object_or_404(Person, pk=pk)
    require(request.user, "delete", person)
    return confirm_delete(
        request,
        obj=person,
        kind="person",
        consequence="Their memberships of partnerships will be deleted with them. "
        "Everything can be restored later.",
        cancel_url=person.get_absolute_url(),
        delete=lambda: services.person_delete(person=person, actor=actor_of(request)),
        message=f"{person} has been deleted. A manager can restore them from Deleted items.",
        done="partnerships:people",
    )
