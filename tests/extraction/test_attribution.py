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


@pytest.mark.parametrize(
    ("sentence", "claimant"),
    [
        (
            "The levy raised 9 million pounds, according to the council's finance chief, "
            "Maria Lopes.",
            "Maria Lopes",
        ),
        ("According to its treasurer, Tom Breck, the cost was 260 million dollars.", "Tom Breck"),
        ("According to a senior engineer, Ana Lind, the dam is 40 metres high.", "Ana Lind"),
        ("According to Kotin, troops will leave.", "Kotin"),
        (
            "According to a report published by the port authority, 40 ships docked.",
            "port authority",
        ),
    ],
)
def test_according_to_role_then_name_gives_the_person(sentence: str, claimant: str) -> None:
    assert claimants(sentence) == [claimant]


@pytest.mark.parametrize(
    ("sentence", "claimant"),
    [
        ("Maria Lopes, the council's finance chief, said the levy raised 9m.", "Maria Lopes"),
        ("Ana Lind, a hydrologist at the Maritime Institute, said the river rose 2m.", "Ana Lind"),
        ("The finance chief, Maria Lopes, said the budget was balanced.", "Maria Lopes"),
        ("The Minister for Harbours, Tom Breck, said 40 ships docked.", "Tom Breck"),
        ('"The river rose 2 metres," said harbour master Ana Lind, who measured it.', "Ana Lind"),
        ("The river rose 2 metres, said the mayor.", "mayor"),
    ],
)
def test_name_with_appositive_or_role(sentence: str, claimant: str) -> None:
    assert claimants(sentence) == [claimant]


def test_pronouns_refer_back_to_the_last_person_named() -> None:
    assert claimants(
        "The levy raised 9 million pounds, according to the council's finance chief, Maria Lopes.",
        "The new wall will protect 3,200 homes, she said.",
        "Mayor Linda Okafor opened the bridge on Monday.",
        "She said it cost 212 million dollars.",
        "According to its treasurer, Tom Breck, the cost was 260 million dollars.",
        "His estimates are based on invoices.",
        "Her figures were not published.",
    ) == [
        "Maria Lopes",
        "Maria Lopes",
        None,
        "Linda Okafor",
        "Tom Breck",
        "Tom Breck",
        # "His" made Tom Breck a man and "She" Linda Okafor a woman: "Her" is hers.
        "Linda Okafor",
    ]


def test_person_introduced_in_passing_is_a_pronoun_target() -> None:
    assert claimants(
        "Tom Breck, who chairs the taxpayers' group, studied the invoices.",
        "He said the bridge cost 260 million dollars.",
    ) == [None, "Tom Breck"]


@pytest.mark.parametrize(
    ("sentence", "claimant"),
    [
        ("Unemployment fell to 4.1 percent, the Office for National Statistics reported.",
         "Office for National Statistics"),
        ("Rates were held at 5 percent, the Bank of England said.", "Bank of England"),
        ("The International Atomic Energy Agency reported that the reactor was cold.",
         "International Atomic Energy Agency"),
        ("According to the Department for Roads and Bridges, 40 bridges are unsafe.",
         "Department for Roads and Bridges"),
        ("However, the Riverton Taxpayers' Alliance disputes the figure.",
         "Riverton Taxpayers' Alliance"),
    ],
)  # fmt: skip
def test_organisation_names_keep_their_connectors(sentence: str, claimant: str) -> None:
    assert claimants(sentence) == [claimant]


def test_bare_institution_refers_back_to_the_one_named() -> None:
    assert claimants(
        "Harbourside council approved the plan on Tuesday.",
        "The council said it would cost 48 million pounds.",
        "Traffic fell by 40 percent, the council's report says.",
        "The ministry said 12 schools had closed.",
    ) == [None, "Harbourside council", "Harbourside council", "ministry"]


def test_spokesman_for_an_organisation_speaks_for_it_afterwards() -> None:
    assert (
        claimants(
            "A spokesman for the Port Authority said 40 ships were turned away.",
            "The spokesman said the queue would clear by Friday.",
            "He said the fees would not rise.",
        )
        == ["Port Authority"] * 3
    )


def test_its_refers_back_to_the_last_organisation() -> None:
    assert claimants(
        "The Riverton Museum reopened in May.",
        "According to its director, it had 200,000 visitors in the first month.",
    ) == [None, "Riverton Museum"]


@pytest.mark.parametrize(
    ("sentence", "claimant", "cited"),
    [
        ("Nordwire, citing two port officials, reports that 40 ships were turned away.",
         "Nordwire", "two port officials"),
        ("The Valley Courier, citing court records, reported that the fine was 2m.",
         "Valley Courier", "court records"),
        ("Maria Lopes, citing the audit, said the levy raised 9m.", "Maria Lopes", "audit"),
    ],
)  # fmt: skip
def test_citing(sentence: str, claimant: str, cited: str) -> None:
    (found,) = attribute([sentence])
    assert (found.claimant, found.cited, found.inherited) == (claimant, cited, False)


def test_source_line_names_the_claimant_of_the_lines_below() -> None:
    found = attribute([
        "Source: Harbour Gazette",
        "Rents rose 8 percent last year.",
        "Sources: Port Authority",
        "Forty ships were turned away.",
        "Ana Lind, a harbour pilot, said the queue had cleared.",
    ])  # fmt: skip
    assert [f.claimant for f in found] == [
        "Harbour Gazette",
        "Harbour Gazette",
        "Port Authority",
        "Port Authority",
        "Ana Lind",
    ]
    assert [f.inherited for f in found] == [False, True, False, True, False]


@pytest.mark.parametrize(
    "sentence",
    [
        "Prices rose, said to be a record.",
        "In Paris, the mood was calm.",
        "The council met on Tuesday.",
        "His car was parked outside.",
    ],
)
def test_no_claimant_without_attribution(sentence: str) -> None:
    assert claimants(sentence) == [None]
