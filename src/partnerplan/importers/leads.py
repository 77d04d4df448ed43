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


def leads_in(text: str) -> tuple[LeadData, ...]:
    """Every lead a lead cell names, in order."""
    leads: list[LeadData] = []
    for part in _parts(text):
        leads.extend(_lead(piece) for piece in _split_and(part))
    return tuple(leads)


def _parts(text: str) -> list[str]:
    """Lines and semicolon-separated parts, and "Name (Title) Name (Title)" run together."""
    parts: list[str] = []
    for line in re.split(r"[\n;]", text):
        line = line.strip(" \t,.")
        if not line:
            continue
        for piece in re.split(r"(?<=\))\s+(?=[A-Z])", line):
            parts.extend(_split_commas(piece.strip(" ,.")))
    return [part for part in parts if part]


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


def _lead(text: str) -> LeadData:
    bracketed = re.fullmatch(r"(.+?)\s*\(([^()]+)\)(?:\s*,\s*(.+))?", text)
    if bracketed and _is_person_name(bracketed.group(1)):
        job_title, organisation = _post_at(bracketed.group(2).strip())
        organisation = bracketed.group(3) or organisation
        return LeadData(
            name=bracketed.group(1).strip(),
            job_title=job_title,
            organisation=organisation,
            kind="person",
        )
    if _is_job(text):
        job_title, organisation = _post_at(text)
        return LeadData(name=job_title, job_title=job_title, organisation=organisation)
    kind = _kind_by_words(text)
    if kind:
        return LeadData(name=text, kind=kind)
    if _is_person_name(text):
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


def _is_person_name(text: str) -> bool:
    words = text.split()
    if words and words[0].lower().strip(".") in _TITLES:
        words = words[1:]
    if not 2 <= len(words) <= 4:
        return False
    known = GROUP_WORDS | ORGANISATION_WORDS | JOB_WORDS
    return all(
        re.fullmatch(r"[A-Z][a-z'’-]+|[A-Z]\.?", word) and word.lower() not in known
        for word in words
    )
