"""Claimant detection: one test per pattern, plus the document-level memory."""

from __future__ import annotations

import pytest

from factcheck.extraction.attribution import attribute


def claimants(*sentences: str) -> list[str | None]:
    return [found.claimant for found in attribute(list(sentences))]


@pytest.mark.parametrize(
    ("sentence", "claimant"),
    [
        ("According to the IAEA, the plant is stable.", "IAEA"),
        ("Maria Ortiz said the bridge was closed.", "Maria Ortiz"),
        ("The bridge was closed for nine days, Maria Ortiz says.", "Maria Ortiz"),
        ('"It is closed," said Maria Ortiz.', "Maria Ortiz"),
        ("Nordwire reports that exports fell.", "Nordwire"),
        ("Maria Ortiz estimates the cost at $5m.", "Maria Ortiz"),
        ("Maria Ortiz told reporters the cost was $5m.", "Maria Ortiz"),
        ("Maria Ortiz claimed the cost was $5m.", "Maria Ortiz"),
        ("Petro Kotin, the head of Energoatom, said the plant was mined.", "Petro Kotin"),
        ("Dr. Ana Lind of the Maritime Institute estimated the value at $1.2bn.", "Ana Lind"),
        ("A spokesman for the Transport Ministry said the road was open.", "Transport Ministry"),
        ("The bridge was closed for nine days.", None),
        ("In turn, the weather improved.", None),
    ],
)
def test_single_sentence_patterns(sentence: str, claimant: str | None) -> None:
    assert claimants(sentence) == [claimant]


def test_citing_gives_claimant_and_cited_source() -> None:
    (found,) = attribute(["Nordwire, citing four anonymous diplomats, reports that talks failed."])
    assert found.claimant == "Nordwire"
    assert found.cited == "four anonymous diplomats"
    assert found.evidence == "Nordwire, citing four anonymous diplomats, reports"


def test_pronoun_refers_back_to_the_last_person_named() -> None:
    assert claimants(
        "Petro Kotin, the head of Energoatom, does not believe the plant will be attacked.",
        "Nordwire reports more mines were laid.",
        "According to his estimates, troops increased from 500 to 1,500.",
        "He added that the road was cut.",
    ) == ["Petro Kotin", "Nordwire", "Petro Kotin", "Petro Kotin"]


def test_surname_resolves_to_the_full_name() -> None:
    assert claimants("Petro Kotin said it was calm.", "According to Kotin, troops left.") == [
        "Petro Kotin",
        "Petro Kotin",
    ]


def test_unresolvable_pronoun_gives_no_claimant() -> None:
    assert claimants("He said the plant was mined.") == [None]


def test_source_line_covers_following_sentences_until_a_new_voice() -> None:
    assert claimants(
        "Source: Valley Courier",
        'Quote: "The bridge was closed for nine days.',
        'We counted 40,000 extra cars a day."',
        "Details: Two volunteers collected the figures.",
        "Maria Ortiz said the repairs were finished.",
        "The road reopened on Monday.",
    ) == ["Valley Courier"] * 4 + ["Maria Ortiz", None]


def test_later_source_line_replaces_the_earlier_one() -> None:
    assert claimants("Source: Wire One", "Prices rose.", "Source: Daily Post", "Prices fell.") == [
        "Wire One",
        "Wire One",
        "Daily Post",
        "Daily Post",
    ]


def test_quotation_continues_with_its_speaker() -> None:
    assert claimants(
        'The mayor said: "The repairs are finished.',
        'Then the cracks came back."',
        "The weather was fine.",
        '"It is the worst bridge," said Karin Holm. ',
        '"They will have to rebuild it."',
    ) == ["mayor", "mayor", None, "Karin Holm", "Karin Holm"]


def test_inherited_attribution_is_marked() -> None:
    found = attribute(["Source: Valley Courier", "Traffic moved to the ring road."])
    assert [f.inherited for f in found] == [False, True]
