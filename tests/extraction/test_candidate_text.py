"""Clean candidate text (issue 15, part 4), on made-up text written for the tests."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from factcheck.extraction import FACTUAL_KINDS, extract, segment
from factcheck.extraction.candidate_text import clean_span, shape


def _only(body: str) -> str:
    (start, end) = segment(body)[0]
    new_start, new_end = clean_span(body, start, end)
    return body[new_start:new_end]


@pytest.mark.parametrize(
    ("body", "text"),
    [
        ('Quote: "The bridge was closed for nine days.', "The bridge was closed for nine days."),
        ("Details: Two volunteers counted 40,000 cars.", "Two volunteers counted 40,000 cars."),
        ("Editor's note: The figures were revised in May.", "The figures were revised in May."),
        ('We counted 40,000 extra cars a day."', "We counted 40,000 extra cars a day."),
        ("“The queue has gone.", "The queue has gone."),
        ("OSLO (Nordwire) - The port handled 4.2m tonnes.", "The port handled 4.2m tonnes."),
        ("- Teachers get a 4% raise from January.", "Teachers get a 4% raise from January."),
        ("• Bus fares are frozen until 2026", "Bus fares are frozen until 2026"),
        ("2. Publish the results of the audit.", "Publish the results of the audit."),
    ],
)
def test_lead_ins_marks_and_unpaired_quotes_are_cut(body: str, text: str) -> None:
    assert _only(body) == text


@pytest.mark.parametrize(
    "body",
    [
        '"It is closed," said Maria Ortiz.',
        'Mr Lind said: "Prices rose 4%."',
        "He said: the bridge was closed.",
        "Source: Valley Courier",
        "“The queue has gone,” she said.",
        "US - China trade rose 4% in May.",
    ],
)
def test_text_that_needs_no_cleaning_is_kept_whole(body: str) -> None:
    assert _only(body) == body


def test_spans_stay_exact_in_the_pipeline() -> None:
    body = 'Source: Valley Courier\n\nQuote: "The bridge was closed for nine days.\n'
    result = extract(body)
    assert [s.text for s in result] == [
        "Source: Valley Courier",
        "The bridge was closed for nine days.",
    ]
    assert all(body[s.start : s.end] == s.text for s in result)


def test_a_quotation_that_runs_past_the_sentence_is_shown_closed() -> None:
    body = (
        'Ms Lind said: "We cut 40 jobs in May. Another 12 went in June," she added.\n\n'
        "Mr Dahl said: “Fares rose 9%. Nobody told us,” he said.\n\n"
        'The mayor called the plan "bold", adding: "We will hire 30 teachers. They start soon."\n'
    )
    result = extract(body)
    assert [s.display_text for s in result] == [
        'Ms Lind said: "We cut 40 jobs in May."',
        '"Another 12 went in June," she added.',
        "Mr Dahl said: “Fares rose 9%.”",
        "“Nobody told us,” he said.",
        'The mayor called the plan "bold", adding: "We will hire 30 teachers."',
        "They start soon.",
    ]
    # The span still points at the article's own text, marks as printed
    assert all(body[s.start : s.end] == s.text for s in result)
    assert result[0].text == 'Ms Lind said: "We cut 40 jobs in May.'


def test_an_inch_mark_is_no_quotation() -> None:
    (found,) = extract('The new television has a 55" screen and costs 400 euros.')
    assert found.display_text == 'The new television has a 55" screen and costs 400 euros.'


def test_character_references_copied_with_the_text_show_as_characters() -> None:
    body = (
        "The council sent MPs a pr&#233;cis of the 48-page report on Monday.\n\n"
        "Norland Rail &amp; Freight cut 120 jobs, its R&D budget and 3 &para routes.\n\n"
        "The caf&#xE9; chain&rsquo;s sales fell by 12% &ndash; the &madeup; figure said.\n"
    )
    result = extract(body)
    assert [s.display_text for s in result] == [
        "The council sent MPs a précis of the 48-page report on Monday.",
        "Norland Rail & Freight cut 120 jobs, its R&D budget and 3 &para routes.",
        "The café chain’s sales fell by 12% – the &madeup; figure said.",  # noqa: RUF001
    ]
    # The span still points at the article's own text, as pasted.
    assert all(body[s.start : s.end] == s.text for s in result)
    assert "pr&#233;cis" in result[0].text


def test_soft_hyphens_are_left_out_of_the_text_shown() -> None:
    # Before session 19 "im\u00adprisoned" was shown and stored with its invisible soft
    # hyphen, so copying or searching "imprisoned" did not match it.
    body = (
        "Tom Breck was im\u00adprisoned for 4 years in 2019, the court said.\n\n"
        "Norland Bank cut 120 jobs and 3 branch&shy;es in May, Ana Lind said.\n"
    )
    result = extract(body)
    assert [s.display_text for s in result] == [
        "Tom Breck was imprisoned for 4 years in 2019, the court said.",
        "Norland Bank cut 120 jobs and 3 branches in May, Ana Lind said.",
    ]
    assert all(body[s.start : s.end] == s.text for s in result)  # spans: the article's text
    assert "\u00ad" in result[0].text


BUDGET = (
    "Budget cuts tax for small firms\n\n"
    "Updated 12:30 GMT\n\n"
    "In his budget Mr Anand has:\n"
    "- Reduced corporate tax rates to 30%\n"
    "- Cut fuel duty by 2p a litre\n\n"
    "The plan has three parts:\n"
    "- Teachers get a 4% raise.\n\n"
    "The deficit will be 4.5% of GDP.\n"
)


def test_a_bullet_reads_with_the_subject_of_its_lead_in() -> None:
    result = {s.text: s for s in extract(BUDGET)}
    bullet = result["Reduced corporate tax rates to 30%"]
    assert bullet.display_text == "In his budget Mr Anand has reduced corporate tax rates to 30%"
    assert BUDGET[bullet.start : bullet.end] == bullet.text
    assert result["Cut fuel duty by 2p a litre"].display_text == (
        "In his budget Mr Anand has cut fuel duty by 2p a litre"
    )
    assert result["Teachers get a 4% raise."].display_text == (
        "The plan has three parts: Teachers get a 4% raise."
    )
    assert result["The deficit will be 4.5% of GDP."].display_text == (
        "The deficit will be 4.5% of GDP."
    )


def test_headlines_datelines_and_lead_ins_are_never_candidates() -> None:
    result = extract(BUDGET, threshold=0.0)
    layouts = {s.text: s.layout for s in result}
    assert layouts["Budget cuts tax for small firms"] == "headline"
    assert layouts["Updated 12:30 GMT"] == "dateline"
    assert layouts["In his budget Mr Anand has:"] == "lead-in"
    assert layouts["Reduced corporate tax rates to 30%"] is None
    # At threshold 0, a sentence is a candidate when its layout allows and its kind is factual.
    assert [s.checkworthy for s in result] == [
        s.layout is None and s.kind in FACTUAL_KINDS for s in result
    ]


def test_a_line_ending_with_a_colon_is_a_lead_in_whatever_follows() -> None:
    """By the guideline a lead-in claims nothing by itself, bullets after it or not: it was
    left to the kind head, which read "In her budget, the finance minister has:" as a
    prediction once retrained."""
    body = (
        "In her budget, the finance minister has:\n\n"
        "The harbour dues were cut to 2% in May.\n\n"
        '"We have waited long enough," the mayor told reporters:\n\n'
        "Inside a paragraph: the ferry fare rose to 40 crowns."
    )
    result = extract(body)
    layouts = {s.text: s.layout for s in result}
    assert layouts["In her budget, the finance minister has:"] == "lead-in"
    assert layouts['"We have waited long enough," the mayor told reporters:'] == "lead-in"
    assert layouts["The harbour dues were cut to 2% in May."] is None
    assert layouts["Inside a paragraph: the ferry fare rose to 40 crowns."] is None
    kinds = {s.text: s.kind for s in result}
    assert kinds["In her budget, the finance minister has:"] == "boilerplate"


@pytest.mark.parametrize(
    "line", ["Monday 3 May 2024", "3 May 2024, 14:05 GMT", "Published on 12 March 2005"]
)
def test_lines_that_only_date_the_article_are_datelines(line: str) -> None:
    body = f"The port handled 4.2m tonnes.\n\n{line}\n\nPrices rose 4%."
    assert [s.layout for s in extract(body)] == [None, "dateline", None]


def test_a_first_sentence_that_ends_is_not_a_headline() -> None:
    assert extract("The port handled 4.2m tonnes.\n\nPrices rose 4%.")[0].layout is None


_PIECES = st.sampled_from([
    "Quote:", "Details: ", '"', "“", "”", "- ", "• ", "2. ", "a) ", "OSLO (A) - ", "Updated ",
    "12:30 GMT", "3 May 2024", ":", "\n", "\n\n", " ", "A", "a", "has:", "Mr Lind", ".", "\u2019",
    "| a | 1 |", "|---|", "| |", "14", "Page 2 of 3", "Read more:", "Log in.", "in the",
])  # fmt: skip
LAYOUTS = (
    None, "headline", "dateline", "lead-in", "footnote", "signature", "page", "table-header",
    "furniture",
)  # fmt: skip
_TEXT = st.lists(st.one_of(_PIECES, st.text(max_size=5)), max_size=60).map("".join)


@settings(max_examples=200, deadline=None, database=None)
@given(body=_TEXT)
def test_shape_keeps_spans_inside_their_sentences(body: str) -> None:
    spans = segment(body)
    for (start, end), shaped in zip(spans, shape(body, spans), strict=True):
        assert start <= shaped.start < shaped.end <= end
        text = body[shaped.start : shaped.end]
        assert text == text.strip() and text
        assert shaped.display_text.strip()
        assert shaped.layout in LAYOUTS


class _CountingText(str):
    """A body that counts the characters its slices copy."""

    copied = 0

    def __getitem__(self, key):  # type: ignore[no-untyped-def]
        part = super().__getitem__(key)
        _CountingText.copied += len(part)
        return part


@pytest.mark.parametrize("line", ["A", "- a", "Updated 12:30 GMT", "He said so."])
def test_shaping_copies_each_line_a_bounded_number_of_times(line: str) -> None:
    # Deciding whether a line is a headline once copied the whole body before it: quadratic
    # in the number of lines, seconds for 100,000 one-letter lines.
    body = _CountingText(f"{line}\n" * 20_000)
    _CountingText.copied = 0
    shape(body, segment(str(body)))
    assert _CountingText.copied < 20 * len(body)
