"""Split an article body into plain pieces and claim highlights, for the triage view."""

from __future__ import annotations

from dataclasses import dataclass

from factcheck.models import Claim, ClaimStatus


@dataclass(frozen=True)
class Piece:
    text: str
    claim: Claim | None


_REPLACED = (ClaimStatus.REJECTED, ClaimStatus.SPLIT)


def highlight(body: str, claims: list[Claim]) -> list[Piece]:
    """Cut `body` at claim spans; overlapping spans (after a merge) keep the first claim."""
    pieces: list[Piece] = []
    cursor = 0
    # Live claims win over replaced ones where spans overlap (after a split or a merge).
    for claim in sorted(claims, key=lambda c: (c.span_start, c.status in _REPLACED, c.id)):
        if claim.span_start < cursor:
            continue
        if claim.span_start > cursor:
            pieces.append(Piece(body[cursor : claim.span_start], None))
        pieces.append(Piece(body[claim.span_start : claim.span_end], claim))
        cursor = claim.span_end
    if cursor < len(body):
        pieces.append(Piece(body[cursor:], None))
    return pieces


@dataclass(frozen=True)
class InParagraph:
    """A claim's sentence in its paragraph: the text before it, the span, the text after."""

    before: str
    span: str
    after: str


def in_paragraph(body: str, start: int, end: int) -> InParagraph:
    """The paragraph of `body` (between blank lines, or line breaks) around [start, end)."""
    first = max(body.rfind("\n", 0, start) + 1, 0)
    last = body.find("\n", end)
    last = len(body) if last == -1 else last
    return InParagraph(body[first:start], body[start:end], body[end:last])
