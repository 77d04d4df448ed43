"""Organisations, people, partnerships, their reporting lines and memberships."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q

from partnerplan.core.links import link_to
from partnerplan.partnerships.choices import (
    MemberRole,
    OrganisationSector,
    PartnershipKind,
    SectorRepresented,
)


class Organisation(models.Model):
    """A partner body: the council, the police, a charity, a business."""

    name = models.CharField(max_length=200, unique=True)
    short_name = models.CharField(max_length=50, blank=True)
    sector = models.CharField(max_length=20, choices=OrganisationSector.choices)
    website = models.URLField(blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return link_to("partnerships:organisation", self.pk)


class Person(models.Model):
    """Someone who takes part in partnerships, whether or not they sign in."""

    name = models.CharField(max_length=200)
    job_title = models.CharField(max_length=200, blank=True)
    organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.SET_NULL, related_name="people"
    )
    email = models.EmailField("e-mail", blank=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="person",
        verbose_name="user account",
    )

    class Meta:
        ordering = ["name", "id"]
        verbose_name_plural = "people"

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return link_to("partnerships:person", self.pk)


class Partnership(models.Model):
    """A board, partnership or group that agrees plans and reports to others."""

    name = models.CharField(max_length=200, unique=True)
    short_name = models.CharField(max_length=50, blank=True)
    kind = models.CharField(max_length=30, choices=PartnershipKind.choices)
    description = models.TextField(blank=True)
    website = models.URLField(blank=True)
    reports_to = models.ManyToManyField(
        "self",
        through="ReportingLine",
        symmetrical=False,
        related_name="reported_to_by",
        blank=True,
    )

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return link_to("partnerships:partnership", self.pk)


class ReportingLine(models.Model):
    """One partnership reports to another; the lines never form a cycle."""

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="lines_up")
    reports_to = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="lines_down")

    class Meta:
        ordering = ["reports_to__name", "partnership__name"]
        constraints = [
            models.UniqueConstraint(fields=["partnership", "reports_to"], name="one_line_per_pair"),
            models.CheckConstraint(
                condition=~Q(partnership=models.F("reports_to")), name="no_line_to_itself"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.partnership} reports to {self.reports_to}"


class Membership(models.Model):
    """A person or an organisation sitting on a partnership in a role."""

    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, related_name="memberships"
    )
    person = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.CASCADE, related_name="memberships"
    )
    organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(max_length=20, choices=MemberRole.choices, default=MemberRole.MEMBER)
    sector = models.CharField(
        "sector represented", max_length=20, choices=SectorRepresented.choices
    )
    from_date = models.DateField("from", null=True, blank=True)
    to_date = models.DateField("to", null=True, blank=True)

    class Meta:
        ordering = ["partnership", "role", "id"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(person__isnull=False) & Q(organisation__isnull=True))
                | (Q(person__isnull=True) & Q(organisation__isnull=False)),
                name="member_is_person_or_organisation",
            ),
            models.CheckConstraint(
                condition=Q(to_date__isnull=True)
                | Q(from_date__isnull=True)
                | Q(to_date__gte=models.F("from_date")),
                name="membership_ends_after_it_starts",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.member} ({self.get_role_display().lower()}, {self.partnership})"

    @property
    def member(self) -> Person | Organisation | None:
        return self.person or self.organisation

    def clean(self) -> None:
        if bool(self.person_id) == bool(self.organisation_id):
            raise ValidationError("Choose a person or an organisation, not both.")
        if self.from_date and self.to_date and self.to_date < self.from_date:
            raise ValidationError({"to_date": "The end date must be on or after the start date."})
