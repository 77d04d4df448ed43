"""The import pages: upload, reading in the background, the preview a person corrects,
and saving everything in one transaction; nothing saved before they confirm."""

from __future__ import annotations

import json
import re
from datetime import timedelta
from urllib.parse import urlencode

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone

from partnerplan.core.audit import Actor
from partnerplan.core.models import AuditAction, AuditEvent
from partnerplan.core.testing.factories import SmallFramework, make_user
from partnerplan.importers import background, jobs
from partnerplan.importers.models import ImportJob, ImportState
from partnerplan.partnerships.models import Organisation, Person
from partnerplan.plans.models import Action, Milestone, Objective, Plan, ProgressUpdate

# The shape a document converter gives a Word plan: tab-separated rows, HTML in cells.
PLAN_TEXT = (
    "Greener Streets Action Plan 2011/12\n"
    "\n"
    "Theme 1: Cleaner pavements\n"
    "Activity\tResponsibility\tMilestones\tTimescale\tProgress\n"
    "1.1 Weekly sweeping of the high street\tAmir Shah (Streets Manager), Testshire "
    "County Council\t<ul><li>Rota agreed</li><li>Sweepers hired</li></ul>\tBy June 11"
    "\tGreen\n"
    "1.2 Report-it cards in every shop\tTestshire Volunteer Centre\t1. Cards printed "
    "2. Shops visited\tSummer\tCards are with the printer.\n"
    "Theme 2: Fewer fly-tips\n"
    "Activity\tResponsibility\tMilestones\tTimescale\tProgress\n"
    "2.1 Cameras at the three worst sites\tDana District (Planner)\t<p>Sites chosen</p>"
    "\tAutumn\tRed\n"
)


def upload(client: Client, partnership_pk: int, name: str, data: bytes) -> ImportJob:
    response = client.post(
        f"/partnerships/{partnership_pk}/plans/import/",
        {"document": SimpleUploadedFile(name, data)},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    job = ImportJob.objects.latest("pk")
    assert response["Location"] == f"/imports/{job.pk}/"
    return job


def uploaded_and_read(client: Client, partnership_pk: int, name: str, data: bytes) -> ImportJob:
    """Upload, then read as the background would: the test's transaction is never
    committed, so the reading starts here rather than after the commit."""
    job = upload(client, partnership_pk, name, data)
    jobs.read_job(job.pk)
    job.refresh_from_db()
    return job


def text_of(response) -> str:  # type: ignore[no-untyped-def]
    return " ".join(re.sub(r"<[^>]+>", " ", response.content.decode()).split())


def plan_rows() -> tuple[int, int, int, int]:
    return (
        Plan.objects.count(),
        Objective.objects.count(),
        Action.objects.count(),
        Milestone.objects.count(),
    )


@pytest.fixture
def manager(framework: SmallFramework, client_for) -> Client:  # type: ignore[no-untyped-def]
    """The board's manager, who may add the people and organisations a plan names."""
    return client_for(framework.users["manager"])


@pytest.mark.django_db
def test_only_people_who_may_add_plans_reach_the_upload_page(
    framework: SmallFramework,
    client_for,  # type: ignore[no-untyped-def]
) -> None:
    address = f"/partnerships/{framework.board.pk}/plans/import/"
    assert client_for(None).get(address).status_code == 302  # to sign in
    assert client_for(framework.users["viewer"]).get(address).status_code == 403
    assert client_for(framework.users["outsider"]).get(address).status_code == 403
    page = client_for(framework.users["editor"]).get(address)
    assert page.status_code == 200
    assert "Nothing is saved until you have checked what was read" in text_of(page)
    partnership_page = client_for(framework.users["editor"]).get(
        f"/partnerships/{framework.board.pk}/"
    )
    assert f'href="{address}"' in partnership_page.content.decode()


@pytest.mark.django_db
def test_an_upload_without_a_file_or_with_an_empty_one_is_refused(
    framework: SmallFramework, manager: Client
) -> None:
    address = f"/partnerships/{framework.board.pk}/plans/import/"
    missing = manager.post(address, {})
    assert missing.status_code == 400
    assert "Choose the document to import" in text_of(missing)
    empty = manager.post(address, {"document": SimpleUploadedFile("plan.docx", b"")})
    assert empty.status_code == 400
    assert "The chosen file is empty" in text_of(empty)
    assert ImportJob.objects.count() == 0


@pytest.mark.django_db
def test_a_file_over_20_mb_is_refused_with_a_message(
    framework: SmallFramework, manager: Client
) -> None:
    big = SimpleUploadedFile("plan.csv", b"a,b\n" * (5 * 1024 * 1024 + 1))
    response = manager.post(f"/partnerships/{framework.board.pk}/plans/import/", {"document": big})
    assert response.status_code == 400
    assert "The file must be smaller than 20 MB" in text_of(response)
    assert ImportJob.objects.count() == 0


@pytest.mark.django_db
def test_the_preview_shows_the_plan_in_its_own_words_and_nothing_is_saved(
    framework: SmallFramework, manager: Client
) -> None:
    before = plan_rows()
    job = uploaded_and_read(manager, framework.board.pk, "streets.txt", PLAN_TEXT.encode())
    assert job.state == ImportState.READ
    page = manager.get(f"/imports/{job.pk}/")
    assert page.status_code == 200
    text = text_of(page)
    assert "2 themes, 3 activities and 5 milestones will be imported" in text
    assert 'value="Greener Streets Action Plan 2011/12"' in page.content.decode()
    assert 'value="2011/12"' in page.content.decode()
    # The plan's own words for its parts.
    assert "Activity 1.1: Weekly sweeping of the high street" in text
    assert "Responsibility Amir Shah" in text
    assert "Cleaner pavements" in page.content.decode()
    assert "Rota agreed" in text and "Sweepers hired" in text
    # Progress written without a colour is shown as such, not guessed.
    assert "No status given Cards are with the printer." in text
    assert plan_rows() == before


@pytest.mark.django_db
def test_saving_imports_the_whole_plan_in_one_go_and_audits_it(
    framework: SmallFramework, manager: Client
) -> None:
    job = uploaded_and_read(manager, framework.board.pk, "streets.txt", PLAN_TEXT.encode())
    response = manager.post(f"/imports/{job.pk}/", {"do": "save"})
    plan = Plan.objects.get()
    assert response.status_code == 302 and response["Location"] == plan.get_absolute_url()
    assert plan.title == "Greener Streets Action Plan 2011/12"
    assert plan.partnership == framework.board
    assert plan.label("action") == "Activity"
    assert [o.title for o in plan.objectives.order_by("position")] == [
        "Cleaner pavements",
        "Fewer fly-tips",
    ]
    assert Action.objects.filter(plan=plan).count() == 3
    assert Milestone.objects.filter(action__plan=plan).count() == 5
    unstated = ProgressUpdate.objects.get(action__plan=plan, action__number="1.2")
    assert unstated.get_status_display() == "No status given"
    created = AuditEvent.objects.filter(
        action=AuditAction.CREATE, actor=framework.users["manager"]
    ).count()
    assert created >= 1 + 2 + 3 + 5
    job.refresh_from_db()
    assert job.state == ImportState.SAVED and job.plan == plan
    assert bytes(job.data) == b""  # the upload is let go once its plan is saved
    # Sending the form again saves nothing more.
    again = manager.post(f"/imports/{job.pk}/", {"do": "save"})
    assert again.status_code == 302
    assert Plan.objects.count() == 1
    assert "has been imported" in text_of(manager.get(f"/imports/{job.pk}/"))


@pytest.mark.django_db
def test_actions_left_out_are_not_imported(framework: SmallFramework, manager: Client) -> None:
    job = uploaded_and_read(manager, framework.board.pk, "streets.txt", PLAN_TEXT.encode())
    form = {"objectives-shown": "1", "keep": ["0", "2"], "starts": ["2"]}
    preview = manager.post(f"/imports/{job.pk}/", form)
    assert preview.status_code == 302
    page = text_of(manager.get(f"/imports/{job.pk}/"))
    assert "2 themes, 2 activities and 3 milestones will be imported" in page
    assert "Report-it cards in every shop Left out" in page
    manager.post(f"/imports/{job.pk}/", {**form, "do": "save"})
    assert sorted(Action.objects.values_list("number", flat=True)) == ["1.1", "2.1"]


@pytest.mark.django_db
def test_objective_boundaries_can_be_moved_and_a_new_objective_needs_its_title(
    framework: SmallFramework, manager: Client
) -> None:
    job = uploaded_and_read(manager, framework.board.pk, "streets.txt", PLAN_TEXT.encode())
    # One objective starting at every action: the new one at the second has no title.
    form = {"objectives-shown": "1", "keep": ["0", "1", "2"], "starts": ["1", "2"]}
    refused = manager.post(f"/imports/{job.pk}/", {**form, "do": "save"})
    assert refused.status_code == 400
    assert re.search(
        r'<a href="#objective-title-1">Enter a title for the theme starting at activity 1.2</a>',
        refused.content.decode(),
    )
    assert Plan.objects.count() == 0
    manager.post(f"/imports/{job.pk}/", {**form, "objective-title-1": "Shops", "do": "save"})
    plan = Plan.objects.get()
    assert [o.title for o in plan.objectives.order_by("position")] == [
        "Cleaner pavements",
        "Shops",
        "Fewer fly-tips",
    ]
    # And the other way: no objective boundary but the first joins everything.
    job = uploaded_and_read(manager, framework.board.pk, "streets.txt", PLAN_TEXT.encode())
    manager.post(
        f"/imports/{job.pk}/",
        {"objectives-shown": "1", "keep": ["0", "1", "2"], "objective-title-0": "All streets"},
    )
    page = text_of(manager.get(f"/imports/{job.pk}/"))
    assert "1 theme, 3 activities and 5 milestones will be imported" in page


@pytest.mark.django_db
def test_a_column_read_wrongly_can_be_given_its_role_and_the_document_is_read_again(
    framework: SmallFramework, manager: Client
) -> None:
    job = uploaded_and_read(manager, framework.board.pk, "streets.txt", PLAN_TEXT.encode())
    page = manager.get(f"/imports/{job.pk}/").content.decode()
    # The fourth column, "Timescale", is read as the timescale; say it holds comments.
    assert re.search(r'<label class="govuk-label" for="column-3">Timescale</label>', page)
    changed = {"column-3": "comments", "objectives-shown": "1", "keep": ["0", "2"]}
    # A new reading is shown before anything is saved from it, even if "Import" was pressed.
    shown = manager.post(f"/imports/{job.pk}/", {**changed, "do": "save"})
    assert shown.status_code == 302 and shown["Location"].endswith("#preview")
    assert Plan.objects.count() == 0
    page = manager.get(f"/imports/{job.pk}/")
    assert '<option value="comments" selected>' in page.content.decode()
    assert "3 activities" in text_of(page)  # the choices made on the old reading are let go
    manager.post(f"/imports/{job.pk}/", {"column-3": "comments", "do": "save"})
    action = Action.objects.get(number="1.1")
    assert action.comments == "By June 11"
    assert action.timescale == ""


@pytest.mark.django_db
def test_the_title_and_period_can_be_corrected_before_saving(
    framework: SmallFramework, manager: Client
) -> None:
    job = uploaded_and_read(manager, framework.board.pk, "streets.txt", PLAN_TEXT.encode())
    refused = manager.post(f"/imports/{job.pk}/", {"title": " ", "period": "", "do": "save"})
    assert refused.status_code == 400
    page = refused.content.decode()
    assert '<a href="#title">Enter the plan’s title</a>' in page
    assert '<a href="#period">Enter the financial years the plan covers' in page
    assert Plan.objects.count() == 0
    manager.post(
        f"/imports/{job.pk}/",
        {"title": "Streets plan", "period": "2011/12–2012/13", "do": "save"},
    )
    plan = Plan.objects.get()
    assert (plan.title, plan.first_year, plan.last_year) == ("Streets plan", 2011, 2012)


@pytest.mark.django_db
def test_an_import_is_its_uploaders_alone(
    framework: SmallFramework,
    manager: Client,
    client_for,  # type: ignore[no-untyped-def]
) -> None:
    job = uploaded_and_read(manager, framework.board.pk, "streets.txt", PLAN_TEXT.encode())
    # Not another manager of the same board, nor an editor, nor anyone elsewhere.
    other_manager = make_user("another", role="manager", partnership=framework.board)
    for user in (
        other_manager,
        framework.users["editor"],
        framework.users["viewer"],
        framework.users["outsider"],
    ):
        client = client_for(user)
        assert client.get(f"/imports/{job.pk}/").status_code == 403
        assert client.get(f"/imports/{job.pk}/progress/").status_code == 403
        assert client.post(f"/imports/{job.pk}/", {"do": "save"}).status_code == 403
    assert Plan.objects.count() == 0
    assert client_for(None).get(f"/imports/{job.pk}/").status_code == 302


@pytest.mark.django_db
def test_a_document_that_cannot_be_read_says_why_and_saves_nothing(
    framework: SmallFramework, manager: Client
) -> None:
    job = uploaded_and_read(manager, framework.board.pk, "plan.docx", b"PK\x03\x04 broken")
    assert job.state == ImportState.REFUSED
    page = manager.get(f"/imports/{job.pk}/")
    assert page.status_code == 422
    assert "plan.docx could not be imported" in text_of(page)
    assert job.message in text_of(page)
    assert manager.post(f"/imports/{job.pk}/", {"do": "save"}).status_code == 302
    assert Plan.objects.count() == 0


@pytest.mark.django_db
def test_a_file_whose_name_promises_another_type_is_read_as_what_it_is_and_said_so(
    framework: SmallFramework, manager: Client
) -> None:
    job = uploaded_and_read(manager, framework.board.pk, "streets.docx", PLAN_TEXT.encode())
    assert job.state == ImportState.READ
    text = text_of(manager.get(f"/imports/{job.pk}/"))
    assert "streets.docx is named as a Word document but is a text file" in text


@pytest.mark.django_db
def test_a_document_with_no_plan_in_it_says_so_and_offers_no_import(
    framework: SmallFramework, manager: Client
) -> None:
    letter = b"Dear colleagues,\n\nThe next meeting is on Tuesday.\n"
    job = uploaded_and_read(manager, framework.board.pk, "letter.txt", letter)
    page = manager.get(f"/imports/{job.pk}/")
    text = text_of(page)
    assert "No plan was found in this document" in text
    assert "The next meeting is on Tuesday." in text  # listed as not placed
    assert "Import plan" not in text


@pytest.mark.django_db
def test_a_reading_in_progress_shows_its_pages_and_a_stopped_one_says_so(
    framework: SmallFramework, manager: Client
) -> None:
    job = upload(manager, framework.board.pk, "streets.txt", PLAN_TEXT.encode())
    ImportJob.objects.filter(pk=job.pk).update(pages=40, pages_read=12)
    page = manager.get(f"/imports/{job.pk}/")
    assert page.status_code == 200
    assert "Read 12 of 40 pages." in text_of(page)
    assert '<progress class="pp-reading-bar" max="40" value="12"' in page.content.decode()
    polled = manager.get(f"/imports/{job.pk}/progress/")
    assert "HX-Redirect" not in polled
    long_ago = timezone.now() - jobs.READING_GIVEN_UP_AFTER - timedelta(minutes=1)
    ImportJob.objects.filter(pk=job.pk).update(changed_at=long_ago)
    stopped = manager.get(f"/imports/{job.pk}/")
    assert "Reading the document stopped before it finished" in text_of(stopped)
    assert manager.get(f"/imports/{job.pk}/progress/")["HX-Redirect"] == f"/imports/{job.pk}/"


@pytest.mark.django_db(transaction=True)
def test_the_upload_is_read_in_the_background_after_it_is_saved(
    client_for,  # type: ignore[no-untyped-def]
) -> None:
    from partnerplan.core.testing.factories import small_framework

    framework = small_framework()
    manager = client_for(framework.users["manager"])
    job = upload(manager, framework.board.pk, "streets.txt", PLAN_TEXT.encode())
    background.wait(job.pk, timeout=60)
    job.refresh_from_db()
    assert job.state == ImportState.READ
    assert job.kind == "text"
    polled = manager.get(f"/imports/{job.pk}/progress/")
    assert polled["HX-Redirect"] == f"/imports/{job.pk}/"
    assert "2 themes, 3 activities" in text_of(manager.get(f"/imports/{job.pk}/"))


@pytest.mark.django_db
def test_a_pdf_is_read_page_by_page_and_its_pages_counted(
    framework: SmallFramework, manager: Client
) -> None:
    from tests.pdf_documents import across_pages_plan, plan_pdf

    job = uploaded_and_read(manager, framework.board.pk, "plan.pdf", plan_pdf(across_pages_plan()))
    assert job.state == ImportState.READ and job.kind == "pdf"
    assert job.pages >= 2 and job.pages_read == job.pages
    assert "will be imported" in text_of(manager.get(f"/imports/{job.pk}/"))


@pytest.mark.django_db
def test_an_import_left_unsaved_for_a_month_lets_its_upload_go(
    framework: SmallFramework, manager: Client
) -> None:
    old = uploaded_and_read(manager, framework.board.pk, "old.txt", PLAN_TEXT.encode())
    recent = uploaded_and_read(manager, framework.board.pk, "new.txt", PLAN_TEXT.encode())
    month_ago = timezone.now() - jobs.UNSAVED_KEPT_FOR - timedelta(hours=1)
    ImportJob.objects.filter(pk=old.pk).update(changed_at=month_ago)
    assert jobs.let_old_uploads_go() == 1
    old.refresh_from_db()
    recent.refresh_from_db()
    assert bytes(old.data) == b"" and old.read_document is None
    assert old.state == ImportState.REFUSED
    assert "not saved within 30 days" in text_of(manager.get(f"/imports/{old.pk}/"))
    assert recent.state == ImportState.READ and bytes(recent.data)
    assert jobs.let_old_uploads_go() == 0  # nothing is let go twice


@pytest.mark.django_db
def test_an_editor_imports_only_what_they_may_add_and_is_told_the_rest(
    framework: SmallFramework,
    client_for,  # type: ignore[no-untyped-def]
) -> None:
    """Adding people, organisations and groups is a manager's job everywhere else, so an
    import by an editor may name only leads the framework already has."""
    editor = client_for(framework.users["editor"])
    job = uploaded_and_read(editor, framework.board.pk, "streets.txt", PLAN_TEXT.encode())
    people, organisations = Person.objects.count(), Organisation.objects.count()
    refused = editor.post(f"/imports/{job.pk}/", {"do": "save"})
    assert refused.status_code == 400
    text = text_of(refused)
    assert "there is no person called “Amir Shah” yet, and adding one needs a manager" in text
    assert "there is no person called “Dana District”" not in text  # already known
    assert (Plan.objects.count(), Person.objects.count()) == (0, people)
    assert Organisation.objects.count() == organisations
    # Leave out the action whose lead is new, and the rest imports.
    kept = editor.post(
        f"/imports/{job.pk}/",
        {"objectives-shown": "1", "keep": ["1", "2"], "starts": ["2"], "do": "save"},
    )
    assert kept.status_code == 302
    assert sorted(Action.objects.values_list("number", flat=True)) == ["1.2", "2.1"]


@pytest.mark.django_db
def test_sending_the_import_twice_saves_once_and_shows_the_plan(
    framework: SmallFramework, manager: Client
) -> None:
    job = uploaded_and_read(manager, framework.board.pk, "streets.txt", PLAN_TEXT.encode())
    jobs.save_job(job, actor=Actor(user=framework.users["manager"]))
    with pytest.raises(jobs.AlreadySaved):
        jobs.save_job(job, actor=Actor(user=framework.users["manager"]))
    assert Plan.objects.count() == 1


@pytest.mark.django_db
def test_a_reading_that_can_no_longer_be_shown_says_so(
    framework: SmallFramework, manager: Client
) -> None:
    job = uploaded_and_read(manager, framework.board.pk, "streets.txt", PLAN_TEXT.encode())
    ImportJob.objects.filter(pk=job.pk).update(read_document={"kind": "text"})
    assert manager.post(f"/imports/{job.pk}/", {"do": "save"}).status_code == 302
    page = manager.get(f"/imports/{job.pk}/")
    assert page.status_code == 422
    assert "can no longer be shown. Upload the document again" in text_of(page)
    assert Plan.objects.count() == 0


@pytest.mark.django_db
def test_values_the_form_never_sends_are_ignored_not_a_500(
    framework: SmallFramework, manager: Client
) -> None:
    job = uploaded_and_read(manager, framework.board.pk, "streets.txt", PLAN_TEXT.encode())
    huge = "9" * 5000
    form = {
        "objectives-shown": "1",
        "keep": [huge, "-1", "x", "0"],
        "starts": huge,
        f"objective-title-{huge}": "Nonsense",
        "column-0": "nonsense",
        "do": "preview",
    }
    sent = manager.post(
        f"/imports/{job.pk}/",
        urlencode(form, doseq=True),
        content_type="application/x-www-form-urlencoded",
    )
    assert sent.status_code == 302
    assert "1 theme, 1 activity" in text_of(manager.get(f"/imports/{job.pk}/"))


@pytest.mark.django_db
def test_characters_no_database_can_store_are_left_out_of_the_reading(
    framework: SmallFramework, manager: Client
) -> None:
    # Past the part of a file looked at to tell text from binary data.
    text = PLAN_TEXT + ("\n" + "Notes " * 20) * 100 + "\nLast\x00 line\n"
    job = uploaded_and_read(manager, framework.board.pk, "streets.txt", text.encode())
    assert job.state == ImportState.READ
    assert "\\u0000" not in json.dumps(job.read_document)
    assert "Last line" in text_of(manager.get(f"/imports/{job.pk}/"))


@pytest.mark.django_db
def test_the_preview_asks_the_database_the_same_few_questions_however_long_the_plan(
    framework: SmallFramework, manager: Client
) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    rows = "".join(
        f"1.{n} Task number {n}\tTestshire Volunteer Centre\t1. First 2. Second\tSummer\tGreen\n"
        for n in range(1, 61)
    )
    long_plan = PLAN_TEXT + "Theme 3: Everything else\n" + PLAN_TEXT.splitlines()[3] + "\n" + rows
    counts = []
    for text in (PLAN_TEXT, long_plan):
        job = uploaded_and_read(manager, framework.board.pk, "plan.txt", text.encode())
        with CaptureQueriesContext(connection) as queries:
            assert manager.get(f"/imports/{job.pk}/").status_code == 200
        counts.append(len(queries))
    assert counts == [5, 5]  # session, user, import, roles, reporting lines
