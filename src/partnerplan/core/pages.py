"""What every form page does the same way: who is acting, showing a form, saving through
a service. Views of every part of the service call these."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from partnerplan.core.audit import Actor
from partnerplan.core.forms import add_validation_error

T = TypeVar("T")


def actor_of(request: HttpRequest) -> Actor:
    """The signed-in user, acting through the web pages."""
    return Actor(user=request.user)


def form_page(
    request: HttpRequest, template: str, form: Any, status: int | None = None, **context: Any
) -> HttpResponse:
    """Show a form; a rejected submission answers 400, as any bad input does."""
    if status is None:
        status = 400 if form.is_bound and form.errors else 200
    return render(request, template, {"form": form, **context}, status=status)


def save_or_show_errors(form: Any, write: Callable[[], T]) -> T | None:
    """Run a service; a rule it enforces becomes an error on the form, nothing saved."""
    try:
        return write()
    except ValidationError as error:
        add_validation_error(form, error)
        return None


def confirm_delete(
    request: HttpRequest,
    *,
    obj: Any,
    kind: str,
    consequence: str,
    cancel_url: str,
    delete: Callable[[], object],
    message: str,
    done: Any,
) -> HttpResponse:
    """Ask "are you sure?"; on yes, run the (recoverable) delete and go to `done`."""
    if request.method == "POST":
        delete()
        messages.success(request, message)
        return redirect(done)
    return render(
        request,
        "partnerships/confirm_delete.html",
        {"object": obj, "kind": kind, "consequence": consequence, "cancel_url": cancel_url},
    )
