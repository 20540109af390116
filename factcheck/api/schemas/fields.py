"""Field types the API's shapes share. Each one checks a value and describes itself in the
JSON Schema, so what the OpenAPI document promises is what the API enforces.

Messages are phrases without a subject ("must be a whole number."): the error handler
(factcheck/api/errors.py) puts the input key in front of them.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Annotated, Any

from pydantic import (
    BeforeValidator,
    Field,
    GetCoreSchemaHandler,
    GetJsonSchemaHandler,
    PlainSerializer,
    PlainValidator,
    Strict,
)
from pydantic.json_schema import JsonSchemaValue, WithJsonSchema
from pydantic_core import PydanticCustomError, core_schema

from factcheck.domain import validation

# No NUL character anywhere (PostgreSQL text cannot hold one). Lone surrogates are refused
# too, but no regular expression dialect the tooling shares can say so.
NO_NUL = r"^[^\x00]*$"
# Python's whitespace (what the domain's strip() removes), spelt out: `\s` differs between
# Python, ECMA-262 and Rust regular expressions.
_SPACES = "".join(f"\\u{ord(c):04x}" for c in map(chr, range(0x3001)) if c.isspace())
NOT_BLANK = f"^[^\\x00]*[^\\x00{_SPACES}][^\\x00]*$"
# An absolute http(s) address, with an ASCII host name, IPv4 or IPv6 address (a subset of
# what domain.validation.web_url accepts; IDN hosts are sent as punycode, xn--...).
_HEX = "[0-9A-Fa-f]{1,4}"
_IPV6 = rf"(?:{_HEX}:){{7}}{_HEX}|(?:(?:{_HEX}:){{0,5}}{_HEX})?::(?:{_HEX})?"
WEB_URL = (
    r"^[Hh][Tt][Tt][Pp][Ss]?://"
    r"(?:[A-Za-z0-9._~%!$&'()*+,;=:-]*@)?"
    rf"(?:[A-Za-z0-9._~%!$&'()*+,;=-]+|\[(?:{_IPV6})\])"
    r"(?::[0-9]{0,5})?"
    rf"(?:[/?#][^\x00-\x20\x7f{validation.DIRECTION_MARKS}]*)?$"
)
_WEB_URL = re.compile(WEB_URL)
_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
DAY_PATTERN = r"^(19[0-9]{2}|2[0-9]{3})-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$"


def _storable(value: str) -> str:
    what = validation.unstorable(value)
    if what is not None:
        raise PydanticCustomError("unstorable", f"contains {what}; remove it and send again.")
    return value


@dataclass(frozen=True)
class Text:
    """A string with no NUL character; `max_length` characters at most; with `required`,
    not blank (the domain strips it)."""

    max_length: int | None = None
    required: bool = False
    description: str | None = None

    def _check(self, value: str) -> str:
        _storable(value)
        if self.required and not value.strip():  # the same test as NOT_BLANK
            raise PydanticCustomError("blank", "is empty; send some text.")
        if self.max_length is not None and len(value) > self.max_length:
            raise PydanticCustomError(
                "too_long", f"is {len(value):,} characters; the limit is {self.max_length:,}."
            )
        return value

    def __get_pydantic_core_schema__(
        self, source: Any, handler: GetCoreSchemaHandler
    ) -> core_schema.CoreSchema:
        return core_schema.no_info_after_validator_function(
            self._check, core_schema.str_schema(strict=True)
        )

    def __get_pydantic_json_schema__(
        self, schema: core_schema.CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        described: dict[str, Any] = {
            "type": "string",
            "pattern": NOT_BLANK if self.required else NO_NUL,
        }
        if self.required:
            described["minLength"] = 1
        if self.max_length is not None:
            described["maxLength"] = self.max_length
        if self.description:
            described["description"] = self.description
        return described


@dataclass(frozen=True)
class WebUrl:
    """An absolute http(s) address of at most 2,048 characters."""

    description: str = "An absolute http(s) address."

    @staticmethod
    def _check(value: str) -> str:
        _storable(value)
        if len(value) > 2048:
            raise PydanticCustomError("too_long", "is longer than 2,048 characters.")
        if not _WEB_URL.fullmatch(value):
            raise PydanticCustomError("url", "must be a full http:// or https:// address.")
        return value

    def __get_pydantic_core_schema__(
        self, source: Any, handler: GetCoreSchemaHandler
    ) -> core_schema.CoreSchema:
        return core_schema.no_info_after_validator_function(
            self._check, core_schema.str_schema(strict=True)
        )

    def __get_pydantic_json_schema__(
        self, schema: core_schema.CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        return {
            "type": "string",
            "pattern": WEB_URL,
            "maxLength": 2048,
            "description": self.description,
        }


@dataclass(frozen=True)
class OneOf:
    """One of a fixed set of words (a query parameter's choices)."""

    choices: tuple[str, ...]

    def _check(self, value: str) -> str:
        if value not in self.choices:
            raise PydanticCustomError(
                "choice", f"must be one of: {', '.join(self.choices)}; got {value[:40]!r}."
            )
        return value

    def __get_pydantic_core_schema__(
        self, source: Any, handler: GetCoreSchemaHandler
    ) -> core_schema.CoreSchema:
        return core_schema.no_info_after_validator_function(
            self._check, core_schema.str_schema(strict=True)
        )

    def __get_pydantic_json_schema__(
        self, schema: core_schema.CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        return {"type": "string", "enum": list(self.choices)}


def _day(value: Any) -> dt.date:
    if not isinstance(value, str):
        raise PydanticCustomError("date_type", "must be a date like 2026-01-31.")
    _storable(value)
    try:
        day = dt.date.fromisoformat(value) if _DAY.fullmatch(value) else None
    except ValueError:
        day = None
    if day is None:
        raise PydanticCustomError("date", "must be a date like 2026-01-31.")
    if not validation.EARLIEST <= day <= validation.LATEST:
        raise PydanticCustomError("date_range", "must be between 1900 and 2999.")
    return day


# A calendar day sent to the API: YYYY-MM-DD between 1900 and 2999 (the domain's range).
# Responses use plain `dt.date`.
Day = Annotated[
    dt.date,
    PlainValidator(_day, json_schema_input_type=str),
    WithJsonSchema({"type": "string", "format": "date", "pattern": DAY_PATTERN}),
]


def whole(value: Any) -> Any:
    """JSON's 10.0 is the integer 10 (as JSON Schema counts it); true and "10" are not."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


# Record ids are 32-bit (PostgreSQL `integer` columns).
Id = Annotated[
    int,
    Strict(),
    Field(ge=1, le=validation.MAX_ID, json_schema_extra={"format": "int32"}),
    BeforeValidator(whole),  # last: it runs first
]
# A version read from a record: the `version` field (If-Match is api.preconditions').
Version = Annotated[
    int,
    Strict(),
    Field(
        ge=0,
        le=validation.MAX_ID,
        description="The record's `version` when it was read; a newer one answers 409 "
        '`stale`. The If-Match header may carry it instead, as an entity tag (`"7"`): '
        "one that no longer matches answers 412 `precondition_failed`.",
    ),
    BeforeValidator(whole),
]
Flag = Annotated[bool, Strict()]
ANY_LANGUAGE = (
    "Propose candidates even when the text is not in English (the check-worthiness model "
    "is made for English: by default such an article gets candidates from its English "
    "paragraphs only, and `notices` says so)."
)
# Asked the same way whether the article is pasted, fetched (now or by an import) or uploaded.
AnyLanguage = Annotated[bool, Strict(), Field(description=ANY_LANGUAGE)]


def _moment(value: dt.datetime) -> str:
    return value.isoformat()


# A point in time, as ISO 8601 with its offset (the database keeps them in UTC).
Moment = Annotated[
    dt.datetime,
    PlainSerializer(_moment, return_type=str),
    WithJsonSchema({"type": "string", "format": "date-time"}),
]
