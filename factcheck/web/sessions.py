"""Flask's signed-cookie sessions, without the work a request with no cookie does not need.

Most requests to a public site come from readers without a session cookie. Flask builds a
signing serializer (an HMAC key derivation included) before it looks for the cookie, on
every request, and walks the cookie settings again on the way out. This interface answers a
request without a cookie with an empty session straight away, keeps one serializer per
secret key, and returns early when an untouched empty session has nothing to save. Signed
sessions, their expiry and everything read from them stay as they were (the tests of
sign-in, logout and session expiry prove it).
"""

from __future__ import annotations

from typing import Any

from flask import Flask, Request, Response
from flask.sessions import SecureCookieSession, SecureCookieSessionInterface
from itsdangerous import URLSafeTimedSerializer


class LeanCookieSessions(SecureCookieSessionInterface):
    def __init__(self) -> None:
        self._serializers: dict[Any, URLSafeTimedSerializer] = {}

    def get_signing_serializer(self, app: Flask) -> URLSafeTimedSerializer | None:
        # The key is part of the cache key: a changed secret (the tests change it) gets
        # its own serializer.
        fallbacks = app.config.get("SECRET_KEY_FALLBACKS")
        key = (app.secret_key, tuple(fallbacks) if fallbacks else ())
        serializer = self._serializers.get(key)
        if serializer is None:
            serializer = super().get_signing_serializer(app)
            if serializer is None:
                return None
            self._serializers[key] = serializer
        return serializer

    def open_session(self, app: Flask, request: Request) -> SecureCookieSession | None:
        if app.secret_key and not request.cookies.get(self.get_cookie_name(app)):
            return self.session_class()
        return super().open_session(app, request)

    def save_session(self, app: Flask, session: Any, response: Response) -> None:
        if not session and not session.modified:
            # What Flask does for an empty session it did not change, without reading the
            # cookie settings first.
            if session.accessed:
                response.vary.add("Cookie")
            return
        super().save_session(app, session, response)
