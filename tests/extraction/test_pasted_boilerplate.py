"""Boilerplate left in pasted text (issue 15, "Candidate text / boilerplate"): a PDF's
running headers and page numbers, a Markdown table's header row and rule, a site's
subscription pitch, sharing links, credits and copyright. Every text here was made up for
these tests."""

from __future__ import annotations

import pytest

from factcheck.extraction import ExtractedSentence, extract

HEADER = "Annual Report 2025 | Ministry of Transport"
PDF_PASTE = f"""The ministry said passenger numbers on regional lines rose by 4.2%
{HEADER}
14
in the year to March, the fastest rise since 2019.

Ticket revenue reached £3.1bn, up from £2.9bn a year earlier.

{HEADER}
Page 15 of 52

The department opened 12 new stations in 2024.
— 16 —
{HEADER}

Delays fell by 8% in the same period."""
BROKEN = (
    "The ministry said passenger numbers on regional lines rose by 4.2% in the year to "
    "March, the fastest rise since 2019."
)


def _by_text(sentences: list[ExtractedSentence]) -> dict[str, ExtractedSentence]:
    return {sentence.display_text: sentence for sentence in sentences}


def _why(sentence: ExtractedSentence) -> list[str]:
    return [reason.label() for reason in sentence.reasons if reason.kind == "boilerplate"]


def test_running_headers_and_page_numbers_are_boilerplate_with_their_reason() -> None:
    result = extract(PDF_PASTE)
    headers = [s for s in result if s.display_text == HEADER]
    assert len(headers) == 2  # the third is inside the sentence the page broke
    for header in headers:
        assert (header.kind, header.layout, header.checkworthy) == ("boilerplate", "page", False)
        assert _why(header) == ["boilerplate: a running header or footer, repeated 3 times"]
    shown = _by_text(result)
    for number in ("Page 15 of 52", "— 16 —"):
        assert shown[number].kind == "boilerplate" and not shown[number].checkworthy
        assert _why(shown[number]) == ["boilerplate: a page number"]
    assert [s.display_text for s in result if s.checkworthy] == [
        BROKEN,
        "Ticket revenue reached £3.1bn, up from £2.9bn a year earlier.",
        "The department opened 12 new stations in 2024.",
        "Delays fell by 8% in the same period.",
    ]


def test_a_sentence_the_page_broke_is_one_candidate_whose_span_holds_the_page_break() -> None:
    # Before, "14 in the year to March, ..." was a candidate of its own, with the page
    # number as its quantity, and the sentence's first half another.
    [broken] = [s for s in extract(PDF_PASTE) if s.display_text == BROKEN]
    assert PDF_PASTE[broken.start : broken.end] == broken.text
    assert broken.text.startswith("The ministry said") and broken.text.endswith("since 2019.")
    assert f"4.2%\n{HEADER}\n14\nin the year" in broken.text
    # The network read the sentence without the page's header and number.
    evidence = " ".join(reason.text for reason in broken.reasons)
    assert "4.2%" in evidence and "2025" not in evidence and "14" not in evidence


def test_a_repeated_line_that_continues_its_sentence_is_read_as_text() -> None:
    # A hard-wrapped line that happens to be printed twice is no running header.
    text = (
        "Fares rose by 6% last year, according to the\nMinistry of Transport\nfigures "
        "published on Monday.\n\nBus use fell by 3%, according to the\nMinistry of "
        "Transport\nfigures for the north."
    )
    result = extract(text)
    assert [s.display_text for s in result] == [
        "Fares rose by 6% last year, according to the Ministry of Transport figures "
        "published on Monday.",
        "Bus use fell by 3%, according to the Ministry of Transport figures for the north.",
    ]
    assert [s.layout for s in result] == [None, None]


@pytest.mark.parametrize("line", ["7", "- 7 -", "Page 7", "page 7 of 30", "7 / 30", "p. 7"])
def test_page_numbers_on_a_line_of_their_own(line: str) -> None:
    text = f"The port handled 4.2m tonnes of freight in 2024.\n{line}\nIts busiest month was May."
    number = extract(text)[1]
    assert (number.text, number.kind, number.layout) == (line, "boilerplate", "page")
    assert not number.checkworthy


def test_a_number_or_a_short_line_said_once_is_not_page_furniture() -> None:
    text = "Key figures\n\nThe port handled 4.2m tonnes.\n2024\nExports rose by 5%."
    assert [s.layout for s in extract(text)] == ["headline", None, None, None]


TABLE = """Harbour revenue rose for a third year, the port authority said.

Revenue by year:

| Year | Revenue | Growth |
|---|:---:|---|
| 2024 | £3.1bn | 4% |
| 2023 | £2.9bn | 2.5% |

The authority employs 1,200 people."""


def test_a_markdown_tables_header_row_and_rule_are_boilerplate() -> None:
    shown = _by_text(extract(TABLE))
    header, rule = shown["Year; Revenue; Growth"], shown["|---|:---:|---|"]
    for line, why in ((header, "a table's header row"), (rule, "a table's rule line")):
        assert (line.kind, line.layout, line.checkworthy) == ("boilerplate", "table-header", False)
        assert _why(line) == [f"boilerplate: {why}"]


def test_a_markdown_tables_rows_read_with_their_column_headers_and_no_pipes() -> None:
    result = extract(TABLE)
    rows = [s for s in result if s.display_text.startswith("Year: ")]
    assert [row.display_text for row in rows] == [
        "Year: 2024; Revenue: £3.1bn; Growth: 4%",
        "Year: 2023; Revenue: £2.9bn; Growth: 2.5%",
    ]
    # The span is the row without its edge pipes, exactly as it stands in the text.
    assert [row.text for row in rows] == ["2024 | £3.1bn | 4%", "2023 | £2.9bn | 2.5%"]
    assert all(TABLE[row.start : row.end] == row.text for row in rows)
    assert rows[0].kind == "quantity" and rows[0].checkworthy  # a row of figures: a claim
    assert not [s.display_text for s in result if s.checkworthy and "|" in s.display_text]


def test_a_table_row_without_a_header_shows_its_cells() -> None:
    text = "Freight handled by the port:\n\n| 2024 | 4.2m tonnes |\n| 2023 | 3.9m tonnes |"
    rows = [s.display_text for s in extract(text)][1:]
    assert rows == ["2024; 4.2m tonnes", "2023; 3.9m tonnes"]


SITE_PASTE = """Harbour tolls to rise by 12% in April

The port authority said tolls for lorries would rise by 12% in April.
Subscribe to continue reading. Already a subscriber? Log in.
Sign up for our daily business newsletter
Share this article
Read more: Harbour strike cost the region £40m, says report
Image caption, Lorries queue at the port's east gate in 2024
Image source, Northpix Agency
Advertisement
The authority handled 4.2m tonnes of freight in 2024.
Copyright 2025 Harbour Gazette Ltd. All rights reserved."""
SITE_FURNITURE = {
    "Subscribe to continue reading.": "a subscription pitch",
    "Already a subscriber?": "a subscription pitch",
    "Log in.": "a subscription pitch",
    "Sign up for our daily business newsletter": "a newsletter sign-up",
    "Share this article": "a sharing link",
    "Read more: Harbour strike cost the region £40m, says report": "a link to another article",
    "Image caption, Lorries queue at the port's east gate in 2024": "a picture's caption or credit",
    "Image source, Northpix Agency": "a picture's caption or credit",
    "Advertisement": "an advertisement's place",
    "Copyright 2025 Harbour Gazette Ltd.": "a copyright line",
    "All rights reserved.": "a copyright line",
}


def test_a_sites_pitch_links_credits_and_copyright_are_boilerplate() -> None:
    shown = _by_text(extract(SITE_PASTE))
    for line, why in SITE_FURNITURE.items():
        sentence = shown[line]
        assert (sentence.kind, sentence.layout, sentence.checkworthy) == (
            "boilerplate",
            "furniture",
            False,
        ), line
        assert _why(sentence) == [f"boilerplate: {why}"], line
    facts = [s.display_text for s in extract(SITE_PASTE) if s.checkworthy]
    assert "The authority handled 4.2m tonnes of freight in 2024." in facts


@pytest.mark.parametrize(
    "sentence",
    [
        "The paper said 40,000 readers subscribe to its newsletter.",
        "Readers who share this article with friends get 20% off, the paper said.",
        "Image sources close to the agency said 300 photos were sold in 2024.",
    ],
)
def test_sentences_about_subscriptions_and_sharing_are_read_as_sentences(sentence: str) -> None:
    # Left to the network: no rule reads them as a site's furniture.
    [result] = extract(sentence)
    assert result.layout is None and _why(result) == []
