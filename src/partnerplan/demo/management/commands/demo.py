"""`partnerplan demo`: load the demo county once and print how to sign in."""

from __future__ import annotations

import os
import secrets
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand

from partnerplan.demo.loader import load_demo

WORDS = [
    "amber",
    "beacon",
    "bridge",
    "canal",
    "cedar",
    "harbour",
    "meadow",
    "orchard",
    "quarry",
    "ridge",
    "spire",
    "willow",
]


def demo_password() -> str:
    """From PARTNERPLAN_DEMO_PASSWORD, else the one saved on the first run, else a new one."""
    if os.environ.get("PARTNERPLAN_DEMO_PASSWORD"):
        return os.environ["PARTNERPLAN_DEMO_PASSWORD"]
    saved = settings.VAR_DIR / "demo-sign-in.txt"
    if saved.exists():
        return saved.read_text().strip()
    password = "-".join(secrets.choice(WORDS) for _ in range(3)) + f"-{secrets.randbelow(100)}"
    settings.VAR_DIR.mkdir(parents=True, exist_ok=True)
    saved.touch(mode=0o600)
    saved.write_text(password)
    return password


class Command(BaseCommand):
    help = "Load a fictional county partnership framework with demo accounts (once)."

    def handle(self, *args: Any, **options: Any) -> None:
        password = demo_password()
        result = load_demo(password=password)
        if result.loaded:
            self.stdout.write(f"Loaded the demo county: {result.partnerships} partnerships.")
        else:
            self.stdout.write("The demo county is already loaded.")
        if result.plans:
            self.stdout.write(f"Loaded {result.plans} demo plans.")
        port = os.environ.get("PORT", "8000")
        self.stdout.write(
            f"partnerplan demo: sign in at http://127.0.0.1:{port}/ as manager "
            f"with password {password}"
        )
        self.stdout.write("Other demo accounts, same password: " + ", ".join(result.usernames[1:]))
