"""A PDF's pages read as one text: running headers and page numbers left out, a sentence
that runs on to the next page kept whole. Made-up text."""

from __future__ import annotations

from fpdf import FPDF

from factcheck.extraction import segment
from factcheck.ingest import read_upload

LIMIT = 10 * 1024 * 1024


def _pdf(pages: list[list[str]]) -> bytes:
    pdf = FPDF()
    pdf.set_font("Helvetica", size=11)
    for lines in pages:
        pdf.add_page()
        for line in lines:
            pdf.cell(0, 6, line, new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


def test_a_sentence_runs_on_across_a_page_without_its_running_header() -> None:
    """Before, "according to the" ended page 1 and "Department of Transport." began page 2
    after the running header: two halves of a sentence, and a header in the article."""
    data = _pdf(
        [
            ["Harbour Review 2025   1", "Dredging cost 38 million euros, according to the"],
            [
                "Harbour Review 2025   2",
                "Department of Transport. Ferries carried 2.3 million.",
                "2",
            ],
            ["Harbour Review 2025   3", "Grain fell by 4 per cent.", "Page 3 of 3"],
        ]
    )
    text = read_upload("review.pdf", data, max_bytes=LIMIT).text
    assert "Harbour Review" not in text
    assert "Page 3" not in text
    assert [text[start:end] for start, end in segment(text)] == [
        "Dredging cost 38 million euros, according to the\nDepartment of Transport.",
        "Ferries carried 2.3 million.",
        "Grain fell by 4 per cent.",
    ]


def test_a_first_line_on_one_page_only_is_kept() -> None:
    data = _pdf([["Harbour Review 2025", "Grain fell by 4 per cent."], ["Ferries carried more."]])
    text = read_upload("review.pdf", data, max_bytes=LIMIT).text
    assert text.startswith("Harbour Review 2025\n")
    assert text.endswith("Grain fell by 4 per cent.\n\nFerries carried more.")


def test_pages_of_one_line_each_keep_it_even_when_it_repeats() -> None:
    data = _pdf([["Grain fell by 4 per cent."], ["Grain fell by 4 per cent."]])
    text = read_upload("review.pdf", data, max_bytes=LIMIT).text
    assert text == "Grain fell by 4 per cent.\n\nGrain fell by 4 per cent."
