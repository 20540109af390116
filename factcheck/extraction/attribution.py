"""Who made a claim: claimant and cited source of each sentence of an article.

The rules are deliberately simple patterns over one sentence, plus a little memory of the
article read so far:

* "according to X" (X a name, or "his/her ..." which refers back to the last person named);
  "according to <role>, <Name>" gives the named person ("according to its treasurer,
  Tom Breck" gives "Tom Breck"), "according to a report published by X" gives X;
* "X said / says / reports / estimates / told / claimed / believes ..." with X a name, a
  role ("a spokesman for X") or a pronoun; appositives are dropped, so
  "Petro Kotin, the head of Energoatom, said" gives "Petro Kotin";
* quote tags after the quote: '..., said Alan Smith', '..., said café owner Priya Nair',
  '..., said the mayor' and '..., he said';
* "the council's report says" gives the owner of the document ("council");
* a sentence opening with "His estimates ..." / "Her figures ..." belongs to the last person
  named;
* organisation names keep their lower-case connectors ("Office for National Statistics",
  "Bank of England"), and a bare institution ("the council", "the ministry") becomes the
  organisation of that kind named earlier in the article, if any ("Harbourside council");
* "X, citing Y, reports" gives claimant X and cited source Y;
* a "Source: X" line covers the sentences that follow it, until the next "Source:" line or
  until a sentence is explicitly attributed to someone else.

Everything here is pure: :func:`attribute` takes the sentences of one document and returns
one :class:`Attribution` per sentence. The memory (people, organisations, "Source:" line,
open quotation) is local to one call.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from factcheck.extraction.features import MAX_SENTENCE_CHARS, normalize

_VERBS = (
    r"(?:said|says|say|told|tells|reported|reports|report|estimated|estimates|estimate|"
    r"claimed|claims|claim|stated|states|announced|announces|added|adds|noted|notes|"
    r"argued|argues|warned|warns|insisted|insists|confirmed|confirms|denied|denies|"
    r"admitted|admits|wrote|writes|tweeted|alleged|alleges|believes|believe|believed|"
    r"thinks|think|thought|suggested|suggests|explained|explains|revealed|reveals|"
    r"stressed|stresses|predicted|predicts|acknowledged|acknowledges|emphasised|"
    r"emphasized|disputes|disputed|maintains|maintained|according)"
)
_AUX = r"(?:(?:has|have|had|also|further|then|does\s+not|did\s+not|do\s+not|doesn't|didn't)\s+)*"
_CAP_WORD = r"[A-Z][\w'’.-]*"  # noqa: RUF001
_CONNECTOR = r"(?:of\s+the|of|for\s+the|for|and\s+the|and|on|&|de|van|von|der|bin|al|da|du|la|le)"
_NAME = rf"{_CAP_WORD}(?:\s+(?:{_CONNECTOR}\s+)?{_CAP_WORD}){{0,5}}"
# The same name with words that never give letters back, for patterns where a name is
# followed by a space or a comma: a shorter word could never be followed by either.
_WHOLE_CAP_WORD = r"[A-Z][\w'’.-]*+"  # noqa: RUF001
_WHOLE_NAME = rf"{_WHOLE_CAP_WORD}(?:\s+(?:{_CONNECTOR}\s+)?{_WHOLE_CAP_WORD}){{0,5}}"
# Where a name may start in an unanchored pattern: at the first capital of a run of word
# characters. A later capital of the same run reaches the same end of word, so the pattern
# could only fail again there; trying it anyway made "AAAA..." quadratic.
_RUN_TO_FIRST_CAPITAL = r"(?<![\w'’.-])(?:[^\WA-Z]|['’.-])*+"  # noqa: RUF001
_PERSON_ROLES = (
    "spokesman|spokeswoman|spokesperson|minister|mayor|president|chairman|chairwoman|chair|"
    "director|chief|head|leader|secretary|governor|official|analyst|expert|researcher|"
    "scientist|diplomat|witness|investigator|prosecutor|lawyer|engineer|doctor|economist|"
    "executive|ceo|manager|commander|general|professor|author|source|treasurer|commissioner|"
    "councillor|councilor|auditor|founder|owner|editor|correspondent|reporter|adviser|"
    "advisor|aide|ambassador|deputy|officer|inspector|judge|senator|campaigner|activist|"
    "representative|coordinator|organiser|organizer|planner|statistician|accountant|"
    "consultant|surgeon|nurse|teacher|historian|chairperson"
)
_ROLE = (
    rf"(?:(?:{_PERSON_ROLES})s?|police|ministry|government|authorities|authority|council|"
    r"court|office|department|residents|witnesses|company|firm|agency|report|study|survey|"
    r"poll|data|statement)\b"
)
# Institutions that "the <noun>" may refer back to once an organisation of that kind is named.
_INSTITUTIONS = frozenset([
    "council", "ministry", "police", "court", "office", "department", "company", "firm",
    "agency", "authority", "committee", "commission", "bank", "university", "board",
    "alliance", "union", "association", "institute", "parliament"
])  # fmt: skip
_DOCUMENTS = (
    r"(?:report|reports|study|survey|data|figures|statement|analysis|estimates?|research|"
    r"review|audit|findings|website|spokesman|spokeswoman|spokesperson)"
)
_ROLE_PHRASE = (
    rf"(?:(?:the|a|an|one|two|three|four|several|many|some)\s+)?(?:[a-z-]+\s+){{0,2}}{_ROLE}"
)
_PRONOUN = r"(?:he|she|they|He|She|They)"
_TITLES = (
    r"(?:Mr|Mrs|Ms|Dr|Prof|President|Senator|Sen|Rep|Governor|Gov|Minister|Judge|General|Gen|"
    r"Mayor|Chancellor|Councillor|Cllr|Commissioner|Ambassador)"
)
# One or two asides between commas, each at most 150 characters once the spaces around it
# are left out (or nothing but spaces). Spaces are read once: the lazy text never ends on
# a space, and the spaces around it never give any back.
_ASIDE = r"\s*+,(?:\s*+[^\s,;:\"“”][^,;:\"“”]{0,149}?(?<!\s)|\s++)"
_APPOSITIVE = rf"(?:{_ASIDE}){{1,2}}\s*+,"
# What may follow a name that closes a clause: punctuation, the end, or a relative clause.
_NAME_END = r"(?=\s*(?:[,.;:!?)]|$|\s(?:who|whose|of|from|at|in)\b))"
_LOWER_WORD = r"[a-z\u00df-\u00ff][\w'’-]*"  # noqa: RUF001
_FUNCTION_WORD = r"(?:to|be|by|that|in|on|at|for|the|a|an|of|it|is|was|and|or|not|with)\b"

_QUOTE_MARKS = '"“”«»'
# "Source: X." The source never ends on a space, so the end test runs only after a letter
# and the spaces are read once. A line of nothing but spaces after the colon still counts
# (with no source), as it always has.
_SOURCE_LINE_RE = re.compile(
    r"^\s*Sources?\s*:(?:\s*+(?P<source>.+?)(?<!\s)\s*+\.?\s*+$|(?=\s*[^\S\n])\s*$)"
)
# "X, citing Y, said". The cited source is at most 80 characters and never ends on a space.
_CITING_RE = re.compile(
    rf"{_RUN_TO_FIRST_CAPITAL}(?P<subject>{_WHOLE_NAME})\s*+,\s*+citing\s++"
    rf"(?P<cited>[^,]{{1,80}}?)(?<!\s)\s*+,\s*{_AUX}{_VERBS}\b"
)
_ACCORDING_RE = re.compile(
    r"\b[Aa]ccording\s+to\s+(?P<target>"
    # according to its treasurer, Tom Breck, ...
    r"(?:(?:the|a|an|his|her|its|their)\s+)?(?:[\w'’-]+\s+){0,3}?"  # noqa: RUF001
    rf"(?:{_PERSON_ROLES})s?\s*,\s*(?P<appositive>{_NAME}){_NAME_END}"
    r"|(?:(?P<possessive>his|her|their|its)\s+[\w-]+)"
    rf"|(?:(?:the|a|an)\s+)?(?P<name>{_NAME})(?:['’]s\s+[\w-]+)?"  # noqa: RUF001
    rf"|(?P<role>{_ROLE_PHRASE})"
    r"(?:\s+(?:published|issued|released|commissioned|compiled|prepared|produced|written|"
    rf"conducted)\s+by\s+(?:the\s+)?(?P<by>{_NAME}|(?:[a-z-]+\s+)?{_ROLE})"
    rf"|\s+(?:for|of|at|from)\s+(?:the\s+)?(?P<role_org>{_NAME}))?)"
)
_SUBJECT_VERB_RE = re.compile(
    r"(?:^|(?<=[\s,;:(“\"]))(?P<subject>"
    # the council's report says / Nordwire's figures show
    rf"(?:(?:the|a|an)\s+)?(?P<owner>{_NAME}|(?:[a-z-]+\s+)?{_ROLE})['’]s\s+"  # noqa: RUF001
    rf"(?:[a-z-]+\s+)?{_DOCUMENTS}"
    rf"|{_NAME}|{_ROLE_PHRASE}(?:\s+(?:for|of|at|from)\s+(?:the\s+)?(?P<org>{_NAME}))?|{_PRONOUN})"
    rf"(?P<appositive>{_APPOSITIVE})?\s+{_AUX}{_VERBS}\b"
)
_VERB_SUBJECT_RE = re.compile(
    rf"[,\"”’]\s*(?:{_VERBS})\s+(?:"  # noqa: RUF001
    # ..., said café owner Priya Nair, who ...
    rf"(?:(?:the|a|an)\s+)?(?:(?!{_FUNCTION_WORD}){_LOWER_WORD}\s+){{1,3}}"
    rf"(?P<described>{_NAME}){_NAME_END}"
    rf"|(?:(?:the|a|an)\s+)?(?P<subject>{_NAME}|{_PRONOUN})"
    rf"|(?P<role>{_ROLE_PHRASE}){_NAME_END})"
)
_POSSESSIVE_OPENING_RE = re.compile(
    r"^\W*(?P<evidence>(?P<possessive>His|Her|Its)\s+(?:[a-z-]+\s+)?"
    r"(?:estimates?|figures|calculations|data|analysis|research|findings|numbers|count|"
    r"assessment|forecasts?|projections?|report|study|survey|sources|view|claims?|"
    r"argument|conclusions?|testimony|account))\b"
)
# People introduced without a speech verb: "its treasurer, Tom Breck," / "Tom Breck, who ..."
_PERSON_INTRO_RE = re.compile(
    rf"\b(?:{_PERSON_ROLES})s?\s*,\s*(?P<after_role>{_NAME})\s*,"
    rf"|(?:^|(?<=[\s(“\"]))(?P<before_appositive>{_NAME})\s*,\s*(?:who\s|aged\s|"
    rf"(?:the|a|an|its|their)\s+(?:[\w'’-]+\s+){{0,3}}?(?:{_PERSON_ROLES})\b)"  # noqa: RUF001
)
_ORG_MENTION_RE = re.compile(
    rf"(?P<name>{_NAME})(?:\s+(?P<noun>{'|'.join(sorted(_INSTITUTIONS))})\b)?"
)
_TITLED_NAME_RE = re.compile(rf"\b{_TITLES}\.?\s+(?P<name>{_CAP_WORD}(?:\s+{_CAP_WORD})?)")
# Words that make a subject a role rather than a name ("The Shadow Secretary of State").
_ROLE_WORDS = frozenset(_PERSON_ROLES.split("|")) | frozenset(
    ["minister", "president", "governor", "senator", "judge", "chancellor", "attorney", "mayor"]
)
_ROLE_FOR_RE = re.compile(rf"\b(?P<role>{_PERSON_ROLES})s?\s+(?:for|of|at|from)\b")
# Words dropped from the front of a role phrase ("that his government" is "government").
_ROLE_LEAD = frozenset([
    "the", "a", "an", "that", "which", "who", "when", "while", "and", "but", "or", "his", "her",
    "its", "their", "our", "my", "your", "this", "these", "those"
])  # fmt: skip

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
    "Parliament", "Congress", "Senate", "House", "Alliance", "Coalition", "Campaign", "Trust",
    "Society", "League", "Club", "Partnership", "Statistics", "Institution", "Academy",
    "Fund", "Initiative", "Watch", "Observatory", "Museum", "Gallery", "Hospital", "School",
    "Library", "Charity", "Airport", "Port"
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


def _last_word(name: str) -> str:
    return name.split()[-1]


def _last_word_lower(name: str) -> str:
    return name.split()[-1].lower()


class _Recent:
    """Names in the order they were last mentioned, looked up by a key such as the surname.

    Every operation takes constant time, so an article naming thousands of people (or
    one sentence listing them) is read in linear time.
    """

    def __init__(self, key: Callable[[str], str]) -> None:
        self._key = key
        self._order: dict[str, None] = {}  # insertion order is recency: last = newest
        self._by_key: dict[str, dict[str, None]] = {}

    def add(self, name: str) -> None:
        """Record `name` as the newest mention."""
        self.discard(name)
        self._order[name] = None
        self._by_key.setdefault(self._key(name), {})[name] = None

    def discard(self, name: str) -> None:
        if name in self._order:
            del self._order[name]
            key = self._key(name)
            del self._by_key[key][name]
            if not self._by_key[key]:
                del self._by_key[key]

    def newest(self) -> str | None:
        return next(reversed(self._order), None)

    def newest_with_key(self, key: str, *, other_than: str | None = None) -> str | None:
        """The newest name whose key is `key`, leaving out `other_than`."""
        for name in reversed(self._by_key.get(key, {})):
            if name != other_than:
                return name
        return None

    def has_key(self, key: str) -> bool:
        return key in self._by_key


@dataclass
class _Reading:
    """What we remember while reading one document (local to one `attribute` call)."""

    people: _Recent = field(default_factory=lambda: _Recent(_last_word))
    roles: dict[str, str] = field(default_factory=dict)  # "spokesman" -> "Home Office"
    orgs: _Recent = field(default_factory=lambda: _Recent(_last_word_lower))  # proper names
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
        if " " not in name:
            known = self.people.newest_with_key(_last_word(name), other_than=name)
            if known is not None:
                name = known
        self.people.add(name)
        return name

    def knows_surname(self, word: str) -> bool:
        return self.people.has_key(word)

    @property
    def last_person(self) -> str | None:
        return self.people.newest()

    def remember_org(self, name: str) -> None:
        self.orgs.add(name)

    @property
    def last_org(self) -> str | None:
        return self.orgs.newest()

    def institution(self, claimant: str) -> str:
        """The last organisation named whose name ends like `claimant` ("council"), if any."""
        noun = _last_word_lower(claimant)
        if noun in _INSTITUTIONS:
            return self.orgs.newest_with_key(noun) or claimant
        return claimant


_TITLE_PREFIX_RE = re.compile(rf"^{_TITLES}\.?\s+(?=[A-Z])")


def _clean_name(raw: str) -> str | None:
    """Trim determiners, titles, trailing punctuation and possessives; None if not a name.

    "Dr. Ana Lind of the Maritime Institute" becomes "Ana Lind": a short name is enough.
    """
    name = " ".join(raw.split()).strip(" .,;:'’\"“”()")  # noqa: RUF001
    name = re.sub(r"['’]s$", "", name)  # noqa: RUF001
    words = name.split()
    leading = 0
    while leading < len(words) and words[leading] in _NOT_NAMES:
        leading += 1
    if leading < len(words) and words[leading].lower() in ("the", "a", "an"):
        leading += 1
    words = words[leading:]
    name = _TITLE_PREFIX_RE.sub("", " ".join(words))
    head, of, _ = name.partition(" of ")
    if of and len(head.split()) >= 2 and _is_person(head):
        name = head
    return name or None


def _is_person(name: str) -> bool:
    words = name.split()
    if any(
        w in _ORG_WORDS or (w.isupper() and len(w) > 1) or w.endswith(("'", "’"))  # noqa: RUF001
        for w in words
    ):
        return False
    return 1 <= len(words) <= 4 and all(w[0].isupper() for w in words if len(w) > 3)


def _is_full_name(name: str) -> bool:
    """Two to four capitalised words that look like a person ("Tom Breck", "Glenn McCoy")."""
    words = name.split()
    return 2 <= len(words) <= 4 and all(w[0].isupper() for w in words) and _is_person(name)


def _is_org(name: str) -> bool:
    """A proper organisation name: capitalised words, one of them an organisation word."""
    words = name.split()
    return bool(words) and words[0][0].isupper() and not _is_person(name)


def _resolve(subject: str, reading: _Reading) -> str | None:
    """Map a pronoun to the last person (or "its" to the last organisation) named; remember
    and return a named subject."""
    lowered = subject.lower()
    if lowered in ("he", "she", "his", "her"):
        return reading.last_person
    if lowered == "its":
        return reading.last_org
    if lowered in ("they", "their"):
        return None  # too ambiguous to resolve safely
    name = _clean_name(subject)
    if name is None:
        return None
    if not _is_person(name):
        if _is_org(name):
            reading.remember_org(name)
        return name
    if " " in name or reading.knows_surname(name):
        return reading.remember_person(name)
    return name  # a lone word may be a newspaper or a body: not a pronoun target


def _role(raw: str, reading: _Reading) -> str | None:
    """A role phrase as claimant: "the statistics office" gives "statistics office", and
    "the council" the council named earlier, if any. A singular human role ("the mayor")
    becomes a pronoun target."""
    words = raw.split()
    while words and words[0].lower() in _ROLE_LEAD:
        words = words[1:]
    claimant = " ".join(words)
    if not claimant:
        return None
    if claimant[0].isupper():
        return _resolve(claimant, reading)
    if words[-1] in reading.roles:
        # "the spokesman" after "a spokesman for X" speaks for X, and so does "he" next.
        return reading.remember_person(reading.roles[words[-1]])
    if _is_person_role(claimant):
        reading.remember_person(claimant)
        return claimant
    return reading.institution(claimant)


def _is_person_role(claimant: str) -> bool:
    """A singular human role such as "mayor" or "local engineer" ("he" may refer to it)."""
    return re.search(rf"\b(?:{_PERSON_ROLES})$", claimant) is not None


def _from_subject(match: re.Match[str], reading: _Reading) -> str | None:
    groups = match.groupdict()
    if groups.get("owner"):
        return _role(groups["owner"], reading)
    if groups.get("described"):
        return _resolve(groups["described"], reading)
    if groups.get("role"):
        return _role(groups["role"], reading)
    subject = match.group("subject")
    if re.fullmatch(_PRONOUN, subject):
        return _resolve(subject, reading)
    if groups.get("appositive"):
        named = _appositive_name(subject, groups["appositive"], reading)
        if named:
            return named
    if groups.get("org"):
        org = _resolve(groups["org"], reading)
        role = _ROLE_FOR_RE.search(subject)
        if org and role:
            reading.roles[role.group("role")] = org
        return org
    if subject[0].islower():
        return _role(subject, reading)
    return _resolve(subject, reading)


def _appositive_name(subject: str, appositive: str, reading: _Reading) -> str | None:
    """ "The Shadow Secretary for X, Theresa May, said": the name, not the role."""
    first = appositive.strip(" ,").split(",")[0].strip()
    if not _is_full_name(first):
        return None
    subject_words = {word.lower() for word in subject.split()}
    if subject[0].isupper() and _is_person(subject) and not subject_words & _ROLE_WORDS:
        return None  # "Maria Ortiz, Petro Kotin, said": a list of people, keep the first
    return _resolve(first, reading)


def _according(sentence: str, reading: _Reading) -> Attribution | None:
    match = _ACCORDING_RE.search(sentence)
    if match is None:
        return None
    evidence = match.group(0).rstrip(" .,;:")
    if match.group("appositive"):
        claimant = _resolve(match.group("appositive"), reading)
    elif match.group("possessive"):
        claimant = _resolve(match.group("possessive"), reading)
    elif match.group("name"):
        claimant = _resolve(match.group("name"), reading)
    elif match.group("by"):
        claimant = _role(match.group("by"), reading)
    elif match.group("role_org"):
        claimant = _resolve(match.group("role_org"), reading)
    else:
        claimant = _role(match.group("role"), reading)
    return Attribution(claimant=claimant, evidence=evidence)


def _subject_text(match: re.Match[str]) -> str:
    groups = match.groupdict()
    return groups.get("subject") or groups.get("described") or groups.get("role") or ""


def _explicit(sentence: str, reading: _Reading) -> Attribution | None:
    """Attribution stated in the sentence itself, if any."""
    citing = _CITING_RE.search(sentence)
    if citing:
        claimant = _resolve(citing.group("subject"), reading)
        cited = _clean_name(citing.group("cited")) or citing.group("cited")
        evidence = sentence[citing.start("subject") : citing.end()]
        return Attribution(claimant=claimant, evidence=evidence, cited=cited)
    according = _according(sentence, reading)
    if according:
        return according
    for pattern in (_SUBJECT_VERB_RE, _VERB_SUBJECT_RE):
        for match in pattern.finditer(sentence):
            subject = _subject_text(match)
            if _clean_name(subject) is None and subject[:1].isupper():
                continue  # "In said ..." style false subject made only of function words
            claimant = _from_subject(match, reading)
            if claimant:
                return Attribution(claimant=claimant, evidence=match.group(0).strip(' ,"”’'))  # noqa: RUF001
    opening = _POSSESSIVE_OPENING_RE.match(sentence)
    if opening:
        claimant = _resolve(opening.group("possessive"), reading)
        if claimant:
            return Attribution(claimant=claimant, evidence=opening.group("evidence"))
    return None


def _note_names(sentence: str, reading: _Reading) -> None:
    """Remember titled people ("Mayor Linda Okafor") and organisations named in passing."""
    for match in _TITLED_NAME_RE.finditer(sentence):
        name = match.group("name")
        if not name.endswith(("'s", "’s")):  # noqa: RUF001
            reading.remember_person(name if " " in name else match.group(0).replace(".", ""))
    for match in _PERSON_INTRO_RE.finditer(sentence):
        name = _clean_name(match.group("after_role") or match.group("before_appositive"))
        if name and _is_full_name(name):
            reading.remember_person(name)
    for match in _ORG_MENTION_RE.finditer(sentence):
        name = _clean_name(match.group("name"))
        if not name or match.group("name").endswith(("'s", "’s")):  # noqa: RUF001
            continue
        noun = match.group("noun")
        if noun:
            reading.remember_org(f"{name} {noun}")
        elif name.split()[-1] in _ORG_WORDS and _is_org(name):
            reading.remember_org(name)


def _has_quote(sentence: str) -> bool:
    return any(mark in sentence for mark in _QUOTE_MARKS)


def _attribute_one(sentence: str, reading: _Reading) -> Attribution:
    source_line = _SOURCE_LINE_RE.match(sentence)
    if source_line:
        reading.source = _clean_name(source_line.group("source") or "")
        if reading.source and _is_org(reading.source):
            reading.remember_org(reading.source)
        return Attribution(claimant=reading.source, evidence=sentence.strip())
    found = _explicit(sentence, reading)
    _note_names(sentence, reading)
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
    """One Attribution per sentence, reading the sentences of one document in order.

    Only the first MAX_SENTENCE_CHARS characters of a sentence are read.
    """
    reading = _Reading()
    return [
        _attribute_one(normalize(sentence[:MAX_SENTENCE_CHARS]), reading) for sentence in sentences
    ]
