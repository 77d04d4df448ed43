"""Access roles a user can hold on a partnership, weakest first."""

from django.db import models


class AccessRole(models.TextChoices):
    NONE = "none", "No access"
    VIEWER = "viewer", "Viewer"
    LEAD = "lead", "Lead"
    EDITOR = "editor", "Editor"
    MANAGER = "manager", "Manager"


# "No access" ranks lowest so that granting it on a sub-partnership overrides
# what would otherwise be inherited from above.
ROLE_RANK: dict[str, int] = {
    AccessRole.NONE: 0,
    AccessRole.VIEWER: 1,
    AccessRole.LEAD: 2,
    AccessRole.EDITOR: 3,
    AccessRole.MANAGER: 4,
}
