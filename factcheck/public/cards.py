"""The rating card: a 1200x630 PNG that shows a fact-check when its link is shared.

Rendered once per claim and published verdict, then read from a folder of the instance
(the file name carries a digest of what the card shows, so a correction or an edit of
the claim draws a new one). Pillow draws it with DejaVu when the system has it, else
with the font Pillow ships: no system font is needed.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import tempfile
from dataclasses import asdict, dataclass
from functools import lru_cache
from io import BytesIO
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

WIDTH, HEIGHT = 1200, 630
MARGIN = 64
# Change it when the drawing changes: every cached card is drawn again.
LAYOUT = "2"
BACKGROUND = "#15171a"
TEXT = "#ececec"
MUTED = "#a9a9a9"

Font = ImageFont.FreeTypeFont | ImageFont.ImageFont


@dataclass(frozen=True)
class Card:
    """What a card shows."""

    claim: str
    claimant: str | None
    rating: str
    colour: str
    outlet: str

    def digest(self) -> str:
        data = json.dumps([LAYOUT, asdict(self)], ensure_ascii=False, sort_keys=True)
        return hashlib.sha256(data.encode()).hexdigest()[:20]


@lru_cache(maxsize=8)
def _font(size: int, bold: bool) -> Font:
    name = "DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf"
    try:
        return ImageFont.truetype(name, size)
    except OSError:  # no DejaVu on this system: the font inside Pillow
        return ImageFont.load_default(size=size)


def _wrap(draw: ImageDraw.ImageDraw, text: str, font: Font, width: int, lines: int) -> list[str]:
    """The text in at most `lines` lines of `width` pixels, the last cut with an ellipsis."""
    out: list[str] = []
    line = ""
    for word in text.split():
        trial = f"{line} {word}".strip()
        if draw.textlength(trial, font=font) <= width or not line:
            line = trial
            continue
        out.append(line)
        line = word
        if len(out) == lines:
            break
    else:
        out.append(line)
        return out[:lines]
    last = out[-1]
    while last and draw.textlength(last + " …", font=font) > width:
        last = last.rsplit(" ", 1)[0] if " " in last else last[:-1]
    out[-1] = last + " …"
    return out


OPEN_SINGLE, CLOSE_SINGLE = "\N{LEFT SINGLE QUOTATION MARK}", "\N{RIGHT SINGLE QUOTATION MARK}"
_DOUBLE_QUOTES = '"“”„'
# A straight double quote opens a quotation at the start or after a space, bracket or dash.
_OPENING_STRAIGHT = re.compile('(^|[\\s([{\N{EM DASH}\N{EN DASH}-])"')
_TO_SINGLE = str.maketrans(
    {
        "“": OPEN_SINGLE,
        "”": CLOSE_SINGLE,
        "„": "\N{SINGLE LOW-9 QUOTATION MARK}",
        '"': CLOSE_SINGLE,
    }
)


def quoted(claim: str) -> str:
    """The claim in double quotation marks, as the card shows it.

    A claim that is one quotation keeps one pair of marks, not two; double marks inside it
    become single ones, as within any quotation, rather than ending in a doubled mark.
    """
    text = claim.strip()
    whole = len(text) > 1 and text[0] in '"“„' and text[-1] in '"”'
    if whole and not any(mark in _DOUBLE_QUOTES for mark in text[1:-1]):
        text = text[1:-1].strip()
    inner = _OPENING_STRAIGHT.sub(lambda m: m.group(1) + OPEN_SINGLE, text)
    return f"“{inner.translate(_TO_SINGLE)}”"


def render(card: Card) -> bytes:
    """The card as PNG bytes."""
    image = Image.new("RGB", (WIDTH, HEIGHT), BACKGROUND)
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 0, 18, HEIGHT), fill=card.colour)
    text_width = WIDTH - 2 * MARGIN
    draw.text((MARGIN, 48), f"{card.outlet} · Fact-check", font=_font(30, False), fill=MUTED)
    quote = _font(50, True)
    y = 120
    for line in _wrap(draw, quoted(card.claim), quote, text_width, 5):
        draw.text((MARGIN, y), line, font=quote, fill=TEXT)
        y += 62
    if card.claimant:
        who = _wrap(draw, f"— {card.claimant}", _font(32, False), text_width, 1)[0]
        draw.text((MARGIN, y + 12), who, font=_font(32, False), fill=MUTED)
    label = _font(44, True)
    pill = int(draw.textlength(card.rating, font=label)) + 56
    top = HEIGHT - 48 - 80
    draw.rounded_rectangle((MARGIN, top, MARGIN + pill, top + 80), radius=12, fill=card.colour)
    draw.text((MARGIN + 28, top + 14), card.rating, font=label, fill="#ffffff")
    output = BytesIO()
    image.save(output, format="PNG", optimize=True)
    return output.getvalue()


def cached(folder: Path, name: str, card: Card) -> tuple[bytes, str]:
    """The card's PNG and its ETag, drawn on the first call and read from `folder` after."""
    tag = f"{name}-{card.digest()}"
    path = folder / f"{tag}.png"
    try:
        return path.read_bytes(), tag
    except FileNotFoundError:
        pass
    data = render(card)
    folder.mkdir(parents=True, exist_ok=True)
    # Written beside and renamed: another worker drawing the same card never reads half.
    handle, temporary = tempfile.mkstemp(dir=folder, suffix=".part")
    with os.fdopen(handle, "wb") as file:
        file.write(data)
    os.replace(temporary, path)
    return data, tag
