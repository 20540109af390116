"""What language a text is in, told by py3langid (a maintained fork of langid.py, BSD-3-Clause;
its model ships in its wheel: no network), on a bounded sample so that a long article costs
what a short one does.

The check-worthiness network, the kinds and the claimant patterns are made for English
(docs/model-card.md). A text is called another language only when, on enough letters, the
model all but rules English out; a short or unclear one (a debate line, "Zelensky: Kyiv
holds.") gives None and is read as English, as before.
"""

from __future__ import annotations

import re
from functools import cache
from itertools import islice
from typing import Any

SAMPLE_CHARS = 1500  # from the start and from the middle: 3,000 characters at most
MAX_PARAGRAPHS = 300  # looked at one by one in an article not in English
# A paragraph: lines up to a blank line.
PARAGRAPH = re.compile(r"[^\n]+(?:\n(?![ \t]*\n)[^\n]*)*")
MIN_LETTERS = 40
MIN_CONFIDENCE = 0.9  # for English: below it, a text is not told
# Another language only when English is this unlikely: the model's share for Arabic is spread
# over its dialects (ar 0.86, ary 0.14), and an English line it takes for Nigerian Pidgin
# still gives English 0.15 or more (2,600 English claims from the training sets, checked).
MAX_ENGLISH = 0.01
ENGLISH = "en"

NO_LANGUAGE = "zxx"  # the model's answer for text with no words in it
# Names of the languages py3langid identifies (ISO 639-1, or 639-3), as an editor reads them.
NAMES = {
    "af": "Afrikaans", "am": "Amharic", "an": "Aragonese", "ar": "Arabic", "as": "Assamese",
    "az": "Azerbaijani", "be": "Belarusian", "bg": "Bulgarian", "bn": "Bengali",
    "br": "Breton", "bs": "Bosnian", "ca": "Catalan", "cs": "Czech", "cy": "Welsh",
    "da": "Danish", "de": "German", "dz": "Dzongkha", "el": "Greek", "en": "English",
    "eo": "Esperanto", "es": "Spanish", "et": "Estonian", "eu": "Basque", "fa": "Persian",
    "fi": "Finnish", "fo": "Faroese", "fr": "French", "ga": "Irish", "gl": "Galician",
    "gu": "Gujarati", "he": "Hebrew", "hi": "Hindi", "hr": "Croatian", "ht": "Haitian Creole",
    "hu": "Hungarian", "hy": "Armenian", "id": "Indonesian", "is": "Icelandic",
    "it": "Italian", "ja": "Japanese", "jv": "Javanese", "ka": "Georgian", "kk": "Kazakh",
    "km": "Khmer", "kn": "Kannada", "ko": "Korean", "ku": "Kurdish", "ky": "Kyrgyz",
    "la": "Latin", "lb": "Luxembourgish", "lo": "Lao", "lt": "Lithuanian", "lv": "Latvian",
    "mg": "Malagasy", "mk": "Macedonian", "ml": "Malayalam", "mn": "Mongolian",
    "mr": "Marathi", "ms": "Malay", "mt": "Maltese", "nb": "Norwegian Bokmål",
    "ne": "Nepali", "nl": "Dutch", "nn": "Norwegian Nynorsk", "no": "Norwegian",
    "oc": "Occitan", "or": "Odia", "pa": "Punjabi", "pl": "Polish", "ps": "Pashto",
    "pt": "Portuguese", "qu": "Quechua", "ro": "Romanian", "ru": "Russian",
    "rw": "Kinyarwanda", "se": "Northern Sami", "si": "Sinhala", "sk": "Slovak",
    "sl": "Slovenian", "sq": "Albanian", "sr": "Serbian", "sv": "Swedish", "sw": "Swahili",
    "ta": "Tamil", "te": "Telugu", "th": "Thai", "tl": "Tagalog", "tr": "Turkish",
    "ug": "Uyghur", "uk": "Ukrainian", "ur": "Urdu", "vi": "Vietnamese", "vo": "Volapük",
    "wa": "Walloon", "xh": "Xhosa", "zh": "Chinese", "zu": "Zulu", "ace": "Acehnese",
    "ary": "Moroccan Arabic", "arz": "Egyptian Arabic", "ba": "Bashkir", "bcl": "Bikol",
    "crh": "Crimean Tatar", "ext": "Extremaduran", "fuv": "Fulfulde", "fy": "Frisian",
    "gcf": "Guadeloupean Creole", "gcr": "Guianese Creole", "gd": "Scottish Gaelic",
    "gom": "Konkani", "grc": "Ancient Greek", "gug": "Guarani", "guw": "Gun", "ha": "Hausa",
    "hbo": "Ancient Hebrew", "ig": "Igbo", "kab": "Kabyle", "kik": "Kikuyu",
    "lg": "Luganda", "lij": "Ligurian", "ln": "Lingala", "ltg": "Latgalian", "my": "Burmese",
    "nso": "Northern Sotho", "om": "Oromo", "pcm": "Nigerian Pidgin", "sa": "Sanskrit",
    "sdh": "Southern Kurdish", "sn": "Shona", "so": "Somali", "st": "Sesotho", "tg": "Tajik",
    "tk": "Turkmen", "tt": "Tatar", "uz": "Uzbek", "uzs": "Southern Uzbek",
    "vec": "Venetian", "wuu": "Wu Chinese", "yo": "Yoruba", "yue": "Cantonese",
}  # fmt: skip

NOTE = (
    "This article looks {name}. Claim suggestions are made for English text and may miss "
    "or mislabel claims here, so none are proposed: promote the sentences to check, or add "
    "claims by hand."
)
MIXED_NOTE = (
    "This article looks mostly {name}. Claim suggestions are made for English text, so "
    "candidates are proposed from its English paragraphs only: promote the sentences to "
    "check in the rest, or add claims by hand."
)
NOTE_WHEN_ASKED = (
    "This article looks {name}. Candidates were proposed as asked, but claim suggestions "
    "are made for English text and may miss or mislabel claims here."
)
CAUTION = (
    "This text looks {name}. Claim suggestions are made for English text and may miss or "
    "mislabel claims here; you can still add claims by hand."
)


@cache
def _identifier() -> Any:
    # Loaded on first use (about 0.7 s): commands that never detect a language stay quick.
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def sample(text: str) -> str:
    """At most twice SAMPLE_CHARS characters: the start of the text and its middle."""
    if len(text) <= 2 * SAMPLE_CHARS:
        return text
    middle = len(text) // 2
    return text[:SAMPLE_CHARS] + "\n" + text[middle : middle + SAMPLE_CHARS]


def detect(text: str) -> str | None:
    """The ISO 639-1 code of the language `text` is in, or None when it cannot be told
    (too few letters, or English not unlikely enough)."""
    part = sample(text)
    if sum(char.isalpha() for char in part) < MIN_LETTERS:
        return None
    ranked = _identifier().rank(part)
    code, confidence = ranked[0]
    if code == NO_LANGUAGE:
        return None
    if code == ENGLISH:
        return ENGLISH if confidence >= MIN_CONFIDENCE else None
    return str(code) if dict(ranked).get(ENGLISH, 0.0) < MAX_ENGLISH else None


def is_english(code: str | None) -> bool:
    """English, or a language that could not be told (read as English, as before)."""
    return code is None or code == ENGLISH


def name_of(code: str | None) -> str:
    """The language's English name ("French"), or its code when it has none here."""
    return NAMES.get(code or "", code or "unknown")


def english_parts(text: str) -> list[tuple[int, int]]:
    """The spans of the paragraphs of `text` that are in English, of its first
    MAX_PARAGRAPHS (an English report quoting a French minister at length)."""
    paragraphs = islice(PARAGRAPH.finditer(text), MAX_PARAGRAPHS)
    return [found.span() for found in paragraphs if detect(found.group()) == ENGLISH]


def article_note(code: str | None, *, asked: bool, english_parts: bool) -> str | None:
    """What the desk says of an article in `code`: that its candidates were held back (all,
    or outside its `english_parts`), or, `asked` (candidates asked for, or promoted), that
    they may miss or mislabel claims."""
    if is_english(code):
        return None
    note = NOTE_WHEN_ASKED if asked else MIXED_NOTE if english_parts else NOTE
    return note.format(name=name_of(code))


def caution(code: str | None) -> str | None:
    """What is said of a text in `code` whose sentences were scored all the same."""
    return None if is_english(code) else CAUTION.format(name=name_of(code))
