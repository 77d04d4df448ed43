"""Signing in and out."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from partnerplan.accounts import selectors, services
from partnerplan.accounts.forms import RoleGrantForm, SignInForm
from partnerplan.accounts.models import RoleGrant
from partnerplan.core.audit import Actor
from partnerplan.core.permissions import require
from partnerplan.partnerships.models import Partnership


class SignInView(auth_views.LoginView):
    template_name = "accounts/sign_in.html"
    authentication_form = SignInForm
    redirect_authenticated_user = True

    def form_invalid(self, form):  # type: ignore[no-untyped-def]
        response = super().form_invalid(form)
        response.status_code = 400
        return response


class SignOutView(auth_views.LogoutView):
    template_name = "accounts/signed_out.html"


def client_ip_behind_proxy(request: HttpRequest) -> str:
    """The address the (one, trusted) proxy saw: the last entry it appended."""
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
    return hops[-1] if hops else request.META.get("REMOTE_ADDR", "")


def locked_out(
    request: HttpRequest, credentials: Any = None, *args: Any, **kwargs: Any
) -> HttpResponse:
    """Shown instead of the sign-in page after too many failed attempts."""
    return render(request, "accounts/locked_out.html", status=429)


@require_http_methods(["GET", "POST"])
def partnership_access(request: HttpRequest, pk: int) -> HttpResponse:
    """Who holds which role on a partnership; managers set and remove roles here."""
    partnership = get_object_or_404(Partnership, pk=pk)
    require(request.user, "manage_access", partnership)
    form = RoleGrantForm(request.POST or None, manager=request.user)
    if request.method == "POST" and form.is_valid():
        grant = services.grant_role(
            user=form.cleaned_data["user"],
            partnership=partnership,
            role=form.cleaned_data["role"],
            actor=Actor(user=request.user),
        )
        messages.success(request, f"{grant}.")
        return redirect("accounts:partnership_access", pk=partnership.pk)
    return render(
        request,
        "accounts/partnership_access.html",
        {"partnership": partnership, "grants": selectors.grants_on(partnership), "form": form},
        status=400 if form.is_bound and form.errors else 200,
    )


@require_POST
def revoke_role(request: HttpRequest, pk: int) -> HttpResponse:
    grant = get_object_or_404(RoleGrant.objects.select_related("partnership", "user"), pk=pk)
    require(request.user, "manage_access", grant.partnership)
    services.revoke_role(grant=grant, actor=Actor(user=request.user))
    messages.success(
        request, f"{grant.user} no longer has a role of their own on {grant.partnership}."
    )
    return redirect("accounts:partnership_access", pk=grant.partnership_id)
