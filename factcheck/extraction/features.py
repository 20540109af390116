"""Sentence features shared by training (scripts/train_scorer.py) and request-time scoring.

Training and scoring must see exactly the same features, so both import this module; the
scorer never re-implements any of it. Everything here is pure Python and deterministic.

Three blocks of features are produced for a sentence:

* word n-grams (``w:`` prefix): lower-cased unigrams and bigrams, digits folded to ``0``;
* character n-grams (``c:`` prefix): 2- to 5-grams inside word boundaries, like
  scikit-learn's ``char_wb`` analyser;
* cues (``h:`` prefix): hand-made, interpretable detectors (numbers, attribution, opinion
  words, ...). Each cue carries the evidence text it fired on, which becomes a reason.

Each n-gram block is a binary bag scaled to unit length (1/sqrt(active n-grams)), computed
from the sentence alone, so pruning the model's vocabulary never changes the scaling.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from itertools import pairwise

from factcheck.extraction.shown_evidence import (
    MAX_CUE_EVIDENCE,
    NOT_FOUND,
    Found,
    Hidden,
    is_name,
    is_not_the_writer,
    number_in_name,
    reads_as_noun,
    shown_matches,
)

# Characters that change nothing visible but split words: soft hyphen, zero-width marks.
_INVISIBLE = dict.fromkeys(map(ord, "\u00ad\u200b\u200c\u200d\u2060\ufeff"))

# Cyrillic and Greek letters that look like Latin ones; mapped so that "Nаval" (Cyrillic а)  # noqa: RUF003
# reads as "Naval" for the model. Only applied to features, never to spans.
_HOMOGLYPHS = str.maketrans(
    "аеорсхуіјѕАВЕКМНОРСТХІЈЅ",  # noqa: RUF001
    "aeopcxyijsABEKMHOPCTXIJS",
)
_PUNCT_FOLD = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "–": "-", "—": "-"})  # noqa: RUF001
# The three tables above as one: str.translate maps each character on its own, so applying
# them in turn is the same as applying, to each character, what the three make of it. One
# pass over the text rather than three (normalize runs several times on every sentence).
_NORMALIZE = {
    code: "".join(chr(code).translate(_INVISIBLE).translate(_HOMOGLYPHS).translate(_PUNCT_FOLD))
    for code in {*_INVISIBLE, *_HOMOGLYPHS, *_PUNCT_FOLD}
}

_WORD_RE = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)?|\d+(?:[.,]\d+)*|[$€£%?!]")
_DIGIT_RE = re.compile(r"\d")

CHAR_NGRAM_RANGE = (2, 5)
# Bounds on what scoring and attribution read, so that no input can make them slow: a
# sentence is read up to this many characters (the longest in the training data and the
# sample articles is 833) and a word up to this many (the longest there is 20).
MAX_SENTENCE_CHARS = 2_000
MAX_TOKEN_CHARS = 50


def normalize(text: str) -> str:
    """Return `text` with invisible characters removed and look-alike letters folded."""
    return text.translate(_NORMALIZE)


def surface_tokens(normalized: str) -> list[str]:
    """Word tokens of an already normalized sentence, as they appear (case kept), each cut
    to MAX_TOKEN_CHARS characters."""
    return [token[:MAX_TOKEN_CHARS] for token in _WORD_RE.findall(normalized)]


def fold_token(token: str) -> str:
    """The form a token takes in features: lower case, digits folded to 0."""
    return _DIGIT_RE.sub("0", token.lower())


def word_tokens(normalized: str) -> list[str]:
    """Lower-cased word tokens of an already normalized sentence, digits folded to 0."""
    return [fold_token(tok) for tok in surface_tokens(normalized)]


def bigrams(tokens: list[str]) -> list[str]:
    """Word bigram features, in order (may repeat)."""
    return [f"w:{a} {b}" for a, b in pairwise(tokens)]


def word_ngrams(tokens: list[str]) -> set[str]:
    """Unigram and bigram features of a token list."""
    grams = {"w:" + tok for tok in tokens}
    grams.update(bigrams(tokens))
    return grams


def token_char_ngrams(token: str) -> list[str]:
    """Character n-grams of one token padded with spaces (scikit-learn's char_wb)."""
    low, high = CHAR_NGRAM_RANGE
    padded = f" {token} "
    size = len(padded)
    return [
        "c:" + padded[i : i + n]
        for n in range(low, min(high, size) + 1)
        for i in range(size - n + 1)
    ]


def char_ngrams(tokens: list[str]) -> set[str]:
    """Character n-grams inside word boundaries of every token."""
    grams: set[str] = set()
    for tok in tokens:
        grams.update(token_char_ngrams(tok))
    return grams


@dataclass(frozen=True)
class Cue:
    """A hand-made feature that fired: its name, reason kind, evidence and value."""

    feature: str
    kind: str
    evidence: str
    value: float = 1.0


# A lexicon's match starts with a whole run of word characters and apostrophes (the
# lookbehind and the space or lookahead after a phrase's first word bound it), which equals
# that phrase's first word up to case. So a sentence without any phrase's first word among
# its runs has no match, and the lexicon's regex, most of the cues' time, is not run.
# _CASE_PARTNERS: the non-ASCII characters that re.IGNORECASE matches to an ASCII letter
# (tests/extraction/test_features.py recomputes them over all of Unicode).
_WORD_RUN_RE = re.compile(r"[\w']+")
_CASE_PARTNERS = str.maketrans({"\u0130": "i", "\u0131": "i", "\u017f": "s", "\u212a": "k"})
_LEXICON_KEYS: dict[re.Pattern[str], frozenset[str]] = {}


def _word_runs(text: str) -> set[str]:
    """The runs of word characters and apostrophes in `text`, in the lower case that
    re.IGNORECASE compares ASCII letters in."""
    return set(_WORD_RUN_RE.findall(text.translate(_CASE_PARTNERS).lower()))


def _first_word_run(phrase: str) -> str:
    first = _WORD_RUN_RE.match(phrase.lower())
    if first is None:  # a phrase must start with a word character or an apostrophe
        raise ValueError(f"lexicon phrase without a leading word: {phrase!r}")
    return first.group(0)


def _lexicon(*phrases: str) -> re.Pattern[str]:
    alternatives = "|".join(re.escape(p).replace(r"\ ", r"\s+") for p in phrases)
    pattern = re.compile(rf"(?<![\w'])(?:{alternatives})(?![\w'])", re.IGNORECASE)
    _LEXICON_KEYS[pattern] = frozenset(_first_word_run(phrase) for phrase in phrases)
    return pattern


def _lexicon_matches(
    pattern: re.Pattern[str], text: str, runs: set[str], hidden: Hidden | None = None
) -> Found:
    """`shown_matches` of a lexicon, skipped when no phrase can start among `runs`."""
    if _LEXICON_KEYS[pattern].isdisjoint(runs):
        return NOT_FOUND
    return shown_matches(pattern, text, hidden)


_NUM = r"\d+(?:[.,]\d+)*"
_UNIT = (
    r"(?:\s?(?:%|percent|per\s+cent|percentage\s+points?|bn|billion|mn|million|m|k|"
    r"thousand|trillion|tn|hundred)(?![\w]))"
)
_QTY = rf"(?:[$€£]\s?)?{_NUM}{_UNIT}?"
QUANTITY_RE = re.compile(rf"(?<![\w.]){_QTY}(?:\s?(?:to|-|and)\s?{_QTY})?(?![\w])")
# Thousands grouped by spaces ("45 000", "£2 500 000", also with a no-break or narrow
# no-break space): the cue reads each group as a number, as the network was trained, but an
# editor is shown the number whole, not "45, 000".
_LEADING_GROUP_RE = re.compile(r"(?:[$€£]\s?)?\d{1,3}")
_THOUSANDS_GROUPS_RE = re.compile(r"(?:[ \u00a0\u202f]\d{3})+(?![\w-]|[.,]\d)")
_LIST_MARKER_RE = re.compile(r"^\s*(?:[-*•▪●◦–]|\(?\d{1,3}[.)])\s+")  # noqa: RUF001
_YEAR_RE = re.compile(r"^(?:1[89]\d\d|20\d\d)s?$")
_MONTHS = (
    "January", "February", "March", "April", "June", "July", "August", "September", "October",
    "November", "December",
)  # fmt: skip
DATE_RE = re.compile(
    r"(?<![\w])(?:(?:in|since|by|until|from|during)\s+)?(?:1[89]\d\d|20\d\d)s?(?![\w])|"
    rf"(?<![\w])(?:{'|'.join(_MONTHS)})(?:\s+\d{{1,2}})?(?![\w])|"
    r"(?<![\w])(?:last|next|this)\s+(?:year|month|week|decade|century)(?![\w])"
)
NUMBER_WORD_RE = _lexicon(
    "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven",
    "twelve", "twenty", "thirty", "forty", "fifty", "hundred", "hundreds", "thousand",
    "thousands", "million", "millions", "billion", "billions", "trillion", "dozen",
    "dozens", "half", "twice", "double", "doubled", "tripled", "quarter", "third",
    "percent",
)  # fmt: skip
COMPARISON_RE = _lexicon(
    "increased", "increase", "decreased", "decrease", "rose", "risen", "fell", "fallen",
    "grew", "grown", "dropped", "declined", "cut", "cuts", "raised", "lowered", "more than",
    "less than", "fewer than", "highest", "lowest", "largest", "smallest", "biggest",
    "record", "most", "least", "times as", "up from", "down from", "lost", "gained",
    "created", "average",
)  # fmt: skip
# Explicit opinion frames: in debates these almost never introduce a check-worthy claim.
OPINION_FRAME_RE = re.compile(
    r"(?<![\w'])(?:in\s+(?:my|our|his|her|their|the)\s+(?:(?:personal|humble|own)\s+)?"
    r"(?:opinion|view)(?:\s+of)?|(?:my|our)\s+(?:opinion|view)\s+is|"
    r"(?:it\s+)?seems\s+to\s+me|as\s+far\s+as\s+i'm\s+concerned)(?![\w'])",
    re.IGNORECASE,
)
# Stance verbs: the sentence reports a belief rather than a fact.
STANCE_RE = _lexicon(
    "i think", "we think", "i believe", "we believe", "i feel", "i'm convinced",
    "i am convinced", "believes", "believe", "believed", "thinks", "i guess", "i suppose",
    "i'm sure", "i am sure",
)  # fmt: skip
# Evaluative and normative words: praise, blame, obligation.
OPINION_RE = _lexicon(
    "i hope", "we hope", "i'm proud", "i am proud", "i want", "we want", "we need",
    "should", "must", "ought", "great", "good", "bad", "terrible", "wonderful", "wrong",
    "right thing", "disgrace", "shameful", "amazing", "horrible", "unfortunately",
    "fortunately", "clearly", "obviously", "of course", "frankly", "honestly", "sad",
    "ridiculous", "outrageous", "best", "worst", "love", "hate", "deserve",
)  # fmt: skip
PREDICTION_RE = _lexicon(
    "will", "won't", "'ll", "going to", "gonna", "plans to", "plan to", "planning to",
    "intends to", "expected to", "expects", "forecast", "forecasts", "predict", "predicts",
    "would", "next year", "in the future", "someday", "soon", "is set to", "are set to",
)  # fmt: skip
HEDGE_RE = _lexicon(
    "may", "might", "could", "perhaps", "possibly", "probably", "likely", "unlikely",
    "reportedly", "allegedly", "seems", "seem", "appears", "apparently", "suggests",
    "maybe", "presumably", "it is possible",
)  # fmt: skip
FIRST_PERSON_RE = _lexicon("i", "me", "my", "mine", "i'm", "i've", "i'd", "myself")
FIRST_PLURAL_RE = _lexicon("we", "us", "our", "ours", "we're", "we've", "ourselves")
SECOND_PERSON_RE = _lexicon("you", "your", "you're", "you've", "yours")
ATTRIBUTION_RE = re.compile(
    r"(?<![\w])(?:according\s+to\s+(?:(?:his|her|their|its|the|a|an|official|recent|new)\s+)*"
    r"[\w'.-]+(?:\s+[A-Z][\w'.-]*)*"
    r"|citing\s+(?:[\w'.-]+\s+){0,3}?[\w'.-]+"
    r"|(?:said|says|say|told|reported|reports|report|estimated|estimates|claimed|claims|"
    r"stated|states|announced|announces|added|noted|argued|warned|insisted|confirmed|"
    r"denied|admitted|testified|wrote|tweeted|alleged)(?![\w])"
    r"|(?:data|figures|statistics|records|a\s+study|a\s+report|a\s+survey|a\s+poll|"
    r"research)\s+(?:from|by|shows?|showed|found|suggests?)(?![\w]))",
    re.IGNORECASE,
)
# A capitalised word, optionally followed by more capitalised words or short connectors.
_CAP = r"[A-Z][\w'’.-]*"  # noqa: RUF001
ENTITY_RE = re.compile(rf"(?<![\w]){_CAP}(?:\s+(?:of\s+the\s+|of\s+|de\s+|al-)?{_CAP})*")
_NOT_ENTITIES = frozenset([
    "I", "I'm", "I've", "I'd", "I'll", "A", "An", "The", "This", "That", "These", "Those",
    "It", "Its", "He", "She", "We", "They", "You", "Your", "My", "Our", "His", "Her", "Their",
    "There", "Here", "What", "When", "Where", "Why", "How", "Who", "And", "But", "Or", "So",
    "If", "In", "On", "At", "For", "As", "To", "Of", "By", "With", "From", "Now", "Well",
    "Yes", "No", "Not", "Then", "Also", "Mr", "Mrs", "Ms", "Dr", "OK", "Okay", "Let", "Let's",
    "Because", "After", "Before", "While", "Although", "Though", "However", "Instead",
    "Today", "Yesterday", "Quote", "Source", "Details", "According"
])  # fmt: skip


def _first_matches(pattern: re.Pattern[str], text: str) -> list[str]:
    found: list[str] = []
    for match in pattern.finditer(text):
        snippet = " ".join(match.group(0).split())
        if snippet not in found:
            found.append(snippet)
        if len(found) == MAX_CUE_EVIDENCE:
            break
    return found


def _cue(feature: str, kind: str, found: Found | list[str]) -> list[Cue]:
    if isinstance(found, list):
        found = Found(bool(found), found)
    return [Cue(feature, kind, ", ".join(found.shown))] if found.fired else []


def _quantities(text: str) -> tuple[list[str], list[str], list[str]]:
    """Split numeric matches into quantities and bare years (years are dates, not counts),
    and the quantities fit to show an editor: not a bare number that is part of a name."""
    quantities: list[str] = []
    shown: list[str] = []
    grouped_until = -1
    for match in QUANTITY_RE.finditer(text):
        snippet = " ".join(match.group(0).split())
        if _YEAR_RE.match(snippet):
            continue
        # The signals read the first quantities, as the network was trained.
        if len(quantities) < MAX_CUE_EVIDENCE and snippet not in quantities:
            quantities.append(snippet)
        if match.start() < grouped_until:
            continue  # a group of a number already shown whole: "000" of "45 000"
        if _LEADING_GROUP_RE.fullmatch(match.group(0)):
            groups = _THOUSANDS_GROUPS_RE.match(text, match.end())
            if groups:
                grouped_until = groups.end()
                snippet = " ".join(text[match.start() : grouped_until].split())
        if snippet not in shown and not number_in_name(text, match):
            shown.append(snippet)
        if len(shown) == MAX_CUE_EVIDENCE:
            break
    return quantities, shown, _first_matches(DATE_RE, text)


def _entities(text: str) -> list[str]:
    found: list[str] = []
    for match in ENTITY_RE.finditer(text):
        name = match.group(0).rstrip(".'’-")  # noqa: RUF001
        first_word = name.split()[0]
        if first_word in _NOT_ENTITIES:
            rest = name[len(first_word) :].strip()
            if not rest:
                continue
            name = rest
        if len(name) > 1 and name not in found:
            found.append(name)
        if len(found) == MAX_CUE_EVIDENCE:
            break
    return found


def _is_question(text: str) -> bool:
    return text.rstrip(" \"'”’)»").endswith("?")  # noqa: RUF001


def cues(text: str) -> list[Cue]:
    """Hand-made, interpretable features of a normalized sentence, with their evidence."""
    text = _LIST_MARKER_RE.sub("", text)  # "1. Review ..." is a list, not a quantity
    quantities, shown, dates = _quantities(text)
    money = [q for q in quantities if q[0] in "$€£"]
    percent = [q for q in quantities if "%" in q or "cent" in q]
    runs = _word_runs(text)
    found: list[Cue] = []
    found += _cue("h:number", "number", Found(bool(quantities), shown))
    found += _cue("h:money", "number", money)
    found += _cue("h:percent", "number", percent)

    def words(pattern: re.Pattern[str], hidden: Hidden | None = is_name) -> Found:
        return _lexicon_matches(pattern, text, runs, hidden)

    found += _cue("h:number_word", "number", words(NUMBER_WORD_RE))
    found += _cue("h:date", "date", dates)
    found += _cue("h:comparison", "comparison", words(COMPARISON_RE))
    attributed = shown_matches(ATTRIBUTION_RE, text, reads_as_noun)  # not "United States"
    found += _cue("h:attributed", "attributed", attributed)
    found += _cue("h:entity", "entity", _entities(text))
    found += _cue("h:opinion_frame", "opinion", shown_matches(OPINION_FRAME_RE, text, None))
    found += _cue("h:stance", "opinion", words(STANCE_RE))
    found += _cue("h:opinion", "opinion", words(OPINION_RE))
    found += _cue("h:prediction", "prediction", words(PREDICTION_RE))
    found += _cue("h:hedge", "hedge", words(HEDGE_RE))
    found += _cue("h:first_person", "first_person", words(FIRST_PERSON_RE, is_not_the_writer))
    found += _cue("h:first_plural", "first_person", words(FIRST_PLURAL_RE))  # not "the US"
    found += _cue("h:second_person", "second_person", words(SECOND_PERSON_RE))
    if _is_question(text):
        found.append(Cue("h:question", "question", ""))
    n_words = len(text.split())
    if n_words < 6:
        found.append(Cue("h:short", "short", f"{n_words} words"))
    return found


@dataclass(frozen=True)
class SentenceFeatures:
    """All features of one sentence: n-gram values and cues."""

    ngrams: dict[str, float]
    cues: list[Cue]


def _unit_block(grams: set[str]) -> dict[str, float]:
    if not grams:
        return {}
    value = 1.0 / math.sqrt(len(grams))
    return dict.fromkeys(grams, value)


def featurize(sentence: str) -> SentenceFeatures:
    """Compute every feature of `sentence` (raw text as it appears in the article); only its
    first MAX_SENTENCE_CHARS characters are read."""
    normalized = normalize(sentence[:MAX_SENTENCE_CHARS])
    tokens = word_tokens(normalized)
    ngrams = _unit_block(word_ngrams(tokens))
    ngrams.update(_unit_block(char_ngrams(tokens)))
    return SentenceFeatures(ngrams=ngrams, cues=cues(normalized))


def feature_dict(sentence: str) -> dict[str, float]:
    """Flat feature -> value mapping, as used for training."""
    features = featurize(sentence)
    flat = dict(features.ngrams)
    for cue in features.cues:
        flat[cue.feature] = cue.value
    return flat
