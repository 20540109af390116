"""The answer of POST /api/v1/extract: every sentence of a text, scored, and the language
the text looks to be in. Nothing is stored."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from factcheck.api.schemas.responses import ClaimKind, Reason, Shape


class Sentence(Shape):
    text: str = Field(
        description="The sentence as a candidate shows it: body[start:end], without lead-ins "
        'such as "Quote:", bullet marks or unpaired quotation marks.'
    )
    start: int
    end: int
    score: float
    checkworthy: bool
    reasons: list[Reason]
    claimant: str | None = Field(
        description="Who made the claim: one canonical name per person within the article."
    )
    claimant_role: str | None = Field(
        description='The role the article gives the claimant ("finance minister").'
    )
    display_text: str = Field(
        description="The text to show an editor: a bullet reads with its lead-in line, and "
        "a quotation that runs on past the sentence is shown closed."
    )
    layout: (
        Literal[
            "headline",
            "dateline",
            "lead-in",
            "footnote",
            "signature",
            "page",
            "table-header",
            "furniture",
        ]
        | None
    ) = Field(
        description="Headlines, datelines, list lead-ins, footnotes, email signatures, a "
        "pasted page's running headers and page numbers (page), a Markdown table's header "
        "row and rule (table-header) and a site's subscription pitch, sharing links, picture "
        "credits and copyright lines (furniture) are never candidates by default."
    )
    kind: ClaimKind = Field(
        description="What sort of sentence it is; only the factual kinds (quantity, "
        "comparison, causal, event, attributed) are check-worthy by default."
    )


class Sentences(Shape):
    read_as: Literal["article", "sentence"] = Field(
        description="How the text was read (see the request's read_as)."
    )
    sentences: list[Sentence]
    language: str | None = Field(
        description='The language the text looks to be in ("fr"); null when it could not '
        "be told (a short text, read as English)."
    )
    language_note: str | None = Field(
        description="Said when the text is not in English: the sentences are scored all "
        "the same, by a model made for English."
    )
