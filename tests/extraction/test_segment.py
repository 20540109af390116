"""Sentence segmentation: exact spans on every hard shape the articles contain."""

from __future__ import annotations

import random
from collections.abc import Callable
from pathlib import Path

import pytest

from factcheck.extraction.segment import paragraphs, segment

FIXTURE_NAMES = sorted(path.name for path in (Path(__file__).parent / "fixtures").glob("*.txt"))
ReadFixture = Callable[[str], str]
CheckSpans = Callable[[str, list[tuple[int, int]]], None]


def sentences(text: str) -> list[str]:
    return [text[start:end] for start, end in segment(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Mr. Smith met Dr. Jones. They spoke.",
            ["Mr. Smith met Dr. Jones.", "They spoke."],
        ),
        (
            "The U.S. economy grew. The U.S. The next one.",
            ["The U.S. economy grew.", "The U.S.", "The next one."],
        ),
        (
            "Growth hit 3.5 percent. Debt was $1.2bn.",
            ["Growth hit 3.5 percent.", "Debt was $1.2bn."],
        ),
        ("Berth No. 5 opened. No. It did not.", ["Berth No. 5 opened.", "No.", "It did not."]),
        ("Fruit, e.g. Apples and pears, sold well.", ["Fruit, e.g. Apples and pears, sold well."]),
        (
            "It began on Oct. 18 at 9 a.m. and ended late.",
            ["It began on Oct. 18 at 9 a.m. and ended late."],
        ),
        ("Smith Inc. The firm grew.", ["Smith Inc.", "The firm grew."]),
        (
            "J. K. Rowling wrote it. Why? Nobody knows!",
            ["J. K. Rowling wrote it.", "Why?", "Nobody knows!"],
        ),
        ("He paused... Then he left.", ["He paused...", "Then he left."]),
        ("He paused... and then left.", ["He paused... and then left."]),
        ('"We won." The crowd cheered.', ['"We won."', "The crowd cheered."]),
        ('"We won!" she said. It was late.', ['"We won!" she said.', "It was late."]),
        ("(See the table.) Next, sales.", ["(See the table.)", "Next, sales."]),
        ("日新丸が戻った。乗組員は16人。", ["日新丸が戻った。", "乗組員は16人。"]),
        # A name written with a small first letter starts a sentence (session 18: the two
        # claims were one candidate); a word in lower case still does not.
        (
            "The plant lost 40 million euros. iPhone sales rose by 12% in May.",
            ["The plant lost 40 million euros.", "iPhone sales rose by 12% in May."],
        ),
        (
            "Fees rose. eBay said so! easyJet did not.",
            ["Fees rose.", "eBay said so!", "easyJet did not."],
        ),
        ("Prices rose, e.g. eBay fees went up.", ["Prices rose, e.g. eBay fees went up."]),
        ("He paused... and then left. iPod.", ["He paused... and then left.", "iPod."]),
        (
            "It cost 5 euros. ab5f6a7b-91c2 is the code.",
            ["It cost 5 euros. ab5f6a7b-91c2 is the code."],
        ),
    ],
)
def test_sentence_boundaries(text: str, expected: list[str]) -> None:
    assert sentences(text) == expected


def test_dateline_and_headline(read_fixture: ReadFixture) -> None:
    text = read_fixture("dateline.txt")
    found = sentences(text)
    assert found[0] == "Harbour authority reports record cargo year"
    assert found[1].startswith("OSLO (Nordwire) - The port of Eastvik handled 4.2 million")
    assert found[1].endswith("said on Tuesday.")
    director = "Mr. Jonas Berg, the authority's director, said the U.S. market took a third"
    assert f"{director} of all exports." in found
    assert found[-2:] == ["Will the growth continue?", "Nobody knows!"]


def test_bullets_are_sentences(read_fixture: ReadFixture) -> None:
    found = sentences(read_fixture("bullets.txt"))
    assert found == [
        "What the budget contains",
        "The plan has three parts:",
        "- Teachers get a 4% raise from January.",
        "- 300 new nurses will be hired.",
        "* Bus fares are frozen until 2026",
        "• Libraries open on Sundays",
        "1. Review the tax bands.",
        "2. Publish the results.",
    ]


def test_multi_sentence_and_nested_quotes(read_fixture: ReadFixture) -> None:
    found = sentences(read_fixture("quotes.txt"))
    assert found[:5] == [
        "Source: Valley Courier",
        'Quote: "The bridge was closed for nine days.',
        "Traffic moved to the ring road.",
        'We counted 40,000 extra cars a day."',
        "Details: The figures were collected by two volunteers from the cycling club.",
    ]
    assert "The mayor said: \"My deputy told me 'the repairs are finished.'" in found
    assert 'Then the cracks came back."' in found
    assert found[-1] == '"They will have to rebuild it."'


def test_soft_hyphens_cyrillic_and_emoji(read_fixture: ReadFixture) -> None:
    text = read_fixture("unicode.txt")
    found = sentences(text)
    assert found[0] == "Re\u00adsi\u00addents were re\u00adlo\u00adcated after the flood."
    assert "The N\u0430val base (note the Cyrillic a) employs 900 staff." in found
    assert "Great news for the town!!! \U0001f389\U0001f389" in found
    assert found[-1] == "What a day \U0001f60d"


@pytest.mark.parametrize("name", FIXTURE_NAMES)
def test_crlf_gives_the_same_sentences_as_lf(
    name: str, read_fixture: ReadFixture, check_exact_spans: CheckSpans
) -> None:
    text = read_fixture(name).replace("\r\n", "\n")
    crlf = text.replace("\n", "\r\n")
    assert sentences(crlf) == sentences(text)
    check_exact_spans(crlf, segment(crlf))
    assert all("\r" not in sentence for sentence in sentences(crlf))


@pytest.mark.parametrize("name", FIXTURE_NAMES)
def test_fixture_spans_are_exact(
    name: str, read_fixture: ReadFixture, check_exact_spans: CheckSpans
) -> None:
    text = read_fixture(name)
    check_exact_spans(text, segment(text))


def test_hard_wrapped_lines_are_rejoined_but_headlines_are_not() -> None:
    text = "Budget talks\n\nThe council approved the plan\nafter a long debate. It costs $5m."
    assert sentences(text) == [
        "Budget talks",
        "The council approved the plan\nafter a long debate.",
        "It costs $5m.",
    ]
    assert len(paragraphs(text)) == 2


def _generated_article(seed: int, min_chars: int) -> str:
    """A long article built from varied pieces, including every tricky shape."""
    pieces = [
        "Mr. Berg said output rose 3.5 percent to $1.2bn.",
        '"We will not stop," she said. "Never."',
        "The U.S. team won. Then it rained!",
        "- a bullet point\n- another 😀 point",
        "Source: Field Notes",
        "Re\u00adsi\u00addents of N\u0430rvik moved on Oct. 18.",
        "Is it true? Nobody knows...",
        "ROME (Wire) - Talks ended early.",
    ]
    rng = random.Random(seed)
    parts: list[str] = []
    while sum(len(part) for part in parts) < min_chars:
        separator = rng.choice([" ", "\n", "\r\n", "\n\n", "  \t"])
        parts.append(rng.choice(pieces) + separator)
    return "".join(parts)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_long_generated_article(seed: int, check_exact_spans: CheckSpans) -> None:
    text = _generated_article(seed, 50_000)
    assert len(text) >= 50_000
    spans = segment(text)
    check_exact_spans(text, spans)
    assert len(spans) > 1000


@pytest.mark.parametrize("text", ["", "   ", "\r\n\r\n", "\u00ad", "😀", "...", "a"])
def test_degenerate_inputs(text: str, check_exact_spans: CheckSpans) -> None:
    check_exact_spans(text, segment(text))
