"""The `partnerplan createmanager` command: a working account, clear errors, an audit row."""

from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command

from partnerplan.accounts.models import RoleGrant, User
from partnerplan.core.models import AuditEvent
from partnerplan.core.permissions import can

pytestmark = pytest.mark.django_db


def test_createmanager_makes_a_manager_of_the_named_partnership(framework, monkeypatch, capsys):  # type: ignore[no-untyped-def]
    monkeypatch.setenv("NEW_PASSWORD", "a perfectly long password")
    call_command(
        "createmanager",
        "--username",
        "newboss",
        "--partnership",
        "Safer Testshire",
        "--password-from-env",
        "NEW_PASSWORD",
    )

    user = User.objects.get(username="newboss")
    assert user.check_password("a perfectly long password")
    assert user.password.startswith("argon2")
    assert RoleGrant.objects.get(user=user).role == "manager"
    assert can(user, "change", framework.subgroup)  # manages what reports to it
    assert not can(user, "change", framework.board)
    assert AuditEvent.objects.filter(object_repr="newboss", source="cli").exists()
    assert "Created newboss, manager of Safer Testshire." in capsys.readouterr().out


def test_createmanager_admin_prints_a_generated_password(db, capsys):  # type: ignore[no-untyped-def]
    call_command("createmanager", "--username", "root2", "--admin")
    out = capsys.readouterr().out
    password = out.split("Password: ")[1].strip()
    user = User.objects.get(username="root2")
    assert user.is_superuser and user.check_password(password)


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["--username", "x", "--partnership", "No Such Board"], "There is no partnership"),
        (["--username", "x"], "Name at least one --partnership"),
        (["--username", "manager", "--admin"], "There is already an account called manager"),
        (
            ["--username", "x", "--admin", "--password-from-env", "UNSET_VAR_FOR_TEST"],
            "is empty or not set",
        ),
    ],
)
def test_createmanager_refuses_bad_input_clearly(framework, arguments, message):  # type: ignore[no-untyped-def]
    before = User.objects.count()
    with pytest.raises(CommandError, match=message):
        call_command("createmanager", *arguments)
    assert User.objects.count() == before
