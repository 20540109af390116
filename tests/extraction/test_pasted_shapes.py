"""Articles pasted the way tools hand them over (text copied from a PDF, a forwarded email, a
Word paste, Markdown from a CMS): whole sentences, clean candidate text. Made-up text."""

from __future__ import annotations

from factcheck.extraction import extract, segment


def sentences(text: str) -> list[str]:
    return [text[start:end] for start, end in segment(text)]


def shown(text: str) -> list[str]:
    return [sentence.display_text for sentence in extract(text)]


def test_pdf_lines_broken_after_a_number_a_hyphen_or_a_little_word_are_one_sentence() -> None:
    """Before, a PDF's hard line break cut "rose by 11 / per cent", "the govern- / ment's"
    and "according to the / Department of Transport" into halves, each a candidate."""
    text = (
        "Container traffic rose by 11\n"
        "per cent in the year. The chief executive said the govern-\n"
        "ment's channel had cut waiting times. Dredging cost 38 million euros, according to the\n"
        "Department of Transport. Grain fell to its lowest level since\n"
        "2017."
    )
    assert sentences(text) == [
        "Container traffic rose by 11\nper cent in the year.",
        "The chief executive said the govern-\nment's channel had cut waiting times.",
        "Dredging cost 38 million euros, according to the\nDepartment of Transport.",
        "Grain fell to its lowest level since\n2017.",
    ]


def test_a_line_ending_on_a_word_before_a_capital_still_starts_a_new_line() -> None:
    text = "Budget talks\nThe council approved the plan.\nPage 5 of 12\nSee the table"
    assert len(sentences(text)) == 4


def test_a_pdf_sentence_reads_as_one_line_with_its_hyphenated_word_whole() -> None:
    text = (
        "The chief executive said the govern-\n"
        "ment's channel had cut waiting times\n"
        "for large vessels by almost half."
    )
    assert shown(text) == [
        "The chief executive said the government's channel had cut waiting times for large "
        "vessels by almost half."
    ]


def test_quoted_email_lines_are_one_sentence_shown_without_the_quote_marks() -> None:
    text = (
        "On Mon, 3 Nov 2026 at 10:02, Tomas Reyes wrote:\n"
        "> The mayor told the council on Friday that unemployment has\n"
        "> fallen to 4.1 per cent, the lowest in two decades.\n"
        ">\n"
        "> > Crime fell by 9 per cent according to the police report.\n"
    )
    assert shown(text)[1:] == [
        "The mayor told the council on Friday that unemployment has fallen to 4.1 per cent, "
        "the lowest in two decades.",
        ">",
        "Crime fell by 9 per cent according to the police report.",
    ]
    for sentence in extract(text):
        assert text[sentence.start : sentence.end] == sentence.text


def test_footnote_markers_are_left_out_of_the_text_shown() -> None:
    text = (
        "The deficit fell to 4.5%\u00b9 of GDP in 2025.\n"
        "Unemployment fell to 6.2%[3] in the third quarter.\n"
        "Exports grew by 8 per cent, the office said.\u00b2\n"
        "The flat measures 120 m\u00b2 in all."
    )
    assert shown(text) == [
        "The deficit fell to 4.5% of GDP in 2025.",
        "Unemployment fell to 6.2% in the third quarter.",
        "Exports grew by 8 per cent, the office said.",
        "The flat measures 120 m\u00b2 in all.",
    ]


def test_markdown_marks_and_links_are_shown_as_their_text() -> None:
    text = (
        "## Waiting lists fall\n\n"
        "**Waiting lists fell to 6.4 million in September**, according to "
        "[NHS figures](https://example.org/stats).\n\n"
        "- Response times improved by *12 minutes* on average.\n"
    )
    result = extract(text)
    assert [s.display_text for s in result] == [
        "Waiting lists fall",
        "Waiting lists fell to 6.4 million in September, according to NHS figures.",
        "Response times improved by 12 minutes on average.",
    ]
    assert result[0].layout == "headline"


def test_a_line_of_marks_alone_is_shown_as_written() -> None:
    # A section break of asterisks lost two of its three to the Markdown reading ("*").
    text = "The port handled 4.2m tonnes in 2025.\n\n***\n\nRents rose by 40 per cent.\n"
    assert shown(text) == [
        "The port handled 4.2m tonnes in 2025.",
        "***",
        "Rents rose by 40 per cent.",
    ]


def test_a_markdown_heading_further_down_is_never_a_candidate() -> None:
    text = "The port handled 4.2m tonnes in 2025.\n\n### Rents rose by 40 per cent in 2025\n"
    result = extract(text)
    assert result[1].display_text == "Rents rose by 40 per cent in 2025"
    assert result[1].layout == "headline"
    assert not result[1].checkworthy


def test_quote_and_heading_marks_go_from_short_lines_too() -> None:
    text = "The port handled 4.2m tonnes in 2025.\n\n### In brief\n\n> Tomas Reyes\n"
    assert shown(text)[1:] == ["In brief", "Tomas Reyes"]


def test_a_transcript_speaker_is_the_claimant_of_every_sentence_of_the_turn() -> None:
    """Before, "NINA HOLT: Rents rose ..." had no claimant and showed the label; the next
    sentence of her turn had none either, and "(crosstalk)" opened the candidate."""
    text = (
        "Town hall debate on housing\n\n"
        "MODERATOR: Good evening. Let's start with rents.\n"
        "NINA HOLT: Rents have gone up by 40 per cent in five years. [applause]\n"
        "PETER VOSS: That's not true. (crosstalk) Rents rose by 22 per cent, according to "
        "the housing agency.\n"
        "[applause]\n"
        "The council cut the housing budget by 15 million euros in 2024.\n"
    )
    result = {s.display_text: s.claimant for s in extract(text)}
    assert result["Rents have gone up by 40 per cent in five years."] == "Nina Holt"
    assert result["That's not true."] == "Peter Voss"
    assert result["Rents rose by 22 per cent, according to the housing agency."] == "Peter Voss"
    assert result["Good evening."] == "Moderator"
    assert result["The council cut the housing budget by 15 million euros in 2024."] is None


def test_a_label_in_capitals_that_names_no_one_is_no_speaker() -> None:
    text = "BREAKING: Fire closes the port of Lenne for two days.\n"
    [sentence] = extract(text)
    assert sentence.claimant is None


def test_a_place_or_a_body_in_capitals_before_a_colon_is_no_speaker() -> None:
    text = "UK: Inflation rose to 4 per cent in May.\nNATO: Members spent 2 per cent of GDP.\n"
    result = extract(text)
    assert [s.claimant for s in result] == [None, None]
    assert result[0].display_text == "UK: Inflation rose to 4 per cent in May."


def test_an_email_signature_is_never_a_candidate() -> None:
    """Before, the phone number of a quoted signature was a candidate ("a quantity")."""
    text = (
        "> Crime fell by 9 per cent in 2025, according to the police report.\n"
        ">\n"
        "> --\n"
        "> Tomas Reyes\n"
        "> City desk, Valley Courier\n"
        "> +44 20 7946 0000\n"
        "\n"
        "Unemployment fell to 4.1 per cent in 2025, the lowest in two decades.\n"
        "-- \n"
        "Paula Grant, news editor\n"
    )
    result = extract(text)
    layouts = {s.display_text: s.layout for s in result}
    assert layouts["+44 20 7946 0000"] == "signature"
    assert layouts["Tomas Reyes"] == "signature"
    assert layouts["Paula Grant, news editor"] == "signature"
    assert layouts["Unemployment fell to 4.1 per cent in 2025, the lowest in two decades."] is None
    assert [s.display_text for s in result if s.checkworthy] == [
        "Crime fell by 9 per cent in 2025, according to the police report.",
        "Unemployment fell to 4.1 per cent in 2025, the lowest in two decades.",
    ]


def test_footnotes_under_an_article_are_never_candidates() -> None:
    """Before, "\u00b9 Eurostat, 2026." was a candidate (an event)."""
    text = (
        "The deficit fell to 4.5%\u00b9 of GDP in 2025.\n\n"
        "\u00b9 Eurostat, 2026.\n"
        "[2] Labour Force Survey, 12 March 2026.\n"
    )
    result = extract(text)
    assert [s.layout for s in result] == [None, "footnote", "footnote"]
    assert [s.checkworthy for s in result] == [True, False, False]


def test_a_live_blog_s_times_and_updated_lines_are_datelines() -> None:
    text = (
        "The count began at 22:00.\n\n23:10\nThe Liberal candidate held the seat.\n\n"
        "22:58\nUpdated\nOfficial figures show 1.2 million postal ballots were returned.\n"
    )
    layouts = [s.layout for s in extract(text)]
    assert layouts == [None, "dateline", None, "dateline", "dateline", None]


def test_a_bullet_under_a_label_such_as_key_points_reads_on_its_own() -> None:
    """Before, every bullet of a live blog's "Key points:" read "Key points: Turnout ..."."""
    text = (
        "Key points:\n"
        "- Turnout reached 64 per cent, up from 58 per cent in 2021\n"
        "- The Green party won 12 seats, its best result ever\n"
    )
    assert shown(text)[1:] == [
        "Turnout reached 64 per cent, up from 58 per cent in 2021",
        "The Green party won 12 seats, its best result ever",
    ]
