"""The OpenAPI 3.1 description of the JSON API, served at /api/v1/openapi.json.

The document is data: component schemas (response and request shapes), the errors each
status means, and one `Operation` per route. `tests/test_openapi.py` checks that it lists
exactly the routes of the `api` blueprint and fuzzes the API against it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from factcheck.models import ClaimStatus, Stance, VerdictStatus

Schema = dict[str, Any]

# Authentication: who may call a route.
PUBLIC = "public"  # anyone, no credentials
READ = "read"  # a bearer token, or a signed-in browser session (reads and /extract)
WRITE = "write"  # a bearer token with the write scope

SECURITY: dict[str, list[dict[str, list[str]]]] = {
    PUBLIC: [],
    READ: [{"bearerAuth": []}, {"sessionCookie": []}],
    WRITE: [{"bearerAuth": []}],
}

ERRORS: dict[int, str] = {
    400: "Invalid input: the body is not a JSON object, a field has the wrong type or "
    "format (`error.field` names it), or a parameter is not valid.",
    401: "No credentials, or the token is not valid, revoked, or its account disabled.",
    403: "The caller's role (or a read-only token) may not do this, or the claim is held "
    "by someone else.",
    404: "No such record.",
    409: "The claim cannot do this in its current status, the record changed since "
    "`version` was read (`stale`), or it conflicts with existing data.",
    410: "The fact-check was withdrawn; the message says why.",
    413: "The request, or a field in it, is larger than this site accepts.",
    415: "The file (or fetched page) is of a type that cannot be read.",
    422: "The file or page holds no article text, or the Idempotency-Key was already used "
    "for a different request (`idempotency_key_reused`).",
    502: "The page could not be fetched (DNS, connection, TLS or HTTP error).",
    504: "Fetching the page took too long.",
}


# Schema helpers ----------------------------------------------------------------------------


def ref(name: str) -> Schema:
    return {"$ref": f"#/components/schemas/{name}"}


def nullable(schema: Schema) -> Schema:
    """`schema` or null (OpenAPI 3.1 spells it as a type list, or anyOf for a $ref)."""
    if "$ref" in schema:
        return {"anyOf": [schema, {"type": "null"}]}
    kind = schema["type"]
    types = kind if isinstance(kind, list) else [kind]
    return {**schema, "type": [*types, "null"]}


def obj(properties: dict[str, Schema], *, required: list[str] | None = None) -> Schema:
    """An object; `required` defaults to every property (the API always sends them)."""
    return {
        "type": "object",
        "properties": properties,
        "required": list(properties) if required is None else required,
    }


def array(items: Schema) -> Schema:
    return {"type": "array", "items": items}


def enum(values: list[str]) -> Schema:
    return {"type": "string", "enum": values}


STRING: Schema = {"type": "string"}
TEXT: Schema = nullable(STRING)  # optional text fields: a string, null or absent
INTEGER: Schema = {"type": "integer"}
NUMBER: Schema = {"type": "number"}
BOOLEAN: Schema = {"type": "boolean"}
DATE: Schema = {"type": "string", "format": "date"}
TIME: Schema = {"type": "string", "format": "date-time"}
URI: Schema = {"type": "string", "format": "uri"}
# Record ids are 32-bit (PostgreSQL `integer` columns).
ID: Schema = {"type": "integer", "format": "int32", "minimum": 1, "maximum": 2**31 - 1}
# A version read from the record (`version` field) or the If-Match header.
VERSION: Schema = {
    "type": ["integer", "string", "null"],
    "minimum": 0,
    "pattern": "^[0-9]+$",
    "description": "The record's `version` when it was read; a newer one answers 409 "
    "`stale`. Also accepted as the If-Match header.",
}
CLAIM_STATUSES = [status.value for status in ClaimStatus]
STANCES = [stance.value for stance in Stance]


SCHEMAS: dict[str, Schema] = {
    "Error": obj(
        {
            "error": obj(
                {
                    "code": STRING,
                    "message": STRING,
                    "field": {"type": "string", "description": "The input at fault."},
                    "existing_id": {
                        "type": "integer",
                        "description": "With `duplicate`: the article already in the desk.",
                    },
                    "problems": array(ref("LintProblem")),
                },
                required=["code", "message"],
            )
        }
    ),
    "LintProblem": obj({"claim_id": INTEGER, "field": STRING, "message": STRING, "fix": STRING}),
    "Reason": obj(
        {"kind": STRING, "text": STRING, "weight": NUMBER, "label": STRING},
        required=["kind", "weight"],
    ),
    "Rating": obj(
        {
            "slug": STRING,
            "label": STRING,
            "ordinal": INTEGER,
            "description": STRING,
            "colour": STRING,
        }
    ),
    "Evidence": obj(
        {
            "id": INTEGER,
            "url": STRING,
            "title": TEXT,
            "publisher": TEXT,
            "excerpt": TEXT,
            "stance": enum(STANCES),
            "accessed_on": DATE,
            "added_by_id": INTEGER,
        }
    ),
    "Verdict": obj(
        {
            "id": INTEGER,
            "rating": STRING,
            "rating_label": STRING,
            "explanation": STRING,
            "status": enum([status.value for status in VerdictStatus]),
            "author_id": INTEGER,
            "reviewer_id": nullable(INTEGER),
            "review_note": TEXT,
            "created_at": TIME,
            "reviewed_at": nullable(TIME),
        }
    ),
    "Claim": obj(
        {
            "id": INTEGER,
            "article_id": INTEGER,
            "text": STRING,
            "source_sentence": STRING,
            "start": INTEGER,
            "end": INTEGER,
            "position": INTEGER,
            "score": NUMBER,
            "reasons": array(ref("Reason")),
            "claimant": TEXT,
            "status": enum(CLAIM_STATUSES),
            "assignee_id": nullable(INTEGER),
            "lease_expires_at": nullable(TIME),
            "priority": INTEGER,
            "due_at": nullable(TIME),
            "version": INTEGER,
            "verdict": nullable(ref("Verdict")),
            "evidence": array(ref("Evidence")),
        }
    ),
    "ReviewedClaim": {
        "allOf": [
            ref("Claim"),
            obj({"outcome": enum(["approved", "returned", "recorded"])}),
        ],
        "description": "The claim after a vote; `recorded` means the panel still waits.",
    },
    "Article": obj(
        {
            "id": INTEGER,
            "title": STRING,
            "outlet": TEXT,
            "author": TEXT,
            "source_url": TEXT,
            "body_sha256": STRING,
            "status": enum(["triage", "published", "withdrawn"]),
            "created_at": TIME,
            "published_at": nullable(TIME),
            "claims": array(ref("Claim")),
        }
    ),
    "PublishedClaim": obj(
        {
            "id": INTEGER,
            "url": STRING,
            "text": STRING,
            "claimant": TEXT,
            "claim_date": nullable(DATE),
            "rating": ref("Rating"),
            "explanation": STRING,
            "date_published": nullable(TIME),
            "date_modified": nullable(TIME),
            "sources": array(
                obj(
                    {
                        "url": STRING,
                        "title": TEXT,
                        "publisher": TEXT,
                        "stance": enum(STANCES),
                        "excerpt": TEXT,
                        "accessed_on": DATE,
                    }
                )
            ),
            "corrections": array(
                obj(
                    {
                        "date": nullable(TIME),
                        "reason": STRING,
                        "previous_rating": STRING,
                        "new_rating": STRING,
                    }
                )
            ),
        }
    ),
    "PublishedArticle": obj(
        {
            "id": INTEGER,
            "title": STRING,
            "outlet": TEXT,
            "source_url": TEXT,
            "summary": TEXT,
            "published_at": nullable(TIME),
            "url": STRING,
            "claims": array(ref("PublishedClaim")),
        }
    ),
    "ClaimReview": {
        **obj(
            {
                "@context": STRING,
                "@type": {"const": "ClaimReview"},
                "url": STRING,
                "claimReviewed": STRING,
                "itemReviewed": {"type": "object"},
                "reviewRating": {"type": "object"},
                "author": {"type": "object"},
                "datePublished": STRING,
                "dateModified": STRING,
            },
            required=["@type", "url", "claimReviewed", "itemReviewed", "reviewRating"],
        ),
        "description": "schema.org ClaimReview (https://schema.org/ClaimReview).",
    },
    "Event": obj(
        {
            "id": INTEGER,
            "action": STRING,
            "from_status": TEXT,
            "to_status": TEXT,
            "actor": TEXT,
            "actor_id": nullable(INTEGER),
            "note": TEXT,
            "at": TIME,
        }
    ),
    "Comment": obj(
        {
            "id": INTEGER,
            "claim_id": INTEGER,
            "parent_id": nullable(INTEGER),
            "body": STRING,
            "author_id": INTEGER,
            "created_at": TIME,
        }
    ),
    "Draft": obj({"claim_id": INTEGER, "rating": TEXT, "explanation": STRING, "saved_at": TIME}),
    "Sentence": obj(
        {
            "text": STRING,
            "start": INTEGER,
            "end": INTEGER,
            "score": NUMBER,
            "checkworthy": BOOLEAN,
            "reasons": array(ref("Reason")),
            "claimant": TEXT,
        }
    ),
    "Suggestion": obj(
        {
            "id": STRING,
            "score": NUMBER,
            "shared_terms": array(STRING),
            "claim": STRING,
            "outlet": STRING,
            "rating": TEXT,
            "url": TEXT,
            "ours": BOOLEAN,
            "date": nullable(DATE),
            "confidence": NUMBER,
            "why": obj(
                {"phrases": array(STRING), "numbers": array(STRING), "words": array(STRING)}
            ),
        }
    ),
    "ImportReport": obj({"created": INTEGER, "updated": INTEGER, "errors": array(STRING)}),
    # Request bodies
    "NewArticle": {
        "type": "object",
        "properties": {
            "title": {"type": ["string", "null"], "maxLength": 300},
            "text": {**TEXT, "description": "The article text, stored exactly as sent."},
            "source_url": {**TEXT, "description": "An absolute http(s) address."},
            "outlet": TEXT,
            "published_on": nullable(DATE),
            "url": {**TEXT, "description": "Fetch the article from this http(s) address."},
            "force": {"type": "boolean", "description": "Add a duplicate as a new version."},
        },
        "anyOf": [{"required": ["title", "text"]}, {"required": ["url"]}],
        "description": "Paste (`title`, `text`, ...) or fetch (`url`, `title?`) an article.",
    },
    "Upload": {
        "type": "object",
        "properties": {
            "file": {
                "type": "string",
                "contentMediaType": "application/octet-stream",
                "description": "A .txt, .md, .html, .docx or .pdf file.",
            },
            "title": STRING,
            "force": enum(["true", "false"]),
        },
        "required": ["file"],
    },
}


# Parameters --------------------------------------------------------------------------------


def path_id(name: str) -> Schema:
    return {"name": name, "in": "path", "required": True, "schema": ID}


def query(name: str, schema: Schema, description: str = "", *, required: bool = False) -> Schema:
    parameter = {"name": name, "in": "query", "required": required, "schema": schema}
    if description:
        parameter["description"] = description
    return parameter


def header(name: str, schema: Schema, description: str) -> Schema:
    return {
        "name": name,
        "in": "header",
        "required": False,
        "schema": schema,
        "description": description,
    }


IF_MATCH = header(
    "If-Match",
    {"type": "string", "pattern": '^"?[0-9]+"?$'},
    "The claim's version when it was read (the `version` field wins when both are sent).",
)
IDEMPOTENCY_KEY = header(
    "Idempotency-Key",
    {"type": "string", "pattern": "^[\\x21-\\x7e]{1,200}$"},
    "Repeat a write safely: the same user, key and request replay the first answer (a "
    "refusal too); the same key with another request answers 422; a 5xx frees the key.",
)
IF_NONE_MATCH = header(
    "If-None-Match", STRING, "An ETag from an earlier answer; 304 when nothing changed."
)

QUEUE_FILTERS = [
    query("status", enum(["any", *CLAIM_STATUSES]), "Default: queued."),
    query("article", ID, "Only this article's claims."),
    query(
        "assignee",
        {"type": "string", "pattern": "^([0-9]+|unassigned|any)$"},
        "A user id, `unassigned` or `any`.",
    ),
    query("claimant", STRING, "Case-insensitive exact claimant."),
    query("min_score", {"type": "number", "minimum": 0, "maximum": 1}),
    query("max_score", {"type": "number", "minimum": 0, "maximum": 1}),
    query("due_before", DATE),
    query("older_than_days", {"type": "integer", "minimum": 0}),
    query("sort", enum(["priority", "score", "due", "age"]), "Default: priority."),
    query("cursor", STRING, "The `next` of the previous page."),
    query("limit", INTEGER, "Page size, 1 to 200 (other values are clamped); default 50."),
]

PUBLISHED_FILTERS = [
    query("rating", STRING, "A rating slug."),
    query("claimant", STRING, "Case-insensitive exact claimant."),
    query("from", DATE, "Published on or after this day."),
    query("to", DATE, "Published on or before this day."),
    query("cursor", STRING, "The `next` of the previous page."),
    query("limit", {"type": "integer", "minimum": 1, "maximum": 100}, "Default 20."),
]


# Bodies ------------------------------------------------------------------------------------


def json_body(
    properties: dict[str, Schema], *, required: list[str] | None = None, name: str = ""
) -> Schema:
    """A JSON object body; with nothing required, an empty body counts as `{}`."""
    schema: Schema = ref(name) if name else obj(properties, required=required or [])
    return {
        "required": bool(required) or bool(name),
        "content": {"application/json": {"schema": schema}},
    }


VERSION_ONLY = json_body({"version": VERSION})


# Operations --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Operation:
    method: str
    path: str
    summary: str
    auth: str
    responses: dict[int, tuple[str, Schema | None]]
    errors: tuple[int, ...] = ()
    parameters: list[Schema] = field(default_factory=list)
    body: Schema | None = None
    editors_only: bool = False
    admin_only: bool = False
    tag: str = "desk"
    cacheable: bool = False


def ok(schema: Schema, description: str = "OK") -> tuple[str, Schema | None]:
    return description, schema


def _response(description: str, schema: Schema | None, *, cacheable: bool) -> Schema:
    response: Schema = {"description": description}
    if schema is not None:
        response["content"] = {"application/json": {"schema": schema}}
    if cacheable:
        response["headers"] = {
            "ETag": {"schema": STRING, "description": "Send it back as If-None-Match."},
            "Cache-Control": {"schema": STRING},
        }
    return response


def _error_statuses(op: Operation) -> list[int]:
    implied = {400} if op.body is not None else set()
    if op.auth != PUBLIC:
        implied.add(401)
    if op.auth == WRITE or op.editors_only or op.admin_only:
        implied.add(403)  # read-only tokens, and roles
    if op.body is not None and op.method in ("post", "put"):
        implied.add(413)  # the request is larger than the site's limit
    if any(p["in"] == "path" for p in op.parameters):
        implied.add(404)
    if IDEMPOTENCY_KEY in op.parameters:
        implied |= {409, 422}  # a key still being handled; a key reused for another request
    return sorted(implied | set(op.errors))


def _operation_id(op: Operation) -> str:
    words = [w.strip("{}") for w in op.path.split("/") if w and not w.startswith("{")]
    return "_".join([op.method, *words]).replace(".", "_")


def describe(op: Operation) -> Schema:
    """The OpenAPI operation object of `op`."""
    responses: dict[str, Schema] = {
        str(status): _response(description, schema, cacheable=op.cacheable and status == 200)
        for status, (description, schema) in op.responses.items()
    }
    if op.cacheable:
        responses["304"] = {"description": "Not modified since the ETag sent."}
    for status in _error_statuses(op):
        responses[str(status)] = _response(ERRORS[status], ref("Error"), cacheable=False)
    who = "admins" if op.admin_only else "editors and admins" if op.editors_only else ""
    description = f"Only {who}." if who else ""
    described: Schema = {
        "operationId": _operation_id(op),
        "summary": op.summary,
        "tags": [op.tag],
        "security": SECURITY[op.auth],
        "parameters": op.parameters + ([IF_NONE_MATCH] if op.cacheable else []),
        "responses": responses,
    }
    if description:
        described["description"] = description
    if op.body is not None:
        described["requestBody"] = op.body
    return described


CLAIM = ok(ref("Claim"))
CLAIM_ID = [path_id("claim_id")]
ARTICLE_ID = [path_id("article_id")]
VERSIONED = [*CLAIM_ID, IF_MATCH]

OPERATIONS: list[Operation] = [
    Operation(
        "post",
        "/articles",
        "Add an article (pasted text, or fetched from a URL) and extract its claims",
        WRITE,
        {201: ok(ref("Article"), "Created")},
        errors=(409, 415, 422, 502, 504),
        parameters=[IDEMPOTENCY_KEY],
        body={
            "required": True,
            "content": {"application/json": {"schema": ref("NewArticle")}},
        },
        editors_only=True,
    ),
    Operation(
        "post",
        "/articles/upload",
        "Add an article from an uploaded file",
        WRITE,
        {201: ok(ref("Article"), "Created")},
        errors=(409, 415, 422),
        parameters=[IDEMPOTENCY_KEY],
        body={"required": True, "content": {"multipart/form-data": {"schema": ref("Upload")}}},
        editors_only=True,
    ),
    Operation(
        "get",
        "/articles/{article_id}",
        "An article",
        READ,
        {200: ok(ref("Article"))},
        parameters=ARTICLE_ID,
    ),
    *(
        Operation(
            "post",
            f"/claims/{{claim_id}}/{action}",
            f"Triage: {action} a candidate claim",
            WRITE,
            {200: CLAIM},
            errors=(409,),
            parameters=VERSIONED,
            body=VERSION_ONLY,
            editors_only=True,
        )
        for action in ("accept", "reject", "restore")
    ),
    Operation(
        "post",
        "/claims/{claim_id}/details",
        "Set who made the claim and when",
        WRITE,
        {200: CLAIM},
        errors=(409,),
        parameters=VERSIONED,
        body=json_body({"claimant": TEXT, "claim_date": nullable(DATE), "version": VERSION}),
        editors_only=True,
    ),
    Operation(
        "post",
        "/queue/next",
        "Take the next queued claim (with a lease)",
        WRITE,
        {200: CLAIM, 204: ("The queue is empty", None)},
        tag="queue",
    ),
    Operation(
        "post",
        "/claims/{claim_id}/assign",
        "Assign the claim to a user",
        WRITE,
        {200: CLAIM},
        errors=(409,),
        parameters=VERSIONED,
        body=json_body({"user_id": ID, "version": VERSION}, required=["user_id"]),
        editors_only=True,
        tag="queue",
    ),
    Operation(
        "post",
        "/claims/{claim_id}/release",
        "Give the claim back to the queue (its holder, or an editor)",
        WRITE,
        {200: CLAIM},
        errors=(409,),
        parameters=VERSIONED,
        body=VERSION_ONLY,
        tag="queue",
    ),
    Operation(
        "post",
        "/claims/{claim_id}/evidence",
        "Add a source (the claim's holder)",
        WRITE,
        {201: ok(ref("Evidence"), "Created")},
        errors=(409,),
        parameters=[*CLAIM_ID, IDEMPOTENCY_KEY],
        body=json_body(
            {
                "url": {**STRING, "description": "An absolute http(s) address."},
                "stance": {**enum(STANCES), "description": "Case-insensitive."},
                "title": TEXT,
                "publisher": TEXT,
                "excerpt": TEXT,
                "accessed_on": nullable(DATE),
            },
            required=["url", "stance"],
        ),
    ),
    Operation(
        "post",
        "/claims/{claim_id}/verdict",
        "Submit the verdict for review (the claim's holder)",
        WRITE,
        {201: ok(ref("Claim"), "Submitted")},
        errors=(409,),
        parameters=[*VERSIONED, IDEMPOTENCY_KEY],
        body=json_body(
            {"rating": STRING, "explanation": STRING, "version": VERSION},
            required=["rating", "explanation"],
        ),
    ),
    Operation(
        "put",
        "/claims/{claim_id}/verdict",
        "Save the verdict being written (a private draft)",
        WRITE,
        {200: ok(ref("Draft"))},
        errors=(409,),
        parameters=CLAIM_ID,
        body=json_body({"rating": TEXT, "explanation": TEXT}),
    ),
    Operation(
        "post",
        "/claims/{claim_id}/approve",
        "Vote to approve the submitted verdict",
        WRITE,
        {200: ok(ref("ReviewedClaim"))},
        errors=(409,),
        parameters=VERSIONED,
        body=VERSION_ONLY,
        editors_only=True,
        tag="review",
    ),
    Operation(
        "post",
        "/claims/{claim_id}/return",
        "Vote to return the verdict to its checker, saying what to fix",
        WRITE,
        {200: ok(ref("ReviewedClaim"))},
        errors=(409,),
        parameters=VERSIONED,
        body=json_body({"note": STRING, "version": VERSION}, required=["note"]),
        editors_only=True,
        tag="review",
    ),
    Operation(
        "post",
        "/claims/{claim_id}/comments",
        "Comment on a claim, or reply to a comment",
        WRITE,
        {201: ok(ref("Comment"), "Created")},
        errors=(409,),
        parameters=[*CLAIM_ID, IDEMPOTENCY_KEY],
        body=json_body({"body": STRING, "parent_id": nullable(ID)}, required=["body"]),
    ),
    Operation(
        "get",
        "/claims/{claim_id}/events",
        "The claim's history",
        READ,
        {200: ok(obj({"claim_id": INTEGER, "events": array(ref("Event"))}))},
        parameters=CLAIM_ID,
    ),
    Operation(
        "post",
        "/articles/{article_id}/publish",
        "Publish the article's approved claims",
        WRITE,
        {200: ok(ref("PublishedArticle"))},
        errors=(409,),
        parameters=ARTICLE_ID,
        body=json_body({"summary": TEXT}),
        editors_only=True,
        tag="publishing",
    ),
    Operation(
        "get",
        "/published",
        "Published fact-checks, newest first (keyset-paginated)",
        PUBLIC,
        {200: ok(obj({"items": array(ref("PublishedArticle")), "next": TEXT}))},
        errors=(400,),
        parameters=PUBLISHED_FILTERS,
        tag="public",
        cacheable=True,
    ),
    Operation(
        "get",
        "/published/{article_id}",
        "One published fact-check",
        PUBLIC,
        {200: ok(ref("PublishedArticle"))},
        errors=(410,),
        parameters=ARTICLE_ID,
        tag="public",
        cacheable=True,
    ),
    Operation(
        "get",
        "/claimreview",
        "ClaimReview JSON-LD of every published claim, by claim id",
        PUBLIC,
        {
            200: ok(
                obj(
                    {
                        "@context": {"const": "https://schema.org"},
                        "@graph": array(ref("ClaimReview")),
                        "next_after": nullable(INTEGER),
                    }
                )
            )
        },
        errors=(400,),
        parameters=[query("after", {**ID, "minimum": 0}, "Claims after this id.")],
        tag="public",
        cacheable=True,
    ),
    Operation(
        "post",
        "/claimreview/import",
        "Import other outlets' fact-checks (ClaimReview JSON-LD, or JSON lines)",
        WRITE,
        {
            200: ok(ref("ImportReport"), "Nothing new; existing entries updated"),
            201: ok(ref("ImportReport"), "Imported"),
        },
        body={
            "required": True,
            "content": {
                "application/ld+json": {"schema": {"type": ["object", "array"]}},
                "application/json": {"schema": {"type": ["object", "array"]}},
                "text/plain": {"schema": {"type": "string", "description": "JSON lines."}},
            },
        },
        admin_only=True,
        tag="archive",
    ),
    Operation(
        "get",
        "/ratings",
        "The rating scale, most true first",
        PUBLIC,
        {200: ok(obj({"ratings": array(ref("Rating"))}))},
        tag="public",
        cacheable=True,
    ),
    Operation(
        "post",
        "/extract",
        "Split text into sentences and score them (nothing is stored)",
        READ,
        {200: ok(obj({"sentences": array(ref("Sentence"))}))},
        body=json_body({"text": STRING}, required=["text"]),
        tag="tools",
    ),
    Operation(
        "get",
        "/queue",
        "The shared queue, filtered and keyset-paginated",
        READ,
        {200: ok(obj({"items": array(ref("Claim")), "next": TEXT, "sort": STRING}))},
        errors=(400,),
        parameters=QUEUE_FILTERS,
        tag="queue",
    ),
    Operation(
        "get",
        "/match",
        "Earlier fact-checks most like a claim, best first",
        READ,
        {200: ok(obj({"matches": array(ref("Suggestion"))}))},
        errors=(400, 413),
        parameters=[
            query("text", {"type": "string", "minLength": 1, "maxLength": 5000}, required=True),
            query(
                "date",
                DATE,
                "When the claim was made: fact-checks dated shortly before it rank higher.",
            ),
        ],
        tag="tools",
    ),
    Operation(
        "get",
        "/openapi.json",
        "This document",
        PUBLIC,
        {200: ok({"type": "object"})},
        tag="meta",
    ),
]


def paths() -> dict[str, dict[str, Schema]]:
    described: dict[str, dict[str, Schema]] = {}
    for op in OPERATIONS:
        described.setdefault(op.path, {})[op.method] = describe(op)
    return described


def document(server_url: str) -> dict[str, Any]:
    """The OpenAPI document; `server_url` is where this API is served."""
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "factcheck API",
            "version": "1",
            "description": "Articles in, rated fact-checks out. Writes need "
            "`Authorization: Bearer <token>`; reads also accept a signed-in session. "
            'Errors are always `{"error": {"code", "message", "field"?}}`.',
        },
        "servers": [{"url": server_url}],
        "paths": paths(),
        "components": {
            "schemas": SCHEMAS,
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
