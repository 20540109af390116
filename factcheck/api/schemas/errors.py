"""Every error the API answers: `{"error": {"code", "message", ...}}`, one shape for all
(tests/test_openapi.py), with the fields that only some codes carry."""

from __future__ import annotations

from pydantic import Field

from factcheck.api.schemas.published import WithdrawnFactCheck
from factcheck.api.schemas.responses import Shape


class LintProblem(Shape):
    claim_id: int
    field: str
    message: str
    fix: str


class ErrorDetail(Shape):
    code: str
    message: str
    field: str | None = Field(None, description="The input key (or path) at fault.")
    existing_id: int | None = Field(
        None, description="With `duplicate`: the article already in the desk."
    )
    problems: list[LintProblem] | None = Field(
        None, description="With `not_publishable`: what to fix before publishing."
    )
    retry_after: int | None = Field(
        None,
        description="With `too_many_requests`: seconds until the limit lets the request "
        "through (as the Retry-After header).",
    )
    withdrawn: WithdrawnFactCheck | None = Field(
        None,
        description="With `gone` for a withdrawn fact-check: what was withdrawn, so that it "
        "stays identifiable.",
    )


class Error(Shape):
    """Every error: `{"error": {"code", "message", "field"?}}`."""

    error: ErrorDetail
