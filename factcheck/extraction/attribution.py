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

from dataclasses import dataclass, replace

from factcheck.extraction import attribution_patterns as patterns
from factcheck.extraction.features import MAX_SENTENCE_CHARS, normalize
from factcheck.extraction.mentions import note_names
from factcheck.extraction.names import clean_name, group_name, is_org, is_person, title_gender
from factcheck.extraction.reading import Reading
from factcheck.extraction.subjects import described, from_subject, resolve, role_claimant


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


def _according(sentence: str, reading: Reading) -> Attribution | None:
    match = patterns.ACCORDING_RE.search(sentence)
    if match is None:
        return None
    evidence = match.group(0).rstrip(" .,;:")
    if match.group("appositive"):
        claimant = resolve(match.group("appositive"), reading)
    elif match.group("described"):
        claimant = described(match, reading)
    elif match.group("possessive"):
        claimant = resolve(match.group("possessive"), reading)
    elif match.group("name"):
        claimant = resolve(match.group("name"), reading)
    elif match.group("document"):  # a report, or who made it
        claimant = role_claimant(match.group("document_by") or match.group("document"), reading)
    elif match.group("by"):
        claimant = role_claimant(match.group("by"), reading)
    elif match.group("role_org"):
        claimant = resolve(match.group("role_org"), reading)
    else:
        claimant = role_claimant(match.group("role"), reading)
    return Attribution(claimant=claimant, evidence=evidence)


def _explicit(sentence: str, reading: Reading) -> Attribution | None:
    """Attribution stated in the sentence itself, if any."""
    # The pattern's long subject is tried at every word: most sentences never cite.
    citing = patterns.CITING_RE.search(sentence) if "citing" in sentence else None
    if citing:
        claimant = resolve(citing.group("subject"), reading)
        cited = clean_name(citing.group("cited")) or citing.group("cited")
        evidence = sentence[citing.start("subject") : citing.end()]
        return Attribution(claimant=claimant, evidence=evidence, cited=cited)
    according = _according(sentence, reading)
    if according:
        return according
    document = patterns.DOCUMENT_BY_RE.match(sentence)
    if document and document.group("source"):  # "A report by the Westford Institute found"
        claimant = role_claimant(document.group("source"), reading)
        return Attribution(claimant=claimant, evidence=document.group(0))
    titled = patterns.DOCUMENT_TITLE_RE.match(sentence)
    if titled:  # "The book, Harbour Lights, said Ivo Brant ...": the book, not the man
        claimant = role_claimant(titled.group("document"), reading)
        return Attribution(claimant=claimant, evidence=titled.group("evidence"))
    for _, match in patterns.speech_matches(sentence):
        group = patterns.group_before(sentence, match)  # "Police in Ravenna said"
        if group is None and patterns.after_preposition(sentence, match):
            continue  # "a survey released on Friday said": not Friday's
        reading.mention = None
        claimant = group_name(match.group("subject"), group) if group else None  # or the body
        claimant = claimant or from_subject(match, reading)
        first = patterns.pair_before(sentence, match) if claimant and not group else None
        first = first or patterns.named_before(sentence, match)  # "X, Y Party spokesman said"
        claimant = (resolve(first, reading) if first else None) or claimant
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
        claimant = from_subject(saying, reading)
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
        claimant = resolve(opening.group("possessive"), reading)
        if claimant:
            return Attribution(claimant=claimant, evidence=opening.group("evidence"))
    if document:  # "Court documents show", when nobody in the sentence says it
        author = document.group("opening")[0].lower() + document.group("opening")[1:]
        return Attribution(claimant=role_claimant(author, reading), evidence=document.group(0))
    return None


def _speech_act(sentence: str, reading: Reading) -> None:
    """ "Ivo Brant accused Mr Lund of ...": Ivo Brant is who "he" or "the shadow treasurer"
    in the next sentence refers to (the sentence itself keeps no claimant)."""
    act = patterns.SPEECH_ACT_RE.match(sentence)
    name = clean_name(act.group("subject")) if act else None
    if act and name and " " in name and is_person(name):
        reading.actor = (name, title_gender(act.group("subject")), reading.index)


def _attribute_one(sentence: str, reading: Reading) -> Attribution:
    source_line = patterns.SOURCE_LINE_RE.match(sentence)
    if source_line:
        reading.source = patterns.source_name(source_line.group("source") or "")
        if reading.source and is_org(reading.source):
            reading.remember_org(reading.source)
        return Attribution(claimant=reading.source, evidence=sentence.strip())
    reading.mention = None
    found = _explicit(sentence, reading)
    if found is None or found.claimant is None:
        _speech_act(sentence, reading)
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
