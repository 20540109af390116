# mypy: disallow-untyped-defs
"""Turn a tweet, a debate sentence or a fact-check headline into comparable terms.

Contract of :func:`normalize`: for any string it returns a list of terms, in text order, with
repeats kept (BM25 counts them). Every term is a non-empty lower-case ASCII stem of letters
and digits (a decimal number may keep one "."), never a stop word. It is deterministic and
pure, and the same function is applied to archive entries and to queries, so whatever two
spellings it maps to one term will match.

What it does, in order, and why:

1. Unicode: NFKC, accents stripped, curly quotes straightened -- "Pokémon" == "Pokemon".
2. Tweet noise removed: URLs, pic.twitter.com links, and the "(@handle) Month D, YYYY"
   dateline that closes an embedded tweet.
3. Hashtags and @handles become words: "#BlackLivesMatter" -> "Black Lives Matter",
   "@BernieSanders" -> "Bernie Sanders"; camelCase, digits and "_" split.
4. Abbreviations: "U.S."/"US"/"USA"/"United States" -> "usa" (else "us" is a stop word).
5. Numbers: "1,500" -> "1500"; "5%" / "5 per cent" -> "5 percent"; "$5" -> "5";
   "3rd" -> "3"; "1.50" -> "1.5"; spelled-out numbers -> digits ("five hundred" -> "500").
6. Contractions expanded: "don't" -> "do not", "won't" -> "will not", "they're" -> "they are";
   a possessive "'s" is dropped.
7. Case folded, stop words dropped, Snowball (Porter2) English stemming.
"""

from __future__ import annotations

import re
import threading
import unicodedata

import Stemmer

from factcheck.matching.numbers import words_to_digits
from factcheck.matching.stopwords import STOP_WORDS

_QUOTE_TRANSLATION = str.maketrans(
    {
        "\u2018": "'",  # left single quotation mark
        "\u2019": "'",  # right single quotation mark, the usual typeset apostrophe
        "\u02bc": "'",  # modifier letter apostrophe
        "`": "'",
        "\u00b4": "'",  # acute accent used as an apostrophe
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
    }
)

_MONTH = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?"
# "(@psmith) February 25, 2016" closing an embedded tweet. The poster's name before it stays:
# a tweet is often by the person the claim is about ("... — Newt Gingrich (@newtgingrich)").
_TWEET_DATELINE_RE = re.compile(rf"\(@\w+\)\s*{_MONTH}\s+\d{{1,2}},\s+\d{{4}}\s*$")
# No leading \b: pasted tweets glue links to words ("on tapehttps://t.co/...").
_URL_RE = re.compile(r"https?://\S+|www\.\S+|pic\.twitter\.com/\S+", re.IGNORECASE)
# Handles and hashtags are split into words: "@BernieSanders" names Bernie Sanders.
_HANDLE_OR_HASHTAG_RE = re.compile(r"[@#](\w+)")
# Word-internal boundaries in a hashtag: aB, ABc (acronym then word), a1, 1a.
_CAMEL_BOUNDARY_RE = re.compile(
    r"(?<=[a-z])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])|(?<=[A-Za-z])(?=\d)|(?<=\d)(?=[A-Za-z])"
)

_USA_RE = re.compile(r"\bU\.S\.A\.?|\bU\.S\.(?!\w)|\bUSA\b|\bUS\b|\b[Uu]nited [Ss]tates\b")
_DOTTED_ABBREVIATION_RE = re.compile(r"\b((?:[A-Za-z]\.){2,})")

_THOUSANDS_SEPARATOR_RE = re.compile(r"(?<=\d),(?=\d{3}(?!\d))")
_PERCENT_RE = re.compile(r"(?<=\d)\s*%|\bper\s+cent\b", re.IGNORECASE)
_ORDINAL_SUFFIX_RE = re.compile(r"(?<=\d)(?:st|nd|rd|th)\b", re.IGNORECASE)
_DECIMAL_RE = re.compile(r"\d+\.\d+")

_IRREGULAR_CONTRACTIONS = {
    "won't": "will not",
    "can't": "can not",
    "cannot": "can not",
    "shan't": "shall not",
    "ain't": "is not",
    "let's": "let us",
    "y'all": "you all",
}
_IRREGULAR_CONTRACTION_RE = re.compile(
    r"\b(" + "|".join(re.escape(c) for c in _IRREGULAR_CONTRACTIONS) + r")\b"
)
_CONTRACTION_SUFFIXES = {"n't": " not", "'re": " are", "'ve": " have", "'ll": " will",
                         "'m": " am", "'d": " would", "'s": ""}  # fmt: skip
_CONTRACTION_SUFFIX_RE = re.compile(r"(?<=[a-z])(n't|'re|'ve|'ll|'m|'d|'s)\b")

_TOKEN_RE = re.compile(r"\d+(?:\.\d+)?|[a-z]+")

# PyStemmer's Stemmer objects must not be shared between threads: one per thread.
_THREAD_LOCAL = threading.local()
_STEM_CACHE: dict[str, str] = {}
_STEM_CACHE_LIMIT = 200_000


def normalize(text: str) -> list[str]:
    """The index terms of ``text``, in order, repeats kept (see the module contract)."""
    return [_stem(w) for w in _words(text) if w not in STOP_WORDS]


def terms_and_words(text: str) -> list[tuple[str, str]]:
    """``normalize(text)`` with each term's word before stemming ("deficits" for "deficit"),
    so that an explanation can show words rather than stems."""
    return [(_stem(w), w) for w in _words(text) if w not in STOP_WORDS]


def _words(text: str) -> list[str]:
    """Lower-case words and numbers after steps 1-6, stop words still in."""
    text = _strip_tweet_noise(_fold_unicode(text))
    text = _HANDLE_OR_HASHTAG_RE.sub(_split_camel_case, text)
    text = _normalize_abbreviations(text)
    text = _normalize_number_formats(text)
    text = _expand_contractions(text.lower())
    return words_to_digits(_TOKEN_RE.findall(text))


def _fold_unicode(text: str) -> str:
    """NFKC, strip accents, straighten quotes: spellings of one word become one string."""
    if text.isascii():  # most English text: nothing to compose or strip
        return text.translate(_QUOTE_TRANSLATION)
    decomposed = unicodedata.normalize("NFKD", unicodedata.normalize("NFKC", text))
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return stripped.translate(_QUOTE_TRANSLATION)


def _strip_tweet_noise(text: str) -> str:
    text = _TWEET_DATELINE_RE.sub(" ", text)
    return _URL_RE.sub(" ", text)


def _split_camel_case(match: re.Match[str]) -> str:
    return " " + _CAMEL_BOUNDARY_RE.sub(" ", match.group(1)).replace("_", " ") + " "


def _normalize_abbreviations(text: str) -> str:
    # Case matters here: "US" is the country, "us" the pronoun.
    text = _USA_RE.sub(" usa ", text)
    return _DOTTED_ABBREVIATION_RE.sub(lambda m: m.group(1).replace(".", ""), text)


def _normalize_number_formats(text: str) -> str:
    text = _THOUSANDS_SEPARATOR_RE.sub("", text)
    text = _PERCENT_RE.sub(" percent", text)
    text = _ORDINAL_SUFFIX_RE.sub("", text)
    return _DECIMAL_RE.sub(_canonical_decimal, text)


def _canonical_decimal(match: re.Match[str]) -> str:
    # "1.50" and "1.5" are one number; "2.0" is "2".
    return match.group(0).rstrip("0").rstrip(".")


def _expand_contractions(lowered: str) -> str:
    lowered = _IRREGULAR_CONTRACTION_RE.sub(lambda m: _IRREGULAR_CONTRACTIONS[m.group(1)], lowered)
    return _CONTRACTION_SUFFIX_RE.sub(lambda m: _CONTRACTION_SUFFIXES[m.group(1)], lowered)


def _stem(word: str) -> str:
    """Snowball English stem, memoized: the vocabulary is small next to the token count."""
    stem = _STEM_CACHE.get(word)
    if stem is None:
        if len(_STEM_CACHE) >= _STEM_CACHE_LIMIT:
            _STEM_CACHE.clear()  # bound memory on adversarial input; refills from live terms
        stem = _thread_stemmer().stemWord(word)
        _STEM_CACHE[word] = stem
    return stem


def _thread_stemmer() -> Stemmer.Stemmer:
    stemmer: Stemmer.Stemmer | None = getattr(_THREAD_LOCAL, "stemmer", None)
    if stemmer is None:
        stemmer = Stemmer.Stemmer("english")
        _THREAD_LOCAL.stemmer = stemmer
    return stemmer
