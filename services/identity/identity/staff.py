"""Staff accounts: one person, roles per project (HQ roles across the company), argon2 passwords."""
from __future__ import annotations

import uuid
from datetime import datetime

from argon2 import PasswordHasher
from argon2.exceptions import VerificationError
from kefulib import audit
from kefulib.authn import Principal
from kefulib.messaging import Event, add_to_outbox
from kefulib.problems import Conflict, Forbidden, NotFound, Unprocessable
from kefulib.store import run_in_transaction
from pymongo.database import Database
from pymongo.errors import DuplicateKeyError

from .access import HQ_ADMIN, HQ_COMPANY
from .domain import HQ_ROLES, KEEPERS, OUTSIDE_ROLES, Role, RoleAssignment, password_problems, roles_in_project
from .domain.separation import MAX_CREATION_DEPTH, Account, granted_only_by_hq
from .store import REFRESH_TOKENS, STAFF, TENANTS

password_hasher = PasswordHasher()
# Verified against when the username is unknown, so both answers take as long (no user enumeration).
_DUMMY_HASH = password_hasher.hash("not-a-real-password-0")

STAFF_ROLES = [r for r in Role if r not in OUTSIDE_ROLES]

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

# Who holds which role where, for services that route work to people (notifications). HQ roles are
# announced in the company scope (`hq`). Only an id, the role and a display name: no personal data.
ROLE_GRANTED = "identity.staff.role_granted"
ROLE_REMOVED = "identity.staff.role_removed"


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


def role_scopes(roles) -> set[str]:
    out: set[str] = set()
    for role in roles:
        out |= scopes_for(Role(role))
    return out


def assignments_of(doc: dict) -> list[RoleAssignment]:
    return [RoleAssignment(doc["_id"], a["scope_id"], Role(a["role"])) for a in doc.get("assignments", [])]


def roles_for(doc: dict, project_id: str) -> list[str]:
    """The roles the person holds when acting in `project_id` (HQ roles count everywhere)."""
    roles = roles_in_project(assignments_of(doc), doc["_id"], project_id, HQ_COMPANY)
    return sorted(r.value for r in roles)


def check_password(doc: dict | None, password: str) -> bool:
    try:
        return password_hasher.verify(doc["password_hash"] if doc else _DUMMY_HASH, password) and doc is not None
    except VerificationError:
        return False


def _caller_is_hq_admin(principal: Principal) -> bool:
    return HQ_ADMIN in principal.roles


def _assignment(db: Database, principal: Principal, role: str, project_id: str | None, field: str) -> dict:
    """Where a new role applies: HQ roles to the company, others to the caller's project (HQ may name one)."""
    role = Role(role)
    if role in HQ_ROLES:
        if not _caller_is_hq_admin(principal):
            raise Forbidden("Only the HQ administrator assigns HQ roles.")
        return {"scope_id": HQ_COMPANY, "role": role.value}
    if granted_only_by_hq(role) and not _caller_is_hq_admin(principal):
        # The manager signs borrowing approvals: one who could make managers could sign their own.
        raise Forbidden("Only HQ creates project managers or gives or takes the project manager role.")
    scope = principal.tenant_id
    if project_id and project_id != principal.tenant_id:
        if not _caller_is_hq_admin(principal):
            raise NotFound("No such property project.")
        scope = project_id
    if db[TENANTS].find_one({"_id": scope}) is None:
        raise Unprocessable(f"These fields are not valid: {field}.", errors={field: ["no such property project"]})
    return {"scope_id": scope, "role": role.value}


def create_staff(db: Database, principal: Principal, body: dict, at: datetime) -> dict:
    username = body["username"].strip().lower()
    problems = password_problems(body["password"], username=username)
    if problems:
        raise Unprocessable("These fields are not valid: password.", errors={"password": list(problems)})
    assignments = []
    for index, item in enumerate(body["roles"]):
        assignment = _assignment(db, principal, item["role"], item.get("project_id"), f"roles.{index}.project_id")
        if assignment not in assignments:
            assignments.append(assignment)
    doc = {"_id": f"stf_{uuid.uuid4().hex}", "username": username, "name": body["name"],
           "password_hash": password_hasher.hash(body["password"]), "assignments": assignments,
           "disabled": False, "created_at": at, "created_by": principal.actor, "password_changed_at": at}

    def work(session):
        db[STAFF].insert_one(doc, session=session)
        for assignment in assignments:
            _audit_roles(db, doc, "insert", {"$addToSet": {"assignments": assignment}, "username": username}, session)
            add_to_outbox(db, _role_event(ROLE_GRANTED, doc, assignment, principal), session)

    try:
        run_in_transaction(db, work)
    except DuplicateKeyError:
        raise Conflict(f"The username '{username}' is taken.", errors={"username": ["already used"]}) from None
    return doc


def _role_event(type_: str, doc: dict, assignment: dict, principal: Principal) -> Event:
    return Event(type_, assignment["scope_id"], actor=principal.actor, data={
        "staff_id": doc["_id"], "role": assignment["role"], "display_name": doc["name"],
        "company_wide": assignment["scope_id"] == HQ_COMPANY})


def _change_role(db: Database, principal: Principal, doc: dict, assignment: dict, grant: bool) -> dict:
    """Add or remove one assignment; only a real change is audited and announced, in the same transaction."""
    def work(session):
        change = {"$addToSet" if grant else "$pull": {"assignments": assignment}}
        if db[STAFF].update_one({"_id": doc["_id"]}, change, session=session).modified_count:
            _audit_roles(db, doc, "update", change, session)
            add_to_outbox(db, _role_event(ROLE_GRANTED if grant else ROLE_REMOVED, doc, assignment, principal), session)

    run_in_transaction(db, work)
    return db[STAFF].find_one({"_id": doc["_id"]})


def _audit_roles(db: Database, doc: dict, operation: str, changes: dict, session=None) -> None:
    """Staff are global (a person spans projects), so their changes go to the trail of the project each
    assignment is in (X-6: who granted or removed which role, when); company-wide roles to HQ's."""
    for scope in {a["scope_id"] for a in _assignments_in(changes)} or {a["scope_id"] for a in doc["assignments"]}:
        audit.record(db[STAFF], scope, operation, ids=[doc["_id"]], changes=audit.redact(changes), session=session)


def _assignments_in(changes: dict) -> list[dict]:
    return [fields["assignments"] for fields in changes.values()
            if isinstance(fields, dict) and isinstance(fields.get("assignments"), dict)]


def creation_links(db: Database, *account_ids: str) -> dict[str, Account]:
    """The accounts named and everyone up their `created_by` chains (for separation of duties)."""
    accounts: dict[str, Account] = {}
    pending = [a for a in account_ids if a]
    while pending and len(accounts) < MAX_CREATION_DEPTH * max(len(account_ids), 1):
        account_id = pending.pop()
        if account_id in accounts:
            continue
        doc = db[STAFF].find_one({"_id": account_id}, {"created_by": 1})
        accounts[account_id] = Account(account_id, doc.get("created_by") if doc else None)
        if doc and doc.get("created_by"):
            pending.append(doc["created_by"])
    return accounts


def visible_staff(db: Database, principal: Principal, person_id: str) -> dict:
    """A person the caller may see: HQ sees everyone, a project only people with a role in it."""
    doc = db[STAFF].find_one({"_id": person_id})
    if doc is None or not (_caller_is_hq_admin(principal) or principal.hq or _in_project(doc, principal.tenant_id)):
        raise NotFound("No such staff account.")
    return doc


def _in_project(doc: dict, project_id: str) -> bool:
    return any(a["scope_id"] == project_id for a in doc.get("assignments", []))


def add_role(db: Database, principal: Principal, person_id: str, body: dict) -> dict:
    doc = visible_staff(db, principal, person_id)
    assignment = _assignment(db, principal, body["role"], body.get("project_id"), "project_id")
    return _change_role(db, principal, doc, assignment, grant=True)


def remove_role(db: Database, principal: Principal, person_id: str, role: str, project_id: str | None) -> dict:
    doc = visible_staff(db, principal, person_id)
    assignment = _assignment(db, principal, role, project_id, "project_id")
    return _change_role(db, principal, doc, assignment, grant=False)


def staff_view(doc: dict, principal: Principal) -> dict:
    """The account without its hash; a project sees only the roles held in it (and HQ roles)."""
    everything = _caller_is_hq_admin(principal) or principal.hq
    assignments = [a for a in doc.get("assignments", [])
                   if everything or a["scope_id"] in (principal.tenant_id, HQ_COMPANY)]
    return {"id": doc["_id"], "username": doc["username"], "name": doc["name"], "disabled": doc.get("disabled", False),
            "roles": [{"project_id": a["scope_id"], "role": a["role"]} for a in assignments],
            "created_at": doc.get("created_at")}


def staff_filter(principal: Principal, query: dict) -> dict:
    everything = _caller_is_hq_admin(principal) or principal.hq
    filter_: dict = {}
    project = query.get("project_id") if everything else principal.tenant_id
    role = query.get("role")
    if project and role:
        # Project and role must match in the same assignment: a manager of p2 is not a manager of p1.
        # An HQ role is held for the company, so it matches people who also have some role in the project.
        if Role(role) in HQ_ROLES:
            filter_["$and"] = [{"assignments.scope_id": project},
                               {"assignments": {"$elemMatch": {"scope_id": HQ_COMPANY, "role": role}}}]
        else:
            filter_["assignments"] = {"$elemMatch": {"scope_id": project, "role": role}}
    elif project:
        filter_["assignments.scope_id"] = project
    elif role:
        filter_["assignments.role"] = role
    return filter_


def change_password(db: Database, principal: Principal, body: dict, at: datetime) -> None:
    doc = db[STAFF].find_one({"_id": principal.subject})
    if doc is None:
        raise NotFound("Only a staff account has a password to change.")
    if not check_password(doc, body["current_password"]):
        raise Unprocessable("These fields are not valid: current_password.",
                            errors={"current_password": ["does not match"]})
    problems = password_problems(body["new_password"], username=doc["username"])
    if problems:
        raise Unprocessable("These fields are not valid: new_password.", errors={"new_password": list(problems)})
    db[STAFF].update_one({"_id": doc["_id"]}, {"$set": {
        "password_hash": password_hasher.hash(body["new_password"]), "password_changed_at": at}})
    _audit_roles(db, doc, "update", {"$set": {"password_hash": "changed", "password_changed_at": at}})
    db[REFRESH_TOKENS].update_many({"person_id": doc["_id"], "revoked_at": None},
                                   {"$set": {"revoked_at": at, "revoked_because": "password changed"}})

