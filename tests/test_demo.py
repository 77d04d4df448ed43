"""The demo county loads once, with accounts in each role that can sign in."""

from __future__ import annotations

import pytest
from django.contrib.auth import authenticate
from django.core.management import call_command
from django.test import RequestFactory

from partnerplan.accounts.models import RoleGrant, User
from partnerplan.core.models import AuditEvent
from partnerplan.partnerships.models import Membership, Organisation, Partnership, Person

pytestmark = pytest.mark.django_db


def counts() -> tuple[int, ...]:
    return tuple(m.objects.count() for m in (Partnership, Organisation, Person, Membership, User))


def test_demo_loads_the_promised_framework_once(settings, tmp_path, monkeypatch, capsys):  # type: ignore[no-untyped-def]
    settings.VAR_DIR = tmp_path
    monkeypatch.delenv("PARTNERPLAN_DEMO_PASSWORD", raising=False)
    call_command("demo")
    first_output = capsys.readouterr().out
    loaded = counts()
    assert loaded[0] >= 14 and loaded[1] >= 15 and loaded[2] >= 40
    assert Organisation.objects.values("sector").distinct().count() >= 3
    assert {g.role for g in RoleGrant.objects.all()} >= {"viewer", "lead", "editor", "manager"}
    assert User.objects.filter(is_superuser=True).exists()
    assert AuditEvent.objects.filter(source="demo", action="create").count() >= sum(loaded[:4])

    call_command("demo")
    second_output = capsys.readouterr().out
    assert counts() == loaded
    line = next(x for x in first_output.splitlines() if x.startswith("partnerplan demo: sign in"))
    assert line in second_output  # the saved password is reused
    password = line.rsplit(" ", 1)[1]
    for username in ("manager", "admin", "editor", "lead", "viewer", "district"):
        request = RequestFactory().post("/sign-in/")
        assert authenticate(request, username=username, password=password) is not None
