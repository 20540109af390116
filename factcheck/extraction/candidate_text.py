"""The text a candidate claim shows: cleaned of lead-ins, bullet marks and stray quotation
marks, given its subject when it is a bullet, and marked when it is a headline or dateline.

Contract of :func:`shape`: for each sentence span ``(start, end)`` of ``body`` it returns a
:class:`Shaped` whose ``start``/``end`` lie inside the sentence and cover the cleaned text
exactly (``body[shaped.start:shaped.end]`` is the cleaned text, never empty, no space at
either end). Only what is dropped is cut off the two ends: "Quote: ", "Details: ", a
dateline ("OSLO (Nordwire) - "), a bullet mark ("- ", "• ", "2. ") and a quotation mark
that has no partner in the sentence. ``display_text`` is what an editor reads: the cleaned
text, or for a bullet the lead-in before the list with the bullet after it ("In his
budget Mr Lind has: - Cut fuel duty" reads "In his budget Mr Lind has cut fuel duty"); the
lead-in is a line of its own or the sentence that ends a paragraph.
Soft hyphens and zero-width spaces are left out of ``display_text`` (the span keeps them),
and so are the marks of how the text was pasted (:func:`plain_text`): line breaks inside the
sentence (a word hyphenated across one is whole again), an email's quote marks ("> "),
footnote markers ("4.5%\u00b9", "[3]") and Markdown's marks and links. The quote marks and
a Markdown heading's "## " are also cut off the span, and a Markdown heading is a
"headline" wherever it stands. A transcript's speaker ("NINA HOLT: ") is cut off the span
and given as ``speaker`` to every sentence of the line: the claimant of the turn.
``layout`` is "headline" for a first line with no sentence-final punctuation, "dateline" for
a line that only says when ("Updated 12:30 GMT", "3 May 2024", a live blog's "23:10"),
"lead-in" for a line ending with a colon (it introduces a list, a quotation or a table, and
claims nothing by itself: boilerplate by the labelling guideline, whether bullets follow or
not), "footnote" for a line that starts with a footnote marker ("\u00b9 Eurostat, 2026.",
"[3] ..."), "signature" for an email signature (its "-- " line and the lines right after
it), "page" for a running header or a page number, "table-header" for a Markdown table's
header row and the rule under it, "furniture" for a site's pitch, links, credits and
copyright (factcheck.extraction.furniture, with ``why`` saying which), else None; none of
these is a candidate by default. A Markdown table's row is shown without its pipes, each
cell after its column's header ("Year: 2024; Revenue: £3.1bn"), its span without its edge
pipes; a sentence a page broke is shown without the page's header and number.

Every pattern is anchored at one end of one sentence (``match`` at a position, so they
carry no "^") and linear (docs/security.md, F1).
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

from factcheck.extraction.furniture import Furniture, inside, without
from factcheck.extraction.lines import Lines, Signature, ends_line, is_whole_line
from factcheck.extraction.pasted import Table, pasted_layout
from factcheck.extraction.reading import straight_mark_opens
from factcheck.extraction.segment import segment_pages

# A label of one or two words and a colon: "Quote:", "Details:", "Editor's note:".
# One word only ("Mr Lind said:" and "He said:" are attributions, not labels).
_LEAD_IN_RE = re.compile(r"[A-Z][a-z]{1,15}(?:['’]s [a-z]{1,10})?\s*:\s+(?=\S)")  # noqa: RUF001
# "OSLO (Nordwire) - " or "LONDON, 3 May (Nordwire) — ": a place in capitals (three letters
# at least: "US - China trade" is no dateline), then a dash.
_DATELINE_LEAD_RE = re.compile(
    r"[A-Z]{3}[A-Z .'-]{0,27}(?:,[^()\-–—\n]{1,30})?(?:\s*\([^()\n]{1,40}\))?\s*[-–—]\s+(?=\S)"  # noqa: RUF001
)
# The quote marks of a quoted email ("> > ") and a Markdown heading's marks ("## ").
_QUOTE_MARKS_RE = re.compile(r"(?:>[ \t]*+)++(?=\S)")
_HEADING_RE = re.compile(r"#{1,6}[ \t]+(?=\S)")
# A transcript's speaker at the start of a line: "NINA HOLT: ", "MODERATOR: " (names in
# capitals, up to four words), and a stage direction before a sentence ("(crosstalk) ").
_SPEAKER_RE = re.compile(
    r"([A-Z][A-Z'\u2019.-]{1,20}(?: [A-Z][A-Z'\u2019.-]{1,20}){0,3})[ \t]*:[ \t]+(?=\S)"
)
_NOT_SPEAKERS = frozenset([
    "BREAKING", "UPDATE", "UPDATED", "NOTE", "EDITOR'S NOTE", "EXCLUSIVE", "WARNING", "WATCH",
    "READ", "LISTEN", "PHOTO", "VIDEO", "CORRECTION", "ANALYSIS", "OPINION", "LIVE", "ALERT",
    "URGENT", "FLASH", "SOURCE", "SOURCES", "UPDATE", "FACT CHECK", "CLAIM", "VERDICT", "RATING",
    "SUMMARY", "BACKGROUND", "CONTEXT", "DISCLAIMER", "PS", "TL;DR", "FYI", "RE", "FWD", "CC",
])  # fmt: skip
_SHORTEST_SPEAKER = 5  # letters of a speaker named by one word ("KOVAC", "MODERATOR")
_STAGE_DIRECTION_RE = re.compile(
    r"[\[(](?:applause|laughter|crosstalk|cross talk|inaudible|unintelligible|cheers|cheering|"
    r"booing|boos|laughs|pause|silence|music)[\])][ \t]+(?=\S)",
    re.IGNORECASE,
)
_BULLET_RE = re.compile(r"(?:[-*•–—▪◦]|\d{1,3}[.)]|[a-z][.)])\s+(?=\S)")  # noqa: RUF001
_OPENING_MARKS = '"“‘«'  # noqa: RUF001
_CLOSING_MARKS = '"”’»'  # noqa: RUF001
_MONTHS = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?"
_DAYS = r"(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)[a-z]*\.?,?"
# A line that only dates the article: "Updated 12:30 GMT, 3 May 2024", "Monday 3 May 2024".
_DATELINE_RE = re.compile(
    r"^(?:(?:Last\s+)?(?:Updated|Published|Posted|First published|Modified)(?:\s+on)?:?\s+"
    r"[^\n]{0,60}"
    rf"|(?:{_DAYS}\s+)?(?:\d{{1,2}}\s+{_MONTHS}|{_MONTHS}\s+\d{{1,2}},?)\s+\d{{4}}"
    r"(?:[,\s]+\d{1,2}[:.]\d{2}(?:\s*[AaPp]\.?[Mm]\.?)?(?:\s+[A-Z]{2,4})?)?"
    r"|\d{1,2}[:.]\d{2}\s*(?:[AaPp]\.?[Mm]\.?)?\s*(?:[A-Z]{2,4})?"  # a live blog's "23:10"
    r"|Updated|Published|Posted|Latest)\s*$"
)
# A footnote under the article: "\u00b9 Eurostat, 2026.", "[3] Labour Force Survey."
_FOOTNOTE_LINE_RE = re.compile(
    r"(?:[\u00b9\u00b2\u00b3\u2070\u2074-\u2079]{1,3}|\[\d{1,3}\])[ \t]*(?=\S)"
)
_SENTENCE_END = ".!?…:;\"'”’)"  # noqa: RUF001
_LONGEST_HEADLINE_WORDS = 20
_FEWEST_WORDS = 3
_LABEL_WORDS = 2  # a lead-in this short that ends on no verb is a label ("Key points:")
# A lead-in ending on one of these runs on into its bullets ("Mr Lind has: - Cut duty").
_JOINING_WORDS = frozenset([
    "has", "have", "had", "will", "would", "is", "are", "was", "were", "to", "can", "could",
    "should", "must", "include", "includes", "including", "also", "plans", "wants", "said",
    "says", "announced", "promised", "pledged"
])  # fmt: skip


# A character reference written out, as text copied from a page's source or a feed has
# them: "pr&#233;cis", "AT&amp;T". Only the complete forms, with their semicolon ("R&D" and
# "&para" in "a&paragraph" are left alone).
_CHARACTER_REFERENCE_RE = re.compile(
    r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});"
)


# Invisible marks inside words that only say where a line may break: a soft hyphen ("im-
# prisoned" at a line end, invisible elsewhere) and a zero-width space. Shown, copied or
# searched, they split the word ("im\u00adprisoned" is not "imprisoned").
_BREAK_HINTS = dict.fromkeys(map(ord, "\u00ad\u200b"))


def with_characters(text: str) -> str:
    """The text with its written-out character references shown as the characters (a
    written-out soft hyphen, "&shy;", too), and without line-break hints."""
    if "&" in text:
        text = _CHARACTER_REFERENCE_RE.sub(lambda match: html.unescape(match.group()), text)
    shown = text.translate(_BREAK_HINTS)
    return shown if shown.strip() else text  # a "sentence" of nothing else is shown as it is


# A word hyphenated across a hard line break ("govern-\nment"), and any other line break
# inside a sentence with the quote marks that open the next line ("has\n> fallen").
_HYPHEN_BREAK_RE = re.compile(r"(?<=[^\W\d_])-[ \t]*+\n[ \t>]*+(?=[^\W\d_])")
_LINE_BREAK_RE = re.compile(r"(?<![ \t])[ \t]*+\n[ \t>]*+")
# A footnote marker glued to what it annotates: "4.5%\u00b9", "said.\u00b2", "6.2%[3]"; not
# the "\u00b2" of square metres.
_FOOTNOTE_RE = re.compile(
    r"(?<=[\d%.,;:!?)\]\"\u201d\u2019])[\u00b9\u00b2\u00b3\u2070\u2074-\u2079]++"
    r"|(?<=[\w%.,;:!?)\"\u201d\u2019])\[\d{1,3}\]"
)
# Markdown: a link shows its text, strong and emphasised words their words.
_LINK_RE = re.compile(r"\[([^\[\]\n]{1,300}+)\]\([^()\s]{1,2000}+\)")
_EMPHASIS_RE = re.compile(r"(?<![\w*])\*(?=[^\s*])([^*\n]{1,300}+)(?<=[^\s*])\*(?![\w*])")


def _unbroken(match: re.Match[str]) -> str:
    """A word broken at a hyphen is whole again when it goes on in lower case."""
    return "" if match.string[match.end()].islower() else "-"


def plain_text(text: str) -> str:
    """The text as a reader sees it: on one line (a hyphenated word whole again, the quote
    marks of an email's lines left out), without footnote markers or Markdown marks. A line
    of marks alone ("***", a section break) is shown as written."""
    if not any(character.isalnum() for character in text):
        return text
    if "\n" in text:
        text = _LINE_BREAK_RE.sub(" ", _HYPHEN_BREAK_RE.sub(_unbroken, text))
    if "*" in text:
        text = _EMPHASIS_RE.sub(r"\1", text.replace("**", ""))
    if "](" in text:
        text = _LINK_RE.sub(r"\1", text)
    shown = _FOOTNOTE_RE.sub("", text)
    return shown if shown.strip() else text


@dataclass(frozen=True)
class Shaped:
    """The candidate view of one sentence; see the module docstring."""

    start: int
    end: int
    display_text: str
    layout: str | None
    speaker: str | None = None  # the transcript speaker whose turn the sentence is in
    why: str | None = None  # why pasted boilerplate is no claim ("a page number")


def _speaker_label(body: str, start: int, end: int) -> re.Match[str] | None:
    match = _SPEAKER_RE.match(body, start, end)
    if match is None or match.group(1) in _NOT_SPEAKERS:
        return None
    if " " not in match.group(1) and len(match.group(1)) < _SHORTEST_SPEAKER:
        return None  # "UK:", "NATO:": a place or a body in capitals, not a speaker
    return match


def speaker_at(body: str, start: int, end: int) -> str | None:
    """The speaker a transcript line at `start` names ("NINA HOLT: ..." gives "Nina Holt")."""
    match = _speaker_label(body, start, end)
    return None if match is None else match.group(1).title()


# A single mark that closes a quotation: after a character, before no letter (an
# apostrophe, "it's", is followed by one).
_SINGLE_CLOSING_RE = re.compile(r"(?<=\S)['’](?![^\W\d_])")  # noqa: RUF001


def _unpaired_marks(text: str) -> tuple[bool, bool]:
    """Whether the first and the last character are quotation marks with no partner."""
    straight_odd = text.count('"') % 2 == 1
    curly_open, curly_close = text.count("“"), text.count("”")
    first, last = text[:1], text[-1:]
    drop_first = (first == '"' and straight_odd) or (first == "“" and curly_open > curly_close)
    drop_last = (last == '"' and straight_odd and not drop_first) or (
        last == "”" and curly_close > curly_open
    )
    # "'If the depot closes, ...": a single mark before a capital, closed nowhere after it
    drop_first = drop_first or (
        first in "'‘" and text[1:2].isupper() and not _SINGLE_CLOSING_RE.search(text, 1)  # noqa: RUF001
    )
    return drop_first, drop_last


def closed_quotation(text: str) -> str:
    """The text with a quotation that runs past it, or began before it, shown closed:
    'Ms Lind said: "We cut 40 jobs.' reads 'Ms Lind said: "We cut 40 jobs."' and 'We cut
    40 jobs," she said.' reads '"We cut 40 jobs," she said.'. A mark is added only when one
    is missing and the last mark opens or the first one closes; else the text is shown as
    it is."""
    opening, closing = text.count("“"), text.count("”")
    if opening or closing:
        if opening == closing + 1 and text.rfind("“") > text.rfind("”"):
            return f"{text}”"
        first_opening = text.find("“")
        if closing == opening + 1 and (first_opening < 0 or text.find("”") < first_opening):
            return f"“{text}"
        return text
    if text.count('"') % 2 == 0 or re.search(r'\d"', text):
        return text  # a 55" screen: inches, not a quotation
    if straight_mark_opens(text, text.rindex('"')):
        return f'{text}"'
    if not straight_mark_opens(text, text.index('"')):
        return f'"{text}'
    return text


def clean_span(body: str, start: int, end: int) -> tuple[int, int]:
    """The part of ``body[start:end]`` a candidate shows; the whole span if cleaning would
    leave nothing. An email's quote marks, a Markdown heading's marks and a transcript's
    speaker always go, however short what they mark ("> Tomas Reyes", "### In brief",
    "NINA HOLT: No.")."""
    for pattern in (_QUOTE_MARKS_RE, _HEADING_RE):
        match = pattern.match(body, start, end)
        if match:
            start = match.end()
    start, end = _table_edges(body, start, end)
    speaker = _speaker_label(body, start, end)
    if speaker:
        start = speaker.end()
    if len(body[start:end].split(maxsplit=_FEWEST_WORDS - 1)) < _FEWEST_WORDS:
        return start, end  # cleaning never adds words, so it would keep the span whole
    new_start, new_end = start, end
    for pattern in (_STAGE_DIRECTION_RE, _LEAD_IN_RE, _DATELINE_LEAD_RE, _BULLET_RE):
        match = pattern.match(body, new_start, new_end)
        if match:
            new_start = match.end()
    drop_first, drop_last = _unpaired_marks(body[new_start:new_end])
    if drop_first:
        new_start += 1
    if drop_last:
        new_end -= 1
    while new_start < new_end and body[new_start].isspace():
        new_start += 1
    while new_end > new_start and body[new_end - 1].isspace():
        new_end -= 1
    if len(body[new_start:new_end].split()) < _FEWEST_WORDS:
        return start, end  # "Source: Valley Courier" stays whole
    return new_start, new_end


def _table_edges(body: str, start: int, end: int) -> tuple[int, int]:
    """A Markdown table row's text without its edge pipes ("| 2024 | 4% |" is "2024 | 4%");
    a row of no words (the rule, "|---|") is kept whole."""
    if body[start] != "|" or not any(character.isalnum() for character in body[start:end]):
        return start, end
    start += 1
    while body[start].isspace():
        start += 1
    if body[end - 1] == "|":
        end -= 1
        while body[end - 1].isspace():
            end -= 1
    return start, end


def _layout(body: str, index: int, start: int, end: int, whole_line: bool) -> str | None:
    text = body[start:end]
    if not whole_line:
        return None
    if _HEADING_RE.match(body, start, end):
        return "headline"  # a Markdown heading, anywhere in the article
    if _FOOTNOTE_LINE_RE.match(body, start, end):
        return "footnote"
    if _DATELINE_RE.match(text):
        return "dateline"
    if text.endswith(":"):
        return "lead-in"
    if (
        index == 0
        # Only the first sentence can be a headline: testing what precedes every other one
        # would copy the body up to it, quadratic in the number of lines.
        and not body[:start].strip()
        and text[-1] not in _SENTENCE_END
        and len(text.split()) <= _LONGEST_HEADLINE_WORDS
    ):
        return "headline"
    return None


def _with_subject(lead_in: str, bullet: str) -> str:
    """ "In his budget Mr Lind has:" and "Cut fuel duty" read "In his budget Mr Lind has
    cut fuel duty"; a lead-in that does not end on a verb keeps its colon ("The plan has
    three parts: teachers get a raise"); a label of one or two words ("Key points:",
    "Highlights:") says nothing the bullet needs, which reads on its own."""
    subject = lead_in.rstrip().rstrip(":").rstrip()
    words = subject.split()
    last = words[-1].lower() if words else ""
    if last not in _JOINING_WORDS:
        return bullet if len(words) <= _LABEL_WORDS else f"{subject}: {bullet}"
    first = bullet.split(maxsplit=1)[0] if bullet.split() else ""
    if first[1:].islower():
        bullet = bullet[:1].lower() + bullet[1:]
    return f"{subject} {bullet}"


def shape(
    body: str,
    spans: list[tuple[int, int]],
    furniture: dict[int, Furniture] | None = None,
    broken: list[list[Furniture]] | None = None,
) -> list[Shaped]:
    """One :class:`Shaped` per sentence span of `body`, in order. `furniture`: the page
    furniture of `body` as the segmenter read it (segment.segment_pages) and `broken`, the
    furniture inside each span (furniture.inside), found if None."""
    lines = Lines(body)
    page = segment_pages(body)[1] if furniture is None else furniture
    broken = inside(spans, page) if broken is None else broken
    result: list[Shaped] = []
    table = Table()
    lead_in: str | None = None  # the line that introduces the list being read
    speaker: str | None = None
    turn = -1  # where the line of the speaker's turn starts
    signature = Signature()
    for index, (start, end) in enumerate(spans):
        whole_line = is_whole_line(body, lines, start, end)
        line_start = lines.of(start)[0]
        starts_line = index == 0 or spans[index - 1][1] <= line_start
        if starts_line:  # the line's first sentence
            speaker, turn = speaker_at(body, start, end), line_start
        elif line_start != turn:
            speaker = None
        is_bullet = _BULLET_RE.match(body, start, end) is not None
        new_start, new_end = clean_span(body, start, end)
        text = without(body, new_start, new_end, broken[index])
        display = closed_quotation(text)
        if is_bullet and lead_in is not None:
            display = _with_subject(lead_in, text)
        elif body[start:end].endswith(":") and (whole_line or ends_line(body, lines, end)):
            lead_in = body[start:end]  # a line, or the end of a paragraph ("... include:")
        elif not is_bullet:
            lead_in = None
        layout, why = _layout(body, index, start, end, whole_line), None
        if signature.holds(body, lines.number(start), start, end):
            layout = "signature"
        pasted = None if layout else pasted_layout(body, lines, (start, end), starts_line, page)
        if pasted:
            layout, why = pasted
        display = table.read(body, lines, (start, end), whole_line) or display
        shown = with_characters(plain_text(display))
        result.append(Shaped(new_start, new_end, shown, layout, speaker, why))
    return result
