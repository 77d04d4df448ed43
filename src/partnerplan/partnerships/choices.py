"""The words of the partnership framework, defined once."""

from django.db import models


class OrganisationSector(models.TextChoices):
    STATUTORY = "statutory", "Statutory"
    VOLUNTARY = "voluntary", "Voluntary and community"
    PRIVATE = "private", "Private"
    OTHER = "other", "Other"


class PartnershipKind(models.TextChoices):
    BOARD = "board", "Board"
    EXECUTIVE = "executive", "Executive"
    STEERING_GROUP = "steering_group", "Steering group"
    PUBLIC_SERVICE_BOARD = "public_service_board", "Public service board"
    THEMATIC = "thematic", "Thematic partnership"
    DISTRICT = "district", "District partnership"
    SUB_GROUP = "sub_group", "Sub-group"
    OFFICER_GROUP = "officer_group", "Officer group"
    DELIVERY_BLOCK = "delivery_block", "Delivery block"


class MemberRole(models.TextChoices):
    """Ordered as a partnership page lists its members."""

    CHAIR = "chair", "Chair"
    VICE_CHAIR = "vice_chair", "Vice-chair"
    LEAD = "lead", "Lead"
    COORDINATOR = "coordinator", "Co-ordinator"
    MEMBER = "member", "Member"


class SectorRepresented(models.TextChoices):
    STATUTORY = "statutory", "Statutory"
    VOLUNTARY = "voluntary", "Voluntary and community"
    PRIVATE = "private", "Private"
    ETHNIC_MINORITY = "ethnic_minority", "Ethnic minority representation"
    ELECTED_MEMBERS = "elected_members", "Elected members"
    OTHER = "other", "Other"


MEMBER_ROLE_ORDER = {role: index for index, role in enumerate(MemberRole.values)}
SECTOR_ORDER = {sector: index for index, sector in enumerate(SectorRepresented.values)}
