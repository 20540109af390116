"""The words a sentence names as its speaker, read as a claimant.

A speech pattern (factcheck.extraction.attribution_patterns) finds the words before or
after the verb; these functions turn them into one claimant with the memory of the article
(factcheck.extraction.reading): a pronoun is the person or organisation it refers to, a
role ("the finance minister") the person known to hold it, "Nordwire chief executive Ana
Lind" the person with that role, "A Harbour Police spokesman" the body he speaks for.
Each remembers what it names, so later sentences can refer back to it.
"""

from __future__ import annotations

import re
from itertools import pairwise

from factcheck.extraction import attribution_patterns as patterns
from factcheck.extraction.names import (
    GROUPS,
    INSTITUTIONS,
    PRONOUN,
    ROLE_LEAD,
    ROLE_WORDS,
    SPEAKS_FOR,
    clean_name,
    group_name,
    has_title,
    is_full_name,
    is_group,
    is_org,
    is_person,
    is_person_role,
    pair_of_people,
    split_role,
    title_gender,
)
from factcheck.extraction.reading import Reading


def resolve(subject: str, reading: Reading) -> str | None:
    """Map a pronoun to the person (or "it"/"its" to the organisation) it refers to;
    remember and return a named subject, with any role before it split off."""
    lowered = subject.lower()
    if lowered in ("he", "she", "his", "her"):
        return reading.pronoun(lowered)
    if lowered in ("it", "its"):
        return reading.it()
    if lowered == "they":
        return reading.they()
    if lowered == "their":
        return None  # too ambiguous to resolve safely
    pair = pair_of_people(subject)
    if pair:  # "Ms Lind and Mr Breck said": both are remembered, the first speaks
        return [resolve(pair[1], reading), resolve(pair[0], reading)][1]
    name = clean_name(subject)
    if name is None:
        return None
    reading.mention = reading.mention or name
    person, role = split_role(name)
    if role is not None:
        person = reading.remember_person(person, gender=title_gender(subject))
        reading.give_role(person, role)
        return person
    if not is_person(name):
        name = reading.unalias(name)
        if is_org(name):
            reading.remember_org(name)
        return name
    if " " not in name and has_title(subject):
        name = " ".join(subject.split()[-2:]).replace(".", "")  # "Lord Falconer"
        reading.mention = name
    if " " in name or reading.knows_surname(name):
        return reading.remember_person(name, gender=title_gender(subject))
    if reading.unalias(name) != name:
        return reading.unalias(name)
    if not is_group(name):  # "Doctors" is people, never what "the company" means
        reading.remember_body(name)
    return name  # a lone word may be a newspaper or a body: not a pronoun target


# Prepositions that tie a role to the noun before it rather than to the verb after it.
_NOUN_PREPOSITIONS = frozenset(["about", "of", "on", "against", "with", "into", "over", "for"])


def role_claimant(raw: str, reading: Reading) -> str | None:
    """A role phrase as claimant: "the statistics office" gives "statistics office", "the
    council" the council named earlier, "the paper" the newspaper named earlier and "the
    finance minister" the person known to hold that role."""
    words = raw.split()
    # The role starts after its last determiner: "about the chancellor" is the chancellor,
    # "what the government" the government (the words before belong to the clause).
    last_lead = max(
        (index for index, word in enumerate(words[:-1]) if word.lower() in ROLE_LEAD),
        default=-1,
    )
    if last_lead > 0 and words[last_lead - 1].lower() in _NOUN_PREPOSITIONS:
        return None  # "a new book about the chancellor says": the book speaks, not he
    words = words[last_lead + 1 :]
    claimant = " ".join(words)
    if not claimant:
        return None
    if claimant[0].isupper():
        return resolve(claimant, reading)
    reading.mention = reading.mention or claimant
    if words[-1] in reading.roles:
        # "the spokesman" after "a spokesman for X" speaks for X, and so does "he" next.
        return reading.remember_person(reading.roles[words[-1]])
    holder = reading.role_holder(claimant) or reading.role_of_speaker(claimant)
    if holder is not None:
        return reading.remember_person(holder)
    if is_person_role(claimant):
        reading.remember_person(claimant)
        return claimant
    return reading.institution(claimant)


_PRONOUN_RE = re.compile(PRONOUN)


def described(match: re.Match[str], reading: Reading) -> str | None:
    """ "said Nordwire chief executive Ana Lind": Ana Lind, who holds that role."""
    person = resolve(match.group("described"), reading)
    role = " ".join(match.group("described_role").split())
    if person is not None and is_person(person) and _is_role(role):
        reading.give_role(person, role)
    return person


def _is_role(words: str) -> bool:
    """ "chief executive", or a role of a body: "shadow leader of the house"."""
    lowered = words.lower().split()
    served = [before for before, after in pairwise(lowered) if after in ("of", "for")]
    return lowered[-1] in ROLE_WORDS or any(word in ROLE_WORDS for word in served)


def from_subject(match: re.Match[str], reading: Reading) -> str | None:
    groups = match.groupdict()
    if groups.get("acronym") and groups.get("subject"):
        name = clean_name(groups.get("named_body") or groups["subject"])
        if name is not None:
            reading.remember_org(name, groups["acronym"])
    if groups.get("owner"):
        return role_claimant(groups["owner"], reading)
    if groups.get("member") and patterns.is_member(groups["member"]):
        person = resolve(groups["member"], reading)
        if person is not None:
            reading.affiliations.setdefault(person, " ".join(groups["member_of"].split()))
        return person
    if groups.get("described"):
        return described(match, reading)
    if groups.get("role"):
        return role_claimant(groups["role"], reading)
    if groups.get("named_body"):
        return _named_body(groups["subject"], groups["named_body"], reading)
    subject = match.group("subject")
    if _PRONOUN_RE.fullmatch(subject):
        return resolve(subject, reading)
    if groups.get("appositive"):
        named = _appositive_name(subject, groups["appositive"], reading)
        if named:
            return named
    if groups.get("org"):
        named = _named_after_body(subject, groups["org"], reading)
        if named:
            return named
        org = resolve(groups["org"], reading)
        role = patterns.ROLE_FOR_RE.search(subject)
        if org and role:
            reading.roles[role.group("role")] = org
        return org
    if subject[0].islower():
        return role_claimant(subject, reading)
    return resolve(subject, reading) or (subject if subject.lower() in GROUPS else None)


def _named_after_body(subject: str, org: str, reading: Reading) -> str | None:
    """ "leader of the Assembly Tova Marsh said": Tova Marsh, role "leader of the
    Assembly", not a person "Assembly Tova Marsh" (a full name of two words after the
    body's own capitalised words)."""
    body_words, name_words = org.split()[:-2], org.split()[-2:]
    person = " ".join(name_words)
    if not body_words or not is_full_name(person):
        return None  # "spokesman for the Harbour Police Federation": the body speaks
    person = reading.remember_person(person)
    reading.give_role(person, " ".join(subject.split()[:-2]))
    return person


_BODY_NOUNS = INSTITUTIONS | {"government"}


def _named_body(subject: str, body: str, reading: Reading) -> str | None:
    """ "A Harbour Police spokesman said" speaks for the police; "the Green Party leader
    said" is the leader (the person known to hold that role, if any)."""
    noun = subject.split()[-1].lower().removesuffix("s")
    role = " ".join(word for word in subject.split() if word.lower() not in ROLE_LEAD)
    if body.endswith(("'s", "’s")):  # noqa: RUF001
        reading.mention = role
        return role  # "the mayor's advisers said", "the UK's watchdog said": not the owner
    if noun in SPEAKS_FOR or noun not in ROLE_WORDS:
        between = subject[subject.find(body) + len(body) :].split()[:-1]
        if between and between[-1].lower() in _BODY_NOUNS:
            # "Japanese government officials": the Japanese government, not "Japanese"
            return " ".join([*body.split(), *between])
        group = None if between else group_name(body, subject.split()[-1])
        return group or resolve(body, reading)  # "Ravenna police", not "Ravenna"
    reading.mention = role
    return reading.role_holder(role) or role


def _appositive_name(subject: str, appositive: str, reading: Reading) -> str | None:
    """ "The Shadow Secretary for X, Theresa May, said": the name, not the role."""
    first = appositive.strip(" ,").split(",")[0].strip()
    if not is_full_name(first):
        return None
    subject_words = {word.lower() for word in subject.split()}
    if subject[0].isupper() and is_person(subject) and not subject_words & ROLE_WORDS:
        return None  # "Maria Ortiz, Tom Breck, said": a list of people, keep the first
    return resolve(first, reading)
