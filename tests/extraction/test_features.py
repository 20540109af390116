"""Hand-made cues: each fires on its evidence and only there."""

from __future__ import annotations

import re
import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from factcheck.extraction import features, shown_evidence
from factcheck.extraction.features import cues, feature_dict, normalize


def evidence(text: str) -> dict[str, str]:
    return {cue.feature: cue.evidence for cue in cues(normalize(text))}


@pytest.mark.parametrize(
    ("text", "feature", "expected"),
    [
        ("Troops increased from 500 to 1,500.", "h:number", "500 to 1,500"),
        ("Debt reached $1.2bn last year.", "h:money", "$1.2bn"),
        ("Prices rose 3.5 percent.", "h:percent", "3.5 percent"),
        ("Four anonymous diplomats spoke.", "h:number_word", "Four"),
        ("The law passed in 1994.", "h:date", "in 1994"),
        ("Exports fell sharply.", "h:comparison", "fell"),
        ("According to his estimates, it grew.", "h:attributed", "According to his estimates"),
        ("The Kakhovsky Reservoir is wide.", "h:entity", "Kakhovsky Reservoir"),
        ("In my opinion, they are leaving.", "h:opinion_frame", "In my opinion"),
        ("I think we won.", "h:stance", "I think"),
        ("That was a terrible deal.", "h:opinion", "terrible"),
        ("They will retreat.", "h:prediction", "will"),
        ("It might rain.", "h:hedge", "might"),
        ("Did it rain?", "h:question", ""),
    ],
)
def test_cue_evidence(text: str, feature: str, expected: str) -> None:
    assert evidence(text)[feature] == expected


@pytest.mark.parametrize(
    ("text", "absent"),
    [
        ("The law passed in 1994.", "h:number"),  # a year is a date, not a count
        ("1. Review the tax bands.", "h:number"),  # a list marker is not a quantity
        ("The troops left.", "h:question"),
        ("The troops left.", "h:prediction"),
        ("the will of the people", "h:entity"),
    ],
)
def test_cue_does_not_fire(text: str, absent: str) -> None:
    assert absent not in evidence(text)


def test_invisible_and_look_alike_characters_do_not_change_features() -> None:
    plain = feature_dict("The Naval base relocated residents.")
    tricky = feature_dict("The N\u0430val base re\u00adlo\u00adcated residents.")
    assert tricky == plain


def test_ngram_blocks_have_unit_length() -> None:
    features = feature_dict("Prices rose 5 percent in May.")
    for prefix in ("w:", "c:"):
        norm = sum(v * v for k, v in features.items() if k.startswith(prefix))
        assert norm == pytest.approx(1.0)


# The lexicons' regexes run only when a phrase's first word is among the sentence's runs of
# word characters and apostrophes (features._lexicon_matches). The skip must never change
# what a lexicon finds, whatever the case, the apostrophes or the letters that
# re.IGNORECASE folds onto ASCII.
_LEXICON_WORDS = sorted(
    {word for keys in features._LEXICON_KEYS.values() for word in keys}
    | {"in the future", "is set to", "going to", "more than", "of course", "i'm convinced"}
)
_CASE_PARTNER_LETTERS = ["\u0130", "\u0131", "\u017f", "\u212a", "I", "S", "K", "ß", "é"]


def test_the_case_partners_are_every_non_ascii_letter_ignorecase_matches_to_ascii() -> None:
    ascii_letter = re.compile(r"[a-z]", re.IGNORECASE)
    partners = {
        chr(code) for code in range(0x80, sys.maxunicode + 1) if ascii_letter.fullmatch(chr(code))
    }
    assert partners == {chr(code) for code in features._CASE_PARTNERS}


def _cased(word: str, flips: list[bool]) -> str:
    return "".join(c.upper() if flips[i % len(flips)] else c for i, c in enumerate(word))


@settings(max_examples=500, deadline=None, database=None)
@given(
    st.lists(
        st.one_of(
            st.builds(_cased, st.sampled_from(_LEXICON_WORDS), st.lists(st.booleans(), min_size=1)),
            st.text(alphabet=[*_CASE_PARTNER_LETTERS, *"imsyou'\u2019-. \n"], max_size=6),
        ),
        max_size=8,
    ),
    st.sampled_from([" ", "", "'", "-", "\n"]),
)
def test_skipping_a_lexicon_never_changes_what_it_finds(parts: list[str], glue: str) -> None:
    text = glue.join(parts)
    for partner, letter in (("\u0131", "i"), ("\u017f", "s"), ("\u212a", "k")):
        text = text.replace(letter, partner, 1)  # a folded letter inside some word
    runs = features._word_runs(text)
    for pattern in features._LEXICON_KEYS:
        for hidden in (None, shown_evidence.is_name):
            assert features._lexicon_matches(
                pattern, text, runs, hidden
            ) == shown_evidence.shown_matches(pattern, text, hidden)


def test_a_lexicon_phrase_must_start_with_a_word() -> None:
    with pytest.raises(ValueError, match="without a leading word"):
        features._lexicon("- so")


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("Tom Breck told Ruritania Radio 4 that 40 people died.", "40"),
        ("Ana Lind, of the group Parents 4 Change, spoke.", ""),
        ("On March 4 the Norland Index 100 fell 2%.", "2%"),
        ("About 40 people died.", "40"),  # the first word of a sentence is no name
        ("Ana Lind, 54, said 3 people died.", "54, 3"),
        # Session 19: a number joined to a capitalised word by a hyphen is a name's
        ("Traffic on the I-4 corridor rose 12%.", "12%"),
        ("Norland bought 12 F-35 jets.", "12"),
        ("The 2020-21 season drew 4-5 million fans.", "2020-21, 4-5 million"),
    ],
)
def test_a_number_in_a_name_is_not_shown_but_still_counts(text: str, shown: str) -> None:
    # "a number: 4" for "BBC Radio 4" told an editor nothing (before session 16 it was
    # shown); the cue fires all the same, as the network was trained
    assert evidence(text)["h:number"] == shown


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("The council said 45 000 people came, up from 12 000.", "45 000, 12 000"),
        ("It cost £2 500 000 to build.", "£2 500 000"),
        ("It cost \u20ac2\u00a0500\u202f000 to build.", "\u20ac2 500 000"),
        ("In 2019 3 000 people came.", "3 000"),
        ("The 12 100-metre races drew 40 people.", "12, 100"),
        ("Some 45 000.5 people came.", "45, 000.5"),  # not a group: no reading is forced
    ],
)
def test_thousands_grouped_by_spaces_are_shown_whole(text: str, shown: str) -> None:
    # An outsider pasting from a European source saw "a number: 45, 000" (session 23)
    assert evidence(text)["h:number"] == shown


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("Traffic on the I-4 corridor rose 12%.", ""),  # fires, as trained; not shown
        ("I think the I-4 corridor is busy.", "I"),
        ("My view is that the road is busy.", "My"),
    ],
)
def test_the_i_of_a_road_or_a_model_is_not_the_writer(text: str, shown: str) -> None:
    # Found in session 19 on a real article: "first person: I" for "the I-4 corridor"
    assert evidence(text).get("h:first_person") == shown
