"""Boilerplate left in pasted text: a PDF's running headers and page numbers, a Markdown
table's header row and rule, and a site's subscription pitch, sharing links and credits.

None of it is a claim, and none of it changes what the network reads: these are rules on
the sentences the segmenter gives, applied after scoring as the headline rule is
(factcheck.extraction.candidate_text, ``layout``), never signals (the weights file was
trained on the signals as they are).

**Page furniture** (:func:`page_furniture`): text copied from a PDF repeats a line at every
page break ("Annual Report 2025 | Ministry of Transport") and numbers the pages ("14",
"Page 14 of 52", "— 14 —"). A line is a running header or footer when, numbers aside, the
same short line with no sentence-final punctuation stands on a line of its own at least
twice (as factcheck.ingest.pdf finds them in an uploaded PDF, which it then leaves out; a
pasted text is stored as pasted, so here they are only marked). The segmenter reads such a
line as a paragraph of its own, and a page break that fell inside a sentence does not cut
it: the sentence goes on after the furniture (factcheck.extraction.segment).

**Site furniture** (:func:`site_furniture`): a whole sentence that only asks the reader to
subscribe, sign in, sign up for a newsletter or share; a line that only points to another
article ("Read more: ..."), captions or credits a picture ("Image caption, ...", "Image
source, Getty Images"), claims copyright, or marks an advertisement.

Every pattern is matched at one position with bounded, possessive or literal parts, and
only lines of at most :data:`LONGEST_LINE` characters are counted: linear time
(docs/security.md, F1).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

LONGEST_LINE = 100  # characters of a running header, a page number or a site's line
_MOST_WORDS = 12
_SENTENCE_END = ".!?:;\"'”’…"  # noqa: RUF001

# "14", "- 14 -", "— 14 —", "Page 14", "page 14 of 52", "p. 14", "14 / 52", "14 of 52".
_PAGE_NUMBER_RE = re.compile(
    r"(?:page[ \t]*+\d{1,4}|\d{1,3})(?:[ \t]*+(?:of|/)[ \t]*+\d{1,4})?|p\.[ \t]*+\d{1,4}"
    r"|[-–—][ \t]*+\d{1,4}[ \t]*+[-–—]",  # noqa: RUF001
    re.IGNORECASE,
)
_BREAKS = "\n\r\v\f\x1c-\x1e\x85\u2028\u2029"
_LINE_RE = re.compile(rf"[^{_BREAKS}]++")
_DIGITS_RE = re.compile(r"\d++")


@dataclass(frozen=True)
class Furniture:
    """A line of page furniture: where it is (trimmed) and why it is no claim."""

    start: int
    end: int
    why: str
    repeated: bool = True  # a running header or footer, not a page number


def _key(line: str) -> str:
    """A line as a running header repeats it: spacing aside, any page number in it."""
    return _DIGITS_RE.sub("#", " ".join(line.split()))


def _may_repeat(line: str) -> bool:
    """A line short enough, without final punctuation, with a letter: a header's shape."""
    return (
        line[-1] not in _SENTENCE_END
        and not line[0].islower()  # a hard-wrapped line's words, not a header's
        and line[0] not in "|#>"  # a table row, a Markdown heading, a quoted email's line
        and len(line.split()) <= _MOST_WORDS
        and any(character.isalpha() for character in line)
    )


def _read_line(line: str) -> tuple[bool, str | None]:
    """Whether a line is a page number, and its key if it may be a running header."""
    if _PAGE_NUMBER_RE.fullmatch(line):
        return True, None
    return False, _key(line) if _may_repeat(line) else None


def page_furniture(text: str) -> dict[int, Furniture]:
    """The running headers and footers and the page numbers of `text`, each a whole line,
    by where it starts."""
    read: dict[str, tuple[bool, str | None]] = {}  # each distinct line is read once
    lines: list[tuple[int, int, bool, str | None]] = []
    repeated: Counter[str] = Counter()
    for match in _LINE_RE.finditer(text):
        if match.end() - match.start() > 2 * LONGEST_LINE:
            continue  # too long, however many spaces pad it
        line = match.group()
        stripped = line.strip()
        if not stripped or len(stripped) > LONGEST_LINE:
            continue
        start = match.start() + len(line) - len(line.lstrip())
        end = start + len(stripped)
        verdict = read.get(stripped)
        if verdict is None:
            verdict = read[stripped] = _read_line(stripped)
        number, key = verdict
        if key is not None:
            repeated[key] += 1
        lines.append((start, end, number, key))
    found: dict[int, Furniture] = {}
    for start, end, number, key in lines:
        if number:
            found[start] = Furniture(start, end, "a page number", repeated=False)
        elif key is not None and (times := repeated[key]) > 1:
            why = f"a running header or footer, repeated {times} times"
            found[start] = Furniture(start, end, why)
    return found


# A whole sentence that only asks for something: anywhere in a line.
_PITCH_RE = re.compile(
    r"(?:(?:subscribe|sign[ \t]?up|register|log[ \t]?in|sign[ \t]?in)(?:[ \t]now|[ \t]today)?"
    r"[ \t]to[ \t](?:continue|keep)[ \t]reading"
    r"|already[ \t]a[ \t]subscriber|already[ \t]have[ \t]an[ \t]account|already[ \t]registered"
    r"|(?:log|sign)[ \t]?in(?:[ \t]here|[ \t]now)?|subscribe(?:[ \t]now|[ \t]today)?"
    r"|become[ \t]a[ \t](?:subscriber|member)(?:[ \t]today)?"
    r"|all[ \t]rights[ \t]reserved)[.!?]?",
    re.IGNORECASE,
)
_NEWSLETTER_RE = re.compile(
    r"(?:sign[ \t]?up|subscribe|register)[ \t](?:for|to)[ \t](?:our|the)[ \t]"
    r"[\w' -]{0,40}?newsletters?(?:[ \t]here)?[.!]?",
    re.IGNORECASE,
)
_SHARE_RE = re.compile(
    r"share[ \t](?:this|the)[ \t](?:article|story|page|post)"
    r"(?:[ \t](?:on|via)[ \t][\w ]{1,20})?[.!:]?"
    r"|share[ \t](?:on|via)[ \t](?:facebook|twitter|x|linkedin|whatsapp|email|bluesky)",
    re.IGNORECASE,
)
# What opens a line that is furniture whatever follows on it.
_LINE_OPENERS = (
    (
        re.compile(
            r"(?:read[ \t]more|read[ \t]also|also[ \t]read|see[ \t]also|more[ \t]on[ \t]this"
            r"[ \t]story|related[ \t](?:stories|articles|content))[ \t]*+(?::|$)",
            re.IGNORECASE,
        ),
        "a link to another article",
    ),
    (
        re.compile(
            r"(?:image|photo|picture|video)[ \t](?:caption|source|copyright|credit)[,:]"
            r"|(?:photo|photograph|picture)(?:[ \t]credit)?:",
            re.IGNORECASE,
        ),
        "a picture's caption or credit",
    ),
    (
        re.compile(r"copyright[ \t]*+(?:©|\(c\)|\d{4}\b)|©|\(c\)[ \t]*+\d{4}\b", re.I),
        "a copyright line",
    ),
    (
        re.compile(
            r"(?:advertisement|continue[ \t]reading[ \t]below|story[ \t]continues[ \t]below"
            r"(?:[ \t]advertisement)?)$",
            re.IGNORECASE,
        ),
        "an advertisement's place",
    ),
)


def site_furniture(sentence: str, starts_line: bool) -> str | None:
    """Why `sentence` is a site's furniture, or None. `starts_line`: it opens its line."""
    if _PITCH_RE.fullmatch(sentence):
        return "a subscription pitch" if "rights" not in sentence.lower() else "a copyright line"
    if _NEWSLETTER_RE.fullmatch(sentence):
        return "a newsletter sign-up"
    if _SHARE_RE.fullmatch(sentence):
        return "a sharing link"
    if starts_line and len(sentence) <= 4 * LONGEST_LINE:
        for pattern, why in _LINE_OPENERS:
            if pattern.match(sentence):
                return why
    return None


def inside(spans: list[tuple[int, int]], found: dict[int, Furniture]) -> list[list[Furniture]]:
    """For each span, the page furniture inside it (a sentence the page broke)."""
    starts = iter(sorted(found))
    result: list[list[Furniture]] = []
    position = next(starts, None)
    for start, end in spans:
        while position is not None and position <= start:
            position = next(starts, None)
        pieces: list[Furniture] = []
        while position is not None and position < end:
            pieces.append(found[position])
            position = next(starts, None)
        result.append(pieces)
    return result


def without(text: str, start: int, end: int, pieces: list[Furniture]) -> str:
    """``text[start:end]`` without the page furniture in it, each piece with the space after
    it: "rose by 4%\\nAnnual Report 2025\\n14\\nin the year" reads "rose by 4%\\nin the year"."""
    if not pieces:
        return text[start:end]
    parts: list[str] = []
    for piece in pieces:
        parts.append(text[start : piece.start])
        start = piece.end
        while start < end and text[start].isspace():
            start += 1
    parts.append(text[start:end])
    return "".join(parts)


def blanked(text: str, pieces: list[list[Furniture]]) -> str:
    """`text` with the page furniture inside sentences turned to spaces (line breaks kept):
    the same length, so the same spans, for the signals read from the article around a
    sentence."""
    parts: list[str] = []
    position = 0
    for piece in (piece for group in pieces for piece in group):
        parts.append(text[position : piece.start])
        parts.append(" " * (piece.end - piece.start))
        position = piece.end
    if not parts:
        return text
    parts.append(text[position:])
    return "".join(parts)


# A Markdown table: its rows open with "|" (and say nothing else by that), its rule holds
# only pipes, dashes and colons ("|---|:--:|").
_RULE_CHARACTERS = frozenset("|-: \t")


def is_table_row(line: str) -> bool:
    """A line of a Markdown table: it opens and ends with a pipe, with another between."""
    return len(line) > 2 and line[0] == "|" and line[-1] == "|" and "|" in line[1:-1]


def is_table_rule(line: str) -> bool:
    """The rule under a Markdown table's header: "|---|---|", "--- | :---:"."""
    return "|" in line and "-" in line and frozenset(line) <= _RULE_CHARACTERS


def row_cells(row: str) -> list[str]:
    """The cells of a table row, its edge pipes left out: "| a | b |" gives ["a", "b"]."""
    return [cell.strip() for cell in row.strip().strip("|").split("|")]


def row_text(cells: list[str], header: list[str] | None) -> str:
    """A row as an editor reads it, with no pipes: each cell after its column's header
    ("Year: 2024; Revenue: £3.1bn") when the header has as many cells, else the cells."""
    if header is not None and len(header) == len(cells):
        return "; ".join(
            f"{name}: {cell}" if name else cell
            for name, cell in zip(header, cells, strict=True)
            if cell
        )
    return "; ".join(cell for cell in cells if cell)
