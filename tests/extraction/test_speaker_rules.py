"""Who speaks when a role, a verb or a quotation stands near other names: rules found on a
walk through news articles, each on made-up sentences written for the test."""

from __future__ import annotations

from factcheck.extraction.attribution import attribute


def found(*sentences: str) -> list[tuple[str | None, str | None]]:
    return [(item.claimant, item.role) for item in attribute(list(sentences))]


def test_a_role_of_a_body_before_a_name_is_split_before_the_name() -> None:
    """Before, "leader of the Assembly Tova Marsh said" gave a person "Assembly Tova
    Marsh"; a body's own name still speaks for it."""
    assert found(
        "Shadow leader of the Assembly Tova Marsh said the plan was late.",
        "She said it would cost more.",
        "A spokesman for the Harbour Police Federation said it was news to them.",
    ) == [
        ("Tova Marsh", "leader of the Assembly"),
        ("Tova Marsh", "leader of the Assembly"),
        ("Harbour Police Federation", None),
    ]


def test_the_subject_who_accused_someone_is_he_not_the_man_accused() -> None:
    """Before, "He said" after "Ivo Brant, for the Harbour Party, accused Mr Lund of ..."
    gave Mr Lund, the last man named; the accusing sentence still names no claimant. A
    pronoun whose gender does not fit the subject still finds the other person."""
    assert found(
        "Ivo Brant, for the Harbour Party, accused Mr Lund of ducking hard choices.",
        'He said: "The budget is a gamble."',
        "Ms Ana Lind attacked Mr Lund over the depot.",
        "He said the depot would stay open.",
    ) == [
        (None, None),
        ("Ivo Brant", None),
        (None, None),
        ("Mr Lund", None),
    ]


def test_a_role_after_a_subject_who_attacked_someone_is_that_subject() -> None:
    """Before, "The shadow treasurer said" after "Ivo Brant, for the Harbour Party,
    attacked the budget" was the role alone: the subject of "attacked" was not a speaker."""
    assert found(
        "But Ivo Brant, for the Harbour Party, attacked the budget.",
        "The shadow treasurer said the debt would double.",
    ) == [(None, None), ("Ivo Brant", "shadow treasurer")]


def test_it_is_never_a_body_named_only_inside_a_quotation() -> None:
    """Before, "It said" after a quotation naming the Harbour Trust gave the trust, not the
    council the narration named."""
    assert found(
        "Westford Council published its plan on Monday.",
        'Ana Lind said: "The Harbour Trust will not stop us.',
        'We will build it."',
        "It said the plan would cost £4m.",
        '"We asked the Norland Water Company for help," Ms Lind said.',
        "It said the first homes would be ready by 2030.",
    ) == [
        (None, None),
        ("Ana Lind", None),
        ("Ana Lind", None),
        ("Westford Council", None),
        ("Ana Lind", None),
        ("Westford Council", None),
    ]


def test_a_document_given_its_title_speaks_not_the_person_it_names() -> None:
    """Before, "The book, Harbour Lights, said Ivo Brant had ..." gave Ivo Brant, the
    person the book writes about."""
    assert found(
        "The book, Harbour Lights, said Ivo Brant had agreed to step down.",
        "A new study, Roads to Nowhere, claims Tova Marsh misread the figures.",
    ) == [("book", None), ("study", None)]
