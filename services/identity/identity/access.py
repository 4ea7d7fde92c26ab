"""Who the caller is in domain terms, the service clock, and domain errors as problem responses."""
from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

from flask import Flask, Response, current_app
from kefulib import read_only
from kefulib.authn import Principal, current_principal
from kefulib.problems import Forbidden, problem_response

from .domain import HQ_ROLES, InvalidInput, InvalidTransition, NotPermitted, Role
from .domain.roles import OUTSIDE_ROLES

HQ_ADMIN = "hq_admin"  # the HQ administrator client made by `kefu-identity bootstrap`
HQ_COMPANY = "hq"  # the company (HQ tenant) every project belongs to; HQ roles are assigned here

Clock = Callable[[], datetime]


def system_clock() -> datetime:
    return datetime.now(UTC)


def now() -> datetime:
    """The service clock (tests replace it to move past an approval's end)."""
    return current_app.extensions.get("kefu.clock", system_clock)()


def domain_roles(principal: Principal | None = None) -> list[Role]:
    """The caller's roles that the domain knows, in a stable order (unknown names are ignored)."""
    principal = principal or current_principal()
    known = {r.value for r in Role}
    return sorted((Role(r) for r in principal.roles if r in known), key=lambda r: list(Role).index(r))


def is_hq(principal: Principal | None = None) -> bool:
    principal = principal or current_principal()
    return principal.hq or HQ_ADMIN in principal.roles or bool(set(domain_roles(principal)) & HQ_ROLES)


def has_role(*roles: str, principal: Principal | None = None) -> bool:
    principal = principal or current_principal()
    return bool(set(principal.roles) & {str(r) for r in roles})


def demand_role(*roles: str, message: str | None = None) -> None:
    if not has_role(*roles):
        raise Forbidden(message or f"This needs one of the roles: {', '.join(sorted(str(r) for r in roles))}.")


def acting_role(preferred: tuple[Role, ...] = ()) -> Role:
    """The role a state change is taken under: a preferred one the caller holds, else the first staff role."""
    roles = domain_roles()
    for role in preferred:
        if role in roles:
            return role
    staff = [r for r in roles if r not in OUTSIDE_ROLES]
    if staff:
        return staff[0]
    if roles:
        return roles[0]
    raise Forbidden("The token carries no role this service knows.")


def install_domain_error_handlers(app: Flask) -> None:
    """InvalidInput -> 422 naming the field, NotPermitted -> 403, InvalidTransition -> 409."""

    @app.errorhandler(InvalidInput)
    def invalid_input(error: InvalidInput):
        return problem_response(422, "Unprocessable Content", f"These fields are not valid: {error.field}.",
                                slug="validation-error", errors={error.field: [error.message]})

    @app.errorhandler(NotPermitted)
    def not_permitted(error: NotPermitted):
        return problem_response(403, "Forbidden", str(error), slug="forbidden")

    @app.errorhandler(InvalidTransition)
    def invalid_transition(error: InvalidTransition):
        return problem_response(409, "Conflict", str(error), slug="conflict")


# ---------------------------------------------------------------- read-only roles (X-1, ID-7)
# The guard itself is the platform's (kefulib.read_only, installed by create_service_app in every service).
open_to_read_only_roles = read_only.open_to_read_only_roles


# ---------------------------------------------------------------- no caching of personal data

def no_store(response: Response) -> Response:
    """after_request of every blueprint whose answers may carry personal data (archive records, contact
    lists, the access log, staff): no browser, proxy or gateway cache may keep a copy."""
    response.headers["Cache-Control"] = "no-store"
    return response
