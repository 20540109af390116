"""The OpenAPI 3.1 document, generated from the route registry (factcheck/api/routes.py)
and the JSON Schema of the pydantic models it names. Nothing here describes a shape: to
change the document, change a model or an `@operation(...)` declaration.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Any

from pydantic import TypeAdapter
from pydantic.json_schema import JsonSchemaMode

from factcheck.api.preconditions import IF_MATCH as IF_MATCH_PATTERN
from factcheck.api.routes import PUBLIC, READ, REGISTRY, WRITE, Operation
from factcheck.api.schemas.errors import Error
from factcheck.domain.validation import MAX_ID
from factcheck.models import ADMINS
from factcheck.ratelimit import LIMITED_ENDPOINTS

Schema = dict[str, Any]
REF = "#/components/schemas/{model}"

SECURITY: dict[str, list[dict[str, list[str]]]] = {
    PUBLIC: [],
    READ: [{"bearerAuth": []}, {"sessionCookie": []}],
    WRITE: [{"bearerAuth": []}],
}

ERRORS: dict[int, str] = {
    400: "The body is not JSON, names a key twice in one object (`duplicate_key`, "
    "`error.field` is the key) or is nested too deeply to read, a path or query value holds "
    "a NUL character, or a business rule refuses input of the right shape (an unknown "
    "rating, `from` after `to`, an invalid cursor...); `error.field` names the input.",
    401: "No credentials, or the token is not valid, revoked, or its account disabled; "
    "or a write sent with a signed-in session only (API writes need a token).",
    403: "The caller's role (or a read-only token) may not do this, or the claim is held "
    "by someone else.",
    404: "No such record.",
    409: "The claim cannot do this in its current status, the record changed since the "
    "body's `version` was read (`stale`), or it conflicts with existing data.",
    410: "The fact-check was withdrawn; the message says why.",
    412: "`precondition_failed`: If-Match names no current version of the record (it "
    "changed since it was read, or the tag is weak, which never matches): nothing was done. "
    "Fetch the record again and send its current version.",
    413: "The request, or a field in it, is larger than this site accepts.",
    415: "The body (or the file, or the fetched page) is of a type that cannot be read.",
    422: "The request does not fit its declared shape (`invalid_input`; `error.field` is "
    "the input key or a path like `evidence.0.url`, or `If-Match`); the file or page "
    "holds no article text (`no_text`); a file to import holds no readable fact-check "
    "(`no_fact_checks`, naming the fields of its first record); or the Idempotency-Key was "
    "already used for a different request (`idempotency_key_reused`).",
    429: "Too many requests from this token (or address) for this operation: "
    "`error.retry_after` and the Retry-After header say how many seconds to wait. The limits "
    "are settings of the site (`FACTCHECK_RATE_LIMIT_*`).",
    502: "The page could not be fetched (DNS, connection, TLS or HTTP error).",
    504: "Fetching the page took too long.",
}

ID: Schema = {"type": "integer", "format": "int32", "minimum": 1, "maximum": MAX_ID}
IF_MATCH: Schema = {
    "name": "If-Match",
    "in": "header",
    "required": False,
    "schema": {"type": "string", "pattern": IF_MATCH_PATTERN},
    "description": 'The record\'s version when it was read, as an entity tag (`"7"`) or '
    "a list of them, compared strongly (RFC 9110): when none is the current version, or "
    'the tag is weak (`W/"7"`), the answer is 412 and nothing is done. `*` matches any '
    "version. The body's `version`, when sent too, is checked as well (409 when stale).",
}
IDEMPOTENCY_KEY: Schema = {
    "name": "Idempotency-Key",
    "in": "header",
    "required": False,
    "schema": {"type": "string", "pattern": "^[\\x21-\\x7e]{1,200}$"},
    "description": "Repeat a write safely: the same user, key and request replay the first "
    "answer (a refusal too), which no rate limit counts or refuses; the same key with "
    "another request answers 422; a 5xx frees the key.",
}
IF_NONE_MATCH: Schema = {
    "name": "If-None-Match",
    "in": "header",
    "required": False,
    "schema": {"type": "string"},
    "description": "An ETag from an earlier answer; 304 when nothing changed.",
}


class _Schemas:
    """Collects every model the operations name, for one `components/schemas`."""

    def __init__(self) -> None:
        self.wanted: list[tuple[int, JsonSchemaMode, TypeAdapter[Any]]] = []

    def want(self, shape: Any, mode: JsonSchemaMode) -> int:
        key = len(self.wanted)
        self.wanted.append((key, mode, TypeAdapter(shape)))
        return key

    def generate(self) -> tuple[dict[int, Schema], Schema]:
        found, definitions = TypeAdapter.json_schemas(self.wanted, ref_template=REF)
        return {key: schema for (key, _mode), schema in found.items()}, definitions.get("$defs", {})


def _error_statuses(op: Operation) -> list[int]:
    implied: set[int] = set(op.errors)
    sends = op.body is not None or op.form is not None or op.raw_body is not None
    if sends:
        implied |= {400, 413, 422}
    if op.body is not None:
        implied.add(415)  # a body that is not JSON
    if op.query is not None:
        implied |= {400, 422}
    if op.auth != PUBLIC:
        implied.add(401)
    if op.auth == WRITE or op.roles:
        implied.add(403)  # read-only tokens, and roles
    if op.path_parameters:
        implied.add(404)
    if op.idempotent:
        implied |= {409, 422}  # a key still being handled; a key reused or malformed
    if op.versioned:
        # a stale body version; If-Match not matching; an If-Match of the wrong shape
        implied |= {409, 412, 422}
    if f"api.{op.name}" in LIMITED_ENDPOINTS:
        implied.add(429)
    return sorted(implied)


def _parameters(op: Operation, query: Schema | None) -> list[Schema]:
    parameters: list[Schema] = [
        {"name": name, "in": "path", "required": True, "schema": ID} for name in op.path_parameters
    ]
    for name, schema in (query or {}).get("properties", {}).items():
        parameter = {
            "name": name,
            "in": "query",
            "required": name in query.get("required", []) if query else False,
            "schema": _query_schema(schema),
        }
        if "description" in schema:
            parameter["description"] = schema["description"]
        parameters.append(parameter)
    if op.versioned:
        parameters.append(IF_MATCH)
    if op.idempotent:
        parameters.append(IDEMPOTENCY_KEY)
    if op.cacheable:
        parameters.append(IF_NONE_MATCH)
    return parameters


def _query_schema(schema: Schema) -> Schema:
    """A query parameter's schema: left out rather than null, so the null branch goes."""
    kept = {k: v for k, v in schema.items() if k not in ("description", "title")}
    branches = [b for b in kept.pop("anyOf", []) if b != {"type": "null"}]
    if kept.get("default", 0) is None:
        del kept["default"]
    return {**branches[0], **kept} if len(branches) == 1 else kept


def _content(schema: Schema | None, *, cacheable: bool, description: str) -> Schema:
    response: Schema = {"description": description}
    if schema is not None:
        response["content"] = {"application/json": {"schema": schema}}
    if cacheable:
        response["headers"] = {
            "ETag": {"schema": {"type": "string"}, "description": "Send it as If-None-Match."},
            "Cache-Control": {"schema": {"type": "string"}},
        }
    return response


def _request_body(op: Operation, schema: Schema | None, required: bool) -> Schema | None:
    if op.raw_body is not None:
        return {"required": True, "content": op.raw_body}
    if schema is None:
        return None
    media = "multipart/form-data" if op.form is not None else "application/json"
    return {"required": required, "content": {media: {"schema": schema}}}


@dataclass(frozen=True)
class _Shapes:
    """The JSON Schemas of one operation's shapes."""

    responses: dict[int, Schema | None]
    query: Schema | None
    body: Schema | None
    error: Schema


def _describe(op: Operation, shapes: _Shapes) -> Schema:
    responses: Schema = {
        str(status): _content(
            schema, cacheable=op.cacheable and status == 200, description=SAID.get(status, "OK")
        )
        for status, schema in shapes.responses.items()
    }
    if op.cacheable:
        responses["304"] = {"description": "Not modified since the ETag sent."}
    for status in _error_statuses(op):
        responses[str(status)] = _content(shapes.error, cacheable=False, description=ERRORS[status])
    described: Schema = {
        "operationId": op.name,
        "summary": op.summary,
        "tags": [op.tag],
        "security": SECURITY[op.auth],
        "parameters": _parameters(op, shapes.query),
        "responses": responses,
    }
    who = (
        ""
        if not op.roles
        else "Only admins. "
        if op.roles == ADMINS
        else "Only editors and admins. "
    )
    if who or op.description:
        described["description"] = (who + op.description).strip()
    body = _request_body(op, shapes.body, _required(op.body if op.body is not None else op.form))
    if body is not None:
        described["requestBody"] = body
    return described


SAID = {200: "OK", 201: "Created", 204: "No content"}


def paths() -> tuple[dict[str, dict[str, Schema]], Schema]:
    """Every operation's description, and the schemas they refer to."""
    schemas = _Schemas()
    error = schemas.want(Error, "serialization")
    wanted = [
        (
            op,
            {
                status: schemas.want(shape, "serialization")
                for status, shape in op.responses.items()
                if shape
            },
            schemas.want(op.query, "validation") if op.query else None,
            schemas.want(op.body if op.body is not None else op.form, "validation")
            if op.body is not None or op.form is not None
            else None,
        )
        for op in REGISTRY.values()
    ]
    found, definitions = schemas.generate()

    def inline(key: int) -> Schema:
        # Query parameters are listed one by one: their model is no component.
        return definitions.pop(found[key]["$ref"].split("/")[-1], None) or found[key]

    queries = {
        query: inline(query) for _op, _responses, query, _body in wanted if query is not None
    }
    described: dict[str, dict[str, Schema]] = {}
    for op, responses, query, body in wanted:
        shapes = _Shapes(
            responses={
                status: found[responses[status]] if status in responses else None
                for status in op.responses
            },
            query=queries[query] if query is not None else None,
            body=found[body] if body is not None else None,
            error=found[error],
        )
        described.setdefault(op.path, {})[op.method] = _describe(op, shapes)
    return described, definitions


def _required(shape: Any) -> bool:
    """A body is required unless every field of its model may be left out."""
    if shape is None:
        return False
    fields = getattr(shape, "model_fields", None)
    return fields is None or any(f.is_required() for f in fields.values())


@functools.lru_cache(maxsize=4)
def document(server_url: str) -> dict[str, Any]:
    """The OpenAPI document; `server_url` is where this API is served. Kept once built
    (38 ms of JSON Schema generation); callers must not change it."""
    described, definitions = paths()
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "factcheck API",
            "version": "1",
            "description": "Articles in, rated fact-checks out. Writes need "
            "`Authorization: Bearer <token>`; reads also accept a signed-in session. "
            'Errors are always `{"error": {"code", "message", "field"?}}`: 422 when a '
            "request does not fit its shape, 400 when the domain refuses it.",
        },
        "servers": [{"url": server_url}],
        "paths": described,
        "components": {
            "schemas": definitions,
            "securitySchemes": {
                "bearerAuth": {"type": "http", "scheme": "bearer"},
                "sessionCookie": {
                    "type": "apiKey",
                    "in": "cookie",
                    "name": "session",
                    "description": "A signed-in browser session (reads only).",
                },
            },
        },
    }
