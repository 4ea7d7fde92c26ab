"""Who the caller is in domain terms: their roles the domain knows, whether they act for HQ, the role a step is
taken under; and the no-store header every answer carrying personal data gets."""
from __future__ import annotations

from flask import Response
from kefulib import read_only
from kefulib.authn import Principal, current_principal
from kefulib.problems import Forbidden

from .domain import HQ_ROLES, Role
from .domain.roles import OUTSIDE_ROLES

HQ_ADMIN = "hq_admin"  # the HQ administrator client made by `kefu-identity bootstrap`
HQ_COMPANY = "hq"  # the company (HQ tenant) every project belongs to; HQ roles are assigned here


def domain_roles(principal: Principal | None = None) -> list[Role]:
    """The caller's roles that the domain knows, in a stable order (unknown names are ignored)."""
    principal = principal or current_principal()
    known = {r.value for r in Role}
    return sorted((Role(r) for r in principal.roles if r in known), key=lambda r: list(Role).index(r))


def is_hq(principal: Principal | None = None) -> bool:
    principal = principal or current_principal()
    return principal.hq or HQ_ADMIN in principal.roles or bool(set(domain_roles(principal)) & HQ_ROLES)


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


# ---------------------------------------------------------------- read-only roles (X-1, ID-7)
# The guard itself is the platform's (kefulib.read_only, installed by create_service_app in every service).
open_to_read_only_roles = read_only.open_to_read_only_roles


# ---------------------------------------------------------------- no caching of personal data

def no_store(response: Response) -> Response:
    """after_request of every blueprint whose answers may carry personal data (archive records, contact
    lists, the access log, staff): no browser, proxy or gateway cache may keep a copy."""
    response.headers["Cache-Control"] = "no-store"
    return response
