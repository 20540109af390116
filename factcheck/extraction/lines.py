"""Lines of a text, found in logarithmic time, and an email signature's lines: where a
sentence stands in its text, for factcheck.extraction.candidate_text."""

from __future__ import annotations

import bisect
import re

# An email signature: the lines after its "-- " line, up to a blank one (at most this many).
_SIGNATURE_LINES = 6


class Lines:
    """Where each line of a text starts, to find a span's line in logarithmic time."""

    def __init__(self, body: str) -> None:
        self._body = body
        self._starts = [0] + [match.end() for match in re.finditer(r"\n", body)]

    def number(self, position: int) -> int:
        """The number of the line that holds `position`, from 0."""
        return bisect.bisect_right(self._starts, position) - 1

    def of(self, position: int) -> tuple[int, int]:
        """The line (start, end, without its line break) that holds `position`."""
        return self._line(self.number(position))

    def after(self, position: int) -> str:
        """The text of the line after the one that holds `position`, trimmed ("" at the
        end)."""
        index = self.number(position) + 1
        if index >= len(self._starts):
            return ""
        start, end = self._line(index)
        return self._body[start:end].strip()

    def _line(self, index: int) -> tuple[int, int]:
        start = self._starts[index]
        end = self._starts[index + 1] - 1 if index + 1 < len(self._starts) else len(self._body)
        return start, end


def is_whole_line(body: str, lines: Lines, start: int, end: int) -> bool:
    line_start, line_end = lines.of(start)
    return not body[line_start:start].strip() and not body[end:line_end].strip()


def ends_line(body: str, lines: Lines, end: int) -> bool:
    return not body[end : lines.of(end - 1)[1]].strip()


class Signature:
    """Follows an email signature: its "-- " line (after any quote marks) and the lines
    right after it, up to a blank line or a line of quote marks alone."""

    def __init__(self) -> None:
        self._line = -2  # the signature's last line so far
        self._lines = 0

    def holds(self, body: str, line: int, start: int, end: int) -> bool:
        """Whether the sentence at `start`, on line number `line`, is part of a signature."""
        bare = body[start:end].replace(">", "").strip() if end - start <= 12 else None
        if bare == "--":
            self._line, self._lines = line, 0
            return True
        if bare == "" or line > self._line + 1 or self._lines >= _SIGNATURE_LINES:
            self._line = -2
            return False
        if line == self._line + 1:
            self._line, self._lines = line, self._lines + 1
        return True
