"""Pages every part of the service shares: health, errors, history and restore."""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.contrib import messages
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import connection
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_POST

from partnerplan.core.audit import Actor, RestoreError, restore_deleted
from partnerplan.core.models import AuditAction, AuditEvent
from partnerplan.core.permissions import (
    access_for,
    can,
    forget_access,
    require,
    restorable_deletions,
)
from partnerplan.core.selectors import history_page

AUDITED_MODELS = {
    "partnerships.partnership",
    "partnerships.organisation",
    "partnerships.person",
    "partnerships.membership",
    "accounts.rolegrant",
    "plans.plan",
    "plans.objective",
    "plans.action",
    "plans.milestone",
}


@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:
        return JsonResponse({"status": "unavailable", "database": "unreachable"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


ROBOTS = "User-agent: *\nDisallow: /\n"


@require_GET
def robots_txt(request: HttpRequest) -> HttpResponse:
    # Nothing is published to the public yet, so no page should be indexed. It touches
    # neither the database nor a template, which makes it the yardstick `make bench`
    # compares every page with.
    return HttpResponse(ROBOTS, content_type="text/plain")


def _error(
    request: HttpRequest, status: int, title: str, message: str, minimal: bool = False
) -> HttpResponse:
    return render(
        request,
        "core/error.html",
        {"status": status, "title": title, "message": message, "minimal": minimal},
        status=status,
    )


def bad_request(
    request: HttpRequest,
    exception: Exception | None = None,
    message: str = "The request could not be understood.",
) -> HttpResponse:
    return _error(request, 400, "Sorry, there is a problem with the request", message)


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _error(
        request,
        403,
        "You do not have permission to see this page",
        "If you think you should, ask the manager of the partnership to give you a role on it.",
    )


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _error(
        request,
        404,
        "Page not found",
        "If you typed the web address, check it is correct. If you followed a link, the item "
        "may have been deleted.",
    )


SERVER_ERROR_HTML = (
    "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'><title>Sorry, there is a "
    "problem with the service</title></head><body><main><h1>Sorry, there is a problem with "
    "the service</h1><p>Nothing you sent has been half-saved. Try again later.</p></main>"
    "</body></html>"
)


def server_error(request: HttpRequest) -> HttpResponse:
    try:
        return _error(
            request,
            500,
            "Sorry, there is a problem with the service",
            "Nothing you sent has been half-saved. Try again later.",
            minimal=True,
        )
    except Exception:
        return HttpResponse(SERVER_ERROR_HTML, status=500)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    return _error(
        request,
        403,
        "Your session has expired or the form was sent twice",
        "Go back, reload the page and try again. Nothing has been saved.",
    )


def _model_or_404(model_label: str) -> type:
    if model_label not in AUDITED_MODELS:
        raise Http404
    return apps.get_model(model_label)


@require_GET
def history(request: HttpRequest, model_label: str, pk: str) -> HttpResponse:
    model = _model_or_404(model_label)
    content_type = ContentType.objects.get_for_model(model)
    if not (pk.isascii() and pk.isdigit() and len(pk) < 19):
        raise Http404
    obj = model._default_manager.filter(pk=pk).first()
    if obj is not None:
        require(request.user, "view", obj)
        title = str(obj)
    else:
        deletion = (
            AuditEvent.objects.for_key(content_type, pk).filter(action=AuditAction.DELETE).first()
        )
        if deletion is None:
            raise Http404
        require(request.user, "view", deletion)
        title = deletion.object_repr
    page, rows = history_page(content_type, pk, request.GET.get("page"))
    return render(
        request,
        "core/history.html",
        {
            "object": obj,
            "title": title,
            "kind": model._meta.verbose_name,
            "page": page,
            "rows": rows,
            "content_type": content_type,
        },
    )


@require_GET
def deleted_items(request: HttpRequest) -> HttpResponse:
    if not access_for(request.user).manages_any:
        raise PermissionDenied
    # What a deletion removed can run to thousands of rows; the list shows none of it.
    events = (
        restorable_deletions(request.user)
        .select_related("content_type")
        .defer("removed", "changes")
    )
    page = Paginator(events, 50).get_page(request.GET.get("page"))
    return render(request, "core/deleted.html", {"page": page})


@require_POST
def restore(request: HttpRequest, event_id: int) -> HttpResponse:
    event = get_object_or_404(AuditEvent, pk=event_id)
    if event.action != "delete":
        raise Http404
    if event.restored_by_event_id is not None:
        messages.info(request, f"“{event.object_repr}” has already been restored.")
        return redirect("core:deleted")
    require(request.user, "restore", event)
    try:
        restore_deleted(event, actor=Actor(user=request.user))
    except RestoreError as error:
        messages.error(request, f"“{event.object_repr}” could not be restored. {error}")
        return redirect("core:deleted")
    messages.success(request, f"“{event.object_repr}” has been restored.")
    # Restoring a partnership brings back its role grants: what the user may see changed.
    forget_access(request.user)
    restored: Any = event.content_type.get_object_for_this_type(pk=event.object_id)
    if can(request.user, "view", restored) and hasattr(restored, "get_absolute_url"):
        return redirect(restored.get_absolute_url())
    return redirect("core:deleted")
