"""Sign-in, sign-out and the session behind every /api call (thin views over sessions and identity_client)."""
from __future__ import annotations

import hmac
import time
from functools import wraps

from flask import Blueprint, current_app, g, jsonify, redirect, request

from . import identity_client
from .sessions import LOGIN_COOKIE, SESSION_COOKIE, SessionStore, csrf_ok

auth = Blueprint("auth", __name__)
REFRESH_MARGIN_SECONDS = 60
SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}


def _settings():
    return current_app.extensions["console.settings"]


def _store() -> SessionStore:
    return current_app.extensions["console.sessions"]


def problem(status: int, title: str, detail: str = ""):
    response = jsonify({"type": "about:blank", "title": title, "status": status, "detail": detail})
    response.status_code = status
    response.mimetype = "application/problem+json"
    return response


@auth.route("/auth/login")
def login():
    state, verifier = _store().begin_login()
    response = redirect(identity_client.authorize_url(_settings(), state, verifier))
    # Binds the round trip to this browser (login CSRF): Lax, so it comes back on identity's redirect.
    response.set_cookie(LOGIN_COOKIE, state, httponly=True, samesite="Lax", secure=_settings().secure_cookies,
                        path="/auth/callback", max_age=600)
    return response


@auth.route("/auth/callback")
def callback():
    state, code = request.args.get("state", ""), request.args.get("code", "")
    cookie = request.cookies.get(LOGIN_COOKIE, "")
    if not state or not code or not hmac.compare_digest(state, cookie):
        return problem(400, "Sign-in could not be completed", "Start again from the console's sign-in.")
    verifier = _store().finish_login(state)
    if verifier is None:
        return problem(400, "Sign-in expired", "Start again from the console's sign-in.")
    try:
        tokens = identity_client.exchange_code(_settings(), code, verifier)
    except identity_client.SignInFailed:
        return problem(400, "Sign-in was refused by identity", "Start again from the console's sign-in.")
    claims = identity_client.claims_of(tokens["access_token"])
    sid = _store().create({"person_id": claims["sub"], "tenant_id": claims["tenant_id"], "roles": claims["roles"],
                           "hq": bool(claims.get("hq"))}, tokens)
    response = redirect("/")
    response.set_cookie(SESSION_COOKIE, sid, httponly=True, samesite="Lax", secure=_settings().secure_cookies, path="/")
    response.delete_cookie(LOGIN_COOKIE, path="/auth/callback")
    return response


def signed_in(view):
    """The view runs with g.session (tokens fresh); changes need the session's CSRF token in X-CSRF-Token."""
    @wraps(view)
    def wrapper(*args, **kwargs):
        session = _store().get(request.cookies.get(SESSION_COOKIE))
        if session is None:
            return problem(401, "Not signed in", "Sign in again.")
        if request.method not in SAFE_METHODS and not csrf_ok(session, request.headers.get("X-CSRF-Token")):
            return problem(403, "Missing or wrong CSRF token", "Reload the page and try again.")
        if session["access_expires_at"] - REFRESH_MARGIN_SECONDS <= time.time():
            try:
                session = _store().replace_tokens(session, identity_client.refresh(_settings(), session["refresh_token"]))
            except identity_client.SignInFailed:  # identity ended the session (revoked, expired, password changed)
                _store().delete(session)
                return problem(401, "Signed out", "Your sign-in has ended; sign in again.")
        g.session = session
        return view(*args, **kwargs)
    return wrapper


@auth.route("/auth/logout", methods=["POST"])
@signed_in
def logout():
    identity_client.revoke(_settings(), g.session["refresh_token"])
    _store().delete(g.session)
    response = jsonify({"signed_out": True})
    response.delete_cookie(SESSION_COOKIE, path="/")
    return response
