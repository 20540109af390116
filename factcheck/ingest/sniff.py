"""What an uploaded file really is, from its first bytes, whatever its name says.

A PDF renamed to ``.txt`` decodes as Windows-1252 without complaint and used to become
over a thousand "candidate claims" of gibberish. Each reader therefore first checks that
the bytes are what the extension promises, by their signature ("magic bytes"), and names
what the file looks like when they are not.
"""

from __future__ import annotations

import io
import re
import zipfile

# Signatures at the start of a file, and what the file is, as an editor would say it. The
# short ones are tightened (MZ needs a NUL soon after, ID3 a version) so that text which
# happens to begin with the same letters is not taken for them.
_SIGNATURES: tuple[tuple[re.Pattern[bytes], str], ...] = tuple(
    (re.compile(pattern, re.DOTALL), kind)
    for pattern, kind in (
        (rb"\A\x89PNG\r\n\x1a\n", "a PNG image"),
        (rb"\A\xff\xd8\xff", "a JPEG image"),
        (rb"\AGIF8[79]a", "a GIF image"),
        (rb"\A(?:II\*\x00|MM\x00\*)", "a TIFF image"),
        (rb"\ARIFF....WEBP", "a WebP image"),
        (
            rb"\A\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",
            "an old-style Office document (.doc, .xls), or a password-protected one",
        ),
        (rb"\A\{\\rtf", "an RTF document"),
        (rb"\A\x1f\x8b\x08", "a gzip archive"),
        (rb"\ARar!\x1a\x07", "a RAR archive"),
        (rb"\A7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
        (rb"\ABZh[1-9]1AY&SY", "a bzip2 archive"),
        (rb"\A\xfd7zXZ\x00", "an xz archive"),
        (rb"\AMZ.{0,62}\x00", "a Windows program"),
        (rb"\A\x7fELF", "a program"),
        (rb"\AID3[\x02-\x04]\x00", "an MP3 file"),
        (rb"\AOggS\x00", "an audio or video file (Ogg)"),
        (rb"\AfLaC\x00", "a FLAC audio file"),
        (rb"\ARIFF....(?:WAVE|AVI )", "a WAV or AVI file"),
        (rb"\A....ftyp", "a video or audio file (MP4)"),
        (rb"\A\x1aE\xdf\xa3", "a video file (WebM/Matroska)"),
        (rb"\ASQLite format 3\x00", "a database file (SQLite)"),
    )
)
WORD = "a Word document (.docx)"
_ZIP_SIGNATURES = (b"PK\x03\x04", b"PK\x05\x06")

# Acrobat accepts "%PDF-" anywhere in the first kilobyte (some writers put junk first);
# a text file is only taken for a PDF when it starts with the header.
_PDF_WINDOW = 1024
# How much of an .html file is searched for markup.
_HTML_WINDOW = 64 * 1024
_HTML_MARKUP = re.compile(
    rb"<(?:!doctype\s+html|html|head|body|title|meta|p|div|article|section|h[1-6]|table|br)\b",
    re.IGNORECASE,
)
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")


def looks_like(data: bytes) -> str | None:
    """What ``data`` is by its signature, e.g. ``"a PDF"`` or ``"a Word document (.docx)"``;
    ``None`` when it has none we know (plain text, HTML, or something unknown)."""
    if is_zip(data):
        return _zip_kind(data)
    if data[:_PDF_WINDOW].lstrip().startswith(b"%PDF-"):
        return "a PDF"
    head = data[:64]
    for signature, kind in _SIGNATURES:
        if signature.match(head):
            return kind
    return None


def readable_extension(kind: str) -> str | None:
    """The extension under which factcheck reads a file that :func:`looks_like` ``kind``."""
    return {"a PDF": ".pdf", WORD: ".docx"}.get(kind)


def is_zip(data: bytes) -> bool:
    return data.startswith(_ZIP_SIGNATURES)


def is_pdf(data: bytes) -> bool:
    """Whether ``data`` has a PDF header in its first kilobyte, where Acrobat looks."""
    return b"%PDF-" in data[:_PDF_WINDOW]


def looks_like_html(data: bytes) -> bool:
    """Whether the first 64 KB hold HTML markup (a doctype or a common tag)."""
    window = data[:_HTML_WINDOW]
    if window.startswith(_UTF16_BOMS):
        window = window[: len(window) // 2 * 2].decode("utf-16", errors="replace").encode()
    return _HTML_MARKUP.search(window) is not None


def _zip_kind(data: bytes) -> str:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return zip_kind(set(archive.namelist()))
    except (zipfile.BadZipFile, ValueError, EOFError):
        return "a damaged zip archive"


def zip_kind(names: set[str]) -> str:
    """Which kind of zip-based file holds the members ``names``."""
    if "word/document.xml" in names:
        return WORD
    if any(name.startswith("xl/") for name in names):
        return "an Excel spreadsheet (.xlsx)"
    if any(name.startswith("ppt/") for name in names):
        return "a PowerPoint presentation (.pptx)"
    if "mimetype" in names or "META-INF/manifest.xml" in names:
        return "an OpenDocument or EPUB file"
    return "a zip archive"
