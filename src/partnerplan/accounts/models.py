"""User accounts and the roles they hold on partnerships."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.db import models

from partnerplan.accounts.choices import AccessRole


class User(AbstractUser):
    """Someone who signs in; belongs to one partner organisation."""

    organisation = models.ForeignKey(
        "partnerships.Organisation",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="users",
    )

    audit_exclude = ("password", "last_login")

    class Meta:
        ordering = ["username"]

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    @property
    def is_site_administrator(self) -> bool:
        return bool(self.is_active and self.is_superuser)


class RoleGrant(models.Model):
    """A user's role on a partnership; also applies to the partnerships below it."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="role_grants")
    partnership = models.ForeignKey(
        "partnerships.Partnership", on_delete=models.CASCADE, related_name="role_grants"
    )
    role = models.CharField(max_length=10, choices=AccessRole.choices)

    class Meta:
        ordering = ["partnership__name", "user__username"]
        constraints = [
            models.UniqueConstraint(fields=["user", "partnership"], name="one_role_per_partnership")
        ]

    def __str__(self) -> str:
        return f"{self.user} is {self.get_role_display().lower()} of {self.partnership}"
