"""Names, roles and organisations, told apart by general rules (no list of named entities).

The building blocks of the attribution patterns live here, with the tests on one name:

* a person is one to four capitalised words with no organisation or place noun among them
  and no acronym ("Tom Breck", "Ana Lind");
* an organisation is a capitalised noun phrase whose head is an organisation noun (Bank,
  Agency, Ministry, Company, Corp, Ltd, Group, Association, Commission, Council, Union,
  Office, Institute, ...) or that contains an acronym ("Harbour Development Bank", "NLDB");
* a role is a lower-case or title-case job noun ("finance minister", "Foreign Secretary",
  "chief executive"); it may stand before a name ("finance minister Ana Lind") or after it.

Every pattern here is linear: see docs/security.md, finding F1.
"""

from __future__ import annotations

import re
from functools import lru_cache

VERBS = (
    r"(?:said|says|say|told|tells|reported|reports|report|estimated|estimates|estimate|"
    r"claimed|claims|claim|stated|states|announced|announces|added|adds|noted|notes|"
    r"argued|argues|warned|warns|insisted|insists|confirmed|confirms|denied|denies|"
    r"admitted|admits|wrote|writes|tweeted|alleged|alleges|believes|believe|believed|"
    r"thinks|think|thought|suggested|suggests|explained|explains|revealed|reveals|"
    r"stressed|stresses|predicted|predicts|acknowledged|acknowledges|emphasised|"
    r"emphasized|disputes|disputed|maintains|maintained|according)"
)
AUX = r"(?:(?:has|have|had|also|further|then|does\s+not|did\s+not|do\s+not|doesn't|didn't)\s+)*"
CAP_WORD = r"[A-Z][\w'’.-]*"  # noqa: RUF001
_CONNECTOR = r"(?:of\s+the|of|for\s+the|for|and\s+the|and|on|&|de|van|von|der|bin|al|da|du|la|le)"
# A middle initial belongs to the word before it ("Ana K. Lind"): it is no word of its own,
# so a long role before the name ("Attorney for the District of Westford Ana K. Lind") does
# not use up the words a name may have, cutting it at the initial.
_INITIAL = r"(?:\s+[A-Z]\.(?=\s+[A-Z]))?"
# "van der"
NAME = rf"{CAP_WORD}{_INITIAL}(?:\s+(?:{_CONNECTOR}\s+){{0,2}}{CAP_WORD}{_INITIAL}){{0,5}}"
# The same name with words that never give letters back, for patterns where a name is
# followed by a space or a comma: a shorter word could never be followed by either.
_WHOLE_CAP_WORD = r"[A-Z][\w'’.-]*+"  # noqa: RUF001
WHOLE_NAME = rf"{_WHOLE_CAP_WORD}(?:\s+(?:{_CONNECTOR}\s+){{0,2}}{_WHOLE_CAP_WORD}){{0,5}}"
# An acronym in brackets after a name: "the Asian Development Bank (ADB)".
ACRONYM = r"\((?P<acronym>[A-Z][A-Z&.]{1,9})\)"
# Where a name may start in an unanchored pattern: at the first capital of a run of word
# characters. A later capital of the same run reaches the same end of word, so the pattern
# could only fail again there; trying it anyway made "AAAA..." quadratic.
RUN_TO_FIRST_CAPITAL = r"(?<![\w'’.-])(?:[^\WA-Z]|['’.-])*+"  # noqa: RUF001
PERSON_ROLES = (
    "spokesman|spokeswoman|spokesperson|minister|mayor|president|chairman|chairwoman|chair|"
    "director|chief|head|leader|secretary|governor|official|analyst|expert|researcher|"
    "scientist|diplomat|witness|investigator|prosecutor|lawyer|engineer|doctor|economist|"
    "executive|ceo|manager|commander|general|professor|author|source|treasurer|commissioner|"
    "councillor|councilor|auditor|founder|owner|editor|correspondent|reporter|adviser|"
    "advisor|aide|ambassador|deputy|officer|inspector|judge|senator|campaigner|activist|"
    "representative|coordinator|organiser|organizer|planner|statistician|accountant|"
    "consultant|surgeon|nurse|teacher|historian|chairperson|chancellor|congressman|resident|"
    "congresswoman|mp|mep|qc|speaker|captain|coach"
)
# Nouns that "the <noun> says" may use for a newspaper or for a company named before.
PUBLICATIONS = frozenset(["paper", "newspaper", "magazine", "journal", "broadcaster"])
COMPANIES = frozenset([
    "firm", "company", "group", "business", "bank", "carrier", "retailer", "airline", "lender",
    "insurer", "manufacturer", "maker", "carmaker", "chipmaker", "drugmaker", "chain",
    "operator", "supermarket", "conglomerate"
])  # fmt: skip
# Plural nouns for the people of a place, a side or a trade, who speak as a group: "the
# rebels said", "Ravenna police said", "police in Ravenna said".
GROUPS = frozenset([
    "police", "authorities", "officials", "sources", "residents", "witnesses", "rebels",
    "protesters", "demonstrators", "militants", "insurgents", "troops", "soldiers", "workers",
    "critics", "opponents", "supporters", "farmers", "parents", "villagers", "locals", "media",
    "staff", "employees", "students", "patients", "relatives", "families", "survivors",
    "firefighters", "paramedics", "rescuers", "volunteers", "pilots", "miners", "voters"
])  # fmt: skip
ROLE = (
    rf"(?:(?:{PERSON_ROLES})s?|{'|'.join(sorted(GROUPS | COMPANIES | PUBLICATIONS))}|"
    r"ministry|government|authority|council|court|office|department|agency|report|study|"
    r"survey|poll|data|statement|union|charity|organi[sz]ation|party|trust|foundation|"
    r"regulator|watchdog|committee|commission|association|institute|board|university|"
    r"alliance)\b"
)
# Institutions that "the <noun>" may refer back to once an organisation of that kind is named.
INSTITUTIONS = frozenset([
    "council", "ministry", "police", "court", "office", "department", "company", "firm",
    "agency", "authority", "committee", "commission", "bank", "university", "board",
    "alliance", "union", "association", "institute", "parliament", "charity", "organisation",
    "organization", "party", "trust", "foundation"
])  # fmt: skip
DOCUMENTS = (
    r"(?:report|reports|study|survey|data|figures|statement|analysis|estimates?|research|"
    r"review|audit|findings|website|spokesman|spokeswoman|spokesperson)"
)
# Up to two words before a role noun, never a conjunction or preposition ("released on bail
# but police say" is the police's).
_ROLE_PREFIX = r"(?!(?:and|but|or|so|yet|to|be|by|that|in|on|at|for|of|with|is|was|not)\b)"
ROLE_PHRASE = (
    r"(?:(?:the|a|an|one|two|three|four|several|many|some)\s+)?"
    rf"(?:{_ROLE_PREFIX}[a-z-]+\s+){{0,2}}{ROLE}"
)
PRONOUN = r"(?:he|she|they|He|She|They)"
TITLES = (
    r"(?:Mr|Mrs|Ms|Miss|Dr|Prof|President|Senator|Sen|Rep|Governor|Gov|Minister|Judge|General|"
    r"Gen|Mayor|Chancellor|Councillor|Cllr|Commissioner|Ambassador|Lord|Lady|Sir|Dame)"
)
# Titles that tell whether "he" or "she" may refer to a person.
_MALE_TITLES = frozenset(["Mr", "Lord", "Sir"])
_FEMALE_TITLES = frozenset(["Mrs", "Ms", "Miss", "Lady", "Dame"])
# One or two asides between commas, each at most 150 characters once the spaces around it
# are left out (or nothing but spaces). Spaces are read once: the lazy text never ends on
# a space, and the spaces around it never give any back.
_ASIDE = r"\s*+,(?:\s*+[^\s,;:\"“”][^,;:\"“”]{0,149}?(?<!\s)|\s++)"
APPOSITIVE = rf"(?:{_ASIDE}){{1,2}}\s*+,"
# What may follow a name that closes a clause: punctuation, the end, or a relative clause.
NAME_END = r"(?=\s*(?:[,.;:!?)]|$|\s(?:who|whose|of|from|at|in)\b))"
LOWER_WORD = r"[a-z\u00df-\u00ff][\w'’-]*"  # noqa: RUF001
FUNCTION_WORD = (
    r"(?:to|be|by|that|in|on|at|for|the|a|an|of|it|is|was|and|or|not|with|who|whom|whose|"
    r"which|where|when|while|near|had|has|have)\b"
)

# Words that make a subject a role rather than a name ("The Shadow Secretary of State").
ROLE_WORDS = frozenset(PERSON_ROLES.split("|")) | frozenset(["attorney"])
# People who speak for the organisation named before them ("a Harbour Police spokesman").
SPEAKS_FOR = frozenset(["spokesman", "spokeswoman", "spokesperson", "official", "source"])
# Words dropped from the front of a role phrase ("that his government" is "government").
ROLE_LEAD = frozenset([
    "the", "a", "an", "that", "which", "who", "when", "while", "and", "but", "or", "his", "her",
    "its", "their", "our", "my", "your", "this", "these", "those"
])  # fmt: skip
NOT_NAMES = frozenset([
    "In", "On", "At", "For", "As", "To", "Of", "By", "With", "From", "But", "And", "Or", "So",
    "If", "When", "While", "After", "Before", "However", "Meanwhile", "There", "Here", "What",
    "Why", "How", "Who", "Where", "It", "Its", "This", "That", "These", "Those", "The", "A",
    "An", "Instead", "Also", "Still", "Now", "Then", "Yet", "Although", "Though", "Quote",
    "Details", "Source", "Sources", "Earlier", "Later", "Last", "Next", "I", "We", "You",
    "According", "Addressing", "Speaking", "Writing", "Does", "Did", "Do", "Is", "Was", "Were",
    "Are", "Would", "Could", "Should", "Has", "Have", "Had", "Shall", "Must", "Might"
])  # fmt: skip
# Days and months are when something was said, never who said it.
TIME_WORDS = frozenset([
    "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday", "January",
    "February", "March", "April", "May", "June", "July", "August", "September", "October",
    "November", "December", "Today", "Yesterday", "Tomorrow"
])  # fmt: skip
# Head nouns of organisations (and of publications): generic words, never one body's name.
ORG_HEADS = frozenset([
    "Agency", "Company", "Ministry", "Office", "Party", "Council", "Committee", "Department",
    "Bank", "University", "Institute", "News", "Times", "Post", "Press", "Association",
    "Union", "Group", "Corporation", "Corp", "Inc", "Ltd", "Plc", "PLC", "LLC", "Holdings",
    "Government", "Commission", "Court", "Police", "Service", "Forces", "Army", "Organization",
    "Organisation", "Foundation", "Network", "Media", "Magazine", "Journal", "Review", "Daily",
    "Herald", "Tribune", "Gazette", "Courier", "Radio", "TV", "Television", "Centre", "Center",
    "Board", "Bureau", "Authority", "Administration", "Parliament", "Congress", "Senate",
    "House", "Alliance", "Coalition", "Campaign", "Trust", "Society", "League", "Club",
    "Partnership", "Statistics", "Institution", "Academy", "Fund", "Initiative", "Watch",
    "Observatory", "Museum", "Gallery", "Hospital", "School", "Library", "Charity", "Airport",
    "Port", "Federation", "Nations", "Executive", "Assembly", "Unit", "Airlines", "Airways",
    "Motors", "Industries", "Partners"
])  # fmt: skip
# Nouns that make a capitalised phrase a place or a thing, not a person.
_PLACE_HEADS = frozenset([
    "Plant", "Station", "Reservoir", "River", "Sea", "City", "Street", "Square", "Island",
    "Peninsula", "Region", "Oblast", "Province", "State", "States", "Republic", "Kingdom",
    "Power", "Nuclear"
])  # fmt: skip
PUBLICATION_HEADS = frozenset([
    "News", "Times", "Post", "Press", "Journal", "Review", "Daily", "Herald", "Tribune",
    "Gazette", "Courier", "Magazine", "Radio", "TV", "Television", "Network", "Media"
])  # fmt: skip
COMPANY_HEADS = frozenset([
    "Company", "Corporation", "Corp", "Inc", "Ltd", "Plc", "PLC", "LLC", "Holdings", "Group",
    "Bank", "Airlines", "Airways", "Motors", "Industries", "Partners"
])  # fmt: skip

_TITLE_PREFIX_RE = re.compile(rf"^{TITLES}\.?\s+(?=[A-Z])")
_TITLE_OF_RE = re.compile(rf"^(?P<title>{TITLES})\.?\s+(?=[A-Z])")


def last_word(name: str) -> str:
    return name.split()[-1]


def last_word_lower(name: str) -> str:
    return name.split()[-1].lower()


def _is_acronym(word: str) -> bool:
    letters = word.replace(".", "").replace("&", "")
    return len(letters) > 1 and letters.isupper() and letters.isalpha()


_POSSESSIVE_END_RE = re.compile(r"['’]s$")  # noqa: RUF001
_I_CONTRACTION_RE = re.compile(r"I['’]")  # noqa: RUF001


def clean_name(raw: str) -> str | None:
    """Trim determiners, titles, trailing punctuation and possessives; None if not a name.

    "Dr. Ana Lind of the Maritime Institute" becomes "Ana Lind": a short name is enough.
    """
    name = " ".join(raw.split()).strip(" .,;:'’\"“”()")  # noqa: RUF001
    name = _POSSESSIVE_END_RE.sub("", name)
    words = name.split()
    leading = 0
    # "On Tuesday Norland Steel said": a day or month before a name of two or more words
    # is when, not who ("Sunday Times" and "June Lind" stay whole)
    while leading < len(words) and (
        words[leading] in NOT_NAMES or (words[leading] in TIME_WORDS and len(words) - leading > 2)
    ):
        leading += 1
    if leading < len(words) and words[leading].lower() in ("the", "a", "an"):
        leading += 1
    words = words[leading:]
    if words and all(word in TIME_WORDS for word in words):
        return None
    if words and _I_CONTRACTION_RE.match(words[0]):
        return None  # "I'd", "I'm": the writer, not a name
    name = _TITLE_PREFIX_RE.sub("", " ".join(words))
    head, of, _ = name.partition(" of ")
    if of and len(head.split()) >= 2 and is_person(head):
        name = head
    return name or None


def title_gender(raw: str) -> str | None:
    """ "m" or "f" when `raw` starts with a title that tells ("Mr", "Ms"), else None."""
    match = _TITLE_OF_RE.match(raw.strip())
    if match is None:
        return None
    title = match.group("title")
    return "m" if title in _MALE_TITLES else "f" if title in _FEMALE_TITLES else None


def has_title(name: str) -> bool:
    """True when `name` starts with a title ("Mr Blair", "Dr. Lind")."""
    return _TITLE_OF_RE.match(name.strip()) is not None


def is_person(name: str) -> bool:
    words = name.split()
    if any(
        w in ORG_HEADS
        or w in _PLACE_HEADS
        or _is_acronym(w)
        or (w in TIME_WORDS and w == words[0])
        or w.endswith(("'", "’"))  # noqa: RUF001
        for w in words
    ):
        return False
    return 1 <= len(words) <= 4 and all(w[0].isupper() for w in words if len(w) > 3)


def is_full_name(name: str) -> bool:
    """Two to four capitalised words that look like a person ("Tom Breck", "Glenn McCoy")."""
    words = name.split()
    return 2 <= len(words) <= 4 and all(w[0].isupper() for w in words) and is_person(name)


def names_a_person(raw: str) -> bool:
    """A full name ("Tom Breck") or a titled one ("Mr Breck"), with any title or role."""
    name = clean_name(raw) or ""
    return is_full_name(name) or (has_title(raw.strip()) and is_person(name))


_ENDS_WITH_ROLE_RE = re.compile(rf"\b(?:{PERSON_ROLES})$")
_PAIR_RE = re.compile(r"\s+(?:and|&)\s+")


def pair_of_people(raw: str) -> tuple[str, str] | None:
    """ "Ms Berg and Mr Olsen": the two people named together; None when the words are one
    name ("Marks and Spencer", "Trinidad and Tobago", "Lloyds Bank and Barclays")."""
    parts = _PAIR_RE.split(raw.strip(), maxsplit=1)
    if len(parts) == 2 and names_a_person(parts[0]) and names_a_person(parts[1]):
        return parts[0], parts[1]
    return None


def is_person_role(phrase: str) -> bool:
    """A singular human role such as "mayor" or "local engineer" ("he" may refer to it)."""
    return _ENDS_WITH_ROLE_RE.search(phrase) is not None


def is_org(name: str) -> bool:
    """A proper name that is not a person's: capitalised words, one of them an organisation
    noun, a place noun or an acronym."""
    words = name.split()
    return bool(words) and words[0][0].isupper() and not is_person(name)


# "The paper" looks through up to 50 organisations named before it, for each such sentence:
# the answer for a name is kept rather than worked out again.
@lru_cache(maxsize=4096)
def has_head(name: str, heads: frozenset[str]) -> bool:
    """True when one of the capitalised words of `name` is one of `heads`."""
    return any(word in heads for word in name.split())


def split_role(name: str) -> tuple[str, str | None]:
    """A name with its role before or after it: "Foreign Secretary Jack Straw" gives
    ("Jack Straw", "Foreign Secretary"), "Labour's Paul Flynn" gives ("Paul Flynn",
    "Labour") and "Attorney for the District of Westford Ana K. Lind" gives ("Ana K. Lind",
    "Attorney for the District of Westford"). Anything else is returned whole."""
    owner, mark, rest = name.partition("'s ")
    if not mark:
        owner, mark, rest = name.partition("’s ")  # noqa: RUF001
    if mark and is_full_name(rest):
        return rest, owner
    words = name.split()
    last_role = max(
        (index for index, word in enumerate(words) if word.lower() in ROLE_WORDS), default=-1
    )
    person = " ".join(words[last_role + 1 :])
    if last_role >= 0 and is_full_name(person):
        return person, " ".join(words[: last_role + 1])
    # "Attorney for the District of Westford Ana K. Lind": a name with a middle initial
    # starts at the word before the initial, whatever the role names before it.
    initialled = " ".join(words[-3:])
    if 0 <= last_role < len(words) - 3 and _is_initial(words[-2]) and is_full_name(initialled):
        return initialled, " ".join(words[:-3])
    return name, None


def _is_initial(word: str) -> bool:
    return len(word) == 2 and word[0].isupper() and word[1] == "."


def group_name(place: str, group: str) -> str | None:
    """ "Ravenna police", "Norwegian officials", "state media": a group of people named with
    the place or field it belongs to. None when `place` is an organisation that speaks for
    itself ("US officials" and "Harbour Police officials" speak for the US and the police)."""
    speaks_for_itself = is_org(place) and place not in _PLACE_HEADS  # "State media"
    if not is_group(group) or not place or speaks_for_itself:
        return None
    return f"{place} {group.lower()}"


def is_group(word: str) -> bool:
    """A plural noun for people who speak together: "police", "rebels", "economists"."""
    lowered = word.lower()
    return lowered in GROUPS or (lowered.endswith("s") and lowered[:-1] in ROLE_WORDS)


def claimant_kind(name: str, role: str | None = None) -> str | None:
    """What a claimant the extractor found is: "person", "organisation", or None when the
    words name nobody in particular, so that no claimant record should be made of them: a
    common noun phrase with no capital ("report", "congressional study", "mayor",
    "officials", and a body called by its kind, "government", "council", "operator": which
    one only its article tells, so one record would gather every article's) or a plural
    noun for people that opens a sentence ("Analysts", "Economists").

    An organisation has an organisation or place noun or an acronym among its words
    ("Norland Bank", "Westford Street", "NLDB"), or is a web site ("example.com"); a
    claimant with a role is a person. A one-word name with none of these (a news agency, a
    party) cannot be told from a surname by rule, and stays a person.
    """
    words = _SPACED_APOSTROPHE_RE.sub(r"\1", name).split()  # "O' Neill"
    if not words:
        return None
    if len(words) == 1 and "." in name.strip(".") and name.islower():
        return "organisation"  # a Source line's web site
    if not any(word[0].isupper() for word in words):
        # "the government", "the council": a body named by its kind is one body in its
        # article only (a council the article named before is resolved to its name)
        return None
    if len(words) == 1 and is_group(name):
        return None
    # "Salford MP", "Lib Dem leader", "Labour supporters": people, whatever comes before
    # ("Health and Safety Executive" and "South Wales Police" are bodies)
    last = words[-1]
    people = (last.lower() in ROLE_WORDS and last not in ORG_HEADS) or (
        last.islower() and is_group(last)
    )
    if role is None and not people and is_org(" ".join(words)):
        return "organisation"
    return "person"


_SPACED_APOSTROPHE_RE = re.compile(r"\b([A-Z]['’])\s+(?=[A-Z])")  # noqa: RUF001
