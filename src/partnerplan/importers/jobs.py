"""Importing through the pages: upload, read in the background, preview, save.

The upload answers at once; the document is read after the request, with its progress
written to the job so that the page can show it. The preview is recovery's reading
with the person's corrections (preview.Choices); saving is one transaction for the
whole plan, and only then is anything of the plan in the database.
"""

from __future__ import annotations

import logging
import re
import time
from datetime import timedelta
from pathlib import PurePath
from typing import Any

from django.db import DatabaseError, transaction
from django.utils import timezone

from partnerplan.core.audit import Actor, record_create
from partnerplan.importers import background, services
from partnerplan.importers.blocks import blocks_from_json, blocks_to_json
from partnerplan.importers.columns import ROLES
from partnerplan.importers.interchange import Document, InterchangeError, from_text
from partnerplan.importers.models import ImportJob, ImportState
from partnerplan.importers.preview import Choices, Column, apply_choices, columns_of
from partnerplan.importers.readers import read
from partnerplan.importers.readers.errors import ImportRefused
from partnerplan.importers.recover import recover
from partnerplan.importers.services import PLAN_FORMAT, import_plans, is_plan_format
from partnerplan.partnerships.models import Partnership
from partnerplan.plans.models import Plan

logger = logging.getLogger(__name__)

# Longer than any reading may take (the PDF reader stops itself well before), so a job
# still "reading" after this had its process stopped under it and will never finish.
READING_GIVEN_UP_AFTER = timedelta(minutes=5)

# An import not saved within this long lets its upload go: plan documents are large, and
# the person still has their own copy.
UNSAVED_KEPT_FOR = timedelta(days=30)

# Progress is written at most this often (seconds): a page's poll needs no more.
PROGRESS_EVERY = 0.25


@transaction.atomic
def start_import(
    *, actor: Actor, partnership: Partnership, file_name: str, data: bytes
) -> ImportJob:
    """Keep the upload and read it in the background once the upload is saved."""
    job = ImportJob.objects.create(
        owner=actor.user,
        partnership=partnership,
        file_name=PurePath(file_name).name[:255] or "document",
        data=data,
        state=ImportState.READING,
    )
    record_create(job, actor=actor, partnership_id=partnership.pk)
    transaction.on_commit(lambda: background.submit(job.pk, lambda: read_job(job.pk)))
    let_old_uploads_go()
    return job


def let_old_uploads_go(now: Any = None) -> int:
    """Drop the uploads and readings of imports left unsaved for too long; the imports
    themselves stay, saying why. Returns how many were let go."""
    now = now or timezone.now()
    return (
        ImportJob.objects.filter(changed_at__lt=now - UNSAVED_KEPT_FOR)
        .exclude(state=ImportState.SAVED)
        .exclude(state=ImportState.REFUSED, data=b"")
        .update(
            state=ImportState.REFUSED,
            data=b"",
            read_document=None,
            message=f"This import was not saved within {UNSAVED_KEPT_FOR.days} days, so "
            "its upload has been removed. Upload the document again to import it.",
        )
    )


def read_job(job_id: int) -> None:
    """Read the job's document, writing progress as pages are read, then what was read
    or why it could not be."""
    job = ImportJob.objects.get(pk=job_id)
    data = bytes(job.data)
    # Its wait in the queue is over: "stopped" is measured from here.
    ImportJob.objects.filter(pk=job_id).update(changed_at=timezone.now())
    written = 0.0

    def progress(done: int, total: int) -> None:
        nonlocal written
        now = time.monotonic()
        if done < total and now - written < PROGRESS_EVERY:
            return
        written = now
        try:
            ImportJob.objects.filter(pk=job_id).update(
                pages_read=done, pages=total, changed_at=timezone.now()
            )
        except DatabaseError:
            # A busy database costs the page a progress report, never the reading.
            logger.warning("Progress of import %s not written", job_id, exc_info=True)

    try:
        if is_plan_format(data):
            from_text(data)  # refused now, not at the preview, if it is not valid
            found: dict[str, Any] = {"kind": PLAN_FORMAT, "read_document": None}
        else:
            document = read(data, name=job.file_name, progress=progress, isolated=True)
            found = {"kind": document.kind, "read_document": _storable(blocks_to_json(document))}
    except (ImportRefused, InterchangeError) as error:
        _finish(job_id, state=ImportState.REFUSED, message=str(error))
        return
    except Exception:
        logger.exception("Import %s could not be read", job_id)
        _finish(job_id, state=ImportState.REFUSED, message=COULD_NOT_READ)
        return
    try:
        _finish(job_id, state=ImportState.READ, **found)
    except DatabaseError:
        logger.exception("What was read from import %s could not be kept", job_id)
        _finish(job_id, state=ImportState.REFUSED, message=COULD_NOT_READ)


COULD_NOT_READ = "The document could not be read: it may be damaged."

# Characters no database column of text may hold (PostgreSQL refuses NUL in JSON) and
# that no plan means: a NUL, or half of a surrogate pair.
_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")


def _storable(value: Any) -> Any:
    """The reading, without characters the database cannot store."""
    if isinstance(value, str):
        return _UNSTORABLE.sub("", value)
    if isinstance(value, list):
        return [_storable(item) for item in value]
    if isinstance(value, dict):
        return {key: _storable(item) for key, item in value.items()}
    return value


def _finish(job_id: int, **fields: Any) -> None:
    ImportJob.objects.filter(pk=job_id, state=ImportState.READING).update(
        changed_at=timezone.now(), **fields
    )


def reading_stopped(job: ImportJob, now: Any = None) -> bool:
    """True for a job that will never finish reading (its process was stopped)."""
    now = now or timezone.now()
    return job.state == ImportState.READING and now - job.changed_at > READING_GIVEN_UP_AFTER


def name_mismatch(job: ImportJob) -> str | None:
    """What to tell the person when the file's name promises another type than it holds."""
    return services.name_mismatch(job.file_name, job.kind) if job.kind else None


class ReadingLost(Exception):
    """What was read can no longer be shown (kept by an older partnerplan, say)."""


def as_read(job: ImportJob) -> Document:
    """Recovery's reading of the document, with the person's column roles. ReadingLost
    when what was kept cannot be read back; the import then says so."""
    try:
        if job.kind == PLAN_FORMAT:
            return from_text(bytes(job.data))
        read_document = blocks_from_json(job.read_document)
    except (ValueError, TypeError) as error:
        ImportJob.objects.filter(pk=job.pk).update(
            state=ImportState.REFUSED,
            data=b"",
            read_document=None,
            message="What was read from this document can no longer be shown. Upload the "
            "document again to import it.",
        )
        raise ReadingLost from error
    return recover(read_document, column_roles=column_roles_of(job) or None)


def column_roles_of(job: ImportJob) -> dict[int, str]:
    """What the person said each column of the plan table holds, by column number."""
    return {int(number): role for number, role in job.column_roles.items() if role in ROLES}


def columns(job: ImportJob) -> list[Column]:
    """The columns of the document's plan table, for the person to say what each holds."""
    return columns_of(blocks_from_json(job.read_document)) if job.read_document else []


def choices_of(job: ImportJob) -> Choices:
    saved = job.choices or {}
    return Choices(
        title=saved.get("title"),
        period=saved.get("period"),
        starts=None if saved.get("starts") is None else frozenset(saved["starts"]),
        objective_titles={int(at): title for at, title in saved.get("titles", {}).items()},
        dropped=frozenset(saved.get("dropped", [])),
    )


def remember(job: ImportJob, *, choices: Choices, column_roles: dict[int, str]) -> bool:
    """Keep the person's corrections. New column roles read the document again, so the
    corrections made on the old reading no longer apply and are let go: True then, for
    the person to see the new reading before anything is saved."""
    roles = {str(number): role for number, role in column_roles.items() if role in ROLES}
    read_again = roles != job.column_roles
    if read_again:
        choices = Choices(title=choices.title, period=choices.period)
    job.column_roles = roles
    job.choices = {
        "title": choices.title,
        "period": choices.period,
        "starts": None if choices.starts is None else sorted(choices.starts),
        "titles": {str(at): title for at, title in choices.objective_titles.items()},
        "dropped": sorted(choices.dropped),
    }
    job.save(update_fields=["column_roles", "choices", "changed_at"])
    return read_again


def preview(job: ImportJob) -> Document:
    """What saving the job would save."""
    return apply_choices(as_read(job), choices_of(job))


class AlreadySaved(Exception):
    """The import was saved meanwhile (the form sent twice, or from another tab)."""


@transaction.atomic
def save_job(job: ImportJob, *, actor: Actor) -> list[Plan]:
    """Save the previewed plans, all or nothing (InterchangeError lists what is missing).
    The upload is let go once its plan is saved."""
    locked = ImportJob.objects.select_for_update().get(pk=job.pk)
    if locked.state != ImportState.READ:
        raise AlreadySaved
    plans = import_plans(document=preview(locked), partnership=locked.partnership, actor=actor)
    locked.state = ImportState.SAVED
    locked.plan = plans[0]
    locked.data = b""
    locked.save(update_fields=["state", "plan", "data", "changed_at"])
    return plans
