"""Read-only roles (X-1, ID-7): a caller whose roles are all read-only changes nothing in any service.

Installed by `create_service_app` in every service, as a check before any view, so a new endpoint cannot
forget it. A non-GET operation that is really a read (verifying a log) or the caller's own credentials is
marked with `open_to_read_only_roles(reason)`; the generated probe (kefulib.testing.read_only_probe) lists
those and walks every other non-GET operation with an auditor's token.
"""
from __future__ import annotations

from collections.abc import Iterable

from flask import Flask, request

from .authn import authenticate_request
from .problems import Forbidden, ProblemError

#: Roles that read and verify across the company and may change nothing (the HQ auditor).
READ_ONLY_ROLES = frozenset({"hq_auditor"})
READ_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def is_read_only(roles: Iterable[str]) -> bool:
    """True when every role the caller holds is read-only. A person who also holds a working role
    (an auditor who is a project's CS assistant too) acts under that role; no role at all says nothing."""
    names = {str(role) for role in roles}
    return bool(names) and names <= READ_ONLY_ROLES


def open_to_read_only_roles(reason: str):
    """Mark a non-GET operation a read-only role may still call, saying why. Put it under the route decorator."""
    def mark(view):
        view.open_to_read_only_roles = reason
        return view
    return mark


def install_read_only_guard(app: Flask) -> None:
    """Refuse every state-changing request of a read-only caller before any lookup or validation.
    Requests without a valid bearer token pass on untouched: the view answers 401 as before."""

    @app.before_request
    def refuse_writes_by_read_only_roles():
        if request.method in READ_METHODS or request.url_rule is None:
            return None  # reads, and unknown paths/methods (404/405 as before)
        view = app.view_functions.get(request.endpoint)
        if getattr(view, "open_to_read_only_roles", None):
            return None
        if not request.headers.get("Authorization", "").lower().startswith("bearer "):
            return None
        try:
            principal = authenticate_request()
        except ProblemError:
            return None
        if is_read_only(principal.roles):
            raise Forbidden("The HQ auditor's role is read-only: it reads and verifies, and changes nothing.")
        return None
