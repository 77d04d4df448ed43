"""`partnerplan import FILE`: read a plan document and save its plans, or show what it
would save."""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from tqdm import tqdm

from partnerplan.core.audit import Actor
from partnerplan.core.models import AuditSource
from partnerplan.importers.interchange import Document, InterchangeError, to_text
from partnerplan.importers.readers.errors import ImportRefused
from partnerplan.importers.readers.safety import MAX_FILE_BYTES
from partnerplan.importers.services import import_plans, kind_of, name_mismatch, read_plans
from partnerplan.partnerships.selectors import partnership_named


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
        document, mismatch = self._read(Path(options["file"]), options["title"])
        if options["json"]:
            self.stdout.write(to_text(document), ending="")
        else:
            self._progress(_summary(document))
        if mismatch:
            self._progress(f"{mismatch} It was read as what it is.")
        if options["dry_run"]:
            if not options["json"]:
                self.stdout.write("Dry run: nothing was saved.")
            return
        if mismatch:
            # Saved straight away, unlike the page's preview: be sure it is the right file.
            raise CommandError(
                f"{mismatch} Nothing was saved: check it with --dry-run, and give the file "
                "the name of what it is to import it."
            )
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

    def _read(self, path: Path, title: str | None) -> tuple[Document, str | None]:
        """The plans in the file, and what to say if its name promises another type."""
        try:
            if not path.is_file():
                raise CommandError(f"There is no file {path}.")
            # Refused before it is read into memory (the readers refuse it too).
            if path.stat().st_size > MAX_FILE_BYTES:
                raise CommandError(f"{path.name} is larger than 20 MB: it was not read.")
            self._progress(f"Reading {path.name}…")
            data = path.read_bytes()
            mismatch = name_mismatch(path.name, kind_of(data))
            with self._page_bar() as progress:
                document = read_plans(data, name=path.name, title=title, progress=progress)
            return document, mismatch
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

    @contextmanager
    def _page_bar(self) -> Iterator[Callable[[int, int], None] | None]:
        """A bar of pages read, for a person watching a terminal; a log or a pipe gets
        the stage messages only."""
        if not self.stderr.isatty():
            yield None
            return
        bar: tqdm | None = None

        def progress(done: int, total: int) -> None:
            nonlocal bar
            if bar is None:
                # A terminal that reports no size (a bare pseudo-terminal) would get no
                # bar at all: tqdm hides bars below a screen of zero lines.
                size = shutil.get_terminal_size()
                bar = tqdm(
                    total=total,
                    unit="page",
                    desc="Reading",
                    file=self.stderr._out,
                    ncols=size.columns,
                    nrows=size.lines,
                )
            bar.update(done - bar.n)

        try:
            yield progress
        finally:
            if bar is not None:
                bar.close()

    def _progress(self, message: str) -> None:
        # Progress goes to standard error, so that --json output can be piped.
        self.stderr.write(message, style_func=lambda text: text)


def _summary(document: Document) -> str:
    lines = []
    for plan in document.plans:
        counts = ", ".join(
            _count(number, word)
            for number, word in [
                (len(plan.objectives), "objective"),
                (len(plan.actions), "action"),
                (plan.milestone_count, "milestone"),
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
