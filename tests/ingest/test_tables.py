"""Layout tables are read as blocks; data tables keep their rows (session 24)."""

from __future__ import annotations

from factcheck.ingest import extract_article

HEADLINE = "Minister says sorry over harbour jailings"
BYLINE = "By Ada Quill"
PARAGRAPHS = [
    "The minister has apologised to the families of five dockers wrongly jailed in 1987 "
    "after the harbour riot.",
    "Speaking in the assembly on Tuesday, she said the state had failed them for thirty "
    "years and promised an inquiry.",
    "The dockers' lawyers said the apology came too late for two of the men, who died "
    "before their names were cleared.",
]
MENU = '<a href="/">Home</a><br><a href="/news">News</a><br><a href="/sport">Sport</a>'


def old_site(story_cell: str) -> str:
    """A page as sites drew them before CSS: a menu cell beside the story's cell."""
    return (
        f"<html><head><title>{HEADLINE}</title></head><body>"
        '<table width="100%" border="0"><tr>'
        f'<td width="120" valign="top">{MENU}</td>'
        f'<td valign="top">{story_cell}</td>'
        "</tr></table></body></html>"
    )


def lines_of(html: str) -> list[str]:
    return extract_article(html, "https://harbour-gazette.example/news/apology").text.split("\n")


def test_a_story_in_a_layout_table_cell_is_read_paragraph_by_paragraph() -> None:
    # Before: one line, "| Home News | Minister says sorry … By Ada Quill The minister has
    # apologised …", so the headline and byline were part of the first candidate.
    cell = f"<h1>{HEADLINE}</h1><b>{BYLINE}</b>" + "".join(f"<p>{p}</p>" for p in PARAGRAPHS)

    lines = lines_of(old_site(cell))

    assert not any(line.startswith("|") or line.endswith("|") for line in lines)
    # each paragraph is a line of its own: the headline and byline are not in the first
    assert all(paragraph in lines for paragraph in PARAGRAPHS)


def test_paragraphs_drawn_with_br_br_in_a_layout_table_are_paragraphs() -> None:
    cell = f"<font size=4><b>{HEADLINE}</b></font><br><i>{BYLINE}</i><br><br>" + "<br><br>".join(
        PARAGRAPHS
    )

    lines = lines_of(old_site(cell))

    assert not any("|" in line for line in lines)
    assert all(paragraph in lines for paragraph in PARAGRAPHS)


def test_one_long_text_in_a_cell_is_not_a_table_row() -> None:
    cell = " ".join(PARAGRAPHS * 2)

    lines = lines_of(old_site(cell))

    assert cell in lines
    assert not any("|" in line for line in lines)


def test_tables_nested_for_layout_are_all_unfolded() -> None:
    inner = (
        '<table><tr><td colspan="2"><h2>' + HEADLINE + "</h2></td></tr>"
        "<tr><td>" + "".join(f"<p>{p}</p>" for p in PARAGRAPHS) + "</td></tr></table>"
    )
    lines = lines_of(old_site(f'<table width="100%"><tr><td>{inner}</td></tr></table>'))

    assert not any("|" in line for line in lines)
    assert all(paragraph in lines for paragraph in PARAGRAPHS)


FIGURES_ARTICLE = [
    "The island council doubled the fare for a single ferry crossing this spring, its "
    "figures show.",
    "Passengers said the new fares would keep them from visiting family on the mainland "
    "this summer.",
]


def figures_page(table: str) -> str:
    first, second = (f"<p>{p}</p>" for p in FIGURES_ARTICLE)
    return (
        "<html><head><title>Ferry fares double</title></head><body><article>"
        f"<h1>Ferry fares double</h1>{first}{table}{second}</article></body></html>"
    )


def test_a_data_table_keeps_its_rows() -> None:
    table = (
        "<table><tr><th>Year</th><th>Fare</th><th>Crossings</th></tr>"
        "<tr><td>2022</td><td>£2</td><td>41,000</td></tr>"
        "<tr><td>2023</td><td>£4</td><td>29,500</td></tr></table>"
    )

    text = extract_article(figures_page(table)).text

    assert "| 2022 | £2 | 41,000 |" in text and "| 2023 | £4 | 29,500 |" in text
    assert all(paragraph in text.split("\n") for paragraph in FIGURES_ARTICLE)


def test_a_data_table_whose_cells_are_wrapped_in_one_paragraph_keeps_its_rows() -> None:
    # Word and CMS editors write <td><p>2022</p></td>: one wrapper is not a layout.
    table = (
        "<table><tbody><tr><td><p>Year</p></td><td><p>Fare</p></td></tr>"
        "<tr><td><p>2022</p></td><td><div>£2</div></td></tr>"
        "<tr><td><p>2023</p></td><td><div>£4</div></td></tr></tbody></table>"
    )

    text = extract_article(figures_page(table)).text

    assert "| 2022 | £2 |" in text and "| 2023 | £4 |" in text


def test_a_data_table_in_a_layout_table_keeps_its_rows() -> None:
    figures = (
        "<table><tr><th>Year</th><th>Fare</th></tr>"
        "<tr><td>2022</td><td>£2</td></tr><tr><td>2023</td><td>£4</td></tr></table>"
    )
    cell = f"<h1>{HEADLINE}</h1>" + "".join(f"<p>{p}</p>" for p in PARAGRAPHS) + figures

    text = extract_article(old_site(cell)).text

    assert "| 2022 | £2 |" in text and "| 2023 | £4 |" in text
    assert all(paragraph in text.split("\n") for paragraph in PARAGRAPHS)
