"""Typed errors that views and the API turn into messages and HTTP statuses."""

from __future__ import annotations

from typing import Any


class DomainError(Exception):
    """Base class: `code` is machine-readable, the message is for people."""

    code = "invalid"
    status = 400

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


class GaveUp(DomainError):
    """A job failed on every try, by an error of ours rather than of what it read: the work
    it was doing fails with this reason instead of staying pending for ever."""

    code = "internal"
    status = 500

    def __init__(self, what: str) -> None:
        super().__init__(
            f"factcheck could not {what}: something went wrong on our side (an administrator"
            " can see it under Jobs). Try again later."
        )


class InvalidInput(DomainError):
    code = "invalid_input"
    status = 400


class NoFactChecks(InvalidInput):
    """A file of fact-checks to import is JSON, but none of its records is one."""

    code = "no_fact_checks"
    status = 422


class TooLarge(DomainError):
    code = "too_large"
    status = 413


class NotFound(DomainError):
    code = "not_found"
    status = 404


class Unauthorized(DomainError):
    code = "unauthorized"
    status = 401


class PermissionDenied(DomainError):
    code = "forbidden"
    status = 403


class InvalidTransition(DomainError):
    code = "invalid_transition"
    status = 409


class Conflict(DomainError):
    code = "conflict"
    status = 409


class StaleVersion(DomainError):
    """The record changed since the client read it; nothing was written."""

    code = "stale"
    status = 409


class Gone(DomainError):
    """It existed and was taken down on purpose (a withdrawn fact-check)."""

    code = "gone"
    status = 410


class UnsupportedMediaType(DomainError):
    """The request's body is of a type this operation does not read."""

    code = "unsupported_type"
    status = 415


class Withdrawn(Gone):
    """A published fact-check that its editors withdrew; `article` says why."""

    def __init__(self, message: str, article: Any) -> None:
        super().__init__(message)
        self.article = article


class TooFewSources(DomainError):
    """A verdict needs more sources (evidence) than its claim has (FACTCHECK_MIN_SOURCES)."""

    code = "too_few_sources"
    status = 409
