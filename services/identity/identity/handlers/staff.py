"""Staff accounts: one person, roles per project (HQ roles across the company), argon2 passwords."""
from __future__ import annotations

import uuid

from argon2 import PasswordHasher
from argon2.exceptions import VerificationError
from kefulib import audit
from kefulib.authn import Principal
from kefulib.messaging import Event, add_to_outbox
from kefulib.problems import Conflict, Forbidden, NotFound
from kefulib.store import run_in_transaction
from kefulib.web import page_of
from pymongo.database import Database
from pymongo.errors import DuplicateKeyError

from ..access import HQ_ADMIN, HQ_COMPANY
from ..domain import HQ_ROLES, Role, RoleAssignment, password_problems, roles_in_project
from ..domain.roles import STAFF_ROLES
from ..domain.separation import MAX_CREATION_DEPTH, Account, granted_only_by_hq
from ..store import REFRESH_TOKENS, STAFF, TENANTS
from .common import found, invalid, now

password_hasher = PasswordHasher()
# Verified against when the username is unknown, so both answers take as long (no user enumeration).
_DUMMY_HASH = password_hasher.hash("not-a-real-password-0")

# Who holds which role where, for services that route work to people (notifications). HQ roles are
# announced in the company scope (`hq`). Only an id, the role and a display name: no personal data.
ROLE_GRANTED = "identity.staff.role_granted"
ROLE_REMOVED = "identity.staff.role_removed"
STAFF_ROLE_NAMES = frozenset(r.value for r in STAFF_ROLES)


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
        raise invalid(field, "no such property project")
    return {"scope_id": scope, "role": role.value}


def create_staff(db: Database, principal: Principal, body: dict) -> dict:
    """POST /staff: the account (password checked against the blocklist, stored as argon2) with its roles, each
    announced; answered as the caller may see it."""
    at = now()
    username = body["username"].strip().lower()
    problems = password_problems(body["password"], username=username)
    if problems:
        raise invalid("password", problems)
    assignments = []
    for index, item in enumerate(body["roles"]):
        assignment = _assignment(db, principal, item["role"], item.get("project_id"), f"roles.{index}.project_id")
        if assignment not in assignments:
            assignments.append(assignment)
    doc = {"_id": f"stf_{uuid.uuid4().hex}", "username": username, "name": body["name"],
           "password_hash": password_hasher.hash(body["password"]), "assignments": assignments,
           "disabled": False, "created_at": at, "created_by": principal.actor, "password_changed_at": at}

    def insert_with_events(session):
        db[STAFF].insert_one(doc, session=session)
        for assignment in assignments:
            _audit_roles(db, doc, "insert", {"$addToSet": {"assignments": assignment}, "username": username}, session)
            add_to_outbox(db, _role_event(ROLE_GRANTED, doc, assignment, principal), session)

    try:
        run_in_transaction(db, insert_with_events)
    except DuplicateKeyError:
        raise Conflict(f"The username '{username}' is taken.", errors={"username": ["already used"]}) from None
    return staff_view(doc, principal)


def _role_event(type_: str, doc: dict, assignment: dict, principal: Principal) -> Event:
    return Event(type_, assignment["scope_id"], actor=principal.actor, data={
        "staff_id": doc["_id"], "role": assignment["role"], "display_name": doc["name"],
        "company_wide": assignment["scope_id"] == HQ_COMPANY})


def _change_role(db: Database, principal: Principal, doc: dict, assignment: dict, grant: bool) -> dict:
    """Add or remove one assignment; only a real change is audited and announced, in the same transaction."""
    def change_with_event(session):
        change = {"$addToSet" if grant else "$pull": {"assignments": assignment}}
        if db[STAFF].update_one({"_id": doc["_id"]}, change, session=session).modified_count:
            _audit_roles(db, doc, "update", change, session)
            add_to_outbox(db, _role_event(ROLE_GRANTED if grant else ROLE_REMOVED, doc, assignment, principal), session)

    run_in_transaction(db, change_with_event)
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


def get_staff(db: Database, principal: Principal, person_id: str) -> dict:
    return staff_view(visible_staff(db, principal, person_id), principal)


def get_me(db: Database, principal: Principal) -> dict:
    """The caller's own account (GET /staff/me)."""
    return staff_view(found(db[STAFF], {"_id": principal.subject}, "No staff account for this token."), principal)


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
    return staff_view(_change_role(db, principal, doc, assignment, grant=True), principal)


def remove_role(db: Database, principal: Principal, person_id: str, role: str, project_id: str | None) -> dict:
    if role not in STAFF_ROLE_NAMES:  # the role comes from the path, which no schema checks
        raise invalid("role", "unknown staff role")
    doc = visible_staff(db, principal, person_id)
    assignment = _assignment(db, principal, role, project_id, "project_id")
    return staff_view(_change_role(db, principal, doc, assignment, grant=False), principal)


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


def list_staff(db: Database, principal: Principal, query: dict) -> dict:
    staff = db[STAFF]  # global: a person spans projects; the filter keeps a project to its own people
    filter_ = staff_filter(principal, query)
    return page_of(lambda: staff.find(filter_).sort("username", 1), staff.count_documents(filter_),
                   query["page"], query["page_size"], dump=lambda d: staff_view(d, principal))


def change_password(db: Database, principal: Principal, body: dict) -> None:
    """POST /staff/me/password: every sign-in session of the person ends."""
    at = now()
    doc = found(db[STAFF], {"_id": principal.subject}, "Only a staff account has a password to change.")
    if not check_password(doc, body["current_password"]):
        raise invalid("current_password", "does not match")
    problems = password_problems(body["new_password"], username=doc["username"])
    if problems:
        raise invalid("new_password", problems)
    db[STAFF].update_one({"_id": doc["_id"]}, {"$set": {
        "password_hash": password_hasher.hash(body["new_password"]), "password_changed_at": at}})
    _audit_roles(db, doc, "update", {"$set": {"password_hash": "changed", "password_changed_at": at}})
    db[REFRESH_TOKENS].update_many({"person_id": doc["_id"], "revoked_at": None},
                                   {"$set": {"revoked_at": at, "revoked_because": "password changed"}})

