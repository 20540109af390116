"""The cheap tests that let most sentences skip a long attribution pattern must never skip a
sentence the pattern matches: a skipped match is a claimant lost."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from factcheck.extraction import attribution_patterns as patterns
from factcheck.extraction.names import VERBS

SPEECH_VERBS = re.findall(r"[a-z]+", VERBS)
WORDS = [
    *SPEECH_VERBS,
    *(verb.capitalize() for verb in SPEECH_VERBS),
    *(f"un{verb}" for verb in SPEECH_VERBS[:5]),
    *(f"{verb}s" for verb in SPEECH_VERBS[:5]),
    "Ana Lind",
    "Mr Brown",
    "the minister",
    "the Norland Bank",
    "Norland Bank chief economist Tom Breck",
    "he",
    "they",
    "has",
    "did not",
    "citing",
    "Citing",
    "exciting",
    "figures",
    "the report",
    "grew by 4%",
]
SEPARATORS = [" ", ", ", ",", ' "', '" ', "“", "” ", "’ ", ". ", " - who was here - "]  # noqa: RUF001


@st.composite
def sentences(draw: st.DrawFn) -> str:
    words = draw(st.lists(st.sampled_from(WORDS), min_size=1, max_size=8))
    parts = [words[0]]
    for word in words[1:]:
        parts += [draw(st.sampled_from(SEPARATORS)), word]
    return "".join(parts) + draw(st.sampled_from([".", "", '."', ",”"]))


@settings(max_examples=400, deadline=None)
@given(sentences())
def test_no_sentence_that_a_speech_pattern_matches_lacks_its_verb(sentence: str) -> None:
    speaks = any(
        pattern.search(sentence) for pattern in (patterns.SUBJECT_VERB_RE, patterns.VERB_SUBJECT_RE)
    )
    if speaks:
        assert patterns.SPEECH_VERB_RE.search(sentence), sentence


@settings(max_examples=200, deadline=None)
@given(sentences())
def test_no_sentence_that_the_citing_pattern_matches_lacks_the_word(sentence: str) -> None:
    if patterns.CITING_RE.search(sentence):
        assert "citing" in sentence, sentence


def test_speech_is_still_found_behind_the_verb_test() -> None:
    found = [match.group(0) for _, match in patterns.speech_matches("Ana Lind has said it grew.")]
    assert found == ["Ana Lind has said"]
    quoted = '"It grew by 4%,"said the minister.'
    assert [m.group("role") for _, m in patterns.speech_matches(quoted)] == ["the minister"]
    assert list(patterns.speech_matches("The essays were unsaid.")) == []
