"""Turning bytes of unknown encoding into text, and refusing bytes that are not text."""

from __future__ import annotations

import codecs
import hashlib
import unicodedata

import charset_normalizer

from factcheck.ingest.errors import IngestError

# Byte-order marks, longest first: a UTF-32 LE mark starts with the UTF-16 LE one.
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)

# charset-normalizer ranks candidates by "mess" alone, and on a few hundred bytes of
# French or Spanish it can put a Baltic or Central European code page a hair ahead of
# Windows-1252, turning "à" into "ą". Windows-1252 is by far the most common legacy
# encoding of newsroom text, so it wins when its mess score is this close to the best.
_WINDOWS_1252_MARGIN = 0.03

# Share of control characters above which decoded "text" is taken to be binary data.
_MAX_CONTROL_SHARE = 0.01


def detect_encoding(data: bytes) -> str | None:
    """The most likely encoding of ``data`` (Python codec name), or ``None`` if it
    looks like no text encoding at all.

    Tries strict UTF-8 first (the common case, and detection can only do worse on it),
    then charset-normalizer, preferring Windows-1252 on a near tie.
    """
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return encoding
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    else:
        return "utf-8"
    matches = list(charset_normalizer.from_bytes(data))
    if not matches:
        return None
    best = matches[0]
    for match in matches:
        if match.encoding == "cp1252" and match.chaos <= best.chaos + _WINDOWS_1252_MARGIN:
            return "cp1252"
    return best.encoding


def decode_text(data: bytes, *, filename: str = "The file") -> str:
    """Decode the bytes of a plain-text file into text, newlines normalized to ``\\n``.

    Raises :class:`IngestError` ``not_text`` for bytes that are not text: NUL bytes
    outside UTF-16/32, no plausible encoding, or many control characters.
    """
    has_bom = any(data.startswith(bom) for bom, _ in _BOMS)
    if b"\x00" in data and not has_bom:
        raise _not_text(filename)
    encoding = detect_encoding(data)
    if encoding is None:
        raise _not_text(filename)
    try:
        text = data.decode(encoding)
    except (UnicodeDecodeError, LookupError) as error:
        raise _not_text(filename) from error
    if _looks_binary(text):
        raise _not_text(filename)
    return normalize_newlines(text)


def without_nul(text: str) -> str:
    """Extracted text without NUL characters: they are never content (PDF text extraction
    emits them for glyphs it cannot map) and PostgreSQL text cannot hold them."""
    return text.replace("\x00", "")


def clean_field(value: str | None) -> str | None:
    """A metadata field (title, author, site name): trimmed, without NUL characters (PDF
    metadata decoded from UTF-16 often carries one); None when nothing is left."""
    value = without_nul(value or "").strip()
    return value or None


def normalize_newlines(text: str) -> str:
    """Windows (``\\r\\n``) and old Mac (``\\r``) line ends become ``\\n``; nothing else changes."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


def article_text(text: str) -> str:
    """An article's text as it is stored, however it came in: line ends as ``\\n`` (a
    browser sends a pasted text with ``\\r\\n``), no byte-order mark, composed Unicode
    (NFC)."""
    text = normalize_newlines(text)
    return unicodedata.normalize("NFC", text.removeprefix("\ufeff"))


def article_sha256(text: str) -> str:
    """The hash that finds an article again: of its text as stored (`article_text`), blank
    space at either end aside. The same article pasted, uploaded or fetched has one."""
    return hashlib.sha256(article_text(text).strip().encode()).hexdigest()


def _looks_binary(text: str) -> bool:
    controls = sum(
        1 for char in text if unicodedata.category(char) == "Cc" and char not in "\t\n\r\f"
    )
    return controls > len(text) * _MAX_CONTROL_SHARE


def _not_text(filename: str) -> IngestError:
    return IngestError(
        "not_text",
        f"{filename} does not contain readable text; it looks like a binary file (an image, "
        "a program or an archive) with a text file's name.",
    )
