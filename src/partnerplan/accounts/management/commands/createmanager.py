"""`partnerplan createmanager`: an account that manages partnerships, or administers the site."""

from __future__ import annotations

import getpass
import os
import secrets
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from partnerplan.accounts.models import User
from partnerplan.accounts.services import create_manager
from partnerplan.core.audit import Actor
from partnerplan.core.models import AuditSource
from partnerplan.partnerships.models import Partnership
from partnerplan.partnerships.selectors import partnership_named


class Command(BaseCommand):
    help = (
        "Create a user who manages the named partnerships (and everything that reports to "
        "them). With --admin, a site administrator who may do everything."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--username", required=True)
        parser.add_argument("--email", default="")
        parser.add_argument(
            "--partnership",
            action="append",
            default=[],
            metavar="NAME",
            help="A partnership to manage, by name or short name. Repeat for several.",
        )
        parser.add_argument("--admin", action="store_true", help="Make a site administrator.")
        parser.add_argument(
            "--password-from-env",
            metavar="VARIABLE",
            help="Read the password from this environment variable instead of asking.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if User.objects.filter(username=options["username"]).exists():
            raise CommandError(f"There is already an account called {options['username']}.")
        partnerships = [self._partnership(name) for name in options["partnership"]]
        if not partnerships and not options["admin"]:
            raise CommandError("Name at least one --partnership to manage, or use --admin.")
        password, generated = self._password(options["password_from_env"])
        try:
            user = create_manager(
                username=options["username"],
                password=password,
                email=options["email"],
                partnerships=partnerships,
                administrator=options["admin"],
                actor=Actor.system(AuditSource.CLI),
            )
        except ValidationError as error:
            raise CommandError("; ".join(error.messages)) from error
        what = (
            "site administrator"
            if options["admin"]
            else "manager of " + ", ".join(p.name for p in partnerships)
        )
        self.stdout.write(f"Created {user.username}, {what}.")
        if generated:
            self.stdout.write(f"Password: {password}")

    def _partnership(self, name: str) -> Partnership:
        found = partnership_named(name)
        if found is None:
            raise CommandError(f"There is no partnership called “{name}”.")
        return found

    def _password(self, variable: str | None) -> tuple[str, bool]:
        if variable:
            value = os.environ.get(variable, "")
            if not value:
                raise CommandError(f"The environment variable {variable} is empty or not set.")
            return value, False
        if os.isatty(0):
            first = getpass.getpass("Password: ")
            if first != getpass.getpass("Password (again): "):
                raise CommandError("The two passwords differ.")
            return first, False
        return secrets.token_urlsafe(12), True
