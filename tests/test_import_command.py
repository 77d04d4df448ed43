"""`partnerplan import`: a document read into plans, shown without saving, or saved whole;
bad files refused with a message and nothing saved."""

from __future__ import annotations

import io
import json
import re
import zipfile
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from partnerplan.core.models import AuditEvent, AuditSource
from partnerplan.core.testing.factories import SmallFramework
from partnerplan.core.testing.plans import small_plan
from partnerplan.importers.export import plan_to_interchange
from partnerplan.importers.interchange import from_text, to_json, to_text
from partnerplan.partnerships.models import Organisation, Person
from partnerplan.plans.models import Action, Milestone, Plan

pytestmark = pytest.mark.django_db

# The shape a document converter gives a Word plan: tab-separated rows, HTML in cells.
CONVERTED_PLAN = (
    "Cleaner Parks Delivery Plan 2010/11\n"
    "\n"
    "Theme 1: Tidier play areas\n"
    "Action\tLead\tMilestones\tTimescale\tProgress\n"
    "1.1 Repaint the play equipment\tRuth Cole (Parks Officer), Testshire County Council"
    "\t<ul><li>Colours agreed</li><li>Painting finished</li></ul>\tBy May 10\tGreen\n"
    "1.2 Add litter bins at each gate\tTestshire Volunteer Centre"
    "\t1. Sites chosen 2. Bins fitted 3. Emptying rota agreed\tSummer\tAmber\n"
    "Theme 2: Safer paths\n"
    "Action\tLead\tMilestones\tTimescale\tProgress\n"
    "2.1 Cut back hedges on the river path\tDana District (Planner)\t<p>Survey walked</p>"
    "\tAutumn\tRed\n"
)


def run(*args: str) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("import", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


@pytest.fixture
def converted(tmp_path: Path) -> Path:
    path = tmp_path / "parks.txt"
    path.write_text(CONVERTED_PLAN, encoding="utf-8")
    return path


def test_a_dry_run_prints_the_plan_format_and_saves_nothing(
    framework: SmallFramework, converted: Path
) -> None:
    before = (Plan.objects.count(), Person.objects.count(), AuditEvent.objects.count())
    out, err = run(str(converted), "--dry-run", "--json")
    document = from_text(out)
    (plan,) = document.plans
    assert [o.title for o in plan.objectives] == ["Tidier play areas", "Safer paths"]
    assert [len(o.actions) for o in plan.objectives] == [2, 1]
    assert [len(a.milestones) for a in plan.actions] == [2, 3, 1]
    assert plan.labels["lead"] == "Lead" and plan.period == "2010/11"
    assert "Reading parks.txt" in err
    assert (Plan.objects.count(), Person.objects.count(), AuditEvent.objects.count()) == before


def test_an_import_saves_the_plan_matches_leads_and_is_audited(
    framework: SmallFramework, converted: Path
) -> None:
    people = Person.objects.count()
    _out, err = run(str(converted), "--partnership", "safer testshire", "--title", "Parks")
    plan = Plan.objects.get(title="Parks")
    assert plan.partnership == framework.thematic
    assert Action.objects.filter(plan=plan).count() == 3
    assert Milestone.objects.filter(action__plan=plan).count() == 6
    # Dana District is already known, by name: not duplicated. Ruth Cole is new.
    assert Person.objects.count() == people + 1
    assert Organisation.objects.filter(name__iexact="testshire volunteer centre").count() == 1
    created = AuditEvent.objects.filter(source=AuditSource.IMPORT, actor_name="import")
    assert created.filter(object_repr__contains="Parks").exists()
    assert "Imported “Parks” into Safer Testshire" in err


def test_an_exported_plan_imports_back_the_same(framework: SmallFramework, tmp_path: Path) -> None:
    original = small_plan(framework, timezone.localdate()).plan
    exported = to_json(plan_to_interchange(original))
    path = tmp_path / "plan.json"
    path.write_text(to_text(plan_to_interchange(original)), encoding="utf-8")
    run(str(path), "--partnership", framework.board.name)
    copy = Plan.objects.exclude(pk=original.pk).get(title=original.title)
    assert copy.partnership == framework.board
    again = to_json(plan_to_interchange(copy))
    for document in (exported, again):
        for plan in document["plans"]:
            plan["partnership"] = None
    assert json.dumps(again, sort_keys=True) == json.dumps(exported, sort_keys=True)


def _zip_bomb(path: Path) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as bomb:
        bomb.writestr("[Content_Types].xml", "<Types/>")
        bomb.writestr("word/document.xml", b"\0" * (300 * 1024 * 1024))
    return path


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("plan.docx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, "password"),
        ("empty.txt", b"", "empty"),
        ("plan.docx", b"PK\x03\x04 this is not really a zip", "damaged"),
    ],
)
def test_a_file_that_cannot_be_read_is_refused_and_nothing_saved(
    framework: SmallFramework, tmp_path: Path, name: str, content: bytes, message: str
) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    plans = Plan.objects.count()
    with pytest.raises(CommandError) as refused:
        run(str(path), "--partnership", framework.board.name)
    assert message in str(refused.value).lower()
    assert Plan.objects.count() == plans


def test_a_zip_bomb_is_refused_before_it_is_unpacked(
    framework: SmallFramework, tmp_path: Path
) -> None:
    with pytest.raises(CommandError) as refused:
        run(str(_zip_bomb(tmp_path / "bomb.docx")), "--dry-run")
    assert "bomb.docx" in str(refused.value)


def test_a_missing_file_or_partnership_is_a_clear_error(
    framework: SmallFramework, converted: Path, tmp_path: Path
) -> None:
    with pytest.raises(CommandError, match="There is no file"):
        run(str(tmp_path / "nowhere.docx"))
    with pytest.raises(CommandError, match="Say which partnership"):
        run(str(converted))
    with pytest.raises(CommandError, match="no partnership called “Nobody”"):
        run(str(converted), "--partnership", "Nobody")
    assert not Plan.objects.exists()


def _run_in_a_terminal(args: list[str], env: dict[str, str]) -> str:
    """Run the command with its standard error on a pseudo-terminal, as a person at a
    terminal would, and return what the terminal showed."""
    import os
    import pty
    import subprocess
    import sys

    leader, follower = pty.openpty()
    command = [sys.executable, "-c", "from partnerplan.cli import main; main()", *args]
    process = subprocess.Popen(  # noqa: S603 - our own command, with arguments we chose
        command, stdout=subprocess.DEVNULL, stderr=follower, env=env
    )
    os.close(follower)
    shown = b""
    while True:
        try:
            chunk = os.read(leader, 4096)
        except OSError:  # the terminal closes when the command ends
            break
        if not chunk:
            break
        shown += chunk
    os.close(leader)
    assert process.wait(timeout=60) == 0, shown.decode(errors="replace")
    return shown.decode(errors="replace")


def test_a_person_at_a_terminal_sees_a_bar_of_pages_read(tmp_path: Path) -> None:
    import os

    from tests.pdf_documents import across_pages_plan, plan_pdf

    document = tmp_path / "plan.pdf"
    document.write_bytes(plan_pdf(across_pages_plan()))
    env = {**os.environ, "PARTNERPLAN_VAR": str(tmp_path)}
    shown = _run_in_a_terminal(["import", str(document), "--dry-run"], env)
    assert "Reading plan.pdf…" in shown
    # tqdm's bar: the stage, the share done, and pages read of pages.
    pages = re.findall(r"Reading: 100%\|[^|]*\| (\d+)/(\d+) \[", shown)
    assert pages and pages[-1][0] == pages[-1][1] and int(pages[-1][1]) >= 2
    # Piped rather than shown on a terminal, the same command prints no bar.
    _, err = run(str(document), "--dry-run")
    assert "Reading plan.pdf…" in err
    assert "%|" not in err


def test_a_file_named_as_another_type_is_read_in_a_dry_run_but_not_saved(
    framework: SmallFramework, tmp_path: Path
) -> None:
    misnamed = tmp_path / "parks.pdf"
    misnamed.write_text(CONVERTED_PLAN, encoding="utf-8")
    _, err = run(str(misnamed), "--dry-run")
    assert "parks.pdf is named as a PDF but is a text file. It was read as what it is." in err
    before = Plan.objects.count()
    with pytest.raises(CommandError, match=r"parks\.pdf is named as a PDF but is a text file"):
        run(str(misnamed), "--partnership", framework.board.name)
    assert Plan.objects.count() == before
