"""The one exception family of the ingest package.

Every failure an editor can cause (a bad link, a blocked address, a broken file) is raised
as an :class:`IngestError` with a stable machine ``code`` and a ``message`` written for a
newsroom editor, so the web and API layers can show the message as it is.
"""

from __future__ import annotations


class IngestError(Exception):
    """An article could not be taken in.

    ``code`` is stable and meant for programs (API clients, tests); ``message`` is a full
    sentence for people and may change wording.
    """

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message

    def __repr__(self) -> str:
        return f"{type(self).__name__}(code={self.code!r}, message={self.message!r})"


class FetchError(IngestError):
    """A URL could not be fetched, or was refused before any connection was made."""


class BlockedAddress(FetchError):
    """The guard refused an address (code ``blocked_address``): ``address`` is the one it
    refused, ``reason`` completes "factcheck does not fetch ..." ("addresses on private
    networks"), and ``via`` is the host name that led there (None for a literal address),
    so that callers other than fetching (webhooks) can say it in their own words."""

    def __init__(self, message: str, *, address: str, reason: str, via: str | None) -> None:
        super().__init__("blocked_address", message)
        self.address = address
        self.reason = reason
        self.via = via


def human_size(size: int) -> str:
    """A byte count as an editor reads it: "5 MB", "1.5 MB", "200 KB", "12 bytes"."""
    for unit, scale in (("MB", 1024 * 1024), ("KB", 1024)):
        if size >= scale:
            return f"{size / scale:.1f}".removesuffix(".0") + f" {unit}"
    return f"{size} bytes"


def human_seconds(seconds: float) -> str:
    """A duration as an editor reads it: "1 second", "0.5 seconds", "10 seconds"."""
    return f"{seconds:g} second" + ("" if seconds == 1 else "s")


def corrupt(name: str, kind: str) -> IngestError:
    """A file that claims to be a ``kind`` ("PDF", "Word document") but cannot be read as one."""
    return IngestError(
        "corrupt",
        f"{name} could not be opened as a {kind}: the file is damaged or is not really a "
        f"{kind}. Save it again from the program that made it and upload it again.",
    )


def too_large_to_read(name: str, reason: str, *, stopped: bool = False) -> IngestError:
    """A file refused because reading it takes too much: code ``too_large`` when it is
    over a cap (pages, paragraphs, unpacked size), ``too_complex`` when the reader was
    ``stopped`` (out of time or memory)."""
    code = "too_complex" if stopped else "too_large"
    return IngestError(code, f"{name} is too large or too complex to read: {reason}.")


def wrong_type(name: str, expected: str, found: str, rename_to: str | None = None) -> IngestError:
    """A file whose content is not what its extension says: ``found`` names what it looks
    like ("a PDF"), ``expected`` what the extension promised ("a text file"), and
    ``rename_to`` the extension it should have had, when factcheck reads that type."""
    if rename_to:
        advice = f"If it is the article, rename it to end in {rename_to} and upload it again."
    else:
        advice = "Save the article as text, Word (.docx) or PDF, or paste its text."
    return IngestError("wrong_type", f"{name} is not {expected}: it looks like {found}. {advice}")
