"""PDF files, read page by page once the page tree and object count are known to be sane.

pypdf reads the cross-reference table when it opens a file, but walks the page tree and
parses content streams only when asked. A 9 MB PDF whose 100,000 pages share one content
stream took 62 seconds to extract. So before any page is read: the page count the file
declares, the number of objects in it, and the pages actually reachable in its page tree
(counted without trusting ``/Count``) must be within :class:`ParseLimits`. Then pages are
extracted one at a time, stopping as soon as the text passes the character limit.
"""

from __future__ import annotations

import io
import re
from collections import Counter
from dataclasses import dataclass
from typing import Any

import pypdf
from pypdf.generic import DictionaryObject

from factcheck.ingest.errors import IngestError, corrupt, too_large_to_read
from factcheck.ingest.limits import CharBudget, ParseLimits

_PAGE_SEPARATOR = "\n\n"


@dataclass(frozen=True)
class PdfText:
    text: str
    title: str | None
    author: str | None


def read_pdf(name: str, data: bytes, limits: ParseLimits, max_chars: int | None) -> PdfText:
    """The text (pages split by a blank line) and metadata of the PDF in ``data``.

    Raises :class:`IngestError` ``corrupt``, ``encrypted``, ``too_large`` (over one of
    ``limits`` or over ``max_chars`` characters) or ``no_text`` (a scan, most likely).
    """
    try:
        reader = pypdf.PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise IngestError(
                "encrypted",
                f"{name} is protected by a password. Remove the protection and upload it again.",
            )
        _check_structure(name, reader, limits)
        text = _page_texts(reader, CharBudget(name, max_chars))
        metadata = reader.metadata
        title = metadata.title if metadata else None
        author = metadata.author if metadata else None
    except (IngestError, MemoryError):
        raise
    except Exception as error:
        # pypdf raises PdfReadError, but a damaged file can also break its parsers with
        # ValueError, KeyError, RecursionError and the like.
        raise corrupt(name, "PDF") from error
    if not text.strip():
        raise IngestError(
            "no_text",
            f"{name} has no text factcheck can read: it may be a scan (pictures of pages). "
            "Upload a PDF with selectable text, or paste the text.",
        )
    return PdfText(text=text, title=title, author=author)


def _check_structure(name: str, reader: pypdf.PdfReader, limits: ParseLimits) -> None:
    tree = reader.root_object["/Pages"].get_object()
    if not isinstance(tree, DictionaryObject):
        raise ValueError("the PDF has no page tree")
    declared = tree.get("/Count")
    if isinstance(declared, int) and declared > limits.max_pages:
        raise _too_many_pages(name, declared, limits)
    objects = sum(len(entries) for entries in reader.xref.values()) + len(reader.xref_objStm)
    if objects > limits.max_pdf_objects:
        raise too_large_to_read(
            name,
            f"it is made of {objects:,} objects, and factcheck reads PDFs of at most "
            f"{limits.max_pdf_objects:,}",
        )
    _count_pages(name, tree, limits)


def _count_pages(name: str, tree: DictionaryObject, limits: ParseLimits) -> None:
    """Walk the page tree, refusing it once it holds more than ``max_pages`` pages.

    ``/Count`` may lie, and a page may be listed many times or a node be its own
    descendant; every visit counts, so the walk ends within ``max_pdf_objects`` steps.
    """
    pending: list[Any] = [tree]
    pages = steps = 0
    while pending:
        steps += 1
        if steps > limits.max_pdf_objects:
            raise too_large_to_read(name, "its list of pages is too deeply tangled")
        node = pending.pop().get_object()
        kids = node.get("/Kids") if isinstance(node, DictionaryObject) else None
        if kids is None:
            pages += 1
            if pages > limits.max_pages:
                raise _too_many_pages(name, None, limits)
        elif isinstance(kids := kids.get_object(), list):
            pending.extend(kids)


def _too_many_pages(name: str, count: int | None, limits: ParseLimits) -> IngestError:
    has = f"{count:,} pages" if count is not None else f"more than {limits.max_pages:,} pages"
    return too_large_to_read(
        name, f"it has {has}, and factcheck reads at most {limits.max_pages:,}"
    )


def _page_texts(reader: pypdf.PdfReader, budget: CharBudget) -> str:
    texts: list[str] = []
    for page in reader.pages:
        text = page.extract_text()
        # Counted as the article will hold it: NULs dropped, CRLF as one line end.
        shown = len(text) - text.count("\x00") - text.count("\r\n")
        budget.spend(shown + (len(_PAGE_SEPARATOR) if texts else 0))
        texts.append(text)
    return joined_pages(texts)


# A line that only numbers its page: "2", "Page 3", "page 3 of 12", "3 / 12".
_PAGE_NUMBER_RE = re.compile(
    r"page\s+\d{1,4}(?:\s*(?:of|/)\s*\d{1,4})?|\d{1,3}(?:\s*(?:of|/)\s*\d{1,4})?", re.IGNORECASE
)
# A page that ends on one of these ends its sentence; any other runs on to the next page.
_SENTENCE_ENDS = ".!?:;\"'\u201d\u2019)\u2026"


def _line_key(line: str) -> str:
    """A line as a running header repeats it: spacing aside, any page number in it."""
    return re.sub(r"\d+", "#", " ".join(line.split()))


def _edge(lines: list[str], first: bool) -> int | None:
    """The index of the first (or last) line with text, or None."""
    order = range(len(lines)) if first else range(len(lines) - 1, -1, -1)
    return next((index for index in order if lines[index].strip()), None)


def joined_pages(texts: list[str]) -> str:
    """The pages' texts as one article: a running header or footer (a first or last line
    that, numbers aside, begins or ends another page too) and a line that only numbers the
    page are left out, and a page that ends inside a sentence goes on at the next page's
    first line instead of after a blank one. A page's only line is always kept."""
    pages = [text.split("\n") for text in texts]
    if len(pages) > 1:
        for first in (True, False):
            edges = [_edge(lines, first) for lines in pages]
            keys = [None if i is None else _line_key(pages[n][i]) for n, i in enumerate(edges)]
            repeated = Counter(key for key in keys if key)
            for lines, index, key in zip(pages, edges, keys, strict=True):
                if (
                    index is not None
                    and key is not None
                    and _edge(lines, not first) != index  # a page's only line is its text
                    and (repeated[key] > 1 or _PAGE_NUMBER_RE.fullmatch(lines[index].strip()))
                ):
                    lines[index] = ""
    parts: list[str] = []
    for lines in pages:
        text = "\n".join(lines).strip("\n\r \t")
        if text:
            if parts:
                parts.append("\n" if parts[-1][-1] not in _SENTENCE_ENDS else _PAGE_SEPARATOR)
            parts.append(text)
    return "".join(parts)
