"""How much work reading one file or page may take.

A small file can still describe an enormous document: a 600 KB Word file can unpack to
millions of paragraphs, a PDF of a few megabytes can list 100,000 pages that share one
content stream. Two kinds of limit keep that in check. Structural caps are checked as the
file is read, so a file over one is refused at once with a message naming the cap. The
process limits bound the separate process the file is parsed in (CPU time, memory, wall
clock), for whatever the caps do not foresee.
"""

from __future__ import annotations

from dataclasses import dataclass

from factcheck.ingest.errors import IngestError

MB = 1024 * 1024


@dataclass(frozen=True)
class ParseLimits:
    """Caps on one parse; the defaults are far above any real article.

    Structure: ``max_paragraphs`` (Word), ``max_pages`` and ``max_pdf_objects`` (PDF),
    ``max_zip_members``, ``max_unpacked_bytes`` (all members of a .docx, as declared and
    as actually inflated), ``max_document_xml_bytes`` (the .docx body part) and
    ``max_xml_elements`` (elements in it), ``max_html_elements`` (start tags in a web page or
    .html file, counted before parsing). The process: ``cpu_seconds`` (RLIMIT_CPU),
    ``memory_bytes`` (RLIMIT_AS, address space) and ``wall_seconds`` (the parent's
    deadline; the child is killed after it).
    """

    max_paragraphs: int = 50_000
    max_pages: int = 1_000
    max_pdf_objects: int = 100_000
    max_zip_members: int = 1_000
    max_unpacked_bytes: int = 100 * MB
    max_document_xml_bytes: int = 32 * MB
    max_xml_elements: int = 1_000_000
    max_html_elements: int = 100_000
    cpu_seconds: int = 10
    memory_bytes: int = 512 * MB
    wall_seconds: float = 15.0

    def __post_init__(self) -> None:
        if self.cpu_seconds < 1 or self.wall_seconds <= 0 or self.memory_bytes <= 0:
            raise ValueError(
                "ParseLimits: cpu_seconds must be at least 1 (RLIMIT_CPU counts whole "
                "seconds); wall_seconds and memory_bytes must be positive"
            )


DEFAULT_LIMITS = ParseLimits()


class CharBudget:
    """Counts the characters of text read so far, and stops the reading once they pass
    ``max_chars`` (``None``: no limit), so a huge document is never extracted whole."""

    def __init__(self, name: str, max_chars: int | None) -> None:
        self.name = name
        self.max_chars = max_chars
        self.used = 0

    def spend(self, count: int) -> None:
        """Count ``count`` more characters; raise ``too_large`` once over the limit."""
        self.used += count
        if self.max_chars is not None and self.used > self.max_chars:
            raise too_many_chars(self.name, self.max_chars)


def too_many_chars(name: str, max_chars: int) -> IngestError:
    return IngestError(
        "too_large",
        f"{name} holds more than {max_chars:,} characters of text, the most factcheck "
        "takes for one article. Split it into parts, or ask an admin to raise "
        "FACTCHECK_MAX_ARTICLE_CHARS.",
    )
