"""Boxes that may hold right-to-left text (an Arabic or Hebrew claim, shown with dir="auto")
draw their rule and spacing on the side the text starts from: the stylesheet says
`inline-start`/`inline-end`, never left or right, for borders, margins, padding and
text alignment (a claim's rule showed on the left, the end of an Arabic line)."""

from __future__ import annotations

import re
from pathlib import Path

STYLE = Path(__file__).resolve().parents[1] / "factcheck" / "static" / "style.css"
PHYSICAL = re.compile(r"\b(?:border|margin|padding)-(?:left|right)\b|text-align:\s*(?:left|right)")


def test_the_stylesheet_says_start_and_end_not_left_and_right() -> None:
    lines = STYLE.read_text(encoding="utf-8").splitlines()
    physical = [f"{n}: {line.strip()}" for n, line in enumerate(lines, 1) if PHYSICAL.search(line)]
    assert physical == []
