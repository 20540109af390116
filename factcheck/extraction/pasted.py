"""Where boilerplate left in a pasted text stands among its lines: a Markdown table's header
row and rule, page furniture and a site's furniture as a sentence's ``layout``, and a
table's rows as an editor reads them (factcheck.extraction.candidate_text)."""

from __future__ import annotations

from factcheck.extraction.furniture import (
    Furniture,
    is_table_row,
    is_table_rule,
    row_cells,
    row_text,
    site_furniture,
)
from factcheck.extraction.lines import Lines, ends_line

Span = tuple[int, int]


def _heads_table(body: str, lines: Lines, span: Span) -> bool:
    """Whether the sentence is a table row of its own line, with the table's rule under it."""
    text = body[span[0] : span[1]]
    return (
        ends_line(body, lines, span[1])
        and is_table_row(text)
        and not is_table_rule(text)
        and is_table_rule(lines.after(span[0]))
    )


def pasted_layout(
    body: str, lines: Lines, span: Span, starts_line: bool, page: dict[int, Furniture]
) -> tuple[str, str] | None:
    """The layout and the reason of boilerplate left in a pasted text
    (factcheck.extraction.furniture): "page" furniture, a "table-header" (the header row or
    the rule under it), a site's "furniture" (a pitch, a link, a credit); or None."""
    start, end = span
    found = page.get(start)
    if found is not None and found.end == end:
        return "page", found.why
    text = body[start:end]
    if starts_line and ends_line(body, lines, end) and is_table_rule(text):
        return "table-header", "a table's rule line"
    if starts_line and _heads_table(body, lines, span):
        return "table-header", "a table's header row"
    why = site_furniture(text, starts_line)
    return None if why is None else ("furniture", why)


class Table:
    """Reads a Markdown table's rows in order, to show each with its column's header."""

    def __init__(self) -> None:
        self._header: list[str] | None = None

    def read(self, body: str, lines: Lines, span: Span, whole_line: bool) -> str | None:
        """How the row at `span` reads without pipes ("Year: 2024; Revenue: £3.1bn"), or None
        for a sentence that is no whole table row."""
        text = body[span[0] : span[1]]
        if "|" not in text:
            self._header = None
            return None
        if whole_line and is_table_rule(text):
            return None  # the rule under the header: the table goes on
        if not (whole_line and is_table_row(text)):
            self._header = None
            return None
        cells = row_cells(text)
        if _heads_table(body, lines, span):
            self._header = cells
            return row_text(cells, None)
        return row_text(cells, self._header)
