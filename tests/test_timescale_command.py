"""`partnerplan timescale TEXT`: one reading as text or JSON, or many from standard input."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

PARTNERPLAN = Path(sys.executable).with_name("partnerplan")


def run(*args: str, stdin: str | None = None) -> str:
    out = io.StringIO()
    extra = {"stdin": io.StringIO(stdin)} if stdin is not None else {}
    call_command("timescale", *args, stdout=out, **extra)
    return out.getvalue()


def test_text_output_is_a_short_summary() -> None:
    out = run("Aug – Oct 07", "--plan-period", "2007/08")
    assert "Kind: period" in out
    assert "From: 1 August 2007  To: 31 October 2007" in out
    assert "Confidence: 0.90" in out
    assert "Flagged" not in out


def test_text_output_shows_rules_offsets_and_flags() -> None:
    out = run("Quarterly", "--plan-period", "2007/08")
    assert "Repeats: FREQ=MONTHLY;INTERVAL=3;BYMONTHDAY=-1" in out
    out = run("within 5 working days of board meetings")
    assert "Relative to: meeting:board" in out
    assert "Offset: +5 working days" in out
    out = run("TBC")
    assert "Kind: unknown" in out
    assert "Flagged for a person to check." in out


def test_json_output_is_exactly_the_contract() -> None:
    out = run("within 2 weeks of each meeting", "--json", "--plan-period", "2007/08")
    assert json.loads(out) == {
        "text": "within 2 weeks of each meeting",
        "kind": "relative",
        "start": None,
        "end": None,
        "rrule": None,
        "anchor": "meeting",
        "offset": {"days": 14, "working": False},
        "confidence": 0.8,
        "note": "Due 14 calendar days (2 weeks) after each meeting of the partnership.",
    }


def test_plan_periods_of_several_years() -> None:
    for period in ("2007/08-2009/10", "2007/08 to 2009/10", "2007/08 - 2009/10"):
        shape = json.loads(run("March annually", "--json", "--plan-period", period))
        assert (shape["start"], shape["end"]) == ("2008-03-31", "2010-03-31")


def test_today_sets_the_year_when_there_is_no_plan_period() -> None:
    shape = json.loads(run("Q3", "--json", "--today", "2020-05-01"))
    assert (shape["start"], shape["end"]) == ("2020-10-01", "2020-12-31")


def test_lines_from_standard_input_give_json_lines() -> None:
    out = run("-", "--plan-period", "2007/08", stdin="Quarterly\n\n  \nmid July\nTBC\n")
    lines = [json.loads(line) for line in out.splitlines()]
    assert [line["text"] for line in lines] == ["Quarterly", "mid July", "TBC"]
    assert [line["kind"] for line in lines] == ["recurring", "period", "unknown"]


@pytest.mark.parametrize("period", ["2007/09", "2007", "07/08", "2009/10-2007/08", "soon"])
def test_a_bad_plan_period_is_refused_clearly(period: str) -> None:
    with pytest.raises(CommandError, match=r"(financial year|ends before it starts)"):
        run("Quarterly", "--plan-period", period)


def test_a_bad_today_is_refused_clearly() -> None:
    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        run("Quarterly", "--today", "2020-13-01")


def _partnerplan(tmp_path: Path, *args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PARTNERPLAN_VAR": str(tmp_path)}
    # The installed command with fixed arguments: nothing untrusted runs.
    return subprocess.run(  # noqa: S603
        [str(PARTNERPLAN), "timescale", *args],
        input=stdin,
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )


def test_the_installed_command_reads_standard_input(tmp_path: Path) -> None:
    result = _partnerplan(
        tmp_path,
        "-",
        "--json",
        "--plan-period",
        "2007/08-2009/10",
        stdin="Aug – Oct 07\n\nMay and October annually\nbefore each board meeting\n",
    )
    assert result.returncode == 0, result.stderr
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [(line["kind"], line["start"], line["end"]) for line in lines] == [
        ("period", "2007-08-01", "2007-10-31"),
        ("recurring", "2007-05-31", "2010-03-31"),
        ("relative", None, None),
    ]
    assert lines[1]["rrule"] == "FREQ=YEARLY;BYMONTH=5,10;BYMONTHDAY=-1"
    assert lines[2]["offset"] == {"days": -1, "working": True}


def test_the_installed_command_refuses_a_bad_period_without_a_traceback(tmp_path: Path) -> None:
    result = _partnerplan(tmp_path, "Quarterly", "--plan-period", "2007/09")
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "2007/09" in result.stderr
    assert "financial year" in result.stderr
