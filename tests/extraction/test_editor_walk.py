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


def test_the_role_of_a_speaker_named_just_before_is_that_speaker() -> None:
    """Before, "The transport minister said" gave the role itself as claimant."""
    assert found(
        "The ferry timetable is final and clear, Tova Marsh has said.",
        "The transport minister said crossings would rise to six a day.",
        "She said the fares would not change.",
    ) == [
        ("Tova Marsh", "transport minister"),
        ("Tova Marsh", "transport minister"),
        ("Tova Marsh", "transport minister"),
    ]


@pytest.mark.parametrize(
    "sentences",
    [
        # the speaker already has another role: the minister may be someone else
        ("Council leader Tova Marsh said the quay was safe.",
         "The transport minister said crossings would rise."),
        # an indefinite spokesman is not the speaker before
        ("Tova Marsh said the quay was safe.", "A spokesman said crossings would rise."),
        # named before the sentence that introduced her: not just introduced
        ("Tova Marsh opened the quay in 1990.", "Tova Marsh said the quay was safe.",
         "The transport minister said crossings would rise."),
        # too far back
        ("Tova Marsh said the quay was safe.", "The quay opened in 1990.",
         "The transport minister said crossings would rise."),
    ],
)  # fmt: skip
def test_a_role_is_not_taken_for_a_speaker_it_may_not_be(sentences: tuple[str, ...]) -> None:
    assert found(*sentences)[-1][0] != "Tova Marsh"


def test_a_speaker_with_an_aside_between_dashes_speaks() -> None:
    """Before, "Tova Marsh - who ... - said" gave nobody, and "He said" after it went to the
    man named before her."""
    assert [claimant for claimant, _ in found(
        "Mr Ivo Brant apologised to the families on Monday.",
        "One of the four, Tova Marsh - who was wrongly convicted in 1975 - said they were"
        " delighted.",
        "She said Mr Brant had spoken with great sincerity.",
    )] == [None, "Tova Marsh", "Tova Marsh"]  # fmt: skip


@pytest.mark.parametrize(
    ("sentence", "role"),
    [
        ("Tova Marsh, shadow secretary for the family, said the plan was thin.",
         "shadow secretary for the family"),
        ("Ivo Brant, chairman of the harbour works committee, said costs had doubled.",
         "chairman of the harbour works committee"),
        ("Ivo Brant, the leader of the biggest dockers' union, said costs had doubled.",
         "leader of the biggest dockers' union"),
    ],
)  # fmt: skip
def test_a_role_set_off_by_commas_is_kept_whole(sentence: str, role: str) -> None:
    """Before, the role stopped at "of" or "for" when what it served was in small letters:
    "shadow secretary", "chairman", "leader"."""
    assert found(sentence) == [(sentence.split(",")[0], role)]


def test_the_body_a_role_serves_is_not_its_holder() -> None:
    assert [claimant for claimant, _ in found(
        "Ivo Brant, chairman of the harbour works committee, said costs had doubled.",
        "The chairman said the quay would open in May.",
        "The committee said it would meet again in June.",
    )] == ["Ivo Brant", "Ivo Brant", "committee"]  # fmt: skip


def test_a_single_opening_mark_with_no_partner_is_cut() -> None:
    """Before, a quotation opened with a single mark and closed in another sentence showed
    its stray mark: "'If the depot closes, ..."."""
    body = (
        'Tova Marsh said: "We will fight this. '
        "'If the depot closes, then 40 drivers will lose their jobs at once.\""
    )
    shown = [sentence.display_text for sentence in extract(body)]
    assert shown[-1] == "If the depot closes, then 40 drivers will lose their jobs at once."


def test_a_person_then_a_body_and_role_with_no_closing_comma_is_the_person() -> None:
    """Before, "Tova Marsh, Harbour Party health spokesman said:" gave the party."""
    assert found(
        'Tova Marsh, Harbour Party health spokesman said: "It is the same old target."',
        "Ivo Brant, Westford Council finance chief, said the fund was empty.",
    ) == [
        ("Tova Marsh", "Harbour Party health spokesman"),
        ("Ivo Brant", "Westford Council finance chief"),
    ]
