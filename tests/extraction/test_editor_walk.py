"""Claimants, roles and display text an editor reads, from a walk through news articles:
each on made-up sentences written for the test."""

from __future__ import annotations

import pytest

from factcheck.extraction import extract
from factcheck.extraction.attribution import attribute


def found(*sentences: str) -> list[tuple[str | None, str | None]]:
    return [(item.claimant, item.role) for item in attribute(list(sentences))]


@pytest.mark.parametrize(
    ("sentence", "role"),
    [
        ("Tova Marsh, of Save the Valley Line, said the link would pay for itself.",
         "Save the Valley Line"),
        ("Tova Marsh, from the Harbour Traders Association, said rents had doubled.",
         "Harbour Traders Association"),
        ('Tova Marsh, from the campaign group Parents 4 Play, said: "It is a start."',
         "Parents 4 Play"),
    ],
)  # fmt: skip
def test_a_person_of_a_body_set_off_by_commas_keeps_the_body_as_role(
    sentence: str, role: str
) -> None:
    """Before, the body between the commas was dropped: the editor saw no role."""
    assert found(sentence, "She said the council had not replied.") == [
        ("Tova Marsh", role),
        ("Tova Marsh", role),
    ]


def test_a_bullet_takes_its_subject_from_a_lead_in_that_ends_a_paragraph() -> None:
    """Before, a lead-in had to be a line of its own: after a paragraph ending "Other steps
    include:" each bullet was shown without its subject."""
    body = (
        "The depot will open in May, the council said. Other steps include:\n\n\n"
        " - Longer opening hours for the library \n"
        " - Free parking on Sundays in the town centre \n"
    )
    shown = [sentence.display_text for sentence in extract(body)]
    assert shown[-2:] == [
        "Other steps include longer opening hours for the library",
        "Other steps include free parking on Sundays in the town centre",
    ]
