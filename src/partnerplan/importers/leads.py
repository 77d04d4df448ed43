"""Who leads an action, read from the text of a lead cell.

A lead cell lists people ("Jane Smith (Head of Service)"), organisations ("County
Council"), groups ("Steering Group") or job titles alone ("Chief Executive, Borough
Council"). A job title alone is kept as the lead's name and as its job title (with the
organisation after a comma as its organisation) and kind None: the format needs a name,
and a post is what the plan names. A kind is set only when the words say it.
"""

from __future__ import annotations

import re

from partnerplan.importers.interchange import LeadData

GROUP_WORDS = {
    "board",
    "group",
    "groups",
    "partnership",
    "partnerships",
    "forum",
    "team",
    "executive",
    "committee",
    "network",
    "panel",
    "sub-group",
}
ORGANISATION_WORDS = {
    "council",
    "police",
    "constabulary",
    "nhs",
    "trust",
    "fire",
    "service",
    "services",
    "cvs",
    "pct",
    "college",
    "university",
    "authority",
    "department",
    "directorate",
    "agency",
    "jobcentre",
    "omb",
    "ombc",
    "commission",
    "office",
    "association",
    "ltd",
    "limited",
    "centre",
    "center",
    "society",
    "charity",
    "foundation",
    "hospital",
    "school",
    "company",
    "cic",
    "unit",
}
JOB_WORDS = {
    "chief",
    "head",
    "director",
    "manager",
    "officer",
    "co-ordinator",
    "coordinator",
    "co-ordinators",
    "coordinators",
    "chair",
    "vice",
    "secretary",
    "leader",
    "leads",
    "assistant",
    "superintendent",
    "inspector",
    "commissioner",
    "advisor",
    "adviser",
    "analyst",
    "administrator",
    "clerk",
    "deputy",
}
# Names of one thing that have "and" inside them.
_JOINED_NAMES = (
    "fire and rescue",
    "research and performance",
    "health and wellbeing",
    "health and well-being",
    "health and social care",
    "safer and stronger",
    "learning and skills",
    "children and young people",
    "culture and leisure",
)
_TITLES = {"cllr", "councillor", "dr", "mr", "mrs", "ms", "miss", "prof", "sir", "dame"}
# Words that start a job title ("Research Officer", "Block Leads"): a name starting with
# one is a post, where "Sam Officer" is a person whose surname is a job word.
_POST_WORDS = {
    "area",
    "assistant",
    "block",
    "business",
    "communications",
    "community",
    "data",
    "development",
    "equalities",
    "executive",
    "finance",
    "general",
    "group",
    "health",
    "housing",
    "information",
    "lead",
    "liaison",
    "marketing",
    "media",
    "neighbourhood",
    "operations",
    "performance",
    "planning",
    "policy",
    "press",
    "principal",
    "programme",
    "project",
    "regeneration",
    "research",
    "safety",
    "senior",
    "service",
    "strategy",
    "strategic",
    "support",
    "team",
    "technical",
    "the",
    "youth",
}
# Words that end the name of a group, after which a converter may run the next lead on
# in the same line: "Steering Group OP Executive".
_GROUP_ENDS = {"group", "board", "team", "forum", "committee", "panel", "network", "sub-group"}
_NAME_WORD = re.compile(r"[A-Z][a-z]*(?:['’-]?[A-Z]?[a-z]+)*|[A-Z]\.?")
_HELPED_BY = re.compile(r"^(?:supported|assisted|helped)\s+by\s+", re.IGNORECASE)
_KNOWN = GROUP_WORDS | ORGANISATION_WORDS | JOB_WORDS
_KNOWN_OR_POST = _KNOWN | _POST_WORDS
_BODY_WORDS = GROUP_WORDS | ORGANISATION_WORDS


def leads_in(text: str) -> tuple[LeadData, ...]:
    """Every lead a lead cell names, in order."""
    leads: list[LeadData] = []
    for part in _parts(text):
        for piece in _split_and(part):
            leads.extend(_lead(name) for name in _split_names(piece))
    return tuple(leads)


def _parts(text: str) -> list[str]:
    """Lines and semicolon-separated parts, and "Name (Title) Name (Title)" run together."""
    parts: list[str] = []
    for line in re.split(r"[\n;]", text):
        line = line.strip(" \t,.")
        if not line:
            continue
        for piece in re.split(r"(?<=\))\s+(?=[A-Z])", line):
            for sentence in _sentences(piece.strip(" ,.")):
                parts.extend(_split_commas(sentence))
    return [_unwrapped(part) for part in parts if part]


def _sentences(text: str) -> list[str]:
    """ "Block leads. Steering Group" is two leads a converter ran into one line; "Dr. Ann
    Lee" is one."""
    pieces: list[str] = []
    for piece in re.split(r"(?<=[a-z]{3})\.\s+(?=[A-Z])", text):
        if pieces and pieces[-1].split()[-1].lower() in _TITLES:
            pieces[-1] = f"{pieces[-1]}. {piece}"  # "Prof. Ann Lee"
        elif piece.strip(" ,."):
            pieces.append(piece.strip(" ,."))
    return pieces


def _unwrapped(text: str) -> str:
    """ "(supported by Partnership Team)", written after the leads, names one more lead."""
    if text.startswith("(") and text.endswith(")") and text.count("(") == 1:
        text = text[1:-1].strip()
    return _HELPED_BY.sub("", text).strip() or text


def _split_commas(text: str) -> list[str]:
    pieces = _outside_brackets_split(text, ",")
    if len(pieces) == 1:
        return pieces
    # "Chief Executive, Borough Council" is one post at one organisation, and
    # "Jane Smith (Head of Service), Borough Council" one person at one.
    if len(pieces) == 2 and _is_job(pieces[0]) and _kind_by_words(pieces[1]):
        return [text]
    return pieces


def _outside_brackets_split(text: str, separator: str) -> list[str]:
    pieces, depth, current = [], 0, ""
    for character in text:
        depth += character == "("
        depth -= character == ")" and depth > 0
        if character == separator and depth == 0:
            pieces.append(current)
            current = ""
        else:
            current += character
    pieces.append(current)
    return [piece.strip() for piece in pieces if piece.strip()]


def _split_and(text: str) -> list[str]:
    """ "Jane Smith and Tom Brown" is two people; "Research and Performance Team" is one."""
    if "(" in text or any(name in text.lower() for name in _JOINED_NAMES):
        return [text]
    halves = re.split(r"\s+(?:and|&)\s+", text)
    if len(halves) == 2 and all(_is_person_name(h) or _kind_by_words(h) for h in halves):
        return halves
    return [text]


def _split_names(text: str) -> list[str]:
    """ "Jo Hart/ Sam Reid" and "Jo Hart Sam Reid" (a cell's lines run together by a
    converter) are two people; "Steering Group OP Executive" two groups."""
    if "(" in text:
        return [text]
    slashed = [piece.strip() for piece in text.split("/")]
    if len(slashed) > 1 and all(_is_person_name(piece) for piece in slashed):
        return [name for piece in slashed for name in _split_names(piece)]
    words = text.split()
    named = words[1:] if words and words[0].lower().strip(".") in _TITLES else words
    if (
        len(named) >= 4
        and len(named) % 2 == 0
        and len(named) == len(words)
        and all(_NAME_WORD.fullmatch(word) and word.lower() not in _KNOWN for word in words)
    ):
        return [" ".join(words[i : i + 2]) for i in range(0, len(words), 2)]
    for index, word in enumerate(words[1:-1], start=1):
        following = words[index + 1]
        if (
            word.lower() in _GROUP_ENDS
            and following[:1].isupper()
            and following.lower() not in JOB_WORDS
        ):
            return [" ".join(words[: index + 1]), *_split_names(" ".join(words[index + 1 :]))]
    return [text]


def _is_group(text: str) -> bool:
    """ "Chief Officers Group" is a group, where "Chair of the Board" is a post."""
    words = _words(text)
    return bool(words) and words[-1] in _GROUP_ENDS and "of" not in words


def _lead(text: str) -> LeadData:
    bracketed = re.fullmatch(r"(.+?)\s*\(([^()]+)\)(?:\s*,\s*(.+))?", text)
    if bracketed and _is_person_name(bracketed.group(1), surname_may_be_a_job=True):
        inside = bracketed.group(2).strip()
        if not _is_job(inside) and _kind_by_words(inside) == "organisation":
            # "Jo Hart (Commissioning Unit)": where the person works, not a post.
            job_title, organisation = None, inside
        else:
            job_title, organisation = _post_at(inside)
        organisation = bracketed.group(3) or organisation
        return LeadData(
            name=bracketed.group(1).strip(),
            job_title=job_title,
            organisation=organisation,
            kind="person",
        )
    if (
        _is_job(text)
        and not _is_person_name(text, surname_may_be_a_job=True)
        and not _is_group(text)
    ):
        job_title, organisation = _post_at(text)
        return LeadData(name=job_title, job_title=job_title, organisation=organisation)
    kind = _kind_by_words(text)
    if kind:
        return LeadData(name=text, kind=kind)
    if _is_person_name(text, surname_may_be_a_job=True):
        return LeadData(name=text, kind="person")
    return LeadData(name=text)


def _post_at(text: str) -> tuple[str, str | None]:
    """ "Head of Service, County Council" is a post and an organisation."""
    post, comma, place = text.rpartition(",")
    if comma and _kind_by_words(place):
        return post.strip(), place.strip()
    return text, None


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z][a-z-]*", text.lower())


def _is_job(text: str) -> bool:
    return any(word in JOB_WORDS for word in _words(text))


def _kind_by_words(text: str) -> str | None:
    """ "group" or "organisation" by the last telling word: a "Council Working Group" is a
    group, a "Partnership Support Service" an organisation."""
    for word in reversed(_words(text)):
        if word in GROUP_WORDS:
            return "group"
        if word in ORGANISATION_WORDS:
            return "organisation"
    return None


def _is_person_name(text: str, *, surname_may_be_a_job: bool = False) -> bool:
    """Two to four capitalised words that name no group, organisation or post. With
    `surname_may_be_a_job`, the last word may be a job word ("Chris Chair", "Sam
    Officer") when the first is not a word that starts a post ("Research Officer")."""
    words = text.split()
    if words and words[0].lower().strip(".") in _TITLES:
        words = words[1:]
    if not 2 <= len(words) <= 4 or not all(_NAME_WORD.fullmatch(word) for word in words):
        return False
    if all(word.lower() not in _KNOWN for word in words):
        return True
    if not surname_may_be_a_job:
        return False
    first, *_, last = (word.lower() for word in words)
    return (
        first not in _KNOWN_OR_POST
        and last in JOB_WORDS
        and all(word.lower() not in _BODY_WORDS for word in words)
    )
