"""Request-level rules: who may reach any page, how big a request may be, cookie flags."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse

from partnerplan.core.views import bad_request

# Calendar feeds are read by calendar programs, and a reminder's "stop" link is followed
# from an e-mail: both carry their own secret token instead of a session.
PUBLIC_PATH_PREFIXES = (
    "/sign-in/",
    "/healthz",
    "/robots.txt",
    "/static/",
    "/admin/login/",
    "/feeds/",
    "/reminders/stop/",
)


class RequestLimitsMiddleware:
    """Refuse an oversized body with a 400 page before anything reads it."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            return bad_request(request, None, message="The request could not be read.")
        if length > settings.MAX_REQUEST_BODY_BYTES:
            return bad_request(request, None, message="The request was too large to accept.")
        return self.get_response(request)


class SignInRequiredMiddleware:
    """Anonymous visitors reach only the sign-in page (and health and static files)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not request.user.is_authenticated and not request.path.startswith(PUBLIC_PATH_PREFIXES):
            return redirect_to_login(request.get_full_path())
        return self.get_response(request)


class SecureCookiesOnlyOverHttpsMiddleware:
    """Cookies are Secure over HTTPS; over plain http (a laptop, `make run`) they cannot be,
    or the browser would drop them and nobody could sign in."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if not request.is_secure() and not settings.HTTPS:
            for morsel in response.cookies.values():
                morsel["secure"] = ""
        return response
