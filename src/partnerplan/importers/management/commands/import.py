"""`partnerplan import FILE`: read a plan document and save its plans, or show what it
would save."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from partnerplan.core.audit import Actor
from partnerplan.core.models import AuditSource
from partnerplan.importers.interchange import Document, InterchangeError, to_text
from partnerplan.importers.readers.errors import ImportRefused
from partnerplan.importers.services import import_plans, read_plans
from partnerplan.partnerships.selectors import partnership_named

# Bigger files are refused before they are read into memory (the readers refuse them too).
LARGEST_FILE = 20 * 1024 * 1024


class Command(BaseCommand):
    help = (
        "Import the plans in a document (Word, Excel, CSV, HTML, Markdown, text, or the "
        "partnerplan plan format). With --dry-run nothing is saved; with --json the plans "
        "as read are printed in the plan format (docs/plan-format.md)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="The document to import.")
        parser.add_argument(
            "--partnership",
            metavar="NAME",
            help="The partnership that owns the plans, by name or short name. By default "
            "the one the document names.",
        )
        parser.add_argument("--title", help="The plan's title, when the document has none.")
        parser.add_argument("--dry-run", action="store_true", help="Read, but save nothing.")
        parser.add_argument(
            "--json", action="store_true", help="Print the plans as read, in the plan format."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        document = self._read(Path(options["file"]), options["title"])
        if options["json"]:
            self.stdout.write(to_text(document), ending="")
        else:
            self._progress(_summary(document))
        if options["dry_run"]:
            if not options["json"]:
                self.stdout.write("Dry run: nothing was saved.")
            return
        partnership = self._partnership(options["partnership"], document)
        try:
            plans = import_plans(
                document=document,
                partnership=partnership,
                actor=Actor.system(AuditSource.IMPORT),
                saved=lambda plan: self._progress(f"Saved “{plan.title}”."),
            )
        except InterchangeError as error:
            raise CommandError(f"Nothing was saved.\n{error}") from error
        for plan in plans:
            self._progress(f"Imported “{plan.title}” into {partnership.name} (plan {plan.pk}).")

    def _read(self, path: Path, title: str | None) -> Document:
        try:
            if not path.is_file():
                raise CommandError(f"There is no file {path}.")
            if path.stat().st_size > LARGEST_FILE:
                raise CommandError(f"{path.name} is larger than 20 MB: it was not read.")
            self._progress(f"Reading {path.name}…")
            return read_plans(path.read_bytes(), name=path.name, title=title)
        except (ImportRefused, InterchangeError) as error:
            raise CommandError(f"{path.name}: {error}") from error
        except OSError as error:
            raise CommandError(f"{path.name} could not be opened: {error.strerror}.") from error

    def _partnership(self, name: str | None, document: Document) -> Any:
        named = name or next((p.partnership for p in document.plans if p.partnership), None)
        if not named:
            raise CommandError("Say which partnership the plans belong to with --partnership NAME.")
        partnership = partnership_named(named)
        if partnership is None:
            raise CommandError(f"There is no partnership called “{named}”.")
        return partnership

    def _progress(self, message: str) -> None:
        # Progress goes to standard error, so that --json output can be piped.
        self.stderr.write(message, style_func=lambda text: text)


def _summary(document: Document) -> str:
    lines = []
    for plan in document.plans:
        actions = [a for o in plan.objectives for a in o.actions]
        milestones = sum(len(a.milestones) for a in actions)
        counts = ", ".join(
            _count(number, word)
            for number, word in [
                (len(plan.objectives), "objective"),
                (len(actions), "action"),
                (milestones, "milestone"),
            ]
        )
        lines.append(f"“{plan.title or 'Untitled plan'}”: {counts}.")
    if document.unplaced:
        lines.append(
            f"{_count(len(document.unplaced), 'passage')} could not be placed in a plan "
            "(see “unplaced” with --json)."
        )
    if not lines:
        lines.append("No plan was found in the document.")
    return "\n".join(lines)


def _count(number: int, word: str) -> str:
    return f"{number} {word}{'' if number == 1 else 's'}"
