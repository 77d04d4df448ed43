"""Signing in with a username and password, and finding the signed-in user on each request."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.backends import ModelBackend

from partnerplan.accounts.models import User


class UserBackend(ModelBackend):
    """Django's own backend, with the user's organisation read in the same query: every
    page names it beside the user, and that would otherwise cost a query a page."""

    def get_user(self, user_id: Any) -> User | None:
        user = User.objects.select_related("organisation").filter(pk=user_id).first()
        return user if user is not None and self.user_can_authenticate(user) else None
