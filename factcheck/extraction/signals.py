"""Per-sentence signals fed to the network beside its token convolutions.

Two families, each a number per sentence (mostly 0/1), in the fixed order of SIGNALS:

* cues of the sentence alone (:func:`factcheck.extraction.features.cues`): a quantity, a
  date, attribution, an opinion frame, a forecast word, a hedge, a question, ... The network
  learns from the labels how much each one counts, and in which combination; no weight is
  set by hand. The same cues give the evidence for the reasons shown to editors.
* context in the article: inside a quotation, a quotation closed by "said", a headline or
  a line without final punctuation, the first sentence, a lead-in ending with a colon and
  the bullet that follows it, a one-sentence paragraph, the relative position. Sentences
  from debate transcripts (CheckThat!, ClaimBuster) have no article: their context signals
  are 0, and the "news" signal tells the network which kind of text it reads.

Training (scripts/train_scorer.py) and request-time scoring both call :func:`signals_of`.
"""

from __future__ import annotations

import re

import numpy as np
import numpy.typing as npt

from factcheck.extraction.features import MAX_SENTENCE_CHARS, Cue, cues, normalize

CUE_SIGNALS = (
    "h:number", "h:money", "h:percent", "h:number_word", "h:date", "h:comparison",
    "h:attributed", "h:entity", "h:opinion_frame", "h:stance", "h:opinion", "h:prediction",
    "h:hedge", "h:first_person", "h:first_plural", "h:second_person", "h:question", "h:short",
)  # fmt: skip
CONTEXT_SIGNALS = (
    "news", "in_quote", "quote_said", "headline", "first", "lead_in", "after_lead_in",
    "bullet", "alone", "position",
)  # fmt: skip
SIGNALS = CUE_SIGNALS + CONTEXT_SIGNALS

_CUE_INDEX = {name: index for index, name in enumerate(CUE_SIGNALS)}
_CONTEXT_INDEX = {name: len(CUE_SIGNALS) + i for i, name in enumerate(CONTEXT_SIGNALS)}
_QUOTE = '"'
_FINAL = ".!?\"')…"
_BULLET_RE = re.compile(r"^\s*(?:[-*•▪●◦–]|\(?\d{1,3}[.)])\s+")  # noqa: RUF001
_QUOTE_SAID_RE = re.compile(
    r"\"\s*,?\s*(?:[\w.'-]+\s+){0,6}?(?:said|says|told|added|asked|explained|insisted|"
    r"warned|argued|stressed|admitted|claimed)(?![\w])"
    r"|(?:said|says|told|added)(?:\s+[\w.'-]+){0,4}:\s*\"",
    re.IGNORECASE,
)

Signals = npt.NDArray[np.float32]


def _cue_row(row: Signals, found: list[Cue]) -> None:
    for cue in found:
        index = _CUE_INDEX.get(cue.feature)
        if index is not None:
            row[index] = cue.value


def sentence_cues(sentences: list[str]) -> list[list[Cue]]:
    """The cues of each sentence (read up to MAX_SENTENCE_CHARS characters); a sentence
    that occurs many times is read once."""
    seen: dict[str, list[Cue]] = {}
    result = []
    for sentence in sentences:
        found = seen.get(sentence)
        if found is None:
            found = seen[sentence] = cues(normalize(sentence[:MAX_SENTENCE_CHARS]))
        result.append(found)
    return result


def _shape(sentence: str) -> tuple[bool, bool, bool, bool, bool, bool]:
    """Context-free facts about a sentence's text: opens with a quotation mark, has an odd
    number of them, a quotation closed by "said", ends open (no final punctuation), ends with
    a colon, starts with a bullet."""
    text = normalize(sentence[:MAX_SENTENCE_CHARS]).strip()
    return (
        text.startswith(_QUOTE),
        text.count(_QUOTE) % 2 == 1,
        bool(_QUOTE_SAID_RE.search(text)),
        not text.endswith((*_FINAL, ":")),
        text.endswith(":"),
        bool(_BULLET_RE.match(text)),
    )


# The context signals set sentence by sentence in signals_of ("news" and "first" are set
# directly).
_LOOP_SIGNALS = tuple(name for name in CONTEXT_SIGNALS if name not in ("news", "first"))


def signals_of(
    text: str,
    spans: list[tuple[int, int]],
    found: list[list[Cue]],
    *,
    news: bool = True,
) -> Signals:
    """Signals (len(spans), len(SIGNALS)) of the sentences at `spans` of `text`, whose cues
    are `found`. With ``news=False`` each span is read as a sentence without an article
    (context signals 0). The position is rounded to tenths."""
    rows = np.zeros((len(spans), len(SIGNALS)), dtype=np.float32)
    for row, cue_list in zip(rows, found, strict=True):
        _cue_row(row, cue_list)
    if not news or not spans:
        return rows
    # Each context signal's column is gathered as a list and written once: setting the
    # cells one by one cost more than the rest of the loop on a text of short lines.
    columns: dict[str, list[float]] = {name: [] for name in _LOOP_SIGNALS}
    shapes: dict[str, tuple[bool, bool, bool, bool, bool, bool]] = {}
    in_quote = False
    previous_end = 0
    last = len(spans) - 1
    lead_in = False
    for index, (start, end) in enumerate(spans):
        newlines = text.count("\n", previous_end, start)
        line_start = index == 0 or newlines > 0
        line_end = index == last or text.count("\n", end, spans[index + 1][0]) > 0
        sentence = text[start:end]
        shape = shapes.get(sentence)
        if shape is None:
            shape = shapes[sentence] = _shape(sentence)
        opens, odd, said, open_end, colon, bullet = shape
        if index == 0 or newlines >= 2:
            in_quote = False
        columns["in_quote"].append(in_quote or opens)
        in_quote = in_quote != odd
        columns["quote_said"].append(said)
        columns["headline"].append(line_start and line_end and open_end)
        columns["lead_in"].append(colon)
        columns["after_lead_in"].append(lead_in)
        lead_in = colon or (lead_in and bullet)
        columns["bullet"].append(bullet)
        columns["alone"].append(line_start and line_end)
        columns["position"].append(round(index / max(last, 1), 1))
        previous_end = end
    col = _CONTEXT_INDEX
    rows[:, col["news"]] = 1.0
    rows[0, col["first"]] = 1.0
    for name, values in columns.items():
        rows[:, col[name]] = values
    return rows
