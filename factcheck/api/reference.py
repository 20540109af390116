"""The API reference page for people: the OpenAPI document (factcheck/api/openapi.py) read
into operations and shapes that a template lays out. Nothing here is declared again: the
page says what the document says, so it cannot drift from what the API does."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

METHODS = ("get", "post", "put", "patch", "delete")
_REF = "#/components/schemas/"


@dataclass(frozen=True)
class Field:
    """A parameter or a property: its name, where it goes, its type as text, whether it
    must be given, its description and its bounds."""

    name: str
    where: str
    type: str
    refs: tuple[str, ...]
    required: bool
    description: str
    bounds: str


@dataclass(frozen=True)
class Reply:
    status: str
    description: str
    type: str
    refs: tuple[str, ...]


@dataclass(frozen=True)
class Operation:
    method: str
    path: str
    anchor: str
    summary: str
    public: bool
    parameters: tuple[Field, ...]
    body_type: str
    body_refs: tuple[str, ...]
    replies: tuple[Reply, ...]


@dataclass(frozen=True)
class Shape:
    name: str
    description: str
    type: str
    fields: tuple[Field, ...]


@dataclass(frozen=True)
class Reference:
    title: str
    description: str
    server: str
    groups: tuple[tuple[str, tuple[Operation, ...]], ...]
    shapes: tuple[Shape, ...]


def reference(document: dict[str, Any]) -> Reference:
    """Operations grouped by their first tag, in the document's order, and every shape."""
    groups: dict[str, list[Operation]] = {}
    for path, methods in document["paths"].items():
        for method in METHODS:
            if method in methods:
                described = methods[method]
                tag = (described.get("tags") or ["other"])[0]
                groups.setdefault(tag, []).append(_operation(method, path, described))
    schemas = document.get("components", {}).get("schemas", {})
    return Reference(
        title=document["info"]["title"],
        description=document["info"].get("description", ""),
        server=document["servers"][0]["url"] if document.get("servers") else "",
        groups=tuple((tag, tuple(ops)) for tag, ops in groups.items()),
        shapes=tuple(_shape(name, schema) for name, schema in sorted(schemas.items())),
    )


def _operation(method: str, path: str, described: dict[str, Any]) -> Operation:
    body_schema = _schema_of(described.get("requestBody", {}))
    body_type, body_refs = type_of(body_schema) if body_schema else ("", ())
    return Operation(
        method=method.upper(),
        path=path,
        anchor=described.get("operationId") or f"{method}-{path}",
        summary=described.get("summary", ""),
        public=described.get("security") == [],
        parameters=tuple(
            _field(p["name"], p.get("schema", {}), p.get("required", False), p["in"], p)
            for p in described.get("parameters", [])
        ),
        body_type=body_type,
        body_refs=body_refs,
        replies=tuple(_reply(status, reply) for status, reply in described["responses"].items()),
    )


def _schema_of(described: dict[str, Any]) -> dict[str, Any] | None:
    """The schema of a body or an answer's first media type (the API speaks JSON only)."""
    content: dict[str, dict[str, Any]] = described.get("content", {})
    for media in content.values():
        schema: dict[str, Any] | None = media.get("schema")
        return schema
    return None


def _reply(status: str, reply: dict[str, Any]) -> Reply:
    schema = _schema_of(reply)
    shown, refs = type_of(schema) if schema else ("", ())
    return Reply(status, reply.get("description", ""), shown, refs)


def _shape(name: str, schema: dict[str, Any]) -> Shape:
    required = set(schema.get("required", []))
    properties = schema.get("properties", {})
    shown, _ = type_of(schema) if not properties else ("object", ())
    return Shape(
        name=name,
        description=schema.get("description", ""),
        type=shown,
        fields=tuple(
            _field(field, sub, field in required, "", sub) for field, sub in properties.items()
        ),
    )


def _field(
    name: str, schema: dict[str, Any], required: bool, where: str, described: dict[str, Any]
) -> Field:
    shown, refs = type_of(schema)
    return Field(
        name=name,
        where=where,
        type=shown,
        refs=refs,
        required=required,
        description=described.get("description") or schema.get("description", ""),
        bounds=_bounds(schema),
    )


def type_of(schema: dict[str, Any]) -> tuple[str, tuple[str, ...]]:
    """A schema as a reader would say its type ("string or null", "array of Claim"), and
    the shapes it names, for links."""
    if "$ref" in schema:
        name = schema["$ref"].removeprefix(_REF)
        return name, (name,)
    for combined in ("anyOf", "oneOf", "allOf"):
        if combined in schema:
            parts = [type_of(sub) for sub in schema[combined]]
            joiner = " and " if combined == "allOf" else " or "
            return joiner.join(text for text, _ in parts), tuple(
                r for _, refs in parts for r in refs
            )
    if "enum" in schema:
        return "one of " + ", ".join(f"“{value}”" for value in schema["enum"]), ()
    if "const" in schema:
        return f"“{schema['const']}”", ()
    kind = schema.get("type", "any")
    if isinstance(kind, list):
        return " or ".join(kind), ()
    if kind == "array":
        items, refs = type_of(schema.get("items", {}))
        return f"array of {items}", refs
    if "format" in schema and kind == "string":
        return f"string ({schema['format']})", ()
    return kind, ()


_BOUNDS = (
    ("minimum", "at least {:,}"),
    ("maximum", "at most {:,}"),
    ("minLength", "at least {:,} characters"),
    ("maxLength", "at most {:,} characters"),
    ("minItems", "at least {:,} items"),
    ("maxItems", "at most {:,} items"),
)


def _bounds(schema: dict[str, Any]) -> str:
    """What a value must keep to, as words: "at most 2,048 characters; default 20"."""
    said = [
        template.format(schema[key])
        for key, template in _BOUNDS
        if isinstance(schema.get(key), int) and not isinstance(schema.get(key), bool)
    ]
    if "default" in schema and schema["default"] is not None:
        said.append(f"default {schema['default']}")
    return "; ".join(said)
