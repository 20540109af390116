"""People, their roles and organisations an article names in passing, remembered as it is
read so that later sentences can refer to them ("the minister", "the firm", "Mr Lind")."""

from __future__ import annotations

import re

from factcheck.extraction import attribution_patterns as patterns
from factcheck.extraction.names import (
    NOT_NAMES,
    ORG_HEADS,
    PERSON_ROLES,
    ROLE_LEAD,
    clean_name,
    has_title,
    is_full_name,
    is_org,
    last_word,
    split_role,
    title_gender,
)
from factcheck.extraction.reading import Reading

_FULL_NAME = r"[A-Z][\w'.-]+(?: [A-Z][\w'.-]+){1,3}"
# The name that opens a sentence, or the person a few lower-case words lead to after it
# ("Osgood Rovers captain Liam Petrakis was sent off": the captain, not the club)
_OPENING_NAME_RE = re.compile(
    rf"^\W*(?P<name>{_FULL_NAME})"
    rf"(?: (?:[a-z]+ ){{0,2}}(?:{PERSON_ROLES}) (?P<led>{_FULL_NAME}))? (?=[a-z])"
)
_FULL_NAME_RE = re.compile(_FULL_NAME)


def _opening_subject(sentence: str) -> str | None:
    """The full name that opens `sentence` as its subject, when it names no one else: "Tom
    Breck has dismissed reports." ("he" in the next sentence may be him)."""
    opening = _OPENING_NAME_RE.match(sentence)
    if opening is None or _FULL_NAME_RE.search(sentence, opening.end()) is not None:
        return None
    written = opening.group("led") or opening.group("name")
    first = written.split(" ", 1)[0]
    whole = first not in NOT_NAMES and clean_name(written) == written and not has_title(written)
    return written if whole and is_full_name(written) else None


def note_names(sentence: str, reading: Reading) -> None:
    """Remember people, their roles and organisations named in passing."""
    subject = _opening_subject(sentence)
    if subject is not None:
        reading.subject = (subject, reading.index)
        reading.first_named.setdefault(subject, reading.index)
    for match in patterns.TITLED_NAME_RE.finditer(sentence):
        name = match.group("name")
        if not name.endswith(("'s", "’s")):  # noqa: RUF001
            full = name if " " in name else match.group(0).replace(".", "")
            reading.remember_person(full, gender=title_gender(match.group(0)))
    for match in patterns.PERSON_INTRO_RE.finditer(sentence):
        name = clean_name(match.group("after_role") or match.group("before_appositive"))
        if name and is_full_name(name):
            person = reading.remember_person(name)
            role = (
                match.group("role_before")
                or match.group("role_after")
                or match.group("bare_role")
                or match.group("body_role")
            )
            if role and role.split()[0].lower() not in ROLE_LEAD:
                reading.give_role(person, " ".join(role.split()))
    person_of = patterns.PERSON_OF_RE if patterns.PERSON_OF_HINT_RE.search(sentence) else None
    for match in person_of.finditer(sentence) if person_of else ():
        name = clean_name(match.group("person"))
        if name and is_full_name(name) and patterns.is_member(name):
            reading.affiliations.setdefault(name, match.group("body"))
    for match in patterns.ROLE_LED_RE.finditer(sentence):
        role = " ".join(match.group("role").split())
        # "IHRC chairman", "Westford Rovers manager": the capitalised words just before,
        # not the first of a sentence, nor one that a comma ends ("Herald, economist")
        body: list[str] = []
        for word in reversed(sentence[max(0, match.start() - 60) : match.start()].split()):
            capital = word[:1].isupper() and word[-1:].isalnum()
            if not capital or word in patterns.SENTENCE_OPENERS or len(body) == 4:
                break
            body.append(word)
        if body:
            role = f"{' '.join(reversed(body))} {role}"
        name = clean_name(match.group("led"))
        if name and is_full_name(name):
            reading.give_role(reading.remember_person(name), role)
    quoted = patterns.quoted_at(sentence, reading.inside_quote)
    for match in patterns.ORG_MENTION_RE.finditer(sentence):
        _note_org(match, reading, quoted=quoted(match.start()))


def _note_org(match: re.Match[str], reading: Reading, *, quoted: bool) -> None:
    """An organisation named in passing, or a person named with a title-case role
    ("Home Secretary Ana Lind"). One named inside a quotation is not what "it" or "the
    firm" in the narration after it refers to, and is not remembered."""
    name = clean_name(match.group("name"))
    if not name:
        return
    person, role = split_role(name)
    _note_in_passing(person, reading)  # "journalist Robert Peston's new book" too
    if match.group("name").endswith(("'s", "’s")):  # noqa: RUF001
        return
    if role is not None:
        reading.give_role(reading.remember_person(person), role)
        return
    noun = match.group("noun")
    if quoted:
        return
    if noun:
        reading.remember_org(f"{name} {noun}", match.group("acronym"))
    elif match.group("acronym") or (name.split()[-1] in ORG_HEADS and is_org(name)):
        reading.remember_org(name, match.group("acronym"))


def _note_in_passing(person: str, reading: Reading) -> None:
    """A full name mentioned in passing ("Tony Blair has dismissed reports"), kept by
    surname only to make "Mr Blair" canonical: never a target for "he" or "she"."""
    if (
        len(person.split()) == 2  # "Actor Tom Breck was there": the first word may be no name
        and is_full_name(person)
        and not has_title(person)
        and not patterns.FUNCTION_CAPS_RE.fullmatch(person.split()[0])  # "Many Americans"
    ):
        reading.passing.setdefault(last_word(person), {})[person] = None
        reading.first_named.setdefault(person, reading.index)
