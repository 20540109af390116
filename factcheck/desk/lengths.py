"""A length limit for desk form fields that never cuts what was pasted short."""

from __future__ import annotations

from typing import Any

from flask_wtf import FlaskForm
from wtforms.validators import ValidationError


class AtMost:
    """At most `most` characters. Unlike Length(), it puts no maxlength on the field:
    Chromium cut a longer text pasted into it short without a word (a link to a broken
    address, a quoted passage without its end), and that was saved. The server refuses
    it whole instead, with its length."""

    def __init__(self, most: int, advice: str = "Shorten it.") -> None:
        self.most = most
        self.advice = advice

    def __call__(self, form: FlaskForm, field: Any) -> None:
        length = len((field.data or "").strip())
        if length > self.most:
            raise ValidationError(
                f"This is {length:,} characters long; at most {self.most:,} fit. {self.advice}"
            )


def link_length() -> AtMost:
    """At most 2,048 characters, the longest link the database keeps."""
    return AtMost(
        2048,
        "Remove the tracking part after “?” if the page opens without it, or give the "
        "address of an archived copy.",
    )
