"""`GET /audit-trail` and `GET /hq/audit-trail`, served by every service from its own trail (kefulib.audit)."""
from __future__ import annotations

from datetime import UTC

from flask_smorest import Blueprint
from marshmallow import Schema, fields, validate

from .audit import AUDIT_TRAIL
from .authn import current_principal, require
from .problems import Forbidden
from .store import IndexSpec, TenantCollection

#: Who reads a project's trail: its manager, and HQ (the auditor above all).
PROJECT_READERS = ["project_manager", "hq_admin", "hq_general_manager", "hq_management_representative",
                   "hq_auditor"]
HQ_READERS = ["hq_admin", "hq_general_manager", "hq_management_representative", "hq_auditor"]

AUDIT_INDEXES = [
    IndexSpec(AUDIT_TRAIL, [("tenant_id", 1), ("at", -1)]),
    IndexSpec(AUDIT_TRAIL, [("tenant_id", 1), ("record_ids", 1), ("at", -1)]),
    IndexSpec(AUDIT_TRAIL, [("at", -1)], tenant_scoped=False),  # HQ's newest-first across projects
]


class AuditQuery(Schema):
    collection = fields.String(validate=validate.Length(min=1, max=64))
    record_id = fields.String(validate=validate.Length(min=1, max=200))
    actor = fields.String(validate=validate.Length(min=1, max=200))
    operation = fields.String(validate=validate.OneOf(["insert", "update", "upsert", "delete"]))
    since = fields.AwareDateTime(default_timezone=UTC)
    until = fields.AwareDateTime(default_timezone=UTC)
    page = fields.Integer(load_default=1, validate=validate.Range(min=1, max=100_000))
    page_size = fields.Integer(load_default=50, validate=validate.Range(min=1, max=200))


class HqAuditQuery(AuditQuery):
    project = fields.List(fields.String(validate=validate.Length(min=1, max=64)),
                          metadata={"description": "repeat to name several projects; default all"})


class AuditEntryOut(Schema):
    id = fields.String(attribute="_id")
    project = fields.String(attribute="tenant_id")
    at = fields.DateTime()
    actor = fields.String(allow_none=True, metadata={"description": "token subject; null for the system"})
    roles = fields.List(fields.String())
    via = fields.String(metadata={"description": "request, event <type> <id>, or system"})
    collection = fields.String()
    operation = fields.String()
    record_ids = fields.List(fields.String())
    changes = fields.Dict(metadata={"description": "what was written; personal values are [redacted]"})
    selector = fields.Dict(metadata={"description": "the filter of a change that named no record id"})


class AuditPage(Schema):
    items = fields.List(fields.Nested(AuditEntryOut))
    page = fields.Integer()
    page_size = fields.Integer()
    total = fields.Integer()


def trail_filter(query: dict) -> dict:
    """The MongoDB filter of an audit query (pure)."""
    found: dict = {}
    for name, field in (("collection", "collection"), ("record_id", "record_ids"), ("actor", "actor"),
                        ("operation", "operation")):
        if name in query:
            found[field] = query[name]
    when = {op: query[key] for key, op in (("since", "$gte"), ("until", "$lt")) if key in query}
    if when:
        found["at"] = when
    return found


def _page(collection, filter_: dict, page: int, page_size: int) -> dict:
    cursor = collection.find(filter_).sort([("at", -1), ("_id", -1)]).skip((page - 1) * page_size).limit(page_size)
    return {"items": list(cursor), "page": page, "page_size": page_size, "total": collection.count_documents(filter_)}


def project_trail(db, tenant_id: str, query: dict) -> dict:
    trail = TenantCollection(db[AUDIT_TRAIL], tenant_id)
    return _page(trail, trail_filter(query), query["page"], query["page_size"])


def hq_trail(db, query: dict) -> dict:
    filter_ = trail_filter(query)
    if query.get("project"):
        filter_["tenant_id"] = {"$in": query["project"]}
    return _page(db[AUDIT_TRAIL], filter_, query["page"], query["page_size"])


def audit_blueprint(database) -> Blueprint:
    """The two read endpoints; `database()` gives the service's database."""
    blp = Blueprint("audit", __name__, description="Audit trail 审计记录 of every state change (X-6).")

    @blp.route("/audit-trail", methods=["GET"])
    @require(roles=PROJECT_READERS)
    @blp.arguments(AuditQuery, location="query")
    @blp.response(200, AuditPage)
    def get_project_trail(query):
        """Who changed what, when, in the caller's project: newest first."""
        return project_trail(database(), current_principal().tenant_id, query)

    @blp.route("/hq/audit-trail", methods=["GET"])
    @require(roles=HQ_READERS)
    @blp.arguments(HqAuditQuery, location="query")
    @blp.response(200, AuditPage)
    def get_hq_trail(query):
        """HQ: the trail across projects (or the named ones), newest first."""
        if not current_principal().hq:
            raise Forbidden("Only an HQ token reads across projects.")
        return hq_trail(database(), query)

    return blp
