"""Uses of standard answers: each time one is read out at intake, on an interview or on a call, recorded in the
user's project; counted per answer and reported as the most used over a period (the project's, and HQ's across
projects)."""
from __future__ import annotations

import uuid
from datetime import timedelta

from kefulib.authn import Principal
from kefulib.problems import Conflict, Unprocessable
from kefulib.store import TenantCollection
from pymongo.database import Database

from ..domain.answers import COMPANY_TENANT, AnswerStatus, UseContext, scope_of
from ..store import ANSWER_USES, ANSWERS
from .common import now

DEFAULT_PERIOD = timedelta(days=30)


def _uses(db: Database, tenant: str) -> TenantCollection:
    return TenantCollection(db[ANSWER_USES], tenant)


def usage_of(db: Database, tenant: str | None, answer_ids: list[str]) -> dict[str, tuple[int, object]]:
    """{answer id: (uses, last used)} in `tenant`, or in every project when `tenant` is None (HQ's view)."""
    if not answer_ids:
        return {}
    pipeline = [{"$match": {"answer_id": {"$in": answer_ids}}},
                {"$group": {"_id": "$answer_id", "uses": {"$sum": 1}, "last": {"$max": "$used_at"}}}]
    rows = db[ANSWER_USES].aggregate(pipeline) if tenant is None else _uses(db, tenant).aggregate(pipeline)
    return {row["_id"]: (row["uses"], row["last"]) for row in rows}


def record_use(db: Database, principal: Principal, answer: dict, body: dict) -> dict:
    """`answer` is one the caller may read (handlers.answers.visible); only a published one is said to people."""
    if answer["status"] != AnswerStatus.PUBLISHED:
        raise Conflict("Only a published answer is used; this one is "
                       f"{answer['status']}.", reason_code="answer_not_published")
    doc = {"_id": str(uuid.uuid4()), "answer_id": answer["_id"], "scope": str(scope_of(answer["tenant_id"])),
           "answer_version": answer["version"], "context": body["context"], "ticket_id": body.get("ticket_id"),
           "used_at": now(), "used_by": principal.actor}
    return _uses(db, principal.tenant_id).insert_one(doc)


def period(query: dict) -> tuple:
    until = query.get("until") or now()
    since = query.get("since") or until - DEFAULT_PERIOD
    if since >= until:
        raise Unprocessable("These fields are not valid: since.", errors={"since": ["must be before until"]})
    return since, until


def _report(db: Database, owners: dict, rows: list[dict], since, until, page: int, size: int, total: int) -> dict:
    """The rows with each answer's title and topic, looked up only among `owners`' answers (a tenant filter)."""
    ids = [row["_id"] for row in rows]
    answers = {a["_id"]: a for a in db[ANSWERS].find({**owners, "_id": {"$in": ids}},
                                                     {"title": 1, "topic": 1, "tenant_id": 1})}
    items = []
    for row in rows:
        answer = answers.get(row["_id"], {})
        items.append({"answer_id": row["_id"], "title": answer.get("title"), "topic": answer.get("topic"),
                      "scope": str(scope_of(answer.get("tenant_id", ""))), "uses": row["uses"],
                      "last_used_at": row["last"],
                      "contexts": {str(c): sum(1 for x in row["contexts"] if x == c) for c in UseContext},
                      **({"projects": row["projects"]} if "projects" in row else {})})
    return {"since": since, "until": until, "items": items, "page": page, "page_size": size, "total": total}


def _grouped(run, match: dict, page: int, size: int, per_project: bool) -> tuple[list[dict], int]:
    group = {"_id": "$answer_id", "uses": {"$sum": 1}, "last": {"$max": "$used_at"}, "contexts": {"$push": "$context"}}
    if per_project:
        group["tenants"] = {"$push": "$tenant_id"}
    head = [{"$match": match}, {"$group": group}]
    rows = list(run([*head, {"$sort": {"uses": -1, "last": -1, "_id": 1}}, {"$skip": (page - 1) * size},
                     {"$limit": size}]))
    total = next(iter(run([*head, {"$count": "n"}])), {"n": 0})["n"]
    for row in rows:
        if per_project:
            tenants = row.pop("tenants")
            row["projects"] = [{"project_id": t, "uses": tenants.count(t)} for t in sorted(set(tenants))]
    return rows, total


def project_usage(db: Database, tenant: str, query: dict) -> dict:
    """The project's most used answers (its own and the company's) over the period, most used first."""
    since, until = period(query)
    rows, total = _grouped(_uses(db, tenant).aggregate, {"used_at": {"$gte": since, "$lt": until}},
                           query["page"], query["page_size"], per_project=False)
    owners = {"tenant_id": {"$in": [tenant, COMPANY_TENANT]}}  # a project uses its own answers and the company's
    return _report(db, owners, rows, since, until, query["page"], query["page_size"], total)


def hq_usage(db: Database, query: dict) -> dict:
    """HQ: the most used answers across projects (or the named ones), with each project's count."""
    since, until = period(query)
    match: dict = {"used_at": {"$gte": since, "$lt": until}, "tenant_id": {"$ne": COMPANY_TENANT}}
    if query.get("project"):
        match["tenant_id"] = {"$in": query["project"]}
    rows, total = _grouped(db[ANSWER_USES].aggregate, match, query["page"], query["page_size"], per_project=True)
    return _report(db, {}, rows, since, until, query["page"], query["page_size"], total)
