"""Who made a claim: claimant, role and cited source of each sentence of an article.

General rules over one sentence, plus a memory of the article read so far (see
factcheck.extraction.reading); no named entity appears in the code:

* "according to X", "X said / says / told / estimates ...", quote tags after the quote
  ('..., said café owner Priya Nair'), "the council's report says", "X, citing Y, reports";
* pronouns: "he"/"she" is the speaker of the sentence before, else the last person named
  whose gender (from a title or an earlier pronoun) allows; "they" is a group that spoke
  just before; "It says" and "its" are the organisation named last; "the paper", "the
  firm", "the airline", "the council" are the newspaper, company or council named before;
* organisations are capitalised phrases with an organisation noun as head, or acronyms;
  "the Asian Development Bank (ADB)" makes "ADB" stand for it;
* roles are split off names ("Foreign Secretary Jack Straw", "said LSE chief executive Ana
  Lind"), and "the finance minister" is the person known to hold that role;
* a quotation of several sentences closed by its tag ('"A. B," said X.') is X's all
  through; a "Source: X" line covers the sentences after it until another voice speaks;
* at the end, each person gets one canonical name within the article: "Mr Chidambaram"
  becomes "Palaniappan Chidambaram" once his full name is known.

:func:`attribute` is pure: one :class:`Attribution` per sentence, the memory local to
one call.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from factcheck.extraction import attribution_patterns as patterns
from factcheck.extraction.features import MAX_SENTENCE_CHARS, normalize
from factcheck.extraction.mentions import note_names
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


@dataclass(frozen=True)
class Attribution:
    """Who a sentence's claim belongs to.

    ``claimant`` is one canonical name per person or organisation within the article
    ("Palaniappan Chidambaram" for "Mr Chidambaram" and "the finance minister"), ``role``
    the role the article gives that person ("finance minister"), ``named_as`` the words
    the sentence used before they were resolved ("Mr Chidambaram"). ``evidence`` is the text
    that shows it ("according to his estimates"), ``cited`` a source the claimant relies on
    ("four anonymous diplomats"); ``inherited`` is True when the claimant comes from a
    preceding "Source:" line or from the quotation the sentence is part of.
    """

    claimant: str | None = None
    evidence: str | None = None
    cited: str | None = None
    inherited: bool = False
    role: str | None = None
    named_as: str | None = None


def _resolve(subject: str, reading: Reading) -> str | None:
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
        return [_resolve(pair[1], reading), _resolve(pair[0], reading)][1]
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


def _role(raw: str, reading: Reading) -> str | None:
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
        return _resolve(claimant, reading)
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


def _described(match: re.Match[str], reading: Reading) -> str | None:
    """ "said Nordwire chief executive Ana Lind": Ana Lind, who holds that role."""
    person = _resolve(match.group("described"), reading)
    role = " ".join(match.group("described_role").split())
    if person is not None and is_person(person) and role.split()[-1].lower() in ROLE_WORDS:
        reading.give_role(person, role)
    return person


def _from_subject(match: re.Match[str], reading: Reading) -> str | None:
    groups = match.groupdict()
    if groups.get("acronym") and groups.get("subject"):
        name = clean_name(groups.get("named_body") or groups["subject"])
        if name is not None:
            reading.remember_org(name, groups["acronym"])
    if groups.get("owner"):
        return _role(groups["owner"], reading)
    if groups.get("member") and patterns.is_member(groups["member"]):
        person = _resolve(groups["member"], reading)
        if person is not None:
            reading.affiliations.setdefault(person, " ".join(groups["member_of"].split()))
        return person
    if groups.get("described"):
        return _described(match, reading)
    if groups.get("role"):
        return _role(groups["role"], reading)
    if groups.get("named_body"):
        return _named_body(groups["subject"], groups["named_body"], reading)
    subject = match.group("subject")
    if _PRONOUN_RE.fullmatch(subject):
        return _resolve(subject, reading)
    if groups.get("appositive"):
        named = _appositive_name(subject, groups["appositive"], reading)
        if named:
            return named
    if groups.get("org"):
        org = _resolve(groups["org"], reading)
        role = patterns.ROLE_FOR_RE.search(subject)
        if org and role:
            reading.roles[role.group("role")] = org
        return org
    if subject[0].islower():
        return _role(subject, reading)
    return _resolve(subject, reading) or (subject if subject.lower() in GROUPS else None)


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
        return group or _resolve(body, reading)  # "Ravenna police", not "Ravenna"
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
    return _resolve(first, reading)


def _according(sentence: str, reading: Reading) -> Attribution | None:
    match = patterns.ACCORDING_RE.search(sentence)
    if match is None:
        return None
    evidence = match.group(0).rstrip(" .,;:")
    if match.group("appositive"):
        claimant = _resolve(match.group("appositive"), reading)
    elif match.group("described"):
        claimant = _described(match, reading)
    elif match.group("possessive"):
        claimant = _resolve(match.group("possessive"), reading)
    elif match.group("name"):
        claimant = _resolve(match.group("name"), reading)
    elif match.group("document"):  # a report, or who made it
        claimant = _role(match.group("document_by") or match.group("document"), reading)
    elif match.group("by"):
        claimant = _role(match.group("by"), reading)
    elif match.group("role_org"):
        claimant = _resolve(match.group("role_org"), reading)
    else:
        claimant = _role(match.group("role"), reading)
    return Attribution(claimant=claimant, evidence=evidence)


def _explicit(sentence: str, reading: Reading) -> Attribution | None:
    """Attribution stated in the sentence itself, if any."""
    citing = patterns.CITING_RE.search(sentence)
    if citing:
        claimant = _resolve(citing.group("subject"), reading)
        cited = clean_name(citing.group("cited")) or citing.group("cited")
        evidence = sentence[citing.start("subject") : citing.end()]
        return Attribution(claimant=claimant, evidence=evidence, cited=cited)
    according = _according(sentence, reading)
    if according:
        return according
    document = patterns.DOCUMENT_BY_RE.match(sentence)
    if document and document.group("source"):  # "A report by the Westford Institute found"
        claimant = _role(document.group("source"), reading)
        return Attribution(claimant=claimant, evidence=document.group(0))
    for _, match in patterns.speech_matches(sentence):
        group = patterns.group_before(sentence, match)  # "Police in Ravenna said"
        if group is None and patterns.after_preposition(sentence, match):
            continue  # "a survey released on Friday said": not Friday's
        reading.mention = None
        claimant = group_name(match.group("subject"), group) if group else None  # or the body
        claimant = claimant or _from_subject(match, reading)
        first = patterns.pair_before(sentence, match) if claimant and not group else None
        first = first or patterns.named_before(sentence, match)  # "X, Y Party spokesman said"
        claimant = (_resolve(first, reading) if first else None) or claimant
        if claimant:
            return Attribution(claimant=claimant, evidence=match.group(0).strip(' ,"”’'))  # noqa: RUF001
    saying = (
        patterns.SAYING_RE.match(sentence) if patterns.SAYING_WORD_RE.search(sentence) else None
    )
    if (
        saying
        and not saying.group("appositive")  # "Predictably, Trump mocked": no subject known
        and not patterns.is_function_words(saying.group("subject"))
    ):
        reading.mention = None
        claimant = _from_subject(saying, reading)
        if claimant:
            clause = sentence[saying.start("subject") : saying.end("verb")]
            evidence = f"{clause} … {saying.group('saying')}"
            return Attribution(claimant=claimant, evidence=evidence)
    it_says = patterns.IT_SAYS_RE.match(sentence)
    organisation = reading.it() if it_says else None
    if it_says and organisation:
        return Attribution(claimant=organisation, evidence=it_says.group("evidence"))
    opening = patterns.POSSESSIVE_OPENING_RE.match(sentence)
    if opening:
        claimant = _resolve(opening.group("possessive"), reading)
        if claimant:
            return Attribution(claimant=claimant, evidence=opening.group("evidence"))
    if document:  # "Court documents show", when nobody in the sentence says it
        author = document.group("opening")[0].lower() + document.group("opening")[1:]
        return Attribution(claimant=_role(author, reading), evidence=document.group(0))
    return None


def _attribute_one(sentence: str, reading: Reading) -> Attribution:
    source_line = patterns.SOURCE_LINE_RE.match(sentence)
    if source_line:
        reading.source = patterns.source_name(source_line.group("source") or "")
        if reading.source and is_org(reading.source):
            reading.remember_org(reading.source)
        return Attribution(claimant=reading.source, evidence=sentence.strip())
    reading.mention = None
    found = _explicit(sentence, reading)
    note_names(sentence, reading)
    continues_quote = reading.inside_quote or sentence.lstrip()[:1] in patterns.QUOTE_MARKS
    reading.read_quotes(sentence)
    if found is not None and found.claimant is not None:
        if found.claimant != reading.source:
            reading.source = None  # a new voice: the Source line no longer applies
        # A quotation that opens right after a speaker's words, quoted or reported ("She
        # said the plan was sound. "We have made a firm commitment."), is theirs too.
        reading.quote_speaker = found.claimant
        reading.spoke(found.claimant)
        return replace(found, named_as=reading.mention or found.claimant)
    if continues_quote and reading.quote_speaker is not None:
        # The next sentences of a quotation belong to whoever was quoted.
        return Attribution(claimant=reading.quote_speaker, inherited=True)
    if not patterns.has_quote(sentence):
        reading.quote_speaker = None
    if reading.source is not None:
        evidence = found.evidence if found else None
        return Attribution(claimant=reading.source, evidence=evidence, inherited=True)
    return found or Attribution()


def _canonical(found: Attribution, reading: Reading) -> Attribution:
    if found.claimant is None:
        return found
    claimant = reading.canonical(found.claimant)
    return replace(
        found,
        claimant=claimant,
        role=reading.person_roles.get(claimant) or reading.affiliations.get(claimant),
        named_as=found.named_as or found.claimant,
    )


# A quotation longer than this many sentences before its tag is more likely a miscounted
# quotation mark than one speaker's words.
_LONGEST_QUOTE = 4


def attribute(sentences: list[str]) -> list[Attribution]:
    """One Attribution per sentence, reading the sentences of one document in order.

    A sentence inside a quotation of several sentences that closes with its speaker
    ('"First. Second," said X.') is X's. Claimants are canonical within the document (see
    :class:`Attribution`). Only the first MAX_SENTENCE_CHARS characters of a sentence are
    read.
    """
    reading = Reading()
    found: list[Attribution] = []
    waiting: list[int] = []  # sentences of an open quotation with no speaker yet
    for index, raw in enumerate(sentences):
        sentence = normalize(raw[:MAX_SENTENCE_CHARS])
        reading.index, reading.sentence = index, sentence
        was_inside = reading.inside_quote
        if patterns.unattributable(sentence, reading.inside_quote):
            reading.mention = reading.quote_speaker = None
            result = Attribution(claimant=reading.source, inherited=reading.source is not None)
        else:
            result = _attribute_one(sentence, reading)
        found.append(result)
        speaker_named = result.claimant is not None and not result.inherited
        if reading.inside_quote and not speaker_named:
            opens = not was_inside and patterns.has_quote(sentence)
            waiting = [*waiting, index] if (waiting or opens) else []
        elif (
            was_inside
            and not reading.inside_quote
            and speaker_named
            and patterns.QUOTE_TAG_RE.search(sentence)
        ):
            for earlier in waiting if len(waiting) <= _LONGEST_QUOTE else []:
                found[earlier] = Attribution(claimant=result.claimant, inherited=True)
            waiting = []
        else:
            waiting = []
    return [_canonical(item, reading) for item in found]
