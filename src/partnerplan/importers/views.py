"""The import pages: upload a document, watch it being read, check and correct the
preview, save. Thin: check permission, call jobs, render."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from partnerplan.core.pages import actor_of, form_page
from partnerplan.core.permissions import require
from partnerplan.importers import jobs
from partnerplan.importers.forms import (
    ACCEPTED,
    UploadForm,
    choices_from,
    column_roles_from,
)
from partnerplan.importers.interchange import Document, InterchangeError
from partnerplan.importers.models import ImportJob, ImportState
from partnerplan.importers.preview import (
    Column,
    action_count,
    apply_choices,
    leads_text,
    plan_words,
    preview_actions,
    problems_on_page,
)
from partnerplan.partnerships.models import Partnership
from partnerplan.plans.choices import DEFAULT_LABELS


@require_http_methods(["GET", "POST"])
def upload(request: HttpRequest, pk: int) -> HttpResponse:
    partnership = get_object_or_404(Partnership, pk=pk)
    require(request.user, "add_plan", partnership)
    sent = request.method == "POST"
    form = UploadForm(request.POST if sent else None, request.FILES if sent else None)
    if sent and form.is_valid():
        document = form.cleaned_data["document"]
        job = jobs.start_import(
            actor=actor_of(request),
            partnership=partnership,
            file_name=document.name,
            data=document.read(),
        )
        return redirect(job)
    return form_page(
        request, "importers/upload.html", form, partnership=partnership, accepted=ACCEPTED
    )


def _job_of(
    request: HttpRequest, pk: int, action: str = "view", *, whole: bool = True
) -> ImportJob:
    jobs_wanted = ImportJob.objects.select_related("partnership", "plan")
    if not whole:
        # Polled every second: the upload and its reading stay in the database.
        jobs_wanted = ImportJob.objects.defer("data", "read_document", "choices", "column_roles")
    job = get_object_or_404(jobs_wanted, pk=pk)
    require(request.user, action, job)
    return job


@require_GET
def progress(request: HttpRequest, pk: int) -> HttpResponse:
    """The reading's progress, polled by the page while it lasts."""
    job = _job_of(request, pk, whole=False)
    response = render(request, "importers/_progress.html", {"job": job})
    if job.state != ImportState.READING or jobs.reading_stopped(job):
        response["HX-Redirect"] = job.get_absolute_url()
    return response


@require_http_methods(["GET", "POST"])
def job(request: HttpRequest, pk: int) -> HttpResponse:
    job = _job_of(request, pk, "change" if request.method == "POST" else "view")
    if job.state != ImportState.READ:
        if request.method == "POST":
            return redirect(job)
        stopped = jobs.reading_stopped(job)
        # A document that could not be read is bad input, answered as such.
        refused = stopped or job.state == ImportState.REFUSED
        return render(
            request,
            "importers/job.html",
            {"job": job, "stopped": stopped},
            status=422 if refused else 200,
        )
    try:
        read = jobs.as_read(job)
    except jobs.ReadingLost:
        return redirect(job)
    columns = jobs.columns(job)
    problems: list[str] = []
    status = 200
    if request.method == "POST":
        read_again = jobs.remember(
            job,
            choices=choices_from(request.POST, action_count(read)),
            column_roles=column_roles_from(request.POST, len(columns)),
        )
        if request.POST.get("do") != "save" or read_again:
            # A new reading is shown before anything is saved from it.
            return redirect(f"{job.get_absolute_url()}#preview")
        try:
            plans = jobs.save_job(job, actor=actor_of(request))
        except jobs.AlreadySaved:
            return redirect(job)
        except InterchangeError as error:
            problems = list(error.problems)
            status = 400
        else:
            return redirect(plans[0])
    return render(
        request,
        "importers/preview.html",
        _preview_context(job, read, columns, problems),
        status=status,
    )


def _preview_context(
    job: ImportJob, read: Document, columns: list[Column], problems: list[str]
) -> dict[str, object]:
    choices = jobs.choices_of(job)
    document = apply_choices(read, choices)
    plan = document.plans[0] if document.plans else None
    read_plan = read.plans[0] if read.plans else None
    words = plan_words(read_plan)
    return {
        "job": job,
        "document": document,
        "plan": plan,
        "read_plan": read_plan,
        "actions": preview_actions(read_plan, choices) if read_plan else [],
        "labels": words.labels,
        "words": words,
        "leads_text": leads_text,
        "labels_default": DEFAULT_LABELS,
        "columns": columns,
        "column_roles": jobs.column_roles_of(job),
        "mismatch": jobs.name_mismatch(job),
        "problems": problems_on_page(problems, read, choices, words.labels),
    }
