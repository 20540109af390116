"""Input that breaks a request's declared shape: 422, naming the input key or JSON path.

Statuses, in short (the OpenAPI document says it per operation):
- 422 `invalid_input`: the request does not fit its declared shape (a missing or unknown
  field, a wrong type, a string that is blank, too long, not an http(s) URL, or holds a
  character no database can store); `error.field` is the key, or a path like
  `evidence.0.url`.
- 400: the body is not JSON at all, names a key twice in one object (`duplicate_key`) or
  is nested too deeply to read; or the shape is right
  but a business rule of the domain refuses it (an unknown rating, a comment that is not on
  this claim, an invalid cursor). The domain's other refusals keep their own statuses
  (403, 404, 409, 410, 413, ...).
"""

from __future__ import annotations

import re
from typing import Any

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from factcheck.domain import validation
from factcheck.domain.errors import DomainError, Gone

# Phrases for pydantic's own error types; the input key is put in front of each.
PHRASES = {
    "missing": "is required.",
    "extra_forbidden": "is not a field of this request.",
    "string_type": "must be a string.",
    "int_type": "must be a whole number.",
    "int_parsing": "must be a whole number.",
    "int_from_float": "must be a whole number.",
    "float_type": "must be a number.",
    "float_parsing": "must be a number.",
    "finite_number": "must be a finite number.",
    "bool_type": "must be true or false.",
    "bool_parsing": "must be true or false.",
    "model_type": "must be a JSON object.",
    "model_attributes_type": "must be a JSON object.",
    "dict_type": "must be a JSON object.",
    "list_type": "must be a list.",
    "union_tag_not_found": "must be a JSON object.",
}


class InvalidShape(DomainError):
    """The request does not fit its declared shape."""

    code = "invalid_input"
    status = 422


class GoneWithRecord(Gone):
    """A withdrawn fact-check asked for: 410 `gone`, with what was withdrawn as
    `error.withdrawn` (schemas.errors.ErrorDetail declares it)."""

    def __init__(self, message: str, withdrawn: BaseModel) -> None:
        super().__init__(message)
        self.withdrawn = withdrawn


class DuplicateKey(DomainError):
    """The JSON body names one key twice in an object. Parsers differ on which value wins
    (Python's json, the last; others, the first or an error), so a proxy or a log could
    read another request than the one carried out."""

    code = "duplicate_key"
    status = 400

    def __init__(self, key: str) -> None:
        super().__init__(
            f'The request body names the key "{key}" twice in one object: send it once.',
            field=key,
        )


def unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """A JSON object from its pairs (json's object_pairs_hook), refusing a repeated key."""
    found: dict[str, Any] = {}
    for key, value in pairs:
        if key in found:
            raise DuplicateKey(key)
        found[key] = value
    return found


# How pydantic names a union's branches in an error's location: no input key looks so.
_BRANCH_LABEL = re.compile(r"[A-Z]|.*[\[\]-]|(?:str|int|float|bool|list|dict|none)$")


def _keys(location: tuple[int | str, ...]) -> tuple[int | str, ...]:
    """The input keys of a location, without the names pydantic gives a union's branches
    ("function-after[_check(), str]", "ClaimantById")."""
    return tuple(
        part for part in location if not (isinstance(part, str) and _BRANCH_LABEL.match(part))
    )


def _input_keys(error: ErrorDetails, *, tagged: bool) -> tuple[int | str, ...]:
    """The input keys of an error's location. A key that is not part of the shape is the
    last part of its location, whatever it looks like ("Extra", "x-note")."""
    location = tuple(error["loc"][1:] if tagged else error["loc"])
    if error["type"] == "extra_forbidden" and location:
        return (*_keys(location[:-1]), location[-1])
    return _keys(location)


def _path(location: tuple[int | str, ...]) -> str:
    return ".".join(str(part) for part in location)


def _own(error: ErrorDetails) -> bool:
    """Raised by our own field types (schemas/fields.py), which already speak in phrases."""
    return error["type"] not in PHRASES and error["msg"][:1].islower()


def _phrase(error: ErrorDetails) -> str:
    kind = error["type"]
    if kind in PHRASES or _own(error):
        return PHRASES.get(kind, error["msg"])
    context: dict[str, Any] = dict(error.get("ctx") or {})
    if kind in ("greater_than_equal", "greater_than"):
        return f"must be at least {context.get('ge', context.get('gt'))}."
    if kind in ("less_than_equal", "less_than"):
        return f"must be at most {context.get('le', context.get('lt'))}."
    if kind in ("enum", "literal_error"):
        return f"must be one of: {context.get('expected', '')}."
    return f"is not valid: {error['msg']}."


def _misnamed(problems: list[ErrorDetails], *, tagged: bool) -> InvalidShape | None:
    """An unknown key beside a missing required one of the same object is most likely that
    field misnamed (`?q=` for `?text=`): name the key sent and the name it should have."""
    unknown = [_input_keys(p, tagged=tagged) for p in problems if p["type"] == "extra_forbidden"]
    missing = [_input_keys(p, tagged=tagged) for p in problems if p["type"] == "missing"]
    for sent in unknown:
        for wanted in missing:
            if sent and wanted and sent[:-1] == wanted[:-1]:
                return InvalidShape(
                    f"'{_path(sent)}' is not a field of this request: the required field is"
                    f" named '{_path(wanted)}'.",
                    field=_path(sent),
                )
    return None


def from_validation(error: ValidationError, *, tagged: bool = False) -> InvalidShape:
    """The first problem of `error`, said for people, with the input key it concerns (or a
    misnamed required field, :func:`_misnamed`).

    `tagged`: the shape is a union chosen by a discriminator, whose tag pydantic puts first
    in each location; it is no input key, so it is left out.
    """
    problems = error.errors(include_url=False)
    if misnamed := _misnamed(problems, tagged=tagged):
        return misnamed
    first = problems[0]
    location = _input_keys(first, tagged=tagged)
    if len(location) < len(first["loc"]) - tagged:
        # A union's branches each report: '{"claimant": {"id": "1"}}' is no string, and its
        # id is no whole number. The branch that read deepest into the input is the one meant.
        first = max(
            (p for p in problems if len(_input_keys(p, tagged=False)) < len(p["loc"])),
            key=lambda p: len(_input_keys(p, tagged=False)),
        )
        location = _input_keys(first, tagged=tagged)
    field = _path(location)
    if not field:
        return InvalidShape(f"The request body {_phrase(first)}")
    if _own(first):
        return InvalidShape(f"{validation.field_name(field)} {_phrase(first)}", field=field)
    return InvalidShape(f"'{field}' {_phrase(first)}", field=field)
