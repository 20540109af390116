"""Which matches of a cue are shown to editors as its evidence.

A cue fires on every match of its pattern, as the network was trained, but not every match
explains anything: "a hedge: May" for Theresa May, "first person: US", "attributed: States"
for the United States. Such matches still count for the signal; they are left out of the
reason's evidence (docs/model-card.md, Limitations).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import NamedTuple

# At most this many distinct matches are kept as a cue's evidence.
MAX_CUE_EVIDENCE = 2


class Found(NamedTuple):
    """Whether a cue's pattern matched, and the matches fit to show an editor."""

    fired: bool
    shown: list[str]


NOT_FOUND = Found(False, [])
Hidden = Callable[[str, re.Match[str]], bool]


def shown_matches(pattern: re.Pattern[str], text: str, hidden: Hidden | None) -> Found:
    """Whether `pattern` matches `text`, and its first distinct matches that `hidden` does
    not rule out as evidence. The cue fires on every match, as the network was trained."""
    shown: list[str] = []
    fired = False
    for match in pattern.finditer(text):
        fired = True
        if hidden is not None and hidden(text, match):
            continue
        snippet = " ".join(match.group(0).split())
        if snippet not in shown:
            shown.append(snippet)
            if len(shown) == MAX_CUE_EVIDENCE:
                break
    return Found(fired, shown)


def is_name(text: str, match: re.Match[str]) -> bool:
    """Whether a one-word match is a name or a title rather than the word of a lexicon: a
    capital after another word, "Theresa May", "the US", "Great Britain". After a colon or
    a quotation mark a sentence may begin, so a capital there is no sign. Only the few
    characters before the match are read, so the check costs the same on any text."""
    word = match.group(0)
    if not word[:1].isupper() or not word.isalpha():
        return False
    return text[max(0, match.start() - 40) : match.start()].rstrip()[-1:].isalnum()


# Words after which a reporting verb is a noun: "the report", "their claims". Not "this" or
# "that": "studies looking at this said", "a study that claims".
_DETERMINERS = frozenset(
    ["a", "an", "the", "these", "those", "his", "her", "its", "their", "our", "my", "your",
     "such", "any", "no"]
)  # fmt: skip
_LAST_WORD_RE = re.compile(r"(\w+)\W*$")


def reads_as_noun(text: str, match: re.Match[str]) -> bool:
    """Whether a lone reporting verb of ATTRIBUTION_RE is a noun or part of a name: "the
    United States", "Ruritania Reports", "the report". The attribution cue fires on those
    too, as the network was trained (retraining with the verbs in lower case cost news AP:
    docs/model-card.md, session 13), but they are not shown as evidence."""
    word = match.group(0)
    if not word.isalpha():
        return False  # "according to ...", "citing ...", "a study found": phrases, not nouns
    if is_name(text, match):
        return True
    last = _LAST_WORD_RE.search(text[max(0, match.start() - 40) : match.start()])
    return last is not None and last.group(1).lower() in _DETERMINERS


def is_not_the_writer(text: str, match: re.Match[str]) -> bool:
    """Whether a first-person "I" is a name's part rather than the writer: "the I-4
    corridor", "I-95" (a road, a model). "I" is capitalised everywhere, so `is_name` cannot
    tell; a hyphen right after it can."""
    return match.group(0) == "I" and text[match.end() : match.end() + 1] in ("-", "\u2010")


# A capitalised word that is not the sentence's first, then one space, at the end of the
# text before a number: "Ruritania Radio 4", "Parents 4 Change", "on March 4", "the Norland 100".
_NAME_BEFORE_RE = re.compile(r"[\w,][ ](?:[A-Z][A-Za-z]+)[ ]$")


# A capitalised word joined to the number by a hyphen: "the I-4 corridor", "an F-35".
_HYPHENATED_NAME_RE = re.compile(r"(?<![\w-])[A-Z][A-Za-z]{0,9}[-\u2010]$")


def number_in_name(text: str, match: re.Match[str]) -> bool:
    """Whether a bare number is part of a name or a date rather than a count. The number
    cue fires on it all the same, as the network was trained; it is only not shown."""
    if not match.group(0).isdigit():
        return False
    start = max(0, match.start() - 40)
    return (
        _NAME_BEFORE_RE.search(text, start, match.start()) is not None
        or _HYPHENATED_NAME_RE.search(text, start, match.start()) is not None
    )
