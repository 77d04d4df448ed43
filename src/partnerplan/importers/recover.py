"""Structure recovery: a plan's objectives, actions, leads and milestones from the
paragraphs and tables a reader found in a document.

Plans are Word tables (or headed lists) with their own words for every column, split
by page breaks, with headings as paragraphs or as rows spanning the table. Whatever
cannot be placed goes to the document's unplaced passages with the reason, so a person
can see it in the preview: nothing is silently dropped, and nothing unknown is guessed.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from partnerplan.core.periods import PeriodError
from partnerplan.importers.blocks import Cell, Paragraph, ReadDocument, Style, Table
from partnerplan.importers.columns import ROLES, looks_like_header, roles_of
from partnerplan.importers.interchange import (
    ActionData,
    Document,
    LeadData,
    LinkData,
    MilestoneData,
    ObjectiveData,
    PlanData,
    ProgressData,
    Unplaced,
    period_years,
)
from partnerplan.importers.leads import leads_in
from partnerplan.plans.choices import (
    MILESTONE_DONE,
    MILESTONE_OVERDUE,
    NOT_UPDATED_LABEL,
    STATUS_LABELS,
)

# A header is looked for in the first few rows only: below that, rows are the plan.
HEADER_SEARCH_ROWS = 3

# --- objective headings -------------------------------------------------------------------

_OBJECTIVE_WORDS = (
    r"strategic\s+aim|strategic\s+objective|objective|aim|priority\s+area|priority|issue"
    r"|theme|outcome|key\s+task"
)
# The number must be set off by punctuation ("Aim: 3", "Priority 2 -"), so that a
# sentence such as "Outcome 3 was met" is not taken for a heading.
_LABELLED_HEADING = re.compile(
    rf"^(?P<label>{_OBJECTIVE_WORDS})\s*(?P<colon>:)?\s*(?P<number>\d+(?:\.\d+)*)"
    r"\s*(?P<separator>[.:)\-–—])?\s*(?P<title>.*)$",
    re.IGNORECASE | re.DOTALL,
)
_DOTTED_HEADING = re.compile(r"^(?P<number>\d+\.\d+(?:\.\d+)*)\.?\s+(?P<title>[A-Z].*)$", re.DOTALL)
_NUMBERED_TITLE = re.compile(r"^(?P<number>\d+(?:\.\d+)*)[.)]?\s+(?P<title>\S.*)$", re.DOTALL)
LONGEST_HEADING = 200


@dataclass(frozen=True)
class Heading:
    number: str | None
    title: str | None
    label: str | None = None
    text: str | None = None  # as written, to be kept whole if it is not placed


def heading_in(text: str) -> Heading | None:
    """A heading written as text: "Strategic Aim: 3. …", "Priority 2 - …", "2.1 The … Board"."""
    text = " ".join(text.split())
    if not text or len(text) > LONGEST_HEADING:
        return None
    labelled = _LABELLED_HEADING.match(text)
    if labelled and (labelled.group("colon") or labelled.group("separator")):
        title = labelled.group("title").strip() or None
        return Heading(labelled.group("number"), title, labelled.group("label"), text)
    dotted = _DOTTED_HEADING.match(text)
    if dotted:
        return Heading(dotted.group("number"), dotted.group("title").strip(), text=text)
    return None


def heading_of(text: str) -> Heading:
    """A paragraph known to be a heading (by style, bold or position), as number and title."""
    text = " ".join(text.split())
    found = heading_in(text)
    if found:
        return found
    numbered = _NUMBERED_TITLE.match(text)
    if numbered:
        return Heading(numbered.group("number"), numbered.group("title").strip(), text=text)
    return Heading(None, text or None, text=text or None)


# --- actions ------------------------------------------------------------------------------

_ACTION_NUMBER = re.compile(
    r"^\s*(?P<number>\d+(?:\.\d+)*|[a-zA-Z])[.)]\s+|^\s*(?P<n>\d+(?:\.\d+)+)\s+"
)


def number_and_rest(text: str) -> tuple[str | None, str]:
    """ "1.2 Review the …" → ("1.2", "Review the …"); "a) …" → ("a", "…")."""
    match = _ACTION_NUMBER.match(text)
    if not match:
        return None, text.strip()
    return match.group("number") or match.group("n"), text[match.end() :].strip()


def title_and_description(text: str) -> tuple[str | None, str | None]:
    """The first line is the title; a long first line gives its first sentence."""
    text = text.strip()
    if not text:
        return None, None
    first, _, rest = text.partition("\n")
    sentence = re.match(r"^(.{20,}?[.!?])\s+(?=[A-Z])(.*)$", first, re.DOTALL)
    if sentence and len(first) > 120:
        first, rest = sentence.group(1), (sentence.group(2) + "\n" + rest).strip()
    return first.strip(), rest.strip() or None


# --- milestones ---------------------------------------------------------------------------

_BULLET = re.compile(r"(?:^|\s)[•·○▪◦●■□➢](?=\s|\w)\s*|^\s*[-*–]\s+")
_INLINE_NUMBER = re.compile(r"(?:^|(?<=\s))(\d{1,2})[.)](?=\s)")
_TIME_WORDS = re.compile(
    r"\b(jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\b|\b\d{2,4}\b|ongoing"
    r"|annual|quarter|monthly|weekly|spring|summer|autumn|winter|\bq[1-4]\b|\bby\b|end of",
    re.IGNORECASE,
)
_TRAILING_BRACKET = re.compile(r"^(?P<text>.*\S)\s*\((?P<when>[^()]{2,40})\)\s*[.;,]?$", re.DOTALL)


def milestones_in(cell: Cell, *, after: int | None = None) -> tuple[MilestoneData, ...]:
    """A milestones cell as separate milestones: list items, numbered lines (also numbers
    running inline in one paragraph), bullets. `after` is the number of the milestone
    before the cell, where a page break cut a numbered list: "… 3. Finance" then goes on
    from 2 even in mid-line."""
    milestones: list[MilestoneData] = []
    for paragraph in cell.paragraphs:
        if not paragraph.text.strip():
            continue
        expected = _last_number(milestones, after)
        if paragraph.style is Style.LIST_ITEM:
            pieces = _numbered(paragraph.text, expected)
            if len(pieces) == 1 and pieces[0][0] is None:
                # One item, numbered by the document's list formatting or not at all.
                number = str(len(milestones) + 1) if paragraph.numbered else None
                pieces = [(number, paragraph.text)]
            milestones.extend(_milestone(number, text) for number, text in pieces)
            continue
        for line in paragraph.text.split("\n"):
            for piece in _bullets(line):
                expected = _last_number(milestones, after)
                milestones.extend(
                    _milestone(number, text) for number, text in _numbered(piece, expected)
                )
    return tuple(milestones)


def _last_number(milestones: Sequence[MilestoneData], after: int | None) -> int | None:
    for milestone in reversed(milestones):
        if milestone.number is not None:
            return int(milestone.number) if milestone.number.isdigit() else None
    return after


def _bullets(line: str) -> list[str]:
    return [piece for piece in _BULLET.split(line) if piece.strip()]


def _numbered(text: str, after: int | None = None) -> list[tuple[str | None, str]]:
    """ "1. Draft agreed 2. Consulted" → [("1", "Draft agreed"), ("2", "Consulted")]; the
    numbers must count up from the start, so "in 2. stages" inside a sentence stays. A
    list may follow a lead-in ("Contribute to: 1. Data 2. Finance"), and goes on from
    `after` when the list began before this text; the words before it are then a piece
    of their own, unnumbered."""
    starts: list[tuple[int, int, str]] = []
    for match in _INLINE_NUMBER.finditer(text):
        number = int(match.group(1))
        before = text[: match.start()].strip()
        if starts:
            wanted = number == int(starts[-1][2]) + 1
        else:
            wanted = (
                not before
                or (number == 1 and before.endswith((":", ";")))
                or (after is not None and number == after + 1)
            )
        if wanted:
            starts.append((match.start(), match.end(), match.group(1)))
    if not starts:
        return [(None, text)]
    pieces: list[tuple[str | None, str]] = []
    lead_in = text[: starts[0][0]].strip().rstrip(":;").strip()
    if lead_in:
        pieces.append((None, lead_in))
    for i, (_, end, number) in enumerate(starts):
        stop = starts[i + 1][0] if i + 1 < len(starts) else len(text)
        pieces.append((number, text[end:stop]))
    return pieces


# A milestones cell holding only a date or range ("August - September") gives the
# action's timescale, not a milestone.
_ONLY_DATES = re.compile(
    r"(?:(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?|\d{1,4}"
    r"|and|to|[-–—/&,\s])+",
    re.IGNORECASE,
)
_MONTH = re.compile(r"\b(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)", re.IGNORECASE)


def only_dates(text: str) -> bool:
    """True for "October", "Aug - Oct 07", "September/ October": a when, not a step."""
    return bool(_ONLY_DATES.fullmatch(text.strip()) and _MONTH.search(text))


def _milestone(number: str | None, text: str) -> MilestoneData:
    text = text.strip().rstrip(";,").strip()
    # A plan downloaded from partnerplan says after each milestone whether it is done or
    # overdue: that is worked out again from the dates, not part of the milestone.
    for mark in (MILESTONE_DONE, MILESTONE_OVERDUE):
        text = text.removesuffix(mark)
    when = _TRAILING_BRACKET.match(text)
    if when and _TIME_WORDS.search(when.group("when")):
        return MilestoneData(
            text=when.group("text").strip(), number=number, timescale=when.group("when").strip()
        )
    return MilestoneData(text=text or "-", number=number)


# --- links between actions -----------------------------------------------------------------

# "incorporates 3 below", "dependant upon 11 below", "influenced by 11 above": only with
# "above", "below" or "item", so that "depends on 3 partners" is not a link.
_LINK = re.compile(
    r"\b(?P<type>incorporates?|depend(?:s|ent|ant)?\s+(?:up)?on|influenced\s+by)\s+"
    r"(?:(?:action|item|task)\s+(?P<named>\d+(?:\.\d+)*)|(?P<number>\d+(?:\.\d+)*)\s+"
    r"(?:above|below))",
    re.IGNORECASE,
)


def links_in(text: str) -> tuple[LinkData, ...]:
    """The links between actions that a comment states, in the format's types."""
    links: list[LinkData] = []
    for match in _LINK.finditer(text):
        word = match.group("type").lower()
        if word.startswith("incorporate"):
            kind = "incorporates"
        elif word.startswith("depend"):
            kind = "depends_on"
        else:
            kind = "influenced_by"
        link = LinkData(kind, match.group("named") or match.group("number"))
        if link not in links:
            links.append(link)
    return tuple(links)


# --- progress and priority ----------------------------------------------------------------

_COLOUR = {"red": "red", "r": "red", "amber": "amber", "a": "amber", "green": "green", "g": "green"}
_PAIR = {
    ("amber", "red"): "amber_red",
    ("red", "amber"): "amber_red",
    ("amber", "green"): "amber_green",
    ("green", "amber"): "amber_green",
}
_STATES = {
    "not started": "not_started",
    "ongoing": "ongoing",
    "on going": "ongoing",
    "in progress": "ongoing",
    "complete": "completed",
    "completed": "completed",
    "achieved": "completed",
    "n/a": "not_applicable",
    "not applicable": "not_applicable",
}


def status_in(text: str) -> str | None:
    """The status a progress cell states: a colour word at its start ("Amber - delayed"),
    RAG letters alone ("G", "A/G"), or a state ("Completed"); else None."""
    words = text.strip().lower()
    if not words:
        return None
    letters = re.fullmatch(r"([rag])(?:\s*[/-]\s*([rag]))?[.]?", words)
    if letters:
        return _colour_pair(letters.group(1), letters.group(2))
    colours = re.match(r"(red|amber|green)(?:\s*[/-]\s*|\s+)?(red|amber|green)?\b", words)
    if colours:
        return _colour_pair(colours.group(1), colours.group(2))
    for state, status in _STATES.items():
        if re.fullmatch(rf"{re.escape(state)}[.!]?", words) or words.startswith(state + " "):
            return status
    return None


# A progress cell as partnerplan's own documents write one: the status in its words alone
# on the first line ("Amber/green", "No status given"), what happened below it.
_STATUS_LINES: dict[str, str | None] = {
    **{label: status for status, label in STATUS_LABELS.items()},
    "No status given": None,
    NOT_UPDATED_LABEL: None,
}


def progress_in(cell: Cell) -> ProgressData:
    """The update a progress cell holds: its status and its words."""
    text = cell.text.strip()
    lines = [paragraph.text.strip() for paragraph in cell.paragraphs if paragraph.text.strip()]
    if len(lines) > 1 and lines[0] in _STATUS_LINES:
        return ProgressData(status=_STATUS_LINES[lines[0]], text="\n".join(lines[1:]))
    return ProgressData(status=status_in(text), text=text)


def _colour_pair(first: str, second: str | None) -> str:
    one = _COLOUR[first]
    two = _COLOUR[second] if second else one
    return one if one == two else _PAIR.get((one, two), one)


def priority_in(text: str) -> int | None:
    """1, 2 or 3 when the cell says so plainly ("2", "Priority 1"); else None."""
    match = re.fullmatch(r"\s*(?:priority\s*(?:level\s*)?)?([123])\s*\.?\s*", text, re.IGNORECASE)
    return int(match.group(1)) if match else None


# --- periods ------------------------------------------------------------------------------

_YEAR = re.compile(r"(?<!\d)(\d{4})\s*/\s*(\d{2})(?!\d)")


def period_in(text: str) -> str | None:
    """ "2007/08", or two joined by an en dash for a range, when the text states financial years."""
    years = [(int(a), b) for a, b in _YEAR.findall(text) if (int(a) + 1) % 100 == int(b)]
    if not years:
        return None
    first, last = min(years)[0], max(years)[0]
    period = f"{first}/{(first + 1) % 100:02d}"
    if last != first:
        period += f"–{last}/{(last + 1) % 100:02d}"
    try:
        period_years(period)
    except PeriodError:
        return None
    return period


# --- building the plan --------------------------------------------------------------------


@dataclass
class _Action:
    number: str | None = None
    title: str | None = None
    description: list[str] = field(default_factory=list)
    # Each lead cell's text, read into leads at the end: a page break can cut a name.
    lead_texts: list[str] = field(default_factory=list)
    milestones: list[MilestoneData] = field(default_factory=list)
    progress: list[ProgressData] = field(default_factory=list)
    priority: int | None = None
    fields: dict[str, list[str]] = field(default_factory=dict)

    def add(self, name: str, text: str) -> None:
        self.fields.setdefault(name, []).append(text)

    def carry_on(self, name: str, text: str) -> None:
        """The rest of a field's text, cut by a page break."""
        texts = self.fields.setdefault(name, [])
        if texts:
            texts[-1] = carried_on(texts[-1], text)
        else:
            texts.append(text)

    @property
    def leads(self) -> list[LeadData]:
        return [lead for text in self.lead_texts for lead in leads_in(text)]

    def built(self) -> ActionData:
        def joined(name: str) -> str | None:
            return "\n".join(self.fields.get(name, ())) or None

        description = "\n".join(self.description) or None
        said = "\n".join(text for text in (description, joined("comments")) if text)
        return ActionData(
            title=self.title,
            number=self.number,
            description=description,
            leads=tuple(self.leads),
            milestones=tuple(self.milestones),
            progress=tuple(self.progress),
            priority=self.priority,
            resources=joined("resources"),
            timescale=joined("when"),
            target=joined("target"),
            comments=joined("comments"),
            source=joined("source"),
            links=links_in(said),
        )


def carried_on(before: str, after: str) -> str:
    """Text a page break cut, joined again: a sentence or a bracket left open goes on on
    the same line; after a full stop the rest starts a line of its own."""
    before, after = before.rstrip(), after.strip()
    if not before:
        return after
    open_bracket = before.count("(") > before.count(")")
    if before.endswith((".", "!", "?", ";")) and not open_bracket:
        return f"{before}\n{after}"
    if open_bracket or after[:1].islower() or before.endswith((",", "&", "/", "-", "–", "(")):
        return f"{before} {after}"
    return f"{before}\n{after}"


@dataclass
class _Objective:
    heading: Heading
    description: list[str] = field(default_factory=list)
    actions: list[_Action] = field(default_factory=list)

    def built(self) -> ObjectiveData:
        return ObjectiveData(
            title=self.heading.title,
            number=self.heading.number,
            description="\n".join(self.description) or None,
            actions=tuple(action.built() for action in self.actions),
        )


@dataclass
class _PlanTable:
    """The header of the table now being read, kept so that the next table can continue it."""

    headers: tuple[str, ...]
    roles: tuple[str | None, ...]
    action_column: int

    def column(self, role: str) -> int | None:
        return self.roles.index(role) if role in self.roles else None


class _Recovery:
    def __init__(self, column_roles: dict[int, str] | None) -> None:
        self.column_roles = column_roles or {}
        self.objectives: list[_Objective] = []
        self.current: _Objective | None = None
        self.last_action: _Action | None = None
        self.table: _PlanTable | None = None
        self.previous_was_table = False
        self.labels: dict[str, str] = {}
        self.unplaced: list[Unplaced] = []
        self.unused_headers: list[str] = []
        self.used_headers: set[str] = set()
        self.list_plan = False

    # objectives

    def start_objective(self, heading: Heading) -> None:
        self.drop_empty_objective()
        known = self.labels.get("objective")
        if heading.label and known and heading.label.lower() != known.lower():
            # The plan calls its objectives something else: this one keeps its words whole.
            heading = Heading(heading.number, heading.text, None, heading.text)
        self.current = _Objective(heading)
        self.objectives.append(self.current)
        self.last_action = None
        if heading.label and "objective" not in self.labels:
            self.labels["objective"] = heading.label

    def drop_empty_objective(self) -> None:
        """A heading with no actions under it (an introduction, "Background") is not an
        objective; its text is kept as unplaced."""
        if self.current is None or self.current.actions:
            return
        self.objectives.remove(self.current)
        heading = self.current.heading
        if heading.text:
            self.unplaced.append(Unplaced(heading.text, "a heading with no actions under it"))
        for paragraph in self.current.description:
            self.unplaced.append(Unplaced(paragraph, "a paragraph under a heading with no actions"))
        self.current = None

    def objective_for_action(self) -> _Objective:
        if self.current is None:
            self.current = _Objective(Heading(None, None))
            self.objectives.append(self.current)
        return self.current

    def new_action(self) -> _Action:
        action = _Action()
        self.objective_for_action().actions.append(action)
        self.last_action = action
        return action

    # paragraphs

    def paragraph(self, paragraph: Paragraph) -> None:
        text = paragraph.text.strip()
        if not text:
            return
        # A bold sentence in a long paragraph is emphasis, not a heading.
        is_bold_heading = paragraph.bold and len(text) <= LONGEST_HEADING
        if paragraph.style is Style.HEADING or is_bold_heading:
            self.table = None
            self.start_objective(heading_of(text))
            return
        # A list item is an action or a milestone even when it is numbered like "2.1".
        found = None if paragraph.style is Style.LIST_ITEM else heading_in(text)
        if found:
            self.table = None
            self.start_objective(found)
            return
        if paragraph.style is Style.LIST_ITEM and self.list_plan:
            self.list_item(paragraph, text)
            return
        if self.current is not None and not self.current.actions:
            self.current.description.append(text)
            return
        if not self.objectives:
            why = "a paragraph before the plan"
        elif self.list_plan:
            why = "a paragraph between a plan's lists"
        else:
            why = "a paragraph between tables"
        self.unplaced.append(Unplaced(text, why))

    def list_item(self, paragraph: Paragraph, text: str) -> None:
        """In a plan written as headed lists, outer items are actions and inner ones the
        milestones of the action above."""
        if paragraph.level > 0 and self.last_action is not None:
            self.last_action.milestones.extend(_milestone(n, t) for n, t in _numbered(text))
            return
        action = self.new_action()
        number, rest = number_and_rest(text)
        action.number = number
        action.title, description = title_and_description(rest)
        if description:
            action.description.append(description)

    # tables

    def table_block(self, table: Table) -> None:
        rows = [row for row in table.rows if not _is_rule(row)]
        header_at = self.header_row(rows)
        if header_at is not None:
            for row in rows[:header_at]:
                self.row_before_header(row)
            headers = tuple(cell.text.strip() for cell in rows[header_at])
            body = rows[header_at + 1 :]
            # A header repeated on the next page continues the table above it.
            repeated = (
                self.table is not None
                and headers == self.table.headers
                and self.previous_was_table
                and header_at == 0
            )
            if self.table is None or headers != self.table.headers:
                self.table = self.plan_table(headers, body)
            if repeated:
                body = self.going_on(body)
        elif self.continues(table):
            body = self.going_on(rows)  # a table cut in two by a page break
        elif self.column_roles:
            self.table = self.plan_table(tuple("" for _ in range(table.width)))
            body = rows
        else:
            self.table = None
            self.table_without_header(rows)
            return
        for row in body:
            self.row(row)

    def going_on(self, body: list[tuple[Cell, ...]]) -> list[tuple[Cell, ...]]:
        """The first row after a page break, when it carries on the last row before it."""
        if body and self.last_action is not None and self.goes_on(body[0]):
            self.row_going_on(body[0])
            return body[1:]
        return body

    def goes_on(self, row: tuple[Cell, ...]) -> bool:
        """A row whose action cell is empty, or starts in lower case (the end of a sentence
        the break cut), or whose milestones go on counting from the action above while its
        title was left without a full stop."""
        table, action = self.table, self.last_action
        if table is None or action is None or table.action_column >= len(row):
            return False
        if _is_heading_row(row):
            return False
        if any(
            role == "objective" and index < len(row) and not row[index].is_empty
            for index, role in enumerate(table.roles)
        ):
            return False
        text = row[table.action_column].text.strip()
        if not text or text[0].islower():
            return True
        at = table.column("milestones")
        if at is None or at >= len(row) or not action.milestones or not action.title:
            return False
        if action.title.endswith((".", "!", "?", ":")):
            return False
        last = _last_number(action.milestones, None)
        first = milestones_in(row[at])
        return last is not None and bool(first) and first[0].number == str(last + 1)

    def continues(self, table: Table) -> bool:
        return (
            self.table is not None
            and self.previous_was_table
            and table.width == len(self.table.headers)
        )

    def header_row(self, rows: Sequence[tuple[Cell, ...]]) -> int | None:
        for index, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
            if looks_like_header([cell.text for cell in row]):
                return index
        return None

    def plan_table(
        self, headers: tuple[str, ...], body: Sequence[tuple[Cell, ...]] = ()
    ) -> _PlanTable:
        roles = [*roles_of(headers)]
        for index, role in self.column_roles.items():
            if 0 <= index < len(roles):
                roles[index] = role
        if "milestones" not in roles and "target" in roles:
            at = roles.index("target")
            if at not in self.column_roles and _mostly_lists(body, at):
                # Plans call their milestones targets when they list them as bullets.
                roles[at] = "milestones"
        action_column = _action_column(roles)
        for header, role in zip(headers, roles, strict=True):
            if not header:
                continue
            if role and role not in self.labels:
                self.labels[role] = header
                self.used_headers.add(header)
            elif header not in self.used_headers and header not in self.unused_headers:
                self.unused_headers.append(header)
        return _PlanTable(headers, tuple(roles), action_column)

    def row_before_header(self, row: tuple[Cell, ...]) -> None:
        filled = [cell for cell in row if not cell.is_empty]
        if len(filled) == 1:
            self.start_objective(heading_of(filled[0].text))
        else:
            self.unplaced.append(Unplaced(_row_text(row), "a row above a table's header"))

    def table_without_header(self, rows: Sequence[tuple[Cell, ...]]) -> None:
        if not rows:
            return
        columns = ", ".join(cell.text.strip() or "(empty)" for cell in rows[0])
        why = f"a table with no recognisable header: columns {columns}"
        for row in rows:
            self.unplaced.append(Unplaced(_row_text(row), why))

    def row(self, row: tuple[Cell, ...]) -> None:
        assert self.table is not None
        if _is_heading_row(row):
            self.start_objective(heading_of(next(c.text for c in row if not c.is_empty)))
            return
        cells = list(row) + [Cell()] * (len(self.table.roles) - len(row))
        action_cell = cells[self.table.action_column]
        names_objective = any(
            role == "objective" and not cells[index].is_empty
            for index, role in enumerate(self.table.roles)
        )
        if action_cell.is_empty and not names_objective and self.last_action is not None:
            action = self.last_action  # a continuation row: the action goes on
        else:
            self.objective_from_row(cells)
            action = self.new_action()
        for index, cell in enumerate(cells):
            if cell.is_empty:
                continue
            role = self.table.roles[index] if index < len(self.table.roles) else None
            header = self.table.headers[index] if index < len(self.table.headers) else ""
            if index == self.table.action_column:
                self.action_text(action, cell.text)
            elif role != "objective":
                self.cell(action, role, header, cell)

    def row_going_on(self, row: tuple[Cell, ...]) -> None:
        """The rest of the action a page break cut: its cells' text added to the action."""
        assert self.table is not None and self.last_action is not None
        for index, cell in enumerate(row):
            if cell.is_empty:
                continue
            action = self.last_action
            if index == self.table.action_column:
                self.action_going_on(action, " ".join(cell.text.split()))
                continue
            role = self.table.roles[index] if index < len(self.table.roles) else None
            header = self.table.headers[index] if index < len(self.table.headers) else ""
            text = cell.text.strip()
            if role == "lead" and action.lead_texts:
                action.lead_texts[-1] = carried_on(action.lead_texts[-1], text)
            elif role == "milestones" and action.milestones and not only_dates(text):
                self.milestones_going_on(action, cell)
            elif role == "progress" and action.progress:
                last = action.progress[-1]
                joined = carried_on(last.text or "", text)
                action.progress[-1] = ProgressData(last.status or status_in(joined), joined)
            elif role in {"when", "target", "resources", "comments", "source"}:
                action.carry_on(role, text)
            else:
                self.cell(action, role, header, cell)

    def milestones_going_on(self, action: _Action, cell: Cell) -> None:
        """Milestones cut by a page break: words before the next number end the last one."""
        found = list(milestones_in(cell, after=_last_number(action.milestones, None)))
        last = action.milestones[-1]
        if found and found[0].number is None and not last.text.endswith((".", "!", "?")):
            first = found.pop(0)
            before = f"{last.text} ({last.timescale})" if last.timescale else last.text
            after = f"{first.text} ({first.timescale})" if first.timescale else first.text
            action.milestones[-1] = _milestone(last.number, f"{before} {after}")
        action.milestones.extend(found)

    def action_going_on(self, action: _Action, text: str) -> None:
        """A title cut mid-sentence ends with the text; otherwise the text is description."""
        title = action.title
        if title and not action.description and not title.endswith((".", "!", "?", ":")):
            action.title = f"{title} {text}"
        else:
            action.description.append(text)

    def objective_from_row(self, cells: Sequence[Cell]) -> None:
        """A table with an objective column ("Issue") starts a new objective on each row
        that names one."""
        assert self.table is not None
        for index, role in enumerate(self.table.roles):
            if role == "objective" and index < len(cells) and not cells[index].is_empty:
                text = " ".join(cells[index].text.split())
                if self.current is None or text != self.current.heading.text:
                    self.start_objective(heading_of(text))
                    if "objective" not in self.labels and self.table.headers[index]:
                        self.labels["objective"] = self.table.headers[index]

    def action_text(self, action: _Action, text: str) -> None:
        if action.title is None and action.number is None:
            number, rest = number_and_rest(text)
            action.number = number
            action.title, description = title_and_description(rest)
            if description:
                action.description.append(description)
        else:
            action.description.append(text.strip())

    def cell(self, action: _Action, role: str | None, header: str, cell: Cell) -> None:
        text = cell.text.strip()
        if role == "lead":
            action.lead_texts.append(text)
        elif role == "milestones" and only_dates(text):
            action.add("when", text)
        elif role == "milestones":
            action.milestones.extend(milestones_in(cell))
        elif role == "progress":
            action.progress.append(progress_in(cell))
        elif role == "priority" and action.priority is None and priority_in(text):
            action.priority = priority_in(text)
        elif role in {"when", "target", "resources", "comments", "source"}:
            action.add(role, text)
        else:
            # An unknown column, or a priority in words: kept, under its own header.
            action.add("comments", f"{header}: {text}" if header else text)
            if header:
                self.used_headers.add(header)

    def finished(self) -> list[ObjectiveData]:
        self.drop_empty_objective()
        for header in self.unused_headers:
            if header not in self.used_headers:
                self.unplaced.append(Unplaced(header, "a column heading with nothing under it"))
        return [objective.built() for objective in self.objectives]


def _action_column(roles: Sequence[str | None]) -> int:
    """The action column; in a table without one, the first column no other part claims."""
    if "action" in roles:
        return roles.index("action")
    if None in roles:
        return roles.index(None)
    return 0


def _is_rule(row: tuple[Cell, ...]) -> bool:
    """An empty row, or a converter's ruled line ("--- | ---"): no part of the plan."""
    return all(not re.sub(r"[-–—_=|:\s]", "", cell.text) for cell in row)


def _mostly_lists(body: Sequence[tuple[Cell, ...]], at: int) -> bool:
    """True when most filled cells of column `at` are lists (bullets or list items)."""
    filled = [row[at] for row in body if at < len(row) and not row[at].is_empty]
    listed = [
        cell
        for cell in filled
        if any(p.style is Style.LIST_ITEM for p in cell.paragraphs) or _BULLET.search(cell.text)
    ]
    return bool(filled) and len(listed) * 2 > len(filled)


def _is_heading_row(row: tuple[Cell, ...]) -> bool:
    """One filled cell with the rest merged into it, or a heading written as text."""
    filled = [cell for cell in row if not cell.is_empty]
    if len(row) < 2 or len(filled) != 1:
        return False
    at = next(index for index, cell in enumerate(row) if not cell.is_empty)
    if all(cell.merged for index, cell in enumerate(row) if index != at):
        return True
    return at == 0 and heading_in(row[0].text) is not None


def _row_text(row: Sequence[Cell]) -> str:
    return " | ".join(cell.text.strip() for cell in row if not cell.is_empty)


# --- the entry point ----------------------------------------------------------------------


def recover(
    document: ReadDocument,
    *,
    title: str | None = None,
    column_roles: dict[int, str] | None = None,
) -> Document:
    """The plan in a read document, and what could not be placed in it.

    `column_roles` maps column numbers to roles ("lead", "milestones"...) where a person
    has corrected what the header words said.
    """
    unknown = sorted(str(role) for role in (column_roles or {}).values() if role not in ROLES)
    if unknown:
        raise ValueError(
            f"Unknown column roles: {', '.join(unknown)}; the roles are {', '.join(ROLES)}."
        )
    recovery = _Recovery(column_roles)
    blocks = list(document.blocks)
    recovery.list_plan = not any(isinstance(block, Table) for block in blocks)
    found_title, title_at = _title(blocks)
    if title is None:
        title = found_title
    partnership, partnership_at = _partnership_line(blocks, title_at)
    for index, block in enumerate(blocks):
        if (index == title_at and title == found_title) or index == partnership_at:
            # The plan starts under its title: a heading above it is not an objective.
            recovery.drop_empty_objective()
            recovery.previous_was_table = False
            continue
        if isinstance(block, Table):
            recovery.table_block(block)
            recovery.previous_was_table = True
        else:
            recovery.paragraph(block)
            if block.text.strip():
                recovery.previous_was_table = False
    objectives = _linked_within(recovery.finished())
    for skipped in document.skipped:
        recovery.unplaced.append(
            Unplaced(f"{skipped.what} ({skipped.where})", "the reader could not read it as text")
        )
    if not objectives and title is None:
        headers = [
            Unplaced(text, "a table header with no rows under it")
            for text in recovery.labels.values()
        ]
        return Document(unplaced=tuple(recovery.unplaced + headers))
    plan = PlanData(
        title=title,
        partnership=partnership,
        period=_period(title, blocks),
        labels=dict(recovery.labels),
        objectives=tuple(objectives),
    )
    return Document(plans=(plan,), unplaced=tuple(recovery.unplaced))


# Words that name a plan in its title line.
_PLAN_WORDS = re.compile(r"\b(?:plan|programme|program|strategy)\b", re.IGNORECASE)
LONGEST_TITLE = 160


def _title(blocks: Sequence[object]) -> tuple[str | None, int | None]:
    """The plan's title: the first top-level heading before the first table; else the
    line naming the plan just above its first table (bold or in capitals: "…
    IMPROVEMENT PLAN 2006"); else the document's first line, when it names a plan."""
    first_table = next(
        (i for i, block in enumerate(blocks) if isinstance(block, Table) and _has_header(block)),
        len(blocks),
    )
    lines = [
        (index, block)
        for index, block in enumerate(blocks[:first_table])
        if isinstance(block, Paragraph) and block.text.strip()
    ]
    for index, block in lines:
        if block.style is Style.HEADING and block.level <= 1:
            return " ".join(block.text.split()), index
    above = [(i, b) for i, b in lines if i > _tables_before(blocks, first_table)]
    if above and _names_a_plan(above[-1][1]):
        return " ".join(above[-1][1].text.split()), above[-1][0]
    # The document's first line stands out by being first: bold or capitals are not needed.
    if lines and _names_a_plan(lines[0][1], set_off=True):
        return " ".join(lines[0][1].text.split()), lines[0][0]
    return None, None


def _linked_within(objectives: list[ObjectiveData]) -> list[ObjectiveData]:
    """Links kept only where they name exactly one other action of the plan: "3 below"
    in a plan of unnumbered actions names none, and stays in the comment it was read from."""
    numbers = [a.number for o in objectives for a in o.actions if a.number is not None]
    once = {number for number in numbers if numbers.count(number) == 1}

    def kept(action: ActionData) -> ActionData:
        links = tuple(link for link in action.links if link.to in once and link.to != action.number)
        return action if links == action.links else replace(action, links=links)

    return [
        replace(objective, actions=tuple(kept(action) for action in objective.actions))
        for objective in objectives
    ]


def _partnership_line(
    blocks: Sequence[object], title_at: int | None
) -> tuple[str | None, int | None]:
    """ "Northgate Partnership · 2007/08 · Adopted" under the title, as partnerplan's own
    Word export writes it: the partnership whose plan it is, and its period."""
    if title_at is None:
        return None, None
    following = next(
        (
            (index, block)
            for index, block in enumerate(blocks[title_at + 1 :], start=title_at + 1)
            if not isinstance(block, Paragraph) or block.text.strip()
        ),
        None,
    )
    if following is None or not isinstance(following[1], Paragraph):
        return None, None
    parts = [part.strip() for part in following[1].text.split(" · ")]
    if len(parts) >= 2 and parts[0] and period_in(parts[1]):
        return parts[0], following[0]
    return None, None


def _has_header(table: Table) -> bool:
    return any(
        looks_like_header([cell.text for cell in row]) for row in table.rows[:HEADER_SEARCH_ROWS]
    )


def _tables_before(blocks: Sequence[object], end: int) -> int:
    """The place of the last table before `end`, or -1."""
    return max((i for i in range(end) if isinstance(blocks[i], Table)), default=-1)


def _names_a_plan(paragraph: Paragraph, *, set_off: bool = False) -> bool:
    """A title line: short, not a sentence, set off (by bold, capitals or its place), with
    a word such as plan or programme in it."""
    text = " ".join(paragraph.text.split())
    letters = [c for c in text if c.isalpha()]
    capitals = bool(letters) and all(c.isupper() for c in letters)
    return (
        len(text) <= LONGEST_TITLE
        and not text.endswith((".", ";", ",", ":"))
        and (set_off or paragraph.bold or capitals or paragraph.style is Style.HEADING)
        and bool(_PLAN_WORDS.search(text))
        and heading_of(text).number is None  # "Theme 1: Plan the budget" is an objective
    )


# How far into a document its period is looked for: a title page, not the plan's body.
PERIOD_SEARCH_PARAGRAPHS = 5

_YEARS_SPAN = re.compile(r"(?<!\d)(\d{4})\s*[-–—]\s*(\d{4})(?!\d)")
_SHORT_YEAR = re.compile(r"(?<!\d)(\d{4})\s*/\s*(\d)(?![\d/])")
_LONE_YEAR = re.compile(r"(?<![\d/])((?:19|20)\d{2})(?![\d/])")


def period_named(text: str, *, in_title: bool = False) -> str | None:
    """The financial year a title or a line of its own names in other ways than
    "2007/08": "2007 - 2008" (April 2007 to March 2008) and "2007/8"; in a title, a lone
    year too ("Improvement Plan 2006" is the plan of 2006/07)."""
    text = " ".join(text.split())
    span = _YEARS_SPAN.search(text)
    alone = span is not None and span.group(0) == text
    if span and (in_title or alone) and int(span.group(2)) == int(span.group(1)) + 1:
        return _financial_year(int(span.group(1)))
    short = _SHORT_YEAR.search(text)
    if short and (int(short.group(1)) + 1) % 10 == int(short.group(2)):
        return _financial_year(int(short.group(1)))
    years = {int(year) for year in _LONE_YEAR.findall(text)}
    if in_title and len(years) == 1:
        return _financial_year(years.pop())
    return None


def _financial_year(year: int) -> str | None:
    period = f"{year}/{(year + 1) % 100:02d}"
    try:
        period_years(period)
    except PeriodError:
        return None
    return period


def _period(title: str | None, blocks: Sequence[object]) -> str | None:
    texts = [title or ""]
    for block in blocks:
        if isinstance(block, Table) or len(texts) > PERIOD_SEARCH_PARAGRAPHS:
            break
        if isinstance(block, Paragraph) and block.text.strip():
            texts.append(block.text)
    for text in texts:
        period = period_in(text)
        if period:
            return period
    if title:
        found = period_named(title, in_title=True)
        if found:
            return found
    for text in texts[1:]:
        found = period_named(text)
        if found:
            return found
    return None
