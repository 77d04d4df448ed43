"""`partnerplan generate --scale small|county`: a large fictional data set, for timing pages."""

from __future__ import annotations

import os
import secrets
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from partnerplan.demo.scale import SCALES, ScaleExistsError, generate


class Command(BaseCommand):
    help = (
        "Generate a fictional partnership framework at the given scale, with an account in "
        "each role. The same seed always gives the same data. A scale is generated once per "
        "database: asking again is refused and changes nothing."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--scale", required=True, choices=sorted(SCALES))
        parser.add_argument("--seed", type=int, default=2026)
        parser.add_argument(
            "--password",
            help="The password of every generated account. Default: "
            "PARTNERPLAN_DEMO_PASSWORD, or a new one printed once.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        password = options["password"] or os.environ.get("PARTNERPLAN_DEMO_PASSWORD", "")
        generated = not password
        if generated:
            password = secrets.token_urlsafe(12)
        try:
            summary = generate(options["scale"], seed=options["seed"], password=password)
        except ScaleExistsError as error:
            raise CommandError(str(error)) from error
        counts = ", ".join(f"{number:,} {what}" for what, number in summary.counts().items())
        self.stdout.write(
            f"Generated the {summary.name} scale (seed {summary.seed}) in "
            f"{summary.seconds:.1f} s: {counts}."
        )
        self.stdout.write(
            f"Largest partnership: {summary.largest_partnership_name} "
            f"({summary.largest_partnership_members:,} members), "
            f"/partnerships/{summary.largest_partnership_id}/"
        )
        self.stdout.write("Sign in as: " + ", ".join(summary.usernames.values()))
        if generated:
            self.stdout.write(f"Password for all of them (shown only now): {password}")
        else:
            self.stdout.write("Password: the one you gave.")
