"""Which scopes a staff token carries for each role, and which scopes a caller may put on a client they register.

The role-to-scope table is the platform's one answer to "what may this role do in which service": identity puts
the union over a person's roles on their token at sign-in, and every service checks the scopes it names.
"""

from collections.abc import Iterable

from identity.domain.policy import KEEPERS
from identity.domain.roles import HQ_ROLES, Role

# Every staff role reads its own inbox; marking items needs a working role (the HQ auditor changes nothing).
_READ = {"identity:read", "identity:archives", "ticketing:read", "visits:read", "notifications:read"}
_WORK = {"ticketing:write", "visits:write", "notifications:write"}

# The front desk's registers (keys, parcels, phone messages, items held) are worked by the CS centre, the
# night duty officer, the project manager and security; HQ roles read them (the auditor too, and nothing more).
DESK_WORKERS = frozenset({Role.CS_ASSISTANT, Role.CS_ADMINISTRATOR, Role.CS_SUPERVISOR, Role.DUTY_OFFICER,
                          Role.PROJECT_MANAGER, Role.SECURITY, Role.SECURITY_SUPERVISOR})
_DESK = {"desk:read", "desk:write"}

# Renovation 装修 (issue 16): the CS centre takes the application in, engineering checks the drawings and patrols, the
# project manager approves; the security supervisor is the safety officer (安全员) who patrols with engineering and
# signs off hot work (seeds 004); security reads (the gate checks workers' passes). HQ roles read.
RENOVATION_WORKERS = frozenset({Role.CS_ASSISTANT, Role.CS_ADMINISTRATOR, Role.CS_SUPERVISOR, Role.PROJECT_MANAGER,
                                Role.ENGINEERING_SUPERVISOR, Role.TECHNICIAN, Role.SECURITY_SUPERVISOR})
RENOVATION_READERS = frozenset({Role.SECURITY, Role.DUTY_OFFICER})
_RENOVATION = {"renovation:read", "renovation:write"}

# Engineering quotes a paid repair on site from the catalogue and records the customer's consent (issue 13's
# technician's phone); collecting the money stays with the cashier (billing:write).
QUOTING_ROLES = frozenset({Role.TECHNICIAN, Role.ENGINEERING_SUPERVISOR})


def scopes_for(role: Role) -> set[str]:
    """The scopes a staff token may carry for one role; the token gets the union over its roles."""
    scopes = set(_READ)
    if role is Role.HQ_AUDITOR:
        return scopes | {"billing:read", "desk:read", "renovation:read"}
    if role in HQ_ROLES:
        return scopes | {"billing:read", "notifications:write", "desk:read", "renovation:read"} | (
            {"ticketing:write"} if role is Role.HQ_MANAGEMENT_REPRESENTATIVE else set())
    scopes |= _WORK
    if role in DESK_WORKERS:
        scopes |= _DESK
    if role in RENOVATION_WORKERS:
        scopes |= _RENOVATION
    elif role in RENOVATION_READERS:
        scopes |= {"renovation:read"}
    if role in KEEPERS:
        scopes |= {"identity:write", "billing:read", "billing:write"}
    if role is Role.PROJECT_MANAGER:
        scopes |= {"identity:admin"}
    if role is Role.FINANCE_CLERK:
        scopes |= {"billing:read", "billing:write"}
    if role is Role.ZONE_STEWARD:
        scopes |= {"desk:answers"}  # the standard answers on interviews, not the desk's registers
    if role in QUOTING_ROLES:
        scopes |= {"billing:read", "billing:quote"}
    return scopes


def role_scopes(roles: Iterable[str]) -> set[str]:
    """The union of the scopes of `roles` (role names, as a token or a staff record holds them)."""
    out: set[str] = set()
    for role in roles:
        out |= scopes_for(Role(role))
    return out


# Which scopes a caller may put on a client they register: only ones they hold themselves. Otherwise registering a
# client would be a way to mint tokens stronger than the caller's own (a project manager creating a
# `webhooks:manage` client, say). The HQ administrator is the root of every grant and may give any scope.

def ungrantable_scopes(requested: Iterable[str], held: Iterable[str], *, grants_any: bool) -> list[str]:
    """The requested scopes the caller lacks, sorted (empty: the request is fine)."""
    if grants_any:
        return []
    return sorted(set(requested) - set(held))
