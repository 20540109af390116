"""The regular expressions of attribution (factcheck.extraction.attribution), and the tests
on their matches.

Each is linear in the length of the sentence it reads (docs/security.md, finding F1): a
name starts only where a run of word characters starts, asides are bounded and spaces are
read once. tests/extraction/hostile.py times them on hostile text.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Callable, Iterator
from urllib.parse import urlsplit

from factcheck.extraction.names import (
    ACRONYM,
    APPOSITIVE,
    AUX,
    CAP_WORD,
    DOCUMENTS,
    FUNCTION_WORD,
    GROUPS,
    INSTITUTIONS,
    LOWER_WORD,
    NAME,
    NAME_END,
    PERSON_ROLES,
    PRONOUN,
    ROLE,
    ROLE_PHRASE,
    ROLE_WORDS,
    RUN_TO_FIRST_CAPITAL,
    TITLES,
    VERBS,
    WHOLE_NAME,
    clean_name,
    is_group,
    names_a_person,
)
from factcheck.extraction.reading import mark_opens

QUOTE_MARKS = '"“”«»'
# "Source: X." The source never ends on a space, so the end test runs only after a letter
# and the spaces are read once. A line of nothing but spaces after the colon still counts
# (with no source), as it always has.
SOURCE_LINE_RE = re.compile(
    r"^\s*Sources?\s*:(?:\s*+(?P<source>.+?)(?<!\s)\s*+\.?\s*+$|(?=\s*[^\S\n])\s*$)"
)
# "X, citing Y, said". The cited source is at most 80 characters and never ends on a space.
CITING_RE = re.compile(
    rf"{RUN_TO_FIRST_CAPITAL}(?P<subject>{WHOLE_NAME})\s*+,\s*+citing\s++"
    rf"(?P<cited>[^,]{{1,80}}?)(?<!\s)\s*+,\s*{AUX}{VERBS}\b"
)
# A document and who made it: "official figures", "a report, published by the ONS,"
_DOCUMENT = (
    r"(?P<document>(?:(?:the|a|an|new|latest|recent|official|provisional|government)\s+){0,3}"
    r"(?:figures|statistics|estimates|data|research|analysis|report|study|survey|poll|audit))"
)
_BY = (
    r"\s*+,?\s*+(?:(?:published|issued|released|commissioned|compiled|produced|conducted)\s+)?"
    r"(?:by|from)\s+(?:the\s+)?"
)
ACCORDING_RE = re.compile(
    r"\b[Aa]ccording\s+to\s+(?P<target>"
    # according to its treasurer, Tom Breck, ...
    r"(?:(?:the|a|an|his|her|its|their)\s+)?(?:[\w'’-]+\s+){0,3}?"  # noqa: RUF001
    rf"(?:{PERSON_ROLES})s?\s*,\s*(?P<appositive>{NAME}){NAME_END}"
    # according to Nordwire chief executive Ana Lind / the Norwegian economist Ana Lind
    r"|(?:(?:the|a|an)\s+)?(?P<described_role>(?:"
    rf"{NAME}\s+)?(?:(?!{FUNCTION_WORD}){LOWER_WORD}\s+){{0,2}}(?:{PERSON_ROLES})\s+)"
    rf"(?P<described>{NAME}){NAME_END}"
    r"|(?:(?P<possessive>his|her|their|its)\s+[\w-]+)"
    rf"|(?:(?:the|a|an)\s+)?(?P<name>{NAME})(?:['’]s\s+[\w-]+)?"  # noqa: RUF001
    # according to official figures / a report by the Westford Institute: its author
    rf"|{_DOCUMENT}(?:{_BY}(?P<document_by>{NAME}|(?:[a-z-]+\s+)?{ROLE}))?(?![\w-])"
    rf"|(?P<role>{ROLE_PHRASE})"
    r"(?:\s+(?:published|issued|released|commissioned|compiled|prepared|produced|written|"
    rf"conducted)\s+by\s+(?:the\s+)?(?P<by>{NAME}|(?:[a-z-]+\s+)?{ROLE})"
    rf"|\s+(?:for|of|at|from)\s+(?:the\s+)?(?P<role_org>{NAME}))?)"
)
# A sentence that opens with a document and who made it: "A report by the Westford
# Institute found", "Data from the WHO show", "The report, by the think tank Civic Ledger, says";
# or with no author: "Court documents show".
DOCUMENT_BY_RE = re.compile(
    r"^\W*(?P<opening>(?:(?:The|A|An|New|Latest|Official)\s+)?(?:[A-Za-z]+\s+)?"
    r"(?:[Ff]igures|[Ss]tatistics|[Ee]stimates|[Dd]ata|[Rr]esearch|[Aa]nalysis|[Rr]eport|"
    r"[Ss]tudy|[Ss]urvey|[Pp]oll|[Aa]udit|[Dd]ocuments))"
    rf"(?:{_BY}(?:(?:think[\s-]tank|charity|campaign\s+group|consultancy|pollster|"
    r"polling\s+(?:firm|company)|(?:researchers|scientists|economists|analysts)\s+at)\s+)?"
    rf"(?P<source>{WHOLE_NAME})(?:\s*+{ACRONYM})?(?:\s*+,)?)?\s++(?:(?:also|has|have)\s+)?"
    r"(?:shows?|showed|found|finds|suggests?|suggested|reveals?|revealed|indicates?|"
    r"indicated|says?|said|estimates?|estimated|concludes?|concluded)\b"
)
# Capitalised words that open a sentence but never a name.
FUNCTION_CAPS = (
    r"(?:The|A|An|This|That|These|Those|In|On|At|For|But|And|However|It|He|She|They|Some|"
    r"Many|Most|Several|Other|Both|All|Few|Two|Three|Four|[A-Z][a-z]+ly)"
)
FUNCTION_CAPS_RE = re.compile(FUNCTION_CAPS)
_SUBJECT = (
    r"(?P<subject>"
    # the council's report says / Nordwire's figures show
    rf"(?:(?:the|a|an)\s+)?(?P<owner>{NAME}|(?:[a-z-]+\s+)?{ROLE})['’]s\s+"  # noqa: RUF001
    rf"(?:[a-z-]+\s+)?{DOCUMENTS}"
    # "Laura Brownlees of Save the Children said": the person (when it is one), of the
    # organisation, whose name may hold a lower-case "the"
    # (two to four capitalised words with no connector, so that "Tom Breck of the Bank of
    # England" is Tom Breck of the Bank of England, and "Officials at the Treasury" no person)
    rf"|(?P<member>{CAP_WORD}(?:\s+{CAP_WORD}){{1,3}})\s+(?:of|from|at)\s+(?:the\s+)?"
    rf"(?P<member_of>{CAP_WORD}(?:\s+(?:(?:the|of|of\s+the|for)\s+)?{CAP_WORD}){{0,5}})"
    rf"|{NAME}"
    # the Nordwire news agency said: the organisation, not "news agency"
    rf"|(?:(?:the|a|an|The|A|An)\s+)?(?!{FUNCTION_CAPS}\b)(?P<named_body>{NAME})\s+"
    rf"(?:[a-z-]+\s+){{0,2}}{ROLE}"
    rf"|{ROLE_PHRASE}(?:\s+(?:for|of|at|from)\s+(?:the\s+)?(?P<org>{NAME}))?|{PRONOUN})"
    # the Asian Development Bank (ADB) has said / Tom Breck (pictured) said
    rf"(?:\s*+{ACRONYM})?(?:\s*+\((?:pictured|left|right|above|below|centre|center)\))?"
    rf"(?P<appositive>{APPOSITIVE})?"
    # "Tova Marsh - who was convicted in 1975 - said": an aside between dashes
    r"(?:\s+[-–—]\s+(?:who|whose)\s[^-–—;:\"“”]{1,150}?\s[-–—])?"  # noqa: RUF001
)
SUBJECT_VERB_RE = re.compile(
    # "Tom Breck, who said ...": the relative clause is his words too
    rf"(?:^|(?<=[\s,;:(“\"])){_SUBJECT}(?:\s*+,\s*+(?:who|which))?\s+{AUX}{VERBS}\b"
)
# "Mr Brown rejected the call, saying ...": the subject that opens the sentence says it. The
# verb right after the subject is in the past ("Children's charities have reacted" is not a
# subject "Children's" and a verb "charities"), and the clause before the comma is at most
# 300 characters with no quotation or colon in it.
SAYING_RE = re.compile(
    r"^\W*(?:(?:But|And|Yet|However|Meanwhile|Later|Earlier|Then)\b,?\s+)?"
    rf"(?![A-Z][a-z]+ly\b){_SUBJECT}\s+(?P<verb>{AUX}[a-z]+ed(?:\s+(?:out|back|down|up))?)\b"
    r"[^\"“”;:]{0,300}?,\s+(?P<saying>saying|arguing|claiming|insisting|warning)\b"
)
# The participles SAYING_RE ends on: sentences without one skip its long subject pattern.
SAYING_WORD_RE = re.compile(r", (?:saying|arguing|claiming|insisting|warning)\b")
# The verb both speech patterns need, a whole word: a sentence without one skips them. Its
# search is a sixth of SUBJECT_VERB_RE's, which tries a subject at every word.
SPEECH_VERB_RE = re.compile(rf"\b{VERBS}\b")
VERB_SUBJECT_RE = re.compile(
    rf"[,\"”’]\s*(?!told\b|tells\b)(?:{VERBS})\s+(?:"  # noqa: RUF001
    # ..., said café owner Priya Nair, who ... / said Nordwire chief executive Ana Lind
    rf"(?:(?:the|a|an)\s+)?(?P<described_role>(?:{NAME}\s+)?"
    # ... said shadow leader of the house Ana Lind: a role of a body in lower case
    rf"(?:(?:(?!{FUNCTION_WORD}){LOWER_WORD}\s+){{0,3}}(?:{PERSON_ROLES})\s+(?:of|for)\s+"
    rf"(?:the\s+)?(?:(?!{FUNCTION_WORD}){LOWER_WORD}\s+){{1,2}}"
    rf"|(?:(?!{FUNCTION_WORD}){LOWER_WORD}\s+){{1,4}}))"
    rf"(?P<described>{NAME}){NAME_END}"
    rf"|(?:(?:the|a|an)\s+)?(?P<subject>{NAME}|{PRONOUN})"
    rf"|(?P<role>{ROLE_PHRASE}){NAME_END})"
)
# "It says ..." at the start of a sentence: the organisation named last.
# "Tova Marsh, for the Harbour Party, accused Mr Brant of ...": the subject of a verb of
# speaking against or to someone speaks; "He said" next is her, not the man she accused.
SPEECH_ACT_RE = re.compile(
    rf"^\s*(?P<subject>(?:{TITLES}\.?\s+)?{CAP_WORD}(?:\s+{CAP_WORD}){{0,3}})"
    r"(?:\s*,[^,\"“”]{1,80},)?\s+(?:(?:has|had|also|then)\s+)?"
    r"(?:accused|attacked|urged|criticised|criticized|condemned|challenged|blamed|called\s+on|"
    r"demanded|dismissed|rejected|defended|praised|welcomed)\b"
)
# "The book, Harbour Lights, said Ivo Brant ...": the book speaks, not the man it names.
DOCUMENT_TITLE_RE = re.compile(
    r"^\W*(?P<evidence>(?:The|A|An)\s+(?:(?:new|latest|recent)\s+)?"
    r"(?P<document>book|report|study|paper|biography|memoir|documentary|film|survey|review)"
    rf"\s*,\s*[A-Z][^,\"“”]{{0,80}},\s+{AUX}{VERBS})\b"
)
IT_SAYS_RE = re.compile(rf"^\W*(?P<evidence>It\s+{AUX}{VERBS})\b")
POSSESSIVE_OPENING_RE = re.compile(
    r"^\W*(?P<evidence>(?P<possessive>His|Her|Its)\s+(?:[a-z-]+\s+)?"
    r"(?:estimates?|figures|calculations|data|analysis|research|findings|numbers|count|"
    r"assessment|forecasts?|projections?|report|study|survey|sources|view|claims?|"
    r"argument|conclusions?|testimony|account))\b"
)
# What a role serves, when the aside ends after it: "head of Norland Steel,", "chairman of
# the harbour works committee,", "shadow secretary for the family,".
_SERVED_BODY = r"(?:\s+(?:at|of|for)\s+(?:the\s+)?[^\s,;:\"“”()][^,;:\"“”()]{0,59}?(?=\s*,))?"
# People introduced without a speech verb: "its treasurer, Tom Breck," / "Tom Breck, who ..."
# / "Tom Breck, the finance minister," (the role is kept).
PERSON_INTRO_RE = re.compile(
    rf"\b(?P<role_before>(?:[a-z-]+\s+)?(?:{PERSON_ROLES}))s?\s*,\s*(?P<after_role>{NAME})\s*,"
    rf"|(?:^|(?<=[\s(“\"]))(?P<before_appositive>{NAME})\s*,\s*(?:who\s|aged\s|"
    r"(?:the|a|an|its|their)\s+(?P<role_after>(?:[\w'’-]+\s+){0,3}"  # noqa: RUF001
    rf"(?:{PERSON_ROLES}){_SERVED_BODY})\b"
    # "Ana Lind, Norland Bank chief economist said": a body and a role in lower case
    rf"|(?P<body_role>{NAME}\s+(?:[a-z-]+\s+){{0,2}}(?:{PERSON_ROLES}))(?=[\s,])"
    # "Ana Lind, chief economist at Norland Bank, said": a role with no determiner, in
    # lower case
    rf"|(?P<bare_role>(?:[a-z][\w'’-]*\s+){{0,2}}(?:{PERSON_ROLES}){_SERVED_BODY})\b)"  # noqa: RUF001
)
# A person set off with the body they speak for: "Tova Marsh, of Save the Valley Line,",
# "Tova Marsh, from the campaign group Parents 4 Play,": the body from its first capital.
PERSON_OF_RE = re.compile(
    rf"(?:^|(?<=[\s(“\"]))(?P<person>{NAME})\s*,\s*(?:of|from)\s+(?:the\s+)?"
    r"(?:[a-z-]+\s+){0,3}(?P<body>[A-Z][^,;:\"“”()]{0,79}?)\s*,"
)
# What PERSON_OF_RE needs somewhere in the sentence: most sentences skip its search.
PERSON_OF_HINT_RE = re.compile(r",\s*(?:of|from)\s")
# A person led by a lower-case role: "chairman Ana Lind", "finance minister Ana Lind".
ROLE_LED_RE = re.compile(
    rf"\b(?P<role>(?:[a-z-]{{2,}}\s+)?(?:{PERSON_ROLES}))\s+(?P<led>{WHOLE_NAME})"
)
SENTENCE_OPENERS = frozenset(["The", "A", "An", "But", "And", "In", "On", "At", "However"])
ORG_MENTION_RE = re.compile(
    rf"(?P<name>{NAME})(?:\s+(?P<noun>{'|'.join(sorted(INSTITUTIONS))})\b)?(?:\s*+{ACRONYM})?"
)
TITLED_NAME_RE = re.compile(rf"\b{TITLES}\.?\s+(?P<name>{CAP_WORD}(?:\s+{CAP_WORD})?)")
ROLE_FOR_RE = re.compile(rf"\b(?P<role>{PERSON_ROLES})s?\s+(?:for|of|at|from)\b")
# The end of a quotation followed by its tag: '... second," said X.'
QUOTE_TAG_RE = re.compile(r"[,.?!]['’]?[\"”]\s+[a-zA-Z]")  # noqa: RUF001

# Tests on a sentence or a match of the patterns above.
_PREPOSITION_END_RE = re.compile(r"\b(?:on|in|at|since|until|by|from|last|this|next)\s+$")


_QUOTE_MARK_RE = re.compile(f"[{QUOTE_MARKS}]")


def has_quote(sentence: str) -> bool:
    return any(mark in sentence for mark in QUOTE_MARKS)


def subject_text(match: re.Match[str]) -> str:
    """The words a subject pattern read as who spoke."""
    groups = match.groupdict()
    return groups.get("subject") or groups.get("described") or groups.get("role") or ""


def after_preposition(sentence: str, match: re.Match[str]) -> bool:
    """ "a survey released on Friday said": "Friday" follows a preposition, so it is not
    the subject of "said"."""
    if match.re is not SUBJECT_VERB_RE:
        return False
    before = sentence[max(0, match.start("subject") - 12) : match.start("subject")]
    return _PREPOSITION_END_RE.search(before) is not None


# "Police in Ravenna said", "Economists at the Norland Bank said": the words before the
# subject that a preposition ties it to.
_GROUP_BEFORE_RE = re.compile(r"(?<![\w'’-])(?P<group>[A-Za-z]+)\s+(?:at|in|from)\s+(?:the\s+)?$")  # noqa: RUF001


def group_before(sentence: str, match: re.Match[str]) -> str | None:
    """The group a subject after a preposition belongs to ("Police" in "Police in Ravenna
    said"), if the words before it are one: they speak, of that place or body."""
    if match.re is not SUBJECT_VERB_RE:
        return None
    before = sentence[max(0, match.start("subject") - 40) : match.start("subject")]
    found = _GROUP_BEFORE_RE.search(before)
    return found.group("group") if found and is_group(found.group("group")) else None


# "Finance Minister Ana Lind and central bank governor Tom Breck said": the first of two
# people who speak together, with any role before the second.
_PAIR_BEFORE_RE = re.compile(
    rf"(?<![\w'’.-])(?P<first>{NAME})\s+(?:and|&)\s+(?P<role>(?:{LOWER_WORD}\s+){{0,3}})$"  # noqa: RUF001
)


def pair_before(sentence: str, match: re.Match[str]) -> str | None:
    """The first of two people who speak together, when the subject of "said" is the second
    ("Ana Lind and central bank governor Tom Breck said"); None for anyone else."""
    if match.re is not SUBJECT_VERB_RE or not names_a_person(match.group("subject")):
        return None
    before = sentence[max(0, match.start("subject") - 80) : match.start("subject")]
    found = _PAIR_BEFORE_RE.search(before)
    if found is None or not names_a_person(found.group("first")):
        return None
    role = found.group("role").split()
    return found.group("first") if not role or role[-1].lower() in ROLE_WORDS else None


_NAMED_BEFORE_RE = re.compile(rf"(?<![\w'’.-])(?P<person>{NAME})\s*,\s*$")  # noqa: RUF001


def named_before(sentence: str, match: re.Match[str]) -> str | None:
    """The person of "Ana Lind, Norland Bank chief economist said": the name before a body
    and a role (not the body they speak for)."""
    if match.re is not SUBJECT_VERB_RE or not match.group("named_body"):
        return None
    if match.group("subject").split()[-1].lower() not in ROLE_WORDS:
        return None
    found = _NAMED_BEFORE_RE.search(sentence[max(0, match.start("subject") - 60) : match.start()])
    return found.group("person") if found and is_member(found.group("person")) else None


def is_member(raw: str) -> bool:
    """The person of "Laura Brownlees of Save the Children said": a full or titled name
    with no role word ("Secretary of State Colin Powell" is read whole, as before)."""
    name = clean_name(raw) or ""
    return names_a_person(raw) and not {word.lower() for word in name.split()} & ROLE_WORDS


def is_function_words(subject: str) -> bool:
    """A capitalised subject made of function words only ("In said ...")."""
    return (
        subject[:1].isupper()
        and subject not in ("He", "She", "They")
        and subject.lower() not in GROUPS  # "Sources said"
        and (clean_name(subject) is None)
    )


def speech_matches(sentence: str) -> Iterator[tuple[re.Pattern[str], re.Match[str]]]:
    """The matches of the two speech patterns in `sentence` ("X said", then "said X"),
    leaving out those inside a quotation: in '"What Ana said hit home," Tom Breck said.' Tom
    Breck speaks, and in '"The bank said we had no choice.' whoever is quoted.

    A subject of function words only is no subject, and the sentence is read on from the
    word after it: in "The report said", "The" and the verb "report" matched first.
    """
    if SPEECH_VERB_RE.search(sentence) is None:
        return  # most sentences: neither pattern can match, and their search is long
    found = (
        (pattern, match)
        for pattern in (SUBJECT_VERB_RE, VERB_SUBJECT_RE)
        for match in _speech_matches_in_order(pattern, sentence)
    )
    if not has_quote(sentence):
        yield from found  # one at a time: the first with a claimant ends the search
        return
    marks = [mark.start() for mark in _QUOTE_MARK_RE.finditer(sentence)]
    opens = [mark_opens(sentence, at) for at in marks]
    for pattern, match in found:
        # A match ends on its speaker or its verb. It is inside a quotation when the last
        # mark before that end opens one, or, with no mark before it, when the sentence's
        # first mark closes one ('It lied," said Ana.' opens inside and ends outside).
        before = bisect_left(marks, match.end())
        if not (opens[before - 1] if before else not opens[0]):
            yield pattern, match


def quoted_at(sentence: str, inside_at_start: bool) -> Callable[[int], bool]:
    """Whether a position of `sentence` is inside a quotation, read as :func:`speech_matches`
    reads its marks; with no mark, the sentence is quoted when a quotation was open before
    it."""
    marks = [mark.start() for mark in _QUOTE_MARK_RE.finditer(sentence)]
    opens = [mark_opens(sentence, at) for at in marks]

    def quoted(position: int) -> bool:
        before = bisect_left(marks, position)
        return opens[before - 1] if before else (not opens[0] if opens else inside_at_start)

    return quoted


def _speech_matches_in_order(pattern: re.Pattern[str], sentence: str) -> Iterator[re.Match[str]]:
    position = 0
    while (match := pattern.search(sentence, position)) is not None:
        if is_function_words(subject_text(match)):
            position = match.start() + 1
            continue
        yield match
        position = match.end()


_SITE_RE = re.compile(r"[\w-]+(?:\.[\w-]+)+")


def source_name(source: str) -> str | None:
    """Who a "Source:" line names: a web address gives its site ("example-news.com"), not
    the whole address."""
    if source.startswith(("http://", "https://", "www.")):
        try:
            address = urlsplit(source if "//" in source else f"//{source}")
            site = (address.hostname or "").removeprefix("www.")
        except ValueError:  # "https://[::1/x": not an address after all
            site = ""
        if _SITE_RE.fullmatch(site):
            return site
    return clean_name(source)


# What a one-word sentence could still hold: a "Source:" line or a quotation mark.
_ONE_WORD_MARKERS = re.compile(rf"[:{QUOTE_MARKS}]")


def unattributable(sentence: str, inside_quote: bool) -> bool:
    """A sentence of one word outside a quotation names no speaker and no one to remember.

    Reading it whole gives the same answer; skipping the patterns keeps an article of
    100,000 one-letter lines within its time.
    """
    return (
        not inside_quote
        and len(sentence.split(maxsplit=1)) < 2
        and _ONE_WORD_MARKERS.search(sentence) is None
    )
