"""Layout tables: the tables an old news site draws its page with, read as blocks.

Sites built before CSS layout put the whole page in a ``<table>``: the menu in one cell, the
article (headline, byline, paragraphs) in another. trafilatura, asked to keep tables, reads
every row as one line of ``| cell | cell |``, so the article became a single line that began
with "| " and ran the headline and byline into the first paragraph (session 24). Such a
table is not data: its rows, cells and the table itself are renamed ``div`` before
extraction, so each paragraph is read as a paragraph. A data table (short cells, rows of
figures) is left alone and keeps its rows.

A cell makes its table a layout table when it holds what a figure never does: a heading, a
table of its own, two or more blocks (``p``, ``div``, lists, quotes), a paragraph break
drawn as ``<br><br>``, or more than :data:`LONG_CELL_CHARS` characters of text. One
wrapper block (``<td><p>2022</p></td>``, as Word and CMS editors write data cells) is not
enough.

One pass over the tree, so the time is linear in its size, which the page's element cap
(``ParseLimits.max_html_elements``) bounds.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from lxml import etree
from lxml.html import HtmlElement

# Text a data cell does not reach: a "notes" column runs to a sentence or two.
LONG_CELL_CHARS = 400

_BLOCKS = frozenset(
    ["p", "div", "ul", "ol", "dl", "blockquote", "pre", "section", "article", "form"]
)
_HEADINGS = frozenset(["h1", "h2", "h3", "h4", "h5", "h6"])
_CELLS = frozenset(["td", "th"])
# The parts of a table that belong to it (not to a table nested in one of its cells).
_PARTS = frozenset(["thead", "tbody", "tfoot", "tr", "td", "th", "caption", "colgroup", "col"])


@dataclass
class _Table:
    element: HtmlElement
    parts: list[HtmlElement] = field(default_factory=list)
    layout: bool = False


@dataclass
class _Cell:
    table: _Table
    blocks: int = 0
    chars: int = 0
    layout: bool = False


def unfold_layout_tables(tree: HtmlElement) -> int:
    """Rename every layout table in ``tree``, with its own rows and cells, to ``div``; data
    tables are left as they are. Returns how many tables were unfolded."""
    layout = _layout_tables(tree)
    for table in layout:
        for part in table.parts:
            part.tag = "div"
        table.element.tag = "div"
    return len(layout)


def _layout_tables(tree: HtmlElement) -> list[_Table]:
    """The layout tables of ``tree``, found in one walk.

    ``frames`` holds the tables and cells the walk is inside; what an element holds counts
    for the innermost one when that is a cell (inside a nested table, for that table's cell).
    """
    frames: list[_Table | _Cell] = []
    found: list[_Table] = []
    for event, element in etree.iterwalk(tree, events=("start", "end")):
        tag = element.tag
        if not isinstance(tag, str):
            continue  # a comment or processing instruction
        tag = tag.lower()
        if event == "start":
            _enter(frames, element, tag)
            continue
        _leave(frames, found, tag)
        if frames and isinstance(frames[-1], _Cell):
            frames[-1].chars += len((element.tail or "").strip())
    return found


def _enter(frames: list[_Table | _Cell], element: HtmlElement, tag: str) -> None:
    inner = frames[-1] if frames else None
    if tag == "table":
        if isinstance(inner, _Cell):
            inner.layout = True  # a table in a cell: the outer one is the page's frame
        frames.append(_Table(element))
    elif tag in _PARTS and inner is not None:
        table = inner if isinstance(inner, _Table) else inner.table
        table.parts.append(element)
        if tag in _CELLS:
            frames.append(_Cell(table))
    elif isinstance(inner, _Cell):
        _count(inner, element, tag)
    if frames and isinstance(frames[-1], _Cell):
        frames[-1].chars += len((element.text or "").strip())


def _count(cell: _Cell, element: HtmlElement, tag: str) -> None:
    if tag in _HEADINGS:
        cell.layout = True
    elif tag in _BLOCKS:
        cell.blocks += 1
        cell.layout = cell.layout or cell.blocks >= 2
    elif tag == "br":
        before = element.getprevious()
        if before is not None and before.tag == "br" and not (before.tail or "").strip():
            cell.layout = True


def _leave(frames: list[_Table | _Cell], found: list[_Table], tag: str) -> None:
    if not frames:
        return
    inner = frames[-1]
    if tag == "table" and isinstance(inner, _Table):
        frames.pop()
        if inner.layout:
            found.append(inner)
    elif tag in _CELLS and isinstance(inner, _Cell):
        frames.pop()
        if inner.layout or inner.chars > LONG_CELL_CHARS:
            inner.table.layout = True
