"""Hand-made cues: each fires on its evidence and only there."""

from __future__ import annotations

import pytest

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
