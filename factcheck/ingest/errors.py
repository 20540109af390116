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


def human_size(size: int) -> str:
    """A byte count as an editor reads it: "5 MB", "1.5 MB", "200 KB", "12 bytes"."""
    for unit, scale in (("MB", 1024 * 1024), ("KB", 1024)):
        if size >= scale:
            return f"{size / scale:.1f}".removesuffix(".0") + f" {unit}"
    return f"{size} bytes"


def human_seconds(seconds: float) -> str:
    """A duration as an editor reads it: "1 second", "0.5 seconds", "10 seconds"."""
    return f"{seconds:g} second" + ("" if seconds == 1 else "s")
