"""Who made a claim: claimant and cited source of each sentence of an article.

The rules are deliberately simple patterns over one sentence, plus a little memory of the
article read so far:

* "according to X" (X a name, or "his/her ..." which refers back to the last person named);
* "X said / says / reports / estimates / told / claimed / believes ..." with X a name, a
  role ("a spokesman for X") or a pronoun; appositives are dropped, so
  "Petro Kotin, the head of Energoatom, said" gives "Petro Kotin";
* quote tags after the quote: '..., said Alan Smith' and '..., he said';
* "X, citing Y, reports" gives claimant X and cited source Y;
* a "Source: X" line covers the sentences that follow it, until the next "Source:" line or
  until a sentence is explicitly attributed to someone else.

Everything here is pure: :func:`attribute` takes the sentences of one document and returns
one :class:`Attribution` per sentence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from factcheck.extraction.features import normalize

_VERBS = (
    r"(?:said|says|say|told|tells|reported|reports|report|estimated|estimates|estimate|"
    r"claimed|claims|claim|stated|states|announced|announces|added|adds|noted|notes|"
    r"argued|argues|warned|warns|insisted|insists|confirmed|confirms|denied|denies|"
    r"admitted|admits|wrote|writes|tweeted|alleged|alleges|believes|believe|believed|"
    r"thinks|think|thought|suggested|suggests|explained|explains|revealed|reveals|"
    r"stressed|stresses|predicted|predicts|acknowledged|acknowledges|emphasised|"
    r"emphasized|according)"
)
_AUX = r"(?:(?:has|have|had|also|further|then|does\s+not|did\s+not|do\s+not|doesn't|didn't)\s+)*"
_CAP_WORD = r"[A-Z][\w'’.-]*"  # noqa: RUF001
_CONNECTOR = r"(?:of\s+the|of|de|van|von|der|bin|al|da|du|la|le|and)"
_NAME = rf"{_CAP_WORD}(?:\s+(?:{_CONNECTOR}\s+)?{_CAP_WORD}){{0,5}}"
_PERSON_ROLES = (
    "spokesman|spokeswoman|spokesperson|minister|mayor|president|chairman|chairwoman|chair|"
    "director|chief|head|leader|secretary|governor|official|analyst|expert|researcher|"
    "scientist|diplomat|witness|investigator|prosecutor|lawyer|engineer|doctor|economist|"
    "executive|ceo|manager|commander|general|professor|author|source"
)
_ROLE = (
    rf"(?:(?:{_PERSON_ROLES})s?|police|ministry|government|authorities|authority|council|"
    r"court|office|department|residents|witnesses|company|firm|agency|report|study|survey|"
    r"poll|data|statement)"
)
_ROLE_PHRASE = (
    rf"(?:(?:the|a|an|one|two|three|four|several|many|some)\s+)?(?:[a-z-]+\s+){{0,2}}{_ROLE}"
)
_PRONOUN = r"(?:he|she|they|He|She|They)"
_TITLES = r"(?:Mr|Mrs|Ms|Dr|Prof|President|Senator|Sen|Rep|Governor|Gov|Minister|Judge|General|Gen)"
_APPOSITIVE = r"(?:\s*,\s*[^,;:\"“”]{1,80}?){1,2}\s*,"

_QUOTE_MARKS = '"“”«»'
_SOURCE_LINE_RE = re.compile(r"^\s*Sources?\s*:\s*(?P<source>.+?)\s*\.?\s*$")
_CITING_RE = re.compile(
    rf"(?P<subject>{_NAME})\s*,\s*citing\s+(?P<cited>[^,]{{1,80}}?)\s*,\s*{_AUX}{_VERBS}\b"
)
_ACCORDING_RE = re.compile(
    r"\b[Aa]ccording\s+to\s+(?P<target>(?:(?P<possessive>his|her|their)\s+[\w-]+)"
    rf"|(?:(?:the|a|an)\s+)?(?P<name>{_NAME})(?:['’]s\s+[\w-]+)?"  # noqa: RUF001
    rf"|(?P<role>{_ROLE_PHRASE}))"
)
_SUBJECT_VERB_RE = re.compile(
    rf"(?:^|(?<=[\s,;:(“\"]))(?P<subject>{_NAME}|{_ROLE_PHRASE}(?:\s+(?:for|of|at|from)\s+(?:the\s+)?(?P<org>{_NAME}))?|{_PRONOUN})"
    rf"(?:{_APPOSITIVE})?\s+{_AUX}{_VERBS}\b"
)
_VERB_SUBJECT_RE = re.compile(
    rf"[,\"”’]\s*(?:{_VERBS})\s+(?:(?:the|a|an)\s+)?(?P<subject>{_NAME}|{_PRONOUN})"  # noqa: RUF001
)
_TITLED_NAME_RE = re.compile(rf"\b{_TITLES}\.?\s+(?P<name>{_CAP_WORD}(?:\s+{_CAP_WORD})?)")

_NOT_NAMES = frozenset([
    "In", "On", "At", "For", "As", "To", "Of", "By", "With", "From", "But", "And", "Or", "So",
    "If", "When", "While", "After", "Before", "However", "Meanwhile", "There", "Here", "What",
    "Why", "How", "Who", "Where", "It", "Its", "This", "That", "These", "Those", "The", "A",
    "An", "Instead", "Also", "Still", "Now", "Then", "Yet", "Although", "Though", "Quote",
    "Details", "Source", "Sources", "Earlier", "Later", "Last", "Next", "I", "We", "You",
    "According"
])  # fmt: skip
_ORG_WORDS = frozenset([
    "Agency", "Company", "Reuters", "Ministry", "Office", "Party", "Council", "Committee",
    "Department", "Bank", "University", "Institute", "News", "Times", "Post", "Press",
    "Association", "Union", "Group", "Corporation", "Corp", "Inc", "Ltd", "Government",
    "Commission", "Court", "Police", "Service", "Forces", "Army", "Organization",
    "Organisation", "Foundation", "Plant", "Station", "Reservoir", "River", "Sea", "City",
    "Street", "Square", "Island", "Peninsula", "Region", "Oblast", "Province", "State",
    "States", "Republic", "Kingdom", "Nations", "Federation", "Energoatom", "IAEA", "BBC",
    "CNN", "AP", "AFP", "NHS", "Network", "Media", "Magazine", "Journal", "Review", "Daily",
    "Herald", "Tribune", "Guardian", "Telegraph", "Radio", "TV", "Television", "Power",
    "Nuclear", "Centre", "Center", "Board", "Bureau", "Authority", "Administration",
    "Parliament", "Congress", "Senate", "House"
])  # fmt: skip


@dataclass(frozen=True)
class Attribution:
    """Who a sentence's claim belongs to.

    ``evidence`` is the text that shows it ("according to his estimates"), ``cited`` a
    source the claimant relies on ("four anonymous diplomats"); ``inherited`` is True when
    the claimant comes from a preceding "Source:" line rather than the sentence itself.
    """

    claimant: str | None = None
    evidence: str | None = None
    cited: str | None = None
    inherited: bool = False


@dataclass
class _Reading:
    """What we remember while reading one document (local to one `attribute` call)."""

    people: list[str] = field(default_factory=list)
    source: str | None = None
    quote_speaker: str | None = None  # who is speaking in the quote being read
    straight_quote_open: bool = False
    curly_quote_depth: int = 0

    @property
    def inside_quote(self) -> bool:
        return self.straight_quote_open or self.curly_quote_depth > 0

    def read_quotes(self, sentence: str) -> None:
        """Track whether a quotation is still open after `sentence`."""
        if sentence.count('"') % 2:
            self.straight_quote_open = not self.straight_quote_open
        depth = self.curly_quote_depth + sentence.count("“") - sentence.count("”")
        self.curly_quote_depth = max(0, depth)

    def remember_person(self, name: str) -> str:
        """Record a person; a bare surname resolves to the full name seen before."""
        for known in reversed(self.people):
            if known != name and known.split()[-1] == name.split()[-1] and " " not in name:
                name = known
                break
        if name in self.people:
            self.people.remove(name)
        self.people.append(name)
        return name

    def knows_surname(self, word: str) -> bool:
        return any(known.split()[-1] == word for known in self.people)

    @property
    def last_person(self) -> str | None:
        return self.people[-1] if self.people else None


_TITLE_PREFIX_RE = re.compile(rf"^{_TITLES}\.?\s+(?=[A-Z])")


def _clean_name(raw: str) -> str | None:
    """Trim determiners, titles, trailing punctuation and possessives; None if not a name.

    "Dr. Ana Lind of the Maritime Institute" becomes "Ana Lind": a short name is enough.
    """
    name = " ".join(raw.split()).strip(" .,;:'’\"“”()")  # noqa: RUF001
    name = re.sub(r"['’]s$", "", name)  # noqa: RUF001
    words = name.split()
    while words and words[0] in _NOT_NAMES:
        words.pop(0)
    if words and words[0].lower() in ("the", "a", "an"):
        words.pop(0)
    name = _TITLE_PREFIX_RE.sub("", " ".join(words))
    head, of, _ = name.partition(" of ")
    if of and len(head.split()) >= 2 and _is_person(head):
        name = head
    return name or None


def _is_person(name: str) -> bool:
    words = name.split()
    if any(w in _ORG_WORDS or (w.isupper() and len(w) > 1) for w in words):
        return False
    return 1 <= len(words) <= 4 and all(w[0].isupper() for w in words if len(w) > 3)


def _resolve(subject: str, reading: _Reading) -> str | None:
    """Map a pronoun to the last person named; remember and return a named subject."""
    if subject.lower() in ("he", "she", "his", "her"):
        return reading.last_person
    if subject.lower() in ("they", "their"):
        return None  # too ambiguous to resolve safely
    name = _clean_name(subject)
    if name is None or not _is_person(name):
        return name
    if " " in name or reading.knows_surname(name):
        return reading.remember_person(name)
    return name  # a lone word may be a newspaper or a body: not a pronoun target


def _role_claimant(match: re.Match[str]) -> str | None:
    org = match.group("org")
    if org:
        return _clean_name(org)
    words = match.group("subject").split()
    if words and words[0].lower() in ("the", "a", "an"):
        words = words[1:]
    return " ".join(words) or None


def _is_person_role(claimant: str) -> bool:
    """A singular human role such as "mayor" or "local engineer" ("he" may refer to it)."""
    return re.search(rf"\b(?:{_PERSON_ROLES})$", claimant) is not None


def _from_subject(match: re.Match[str], reading: _Reading) -> str | None:
    subject = match.group("subject")
    if re.fullmatch(_PRONOUN, subject):
        return _resolve(subject, reading)
    if match.groupdict().get("org") or subject[0].islower():
        claimant = _role_claimant(match)
        if claimant and _is_person_role(claimant):
            reading.remember_person(claimant)
        return claimant
    return _resolve(subject, reading)


def _according(sentence: str, reading: _Reading) -> Attribution | None:
    match = _ACCORDING_RE.search(sentence)
    if match is None:
        return None
    evidence = match.group(0)
    if match.group("possessive"):
        claimant = _resolve(match.group("possessive"), reading)
    elif match.group("name"):
        claimant = _resolve(match.group("name"), reading)
    else:
        claimant = _clean_name(match.group("role"))
    return Attribution(claimant=claimant, evidence=evidence)


def _explicit(sentence: str, reading: _Reading) -> Attribution | None:
    """Attribution stated in the sentence itself, if any."""
    citing = _CITING_RE.search(sentence)
    if citing:
        claimant = _resolve(citing.group("subject"), reading)
        cited = _clean_name(citing.group("cited")) or citing.group("cited")
        return Attribution(claimant=claimant, evidence=citing.group(0), cited=cited)
    according = _according(sentence, reading)
    if according:
        return according
    for pattern in (_SUBJECT_VERB_RE, _VERB_SUBJECT_RE):
        for match in pattern.finditer(sentence):
            if _clean_name(match.group("subject")) is None and match.group("subject")[0].isupper():
                continue  # "In said ..." style false subject made only of function words
            claimant = _from_subject(match, reading)
            if claimant:
                return Attribution(claimant=claimant, evidence=match.group(0).strip(' ,"”’'))  # noqa: RUF001
    return None


def _note_titled_people(sentence: str, reading: _Reading) -> None:
    for match in _TITLED_NAME_RE.finditer(sentence):
        reading.remember_person(match.group(0).replace(".", ""))


def _has_quote(sentence: str) -> bool:
    return any(mark in sentence for mark in _QUOTE_MARKS)


def _attribute_one(sentence: str, reading: _Reading) -> Attribution:
    source_line = _SOURCE_LINE_RE.match(sentence)
    if source_line:
        reading.source = _clean_name(source_line.group("source"))
        return Attribution(claimant=reading.source, evidence=sentence.strip())
    found = _explicit(sentence, reading)
    _note_titled_people(sentence, reading)
    continues_quote = reading.inside_quote or sentence.lstrip()[:1] in _QUOTE_MARKS
    reading.read_quotes(sentence)
    if found is not None and found.claimant is not None:
        if found.claimant != reading.source:
            reading.source = None  # a new voice: the Source line no longer applies
        reading.quote_speaker = found.claimant if _has_quote(sentence) else None
        return found
    if continues_quote and reading.quote_speaker is not None:
        # The next sentences of a quotation belong to whoever was quoted.
        return Attribution(claimant=reading.quote_speaker, inherited=True)
    if not _has_quote(sentence):
        reading.quote_speaker = None
    if reading.source is not None:
        evidence = found.evidence if found else None
        return Attribution(claimant=reading.source, evidence=evidence, inherited=True)
    return found or Attribution()


def attribute(sentences: list[str]) -> list[Attribution]:
    """One Attribution per sentence, reading the sentences of one document in order."""
    reading = _Reading()
    return [_attribute_one(normalize(sentence), reading) for sentence in sentences]
