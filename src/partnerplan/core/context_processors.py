"""What every Jinja page is given beside its own context."""

from __future__ import annotations

from django.http import HttpRequest
from django.middleware.csrf import get_token
from django.utils.functional import SimpleLazyObject
from django.utils.html import format_html


def csrf_once(request: HttpRequest) -> dict[str, object]:
    """The CSRF field, masked once per response rather than once per form.

    Django's own `csrf_input` masks the token afresh each time it is drawn, which costs
    a random string per form: a members list with a remove button a row drew hundreds.
    A fresh mask per response is what guards against compression attacks.
    """
    token = SimpleLazyObject(lambda: get_token(request))
    field = SimpleLazyObject(
        lambda: format_html('<input type="hidden" name="csrfmiddlewaretoken" value="{}">', token)
    )
    return {"csrf_token": token, "csrf_input": field}
