"""Fast, exact sentence segmentation.

Contract of :func:`segment`: for any string ``text`` it returns half-open character spans
``(start, end)`` into ``text`` such that

* spans are in document order and do not overlap;
* no span starts or ends with whitespace (``str.isspace``) and none is empty;
* every non-whitespace character of ``text`` lies inside exactly one span (nothing dropped);
* no span crosses a line break that separates paragraphs.

The text is first cut into paragraphs at line breaks (a line that merely continues a
hard-wrapped sentence stays with its paragraph: it starts in lower case after a word, a
number, a comma or a hyphen, or anything follows a line that ends on a little word such as
"the" or "since", as text copied from a PDF is broken; the lines of a quoted email, "> ",
are read after their quote marks, at one depth; a running header or a page number left by
a PDF's page break is a paragraph of its own, and a sentence the page broke goes on across
it, so that its span holds the header: factcheck.extraction.furniture), then each
paragraph is cut at sentence-final punctuation, unless the period belongs to an
abbreviation ("Mr.", "U.S.", "e.g.", "No. 5", "Oct. 18") or the next word does not start a
sentence (a word in lower case does not, unless a capital follows in it: "iPhone"). This
is a few regular expressions and a small word list, so it runs in linear time; pysbd is
only used as a benchmark reference.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator, Mapping

from factcheck.extraction.furniture import Furniture, page_furniture

Span = tuple[int, int]

_LINE_BREAK_RE = re.compile(r"\r\n|[\n\r\v\f\x1c-\x1e\x85\u2028\u2029]")
_CLOSERS = "\"'”’»)]}"  # noqa: RUF001
_FINAL = ".!?…‼⁉"
# Sentence-final punctuation followed by closing quotes/brackets, then whitespace. CJK full
# stops need no whitespace after them. A match only starts where a run of punctuation
# starts, and never gives characters back: retrying from every dot of "......" made
# segmentation quadratic. Both give the same boundaries, because the quotes and brackets
# that may follow are never punctuation themselves.
_BOUNDARY_RE = re.compile(
    rf"(?<![{_FINAL}])[{_FINAL}]++[{re.escape(_CLOSERS)}]*+(?=\s)"
    rf"|[。！？]+[{re.escape(_CLOSERS)}]*"  # noqa: RUF001
)
_OPENING_QUOTES = '"“‘«'  # noqa: RUF001
_TOKEN_OPENERS = "\"'“‘([{"  # noqa: RUF001
_DOTTED_RE = re.compile(r"^(?:[^\W\d_]\.)+[^\W\d_]$")  # u.s, e.g, a.m, U.K
_LIST_MARKER_RE = re.compile(r"^(?:\d{1,3}|[a-zA-Z]|[ivxlcdmIVXLCDM]{1,5})$")

# How far into the next word a capital is looked for ("iPhone"): bounded, so that a long run
# of small letters after every period keeps segmentation linear.
_LONGEST_NAME = 24

# Titles before a name: a period after them never ends a sentence.
_TITLES = frozenset([
    "mr", "mrs", "ms", "mx", "dr", "prof", "gen", "sen", "rep", "gov", "lt", "col", "capt",
    "cpt", "sgt", "cpl", "maj", "adm", "cmdr", "st", "rev", "hon", "pres", "supt", "insp",
    "det", "messrs", "mme", "mlle", "sr", "jr", "fr", "brig"
])  # fmt: skip
# Abbreviations that end a sentence only when the next word starts one.
_AMBIGUOUS = frozenset([
    "inc", "ltd", "corp", "co", "plc", "llc", "jr", "sr", "etc", "vs", "al", "bros", "dept",
    "univ", "est", "approx", "govt", "assn", "ave", "blvd", "rd", "mt", "ft", "oz", "lb",
    "lbs", "kg", "km", "mi", "min", "max"
])  # fmt: skip
# Abbreviations that never end a sentence when a number follows ("No. 5", "Oct. 18").
_BEFORE_NUMBER = frozenset([
    "no", "nos", "vol", "vols", "p", "pp", "art", "arts", "fig", "figs", "ch", "sec", "para",
    "ca", "approx", "tel", "ext", "op", "jan", "feb", "mar", "apr", "jun", "jul", "aug",
    "sep", "sept", "oct", "nov", "dec"
])  # fmt: skip
# Words that commonly open a sentence; used to break after ambiguous abbreviations.
_STARTERS = frozenset([
    "The", "A", "An", "This", "That", "These", "Those", "It", "Its", "He", "She", "They",
    "We", "I", "You", "His", "Her", "Their", "Our", "My", "But", "And", "Or", "So", "Yet",
    "In", "On", "At", "For", "As", "If", "When", "While", "After", "Before", "However",
    "Meanwhile", "There", "Here", "What", "Why", "How", "Who", "Where", "Some", "Many",
    "Most", "All", "No", "Not", "One", "Two", "Three", "Also", "Still", "Now", "Then",
    "According", "Last", "Next", "Earlier", "Later", "Officials", "Police", "Critics",
    "Shares", "Analysts"
])  # fmt: skip


def _line_spans(text: str) -> Iterator[Span]:
    """Yield the (untrimmed) span of every line, separators excluded."""
    start = 0
    for match in _LINE_BREAK_RE.finditer(text):
        yield start, match.start()
        start = match.end()
    yield start, len(text)


def _trim(text: str, start: int, end: int) -> Span:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


# The quotation marks before a line of a quoted email ("> ", "> > "): a line's words start
# after them, and a line goes on the line before only at the same depth.
_QUOTE_PREFIX_RE = re.compile(r"(?:>[ \t]*+)++")
# Little words no sentence ends on: a line ending on one goes on in the next line whatever
# that line starts with ("according to the / Department of Transport", "since / 2017").
_RUNS_ON = frozenset([
    "the", "a", "an", "of", "to", "in", "on", "at", "by", "for", "from", "with", "and", "or",
    "since", "than", "per", "into", "between", "its", "their", "his", "her", "our", "whose"
])  # fmt: skip
_LONGEST_RUN_ON = 7


def _last_word(text: str, end: int, line_start: int) -> str:
    """The lower-case word that ends at `end`, or "" (looks back a bounded distance)."""
    start = end
    while start > line_start and end - start <= _LONGEST_RUN_ON and text[start - 1].islower():
        start -= 1
    if start < end and (start == line_start or not text[start - 1].isalnum()):
        return text[start:end]
    return ""


def _continues(text: str, previous: Span, line: Span) -> bool:
    """True when `line` (its words, after any quote marks) is a hard-wrapped continuation of
    the paragraph before it: it starts in lower case after a word, a number, a comma or a
    hyphen ("govern- / ment"), or anything follows a little word ("according to the")."""
    end = previous[1]
    last = text[end - 1]
    first = text[line[0]]
    if first.islower() and (
        last.isalnum()
        or last in ",;%\u2013\u2014"
        or (last == "-" and end - 2 >= previous[0] and text[end - 2].isalpha())
    ):
        return True
    return (first.isupper() or first.isdigit()) and _last_word(text, end, previous[0]) in _RUNS_ON


def _quote_depth(text: str, line: Span) -> tuple[int, int]:
    """How many quote marks open `line`, and where its words start."""
    match = _QUOTE_PREFIX_RE.match(text, line[0], line[1])
    if match is None:
        return 0, line[0]
    return match.group().count(">"), match.end()


def paragraphs(
    text: str, furniture: Mapping[int, Furniture] | None = None, used: set[int] | None = None
) -> list[Span]:
    """Trimmed, non-empty paragraph spans: lines, with hard-wrapped lines re-joined. A line of
    a quoted email ("> ...") goes on the one before when both are quoted as deeply; a line
    of quote marks alone separates paragraphs as a blank line does. A line of `furniture` (a
    running header or a page number, by where it starts: factcheck.extraction.furniture)
    is a paragraph of its own, and the line after it goes on the paragraph
    before it, across any blank lines, when it continues that paragraph: the page broke
    inside a sentence. A repeated line that goes on the line before it (a hard-wrapped
    line, "according to the / Ministry of Transport") is read as text. `used` gets where
    the furniture read as such starts."""
    furniture = furniture or {}
    used = set() if used is None else used
    result: list[Span] = []
    blank_since_last = True
    depth = 0
    before_break: int | None = None  # the paragraph before the page furniture being read
    for raw_start, raw_end in _line_spans(text):
        line = _trim(text, raw_start, raw_end)
        if line[0] == line[1]:
            blank_since_last = True
            continue
        if line[0] in furniture and not (
            furniture[line[0]].repeated
            and result
            and not blank_since_last
            and _continues(text, result[-1], line)
        ):
            if before_break is None and result and depth == 0:
                before_break = len(result) - 1
            result.append(line)
            blank_since_last, depth = True, 0
            used.add(line[0])
            continue
        line_depth, words_start = _quote_depth(text, line)
        if (
            before_break is not None
            and line_depth == 0
            and _continues(text, result[before_break], line)
        ):
            result[before_break:] = [(result[before_break][0], line[1])]
        elif (
            result
            and not blank_since_last
            and line_depth == depth
            and words_start < line[1]
            and _continues(text, result[-1], (words_start, line[1]))
        ):
            result[-1] = (result[-1][0], line[1])
        else:
            result.append(line)
        before_break = None
        depth = line_depth
        blank_since_last = words_start == line[1]  # "> " alone: a blank line of the quote
    return result


def _next_word(text: str, pos: int, end: int) -> str:
    stop = pos
    while stop < end and text[stop].isalnum():
        stop += 1
    return text[pos:stop]


def _capital_inside(text: str, pos: int, end: int) -> bool:
    """Whether the word at `pos` has a capital after its first letter: a name written with a
    small first letter ("iPhone", "eBay", "easyJet"), which can start a sentence."""
    stop = min(end, pos + _LONGEST_NAME)
    cursor = pos + 1
    while cursor < stop and text[cursor].isalpha():
        if text[cursor].isupper():
            return True
        cursor += 1
    return False


def _is_decoration(char: str) -> bool:
    """Emoji, symbols and their joiners, which may trail a sentence ("Wow! 😡😡")."""
    return unicodedata.category(char) in ("So", "Sk", "Mn", "Me", "Cf")


def _skip_trailing_decoration(text: str, pos: int, end: int) -> int:
    """Return the position after emoji that trail a sentence end, or `pos` if none do."""
    cursor = pos
    last_decoration = pos
    while cursor < end and (text[cursor].isspace() or _is_decoration(text[cursor])):
        if not text[cursor].isspace():
            last_decoration = cursor + 1
        cursor += 1
    return last_decoration


def _token_start(text: str, para_start: int, dot: int) -> int:
    """Start of the word that ends at `dot` (scanning back; words are short)."""
    start = dot
    while start > para_start and not (
        text[start - 1].isspace() or text[start - 1] in _TOKEN_OPENERS
    ):
        start -= 1
    return start


def _period_allows_break(text: str, para_start: int, dot: int, next_pos: int, end: int) -> bool:
    """Decide whether the single period at `dot` ends a sentence."""
    token_start = _token_start(text, para_start, dot)
    token = text[token_start:dot]
    word = token.lower()
    next_char = text[next_pos]
    if not token:
        return True
    if word in _TITLES:
        return False
    if next_char.isdigit() and word in _BEFORE_NUMBER:
        return False
    if token_start == para_start and _LIST_MARKER_RE.match(token):
        return False  # "1. First item", "b. Second item": a list marker, not a sentence
    if word in _AMBIGUOUS or _DOTTED_RE.match(token) or (len(token) == 1 and token.isupper()):
        return next_char in _OPENING_QUOTES or _next_word(text, next_pos, end) in _STARTERS
    return True


def _boundary_end(text: str, para_start: int, match: re.Match[str], end: int) -> int | None:
    """Where the sentence ends if `match` is a real boundary, else None."""
    stop = _skip_trailing_decoration(text, match.end(), end)
    next_pos = stop
    while next_pos < end and text[next_pos].isspace():
        next_pos += 1
    if next_pos >= end:
        return None  # the paragraph ends here anyway
    next_char = text[next_pos]
    if next_char.islower() and not _capital_inside(text, next_pos, end):
        return None  # "e.g. such", "p. 5 of", a hard-wrapped line: the sentence goes on
    if next_char in ",;:-–—)]}":  # noqa: RUF001
        return None
    punct = match.group(0).rstrip(_CLOSERS)
    if punct == "." and not _period_allows_break(text, para_start, match.start(), next_pos, end):
        return None
    return stop


def _sentences_in(text: str, para_start: int, para_end: int) -> Iterator[Span]:
    start = para_start
    for match in _BOUNDARY_RE.finditer(text, para_start, para_end):
        if match.start() < start:
            continue  # inside emoji we already attached to the previous sentence
        stop = _boundary_end(text, para_start, match, para_end)
        if stop is None:
            continue
        span = _trim(text, start, stop)
        if span[0] < span[1]:
            yield span
        start = stop
    span = _trim(text, start, para_end)
    if span[0] < span[1]:
        yield span


def segment(text: str) -> list[Span]:
    """Sentence spans of `text`; see the module docstring for the exact contract."""
    return segment_pages(text)[0]


def segment_pages(text: str) -> tuple[list[Span], dict[int, Furniture]]:
    """Sentence spans of `text`, and its page furniture (running headers and page numbers:
    factcheck.extraction.furniture) as the segmenter read it, by where each line starts:
    each is a sentence of its own or lies inside a sentence that a page broke."""
    found = page_furniture(text)
    used: set[int] = set()
    spans: list[Span] = []
    for para_start, para_end in paragraphs(text, found, used):
        spans.extend(_sentences_in(text, para_start, para_end))
    return spans, {start: found[start] for start in sorted(used)}
