"""What attribution remembers while it reads one article: people, their roles and gender,
organisations and their acronyms, the last speaker, the "Source:" line, an open quotation.

Every operation takes constant time (or time in the length of one name), so an article
naming thousands of people is read in linear time. Nothing here outlives one article.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from factcheck.extraction.names import (
    COMPANIES,
    COMPANY_HEADS,
    INSTITUTIONS,
    PUBLICATION_HEADS,
    PUBLICATIONS,
    SPEAKS_FOR,
    has_head,
    has_title,
    is_group,
    is_person,
    is_person_role,
    last_word,
    last_word_lower,
)

_QUOTE_MARKS = '"“”'
# What cannot follow an opening quotation mark (nothing, a space, or punctuation that ends a
# phrase), and what cannot come before one: the punctuation that ends a quoted phrase inside
# its marks ('right?"-and', 'be,"'). An empty string is "nothing".
_NOT_AFTER_OPENING = frozenset(["", " ", "\t", "\n", "\r", ",", ".", ";", ":", "!", "?", ")", "]"])
_NOT_BEFORE_OPENING = frozenset([".", ",", "!", "?", "…", ")", "]"])


def mark_opens(text: str, at: int) -> bool:
    """Whether the quotation mark at `at` opens a quotation rather than closing one: a
    curly or angled mark by its shape, a straight one by its place."""
    mark = text[at]
    return straight_mark_opens(text, at) if mark == '"' else mark in "“«"


def straight_mark_opens(text: str, at: int) -> bool:
    """Whether the straight quotation mark at `at` opens a quotation (see
    :meth:`Reading.read_quotes`)."""
    before = text[at - 1 : at]
    after = text[at + 1 : at + 2]
    return (
        not before.isalnum()
        and before not in _NOT_BEFORE_OPENING
        and after not in _NOT_AFTER_OPENING
    )


# How many sentences back the speaker of a statement is still the first choice for
# "he" or "she" ("Ana Lind said the plan came from Mr Hill. She said ..." means Ana Lind).
SPEAKER_REACH = 1


class Recent:
    """Names in the order they were last mentioned, looked up by a key such as the surname."""

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

    def newest(self, accept: Callable[[str], bool] | None = None, limit: int = 50) -> str | None:
        """The newest name, or the newest of the last `limit` that `accept` takes."""
        for seen, name in enumerate(reversed(self._order)):
            if accept is None or accept(name):
                return name
            if seen >= limit:
                return None
        return None

    def newest_with_key(self, key: str, *, other_than: str | None = None) -> str | None:
        """The newest name whose key is `key`, leaving out `other_than`."""
        for name in reversed(self._by_key.get(key, {})):
            if name != other_than:
                return name
        return None

    def with_key(self, key: str) -> list[str]:
        return list(self._by_key.get(key, {}))

    def has_key(self, key: str) -> bool:
        return key in self._by_key


@dataclass
class Reading:
    """The memory of one `attribute` call."""

    people: Recent = field(default_factory=lambda: Recent(last_word))
    genders: dict[str, str] = field(default_factory=dict)  # person -> "m" / "f"
    person_roles: dict[str, str] = field(default_factory=dict)  # person -> "finance minister"
    # person -> "Save the Children", from "X of Save the Children said": shown when the
    # article gives no role
    affiliations: dict[str, str] = field(default_factory=dict)
    role_holders: dict[str, str] = field(default_factory=dict)  # "finance minister" -> person
    roles: dict[str, str] = field(default_factory=dict)  # "spokesman" -> "Home Office"
    orgs: Recent = field(default_factory=lambda: Recent(last_word_lower))  # proper names
    aliases: dict[str, str] = field(default_factory=dict)  # "ADB" -> "Asian Development Bank"
    source: str | None = None
    quote_speaker: str | None = None  # who is speaking in the quote being read
    speaker: str | None = None  # the last person a sentence was attributed to
    speaker_at: int = -SPEAKER_REACH - 1
    group_speaker: tuple[str, int] | None = None  # the last group that spoke ("police")
    index: int = 0  # the sentence being read
    sentence: str = ""  # and its text
    first_named: dict[str, int] = field(default_factory=dict)  # person -> sentence index
    mention: str | None = None  # the claimant as the sentence being read names it
    _full_names: dict[str, str | None] = field(default_factory=dict)  # surname -> full name
    # Full names the article mentions in passing ("Tony Blair has dismissed reports"), by
    # surname: only to make "Mr Blair" canonical, never a pronoun's target.
    passing: dict[str, dict[str, None]] = field(default_factory=dict)
    inside_quote: bool = False
    # A full name that opened a sentence as its subject, and that sentence's index
    subject: tuple[str, int] | None = None
    # "Ivo Brant accused Mr Lund of ...": the subject of a speech act, its gender and that
    # sentence's index; "he" or "the shadow treasurer" in the next sentence is him
    actor: tuple[str, str | None, int] | None = None

    def read_quotes(self, sentence: str) -> None:
        """Track whether a quotation is still open after `sentence`.

        Each mark opens or closes by what it is, not by a count. News prints a quotation of
        several paragraphs with an opening mark at each paragraph and a closing mark only at
        the end: counted, those marks never balance, and the rest of the article would read
        as quoted. A straight mark opens when the character before it is no letter, digit or
        closing punctuation and a word follows it ('said: "We', '"crippled', '-"We'); any
        other closes ('crippled" by', 'be,"', 'right?"-and'). A mark that closes nothing
        changes nothing.
        """
        # Each mark sets the state, so the sentence's last mark alone decides it.
        at = max(sentence.rfind(mark) for mark in _QUOTE_MARKS)
        if at < 0:
            return
        self.inside_quote = mark_opens(sentence, at)

    def remember_person(self, name: str, *, gender: str | None = None) -> str:
        """Record a person; a bare surname resolves to the full name seen before."""
        if " " not in name:
            known = self.people.newest_with_key(last_word(name), other_than=name)
            if known is not None:
                name = known
        self.people.add(name)
        self.first_named.setdefault(name, self.index)
        if gender is not None:
            # "Mr Lind" is a man, and so is the Lind named last (constant time: an article
            # naming thousands of Linds must still be read in linear time).
            self.genders.setdefault(name, gender)
            namesake = self.people.newest_with_key(last_word(name), other_than=name)
            if namesake is not None:
                self.genders.setdefault(namesake, gender)
        return name

    def give_role(self, person: str, role: str) -> None:
        """Remember that `person` holds `role`, so "the <role>" refers to them later."""
        self.person_roles.setdefault(person, role)
        lowered = role.lower()
        self.role_holders[lowered] = person
        # "the chairman" is the holder of "chairman of the works committee"; "the committee"
        # is not
        head = lowered.split(" of ", 1)[0].split(" for ", 1)[0].split(" at ", 1)[0]
        self.role_holders.setdefault(head.split()[-1], person)

    def role_holder(self, role: str) -> str | None:
        return self.role_holders.get(role.lower())

    def role_of_speaker(self, role: str) -> str | None:
        """ "Tova Marsh has said ... The transport minister said ...": a role nobody is known
        to hold, written with "the", is the person who spoke in the sentence before (or whose
        full name opened it) when that sentence named them first and gave them no role; they
        hold it from then on. Not "a spokesman", nor someone named earlier in the article or
        with another role (news describes a person just named, not one known already)."""
        definite = f"the {role.lower()}" in " ".join(self.sentence.split()).lower()
        if not definite or not is_person_role(role) or last_word(role) in SPEAKS_FOR:
            return None
        before = self.speaker if self.speaker_at == self.index - 1 else None
        if before is None and self.subject is not None and self.subject[1] == self.index - 1:
            before = self.subject[0]
        if before is None and self.actor is not None and self.actor[2] == self.index - 1:
            before = self.remember_person(self.actor[0], gender=self.actor[1])
        if before is None or before in self.person_roles or not is_person(before):
            return None
        if self.first_named.get(before, self.index - 1) != self.index - 1:
            return None
        self.give_role(before, role)
        return before

    def knows_surname(self, word: str) -> bool:
        return self.people.has_key(word)

    def spoke(self, claimant: str) -> None:
        """The current sentence is attributed to `claimant`."""
        if self.people.has_key(last_word(claimant)):
            self.speaker, self.speaker_at = claimant, self.index
        elif is_group(last_word(claimant)):
            self.group_speaker = (claimant, self.index)

    def pronoun(self, word: str) -> str | None:
        """The person "he"/"she"/"his"/"her" refers to: the recent speaker, if the gender
        allows, else the last person named whose gender allows."""
        gender = "m" if word in ("he", "his") else "f"

        def fits(name: str) -> bool:
            return self.genders.get(name, gender) == gender

        recent = self.index - self.speaker_at <= SPEAKER_REACH
        actor = self.actor if self.actor and self.actor[2] == self.index - 1 else None
        if actor is not None and fits(actor[0]) and actor[1] in (None, gender):
            found: str | None = self.remember_person(actor[0], gender=actor[1])
        elif recent and self.speaker is not None and fits(self.speaker):
            found = self.speaker
        else:
            found = self.people.newest(fits)
        if found is None and self.subject is not None and self.index - self.subject[1] == 1:
            found = self.remember_person(self.subject[0])
        if found is not None:
            self.genders.setdefault(found, gender)
        return found

    def they(self) -> str | None:
        """ "They said": the speaker of the sentence before, when that was a group ("Ravenna
        police", "officials"); after anyone else "they" is too ambiguous to resolve."""
        if self.group_speaker is None:
            return None
        group, spoke_at = self.group_speaker
        recent = self.index - spoke_at <= SPEAKER_REACH and self.speaker_at < spoke_at
        return group if recent else None

    def remember_org(self, name: str, acronym: str | None = None) -> None:
        self.orgs.add(name)
        if acronym:
            self.aliases[acronym.replace(".", "")] = name

    def remember_body(self, name: str) -> None:
        """A one-word name that is not known as a person's ("Nordwire"): "it" and "the
        firm" may refer to it."""
        self.orgs.add(name)

    def unalias(self, name: str) -> str:
        return self.aliases.get(name.replace(".", ""), name)

    @property
    def last_org(self) -> str | None:
        return self.orgs.newest()

    def it(self) -> str | None:
        """The organisation "it" refers to: the one named last, else a speaker that
        :meth:`speaker_as_org` shows to be one."""
        return self.orgs.newest() or self.speaker_as_org()

    def speaker_as_org(self) -> str | None:
        """ "Norland Steel said profits rose. It said ...": with no organisation known, the
        speaker of the sentence before, named by capitalised words alone (no title, gender
        or role, so perhaps no person), is the organisation "it" or "the company" means.
        From then on it is one."""
        name = self.speaker
        recent = self.index - self.speaker_at <= SPEAKER_REACH
        if name is None or not recent or has_title(name) or " " not in name:
            return None
        if name in self.genders or name in self.person_roles or name in self.affiliations:
            return None
        self.people.discard(name)
        self.speaker = None
        self.remember_body(name)
        return name

    def body_like(self, noun: str) -> str | None:
        """The organisation "the <noun>" refers to: "the paper" a publication named before,
        "the firm" a company (or a one-word name that is not a person's), "the council" the
        council named before."""
        if noun in PUBLICATIONS:
            return self.orgs.newest(lambda name: has_head(name, PUBLICATION_HEADS))
        if noun in COMPANIES and noun != "bank":  # "the bank" is a bank named before (below)
            return self.orgs.newest(
                lambda name: (
                    has_head(name, COMPANY_HEADS)
                    or (" " not in name and not self.people.has_key(name))
                )
            )
        if noun in INSTITUTIONS:
            # "Party" alone, from "Party leader Ana Lind said", names no party
            return self.orgs.newest_with_key(noun, other_than=noun.title())
        return None

    def institution(self, claimant: str) -> str:
        """The organisation `claimant` ("council", "the firm") refers to, if any."""
        noun = last_word_lower(claimant)
        known = self.body_like(noun)
        if known is None and noun in COMPANIES:
            # only now: the speaker becomes an organisation only when nothing else fits
            known = self.speaker_as_org()
        return known or claimant

    def canonical(self, name: str) -> str:
        """One name per person: a surname ("Chidambaram") or a role held ("finance
        minister") becomes the full name known by the end of the article, when only one
        person fits; an acronym becomes the organisation it stands for."""
        if name in self.aliases:
            return self.aliases[name]
        holder = self.role_holders.get(name.lower())
        if holder is not None and not name[:1].isupper():
            return holder
        words = name.split()
        if not is_person(name) or (len(words) > 1 and not has_title(name)):
            return name  # an organisation, or a full name already
        if words[-1] not in self._full_names:
            fuller = [
                known
                for known in self.people.with_key(words[-1])
                if " " in known and not has_title(known)
            ]
            if not fuller:  # a name in passing only when no speaker or named person fits
                fuller = list(self.passing.get(words[-1], {}))
            self._full_names[words[-1]] = fuller[0] if len(fuller) == 1 else None
        return self._full_names[words[-1]] or name
