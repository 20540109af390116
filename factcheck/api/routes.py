"""The API's route registry. Each view declares, in one `@operation(...)`, its method and
path, who may call it, its request and response shapes, the errors it may answer and its
tag. From that declaration the route is registered, the caller authenticated, the input
parsed and validated (422 naming the field), the answer serialized, and the OpenAPI
document generated (factcheck/api/openapi.py).

A view receives its path parameters, and `body=` and `query=` as instances of the declared
models; it returns a response model (with its status, when not 200) or a bare Response.
"""

from __future__ import annotations

import dataclasses
import inspect
import json
import logging
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, TypeVar, cast, get_args, get_origin

from flask import Blueprint, Response, g, jsonify, request, url_for
from flask_login import current_user
from pydantic import BaseModel, Discriminator, TypeAdapter, ValidationError
from sqlalchemy.exc import IntegrityError, OperationalError

from factcheck import idempotency, web
from factcheck.api.errors import from_validation, unique_keys
from factcheck.domain import accounts
from factcheck.domain.errors import (
    InvalidInput,
    PermissionDenied,
    Unauthorized,
    UnsupportedMediaType,
)
from factcheck.models import ApiToken, Role, User
from factcheck.public import cache as page_cache
from factcheck.web import signin

F = TypeVar("F", bound=Callable[..., Any])

# Who may call an operation.
PUBLIC = "public"  # anyone, no credentials
READ = "read"  # a bearer token, or a signed-in browser session (reads and /extract)
WRITE = "write"  # a bearer token with the write scope

TOO_DEEP = "The request body is nested too deeply to read."
_PATH_PARAMETER = re.compile(r"<(?:\w+:)?(\w+)>")


@dataclass(frozen=True)
class Operation:
    """One route of the API and everything the OpenAPI document says about it."""

    name: str  # the view's name: its Flask endpoint and its operationId
    method: str
    rule: str
    summary: str
    description: str
    responses: dict[int, Any]  # status -> response model (None: no content)
    auth: str = READ
    roles: frozenset[Role] = frozenset()  # models.user.EDITORS or ADMINS
    body: Any = None  # a request model, or a union of them
    form: type[BaseModel] | None = None  # a multipart form
    raw_body: dict[str, Any] | None = None  # OpenAPI content of a body the view reads itself
    query: type[BaseModel] | None = None
    errors: tuple[int, ...] = ()
    idempotent: bool = False
    versioned: bool = False
    cacheable: bool = False
    tag: str = "desk"
    handler: Callable[..., Any] = field(default=lambda: None, compare=False, repr=False)

    @property
    def path(self) -> str:
        """The OpenAPI path, relative to the server URL (/api/v1)."""
        return _PATH_PARAMETER.sub(r"{\1}", self.rule)

    @property
    def path_parameters(self) -> list[str]:
        return _PATH_PARAMETER.findall(self.rule)

    @cached_property
    def body_adapter(self) -> TypeAdapter[Any]:
        return TypeAdapter(self.body)

    @property
    def tagged_body(self) -> bool:
        """The body is a union chosen by a discriminator (its tag leads error locations)."""
        return get_origin(self.body) is not None and any(
            isinstance(arg, Discriminator) for arg in get_args(self.body)
        )


REGISTRY: dict[str, Operation] = {}


def operation(
    method: str, rule: str, *, summary: str, responses: dict[int, Any], **declared: Any
) -> Callable[[F], F]:
    """Declare a view as an API operation (see Operation for what may be declared)."""

    def decorator(view: F) -> F:
        name = view.__name__
        if name in REGISTRY:
            raise RuntimeError(f"Two API operations are named {name!r}.")
        op = Operation(
            name=name,
            method=method.lower(),
            rule=rule,
            summary=summary,
            description=inspect.cleandoc(view.__doc__ or ""),
            responses=responses,
            **declared,
        )
        REGISTRY[name] = _with_handler(op, view)
        return view

    return decorator


def register(bp: Blueprint) -> None:
    """Add every declared operation to the API blueprint."""
    for op in REGISTRY.values():
        bp.add_url_rule(op.rule, endpoint=op.name, view_func=op.handler, methods=[op.method])
    bp.after_request(_no_content)
    bp.after_request(_desk_answers_never_stored)


def _desk_answers_never_stored(response: Response) -> Response:
    """An operation that needs a token or a session answers with the desk's unpublished
    work: no cache keeps it, as none keeps the desk's pages (refusals and errors too). A
    header a view set itself is kept; readers' operations keep their public caching."""
    op = REGISTRY.get((request.endpoint or "").removeprefix("api."))
    if op is not None and op.auth != PUBLIC:
        response.headers.setdefault("Cache-Control", "no-store")
    return response


def _no_content(response: Response) -> Response:
    """A 204 has no body, so nothing to type (RFC 9110): whatever built it (a view, an
    Idempotency-Key's replay), it goes without a body and a Content-Type."""
    if response.status_code == 204:
        response.set_data(b"")
        response.headers.pop("Content-Type", None)
        response.headers.pop("Content-Length", None)
    return response


def _with_handler(op: Operation, view: Callable[..., Any]) -> Operation:
    def call(**path: Any) -> Response:
        return _respond(op, view(**path, **_inputs(op)))

    def handle(**path: Any) -> Response:
        if op.auth != PUBLIC:
            _authorize(op)
        attempt = idempotency.begin(caller()) if op.idempotent else None
        if isinstance(attempt, Response):
            return attempt  # a stored answer, or a refusal of the key: nothing to run
        if attempt is None:
            response = call(**path)
        else:
            response = idempotency.answer(lambda: call(**path))
            idempotency.keep(attempt, response)
        response = _commit(attempt) or response
        return page_cache.public_caching(response) if op.cacheable else response

    handle.__name__ = op.name
    handle.__doc__ = view.__doc__
    return dataclasses.replace(op, handler=handle)


def _commit(attempt: idempotency.Attempt | None) -> Response | None:
    """The request's one commit: what the view wrote, the answer kept for its
    Idempotency-Key, and the token's last use, together. Views and helpers only flush.
    Return the answer to send instead, when the same write with the same key won a race."""
    token = g.get("api_token")
    if request.method in ("GET", "HEAD"):
        web.db().commit()  # ends the read: a read writes nothing of its caller's
        if token is not None:
            _note_use(token)
        return None
    try:
        if token is not None:
            # May load the token again (a refusal rolled back), which flushes the key first.
            accounts.record_use(token)
        web.db().commit()
    except IntegrityError:
        if attempt is None:
            raise
        return idempotency.after_race(attempt)
    return None


def _note_use(token: ApiToken) -> None:
    """A read's only write, the token's last use, in a transaction of its own. Written in
    the read's transaction it failed at once on SQLite whenever another connection had
    written since the read began (SQLite cannot turn that read into a write, and no busy
    timeout helps): the read itself then failed. A fresh transaction waits for the lock
    like any write, and if even that fails, the read still gets its answer."""
    try:
        accounts.record_use(token)
        web.db().commit()
    except OperationalError as error:
        web.db().rollback()
        logging.getLogger("factcheck").warning("token use not recorded: %s", error)


# Who is calling ---------------------------------------------------------------------------


# No "<token>" placeholder: shown as HTML anywhere, it is a tag and vanishes ("Bearer .").
_SEND = "send the header Authorization: Bearer, a space, then your API token"


def _bearer_token(header: str) -> str:
    """The token of an `Authorization: Bearer ...` header; Unauthorized saying what is wrong
    with any other (never repeating what may be a token)."""
    scheme, space, token = header.strip().partition(" ")
    if scheme.lower() == "bearer" and token.strip():
        return token.strip()
    if scheme.lower() == "bearer":
        raise Unauthorized(f"The Authorization header holds no token after Bearer: {_SEND}.")
    if not space:
        raise Unauthorized(f"The Authorization header names no scheme: {_SEND}.")
    named = f"the {scheme} scheme" if scheme.isalpha() and len(scheme) <= 20 else "no Bearer"
    raise Unauthorized(f"The Authorization header uses {named}: {_SEND}.")


def _authenticate(*, write: bool) -> User:
    header = request.headers.get("Authorization", "")
    if header:
        record = web.api_token(_bearer_token(header))
        g.api_token = record
        if write and record.scope != "write":
            raise PermissionDenied(
                "This API token may only read; use a token with the write scope to change things."
            )
        return record.user
    if current_user.is_authenticated:
        if not write:
            return web.user()
        # Signed in, so "Authentication required" would mislead: a cookie only reads here
        # (a cross-site page could make a browser send one; it cannot send a token).
        raise Unauthorized(
            "API writes need an API token: a signed-in browser session can only read"
            " through the API. Create a token on your account page"
            f" ({url_for('account.account')}), then {_SEND}."
        )
    raise Unauthorized(f"Authentication required: {_SEND}.")


def _authorize(op: Operation) -> None:
    # A read that ends before the view, so that a slow view starts without a transaction
    # (see web.reads_only). The token's last use is written at the request's commit.
    with web.reads_only():
        g.api_user = _authenticate(write=op.auth == WRITE)
        g.api_user_id = g.api_user.id  # for the log line, which must not load the user again
    if op.roles and g.api_user.role not in op.roles:
        raise signin.wrong_role(g.api_user.role, op.roles)


def caller() -> User:
    """The authenticated caller of this request."""
    return cast(User, g.api_user)


# What was sent ----------------------------------------------------------------------------


def _inputs(op: Operation) -> dict[str, Any]:
    inputs: dict[str, Any] = {}
    try:
        if op.body is not None:
            inputs["body"] = op.body_adapter.validate_python(_json_body())
        if op.form is not None:
            inputs["body"] = op.form.model_validate(_form(op.form))
        if op.query is not None:
            inputs["query"] = op.query.model_validate(request.args.to_dict(flat=True))
    except ValidationError as error:
        raise from_validation(error, tagged=op.tagged_body and op.body is not None) from None
    return inputs


def _json_body() -> Any:
    """The JSON sent; an empty body counts as {}, but blanks are not JSON (400). A key sent
    twice in one object is refused (api.errors.DuplicateKey), not resolved by taking the last."""
    raw = request.get_data(cache=True)
    if not raw and not (request.form or request.files):  # a form's body is parsed
        return {}
    if request.mimetype != "application/json" and not request.mimetype.endswith("+json"):
        # A form or text body read as JSON by luck, or lost to form parsing ("'title' is
        # required" for a form that sent one).
        raise UnsupportedMediaType(
            "Send the body as JSON, with the header Content-Type: application/json."
        )
    try:
        return json.loads(raw, object_pairs_hook=unique_keys)
    except ValueError:
        raise InvalidInput("The request body is not valid JSON.") from None
    except RecursionError:
        raise InvalidInput(TOO_DEEP) from None


def _form(model: type[BaseModel]) -> dict[str, Any]:
    """The declared parts of a multipart form (others are ignored, as browsers send extras)."""
    sent: dict[str, Any] = {}
    for name in model.model_fields:
        value = request.files.get(name) if name in request.files else request.form.get(name)
        if value is not None:
            sent[name] = value
    return sent


# What is answered -------------------------------------------------------------------------


def _respond(op: Operation, result: Any) -> Response:
    if isinstance(result, Response):
        return result
    shape, status = result if isinstance(result, tuple) else (result, 200)
    declared = op.responses.get(status)
    if declared is None or not isinstance(shape, declared):
        raise RuntimeError(f"{op.name} answered {type(shape).__name__} with {status}, undeclared.")
    response = jsonify(shape.model_dump(mode="json", by_alias=True, exclude_unset=True))
    response.status_code = status
    return response
