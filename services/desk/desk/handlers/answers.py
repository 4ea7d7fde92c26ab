"""Standard answers 回复口径 (DK-5): written, edited on a named version, published, retired, and found by a question
asked in Chinese. A project's answers live under its tenant; the company's under COMPANY_TENANT, read by every
project (published or retired, never drafts) and written only through HQ's endpoints."""
from __future__ import annotations

import uuid

from kefulib.authn import Principal
from kefulib.messaging import Event, add_to_outbox
from kefulib.problems import Conflict, NotFound
from kefulib.store import TenantCollection, run_in_transaction
from pymongo.database import Database

from .. import segmenter
from ..domain import answer_search as search
from ..domain.answers import (
    COMPANY_TENANT,
    AnswerStatus,
    Scope,
    check_company_editable,
    check_edit,
    check_override,
    check_publish,
    check_retire,
    check_version,
    clean_list,
    hidden_company_answers,
    scope_of,
)
from ..store import ANSWER_VERSIONS, ANSWERS
from .answer_uses import record_use, usage_of
from .common import now, rules

ANSWER_PUBLISHED = "desk.answer.published"
CONTENT = ("title", "topic", "answer", "questions", "keywords")
# The index's words are for the database, not for the people reading the answer.
UNSHOWN = {"terms": 0, "field_terms": 0}
VISIBLE_COMPANY = [str(AnswerStatus.PUBLISHED), str(AnswerStatus.RETIRED)]  # projects never see HQ's drafts


def _answers(db: Database, tenant: str) -> TenantCollection:
    return TenantCollection(db[ANSWERS], tenant)


def _content(body: dict) -> dict:
    content = {"title": body["title"].strip(), "topic": body["topic"], "answer": body["answer"].strip(),
               "questions": clean_list(body.get("questions", [])), "keywords": clean_list(body.get("keywords", []))}
    field_terms = search.index_terms(content["title"], content["questions"], content["keywords"], content["answer"],
                                     segmenter.cut_for_search)
    return {**content, "field_terms": field_terms, "terms": search.all_terms(field_terms)}


def _snapshot(db: Database, doc: dict, session) -> None:
    TenantCollection(db[ANSWER_VERSIONS], doc["tenant_id"]).insert_one({
        "_id": f"{doc['_id']}:{doc['version']}", "answer_id": doc["_id"], "version": doc["version"],
        **{name: doc[name] for name in CONTENT}, "status": doc["status"], "saved_by": doc["updated_by"],
        "saved_at": doc["updated_at"]}, session=session)


def _published(doc: dict) -> Event:
    # Ids, scope, topic and version only: what a listener needs to fetch the new text, nothing personal.
    return Event(ANSWER_PUBLISHED, doc["tenant_id"], {"answer_id": doc["_id"], "scope": str(scope_of(doc["tenant_id"])),
                                                      "topic": doc["topic"], "version": doc["version"]},
                 actor=doc["updated_by"])


def view(doc: dict, uses: dict) -> dict:
    count, last = uses.get(doc["_id"], (0, None))
    shown = {k: v for k, v in doc.items() if k not in UNSHOWN}
    return {**shown, "scope": str(scope_of(doc["tenant_id"])), "uses": count, "last_used_at": last}


def _viewed(db: Database, reader: str, docs: list[dict]) -> list[dict]:
    """Answers as `reader` sees them: uses counted in the reader's project (HQ: in every project)."""
    uses = usage_of(db, None if reader == COMPANY_TENANT else reader, [d["_id"] for d in docs])
    return [view(d, uses) for d in docs]


def create(db: Database, principal: Principal, tenant: str, body: dict) -> dict:
    """A new answer, a draft at version 1; `tenant` is the project's or COMPANY_TENANT for HQ."""
    overrides = body.get("overrides")
    if overrides is not None:
        with rules():
            check_override(overrides, _company_status(db, overrides))
    at = now()
    doc = {"_id": str(uuid.uuid4()), **_content(body), "overrides": overrides, "status": str(AnswerStatus.DRAFT),
           "version": 1, "created_at": at, "created_by": principal.actor, "updated_at": at,
           "updated_by": principal.actor, "published_at": None, "published_by": None, "retired_at": None,
           "retired_by": None}

    def write(session):
        stored = _answers(db, tenant).insert_one(doc, session=session)
        _snapshot(db, stored, session)
        return stored

    return _viewed(db, tenant, [run_in_transaction(db, write)])[0]


def _company_status(db: Database, answer_id: str) -> str | None:
    """The status of a company answer projects can see; None for a missing one or one of HQ's drafts."""
    found = _answers(db, COMPANY_TENANT).find_one({"_id": answer_id, "status": {"$in": VISIBLE_COMPANY}}, {"status": 1})
    return found["status"] if found else None


def _editable(db: Database, tenant: str, answer_id: str) -> dict:
    """The caller's own answer; a company answer seen from a project is refused (409), anything else is 404."""
    own = _answers(db, tenant).find_one({"_id": answer_id})
    if own is not None:
        return own
    if tenant != COMPANY_TENANT and _company_status(db, answer_id) is not None:
        with rules():
            check_company_editable(Scope.COMPANY)
    raise NotFound("No such answer.")


def _save(db: Database, principal: Principal, found: dict, changes: dict) -> dict:
    """Write the next version, guarded by the one read: of two saves on the same version the later is told."""
    at = now()
    changes = {**changes, "version": found["version"] + 1, "updated_at": at, "updated_by": principal.actor}
    answers = _answers(db, found["tenant_id"])

    def write(session):
        changed = answers.update_one({"_id": found["_id"], "version": found["version"]}, {"$set": changes},
                                     session=session)
        if not changed.modified_count:
            raise Conflict("The answer was changed a moment ago; reload it.", reason_code="version_conflict")
        saved = {**found, **changes}
        _snapshot(db, saved, session)
        if saved["status"] == AnswerStatus.PUBLISHED:
            add_to_outbox(db, _published(saved), session)
        return saved

    return _viewed(db, found["tenant_id"], [run_in_transaction(db, write)])[0]


def edit(db: Database, principal: Principal, tenant: str, answer_id: str, body: dict) -> dict:
    """New text on the version the editor read; a published answer stays published (and is announced again)."""
    found = _editable(db, tenant, answer_id)
    overrides = body.get("overrides", found.get("overrides"))
    with rules():
        check_edit(found["status"], found["version"], body["version"])
        if overrides is not None and overrides != found.get("overrides"):
            check_override(overrides, _company_status(db, overrides))
    return _save(db, principal, found, {**_content(body), "overrides": overrides})


def _checked_version(found: dict, body: dict) -> None:
    if body.get("version") is not None:
        with rules():
            check_version(found["version"], body["version"])


def publish(db: Database, principal: Principal, tenant: str, answer_id: str, body: dict) -> dict:
    found = _editable(db, tenant, answer_id)
    _checked_version(found, body)
    with rules():
        check_publish(found["status"])
    return _save(db, principal, found, {"status": str(AnswerStatus.PUBLISHED), "published_at": now(),
                                        "published_by": principal.actor})


def retire(db: Database, principal: Principal, tenant: str, answer_id: str, body: dict) -> dict:
    found = _editable(db, tenant, answer_id)
    _checked_version(found, body)
    with rules():
        check_retire(found["status"])
    return _save(db, principal, found, {"status": str(AnswerStatus.RETIRED), "retired_at": now(),
                                        "retired_by": principal.actor})


def visible(db: Database, tenant: str, answer_id: str) -> dict:
    """An answer the caller may read: its own, or the company's unless a draft (HQ reads its drafts too)."""
    found = _answers(db, tenant).find_one({"_id": answer_id}, UNSHOWN)
    if found is None and tenant != COMPANY_TENANT:
        found = _answers(db, COMPANY_TENANT).find_one({"_id": answer_id, "status": {"$in": VISIBLE_COMPANY}}, UNSHOWN)
    if found is None:
        raise NotFound("No such answer.")
    return found


def use(db: Database, principal: Principal, answer_id: str, body: dict) -> dict:
    """The caller used an answer it may read (its project's or the company's)."""
    return record_use(db, principal, visible(db, principal.tenant_id, answer_id), body)


def get_answer(db: Database, tenant: str, answer_id: str) -> dict:
    return _viewed(db, tenant, [visible(db, tenant, answer_id)])[0]


def versions(db: Database, tenant: str, answer_id: str, query: dict) -> dict:
    found = visible(db, tenant, answer_id)
    saved = TenantCollection(db[ANSWER_VERSIONS], found["tenant_id"])
    filter_ = {"answer_id": answer_id}
    items = list(saved.find(filter_).sort("version", -1).skip((query["page"] - 1) * query["page_size"])
                 .limit(query["page_size"]))
    return {"items": items, "page": query["page"], "page_size": query["page_size"],
            "total": saved.count_documents(filter_)}


def _sources(db: Database, tenant: str, query: dict) -> list[tuple[TenantCollection, dict]]:
    """Where the caller's answers come from, each with its filter: the project's own, then the company's it sees."""
    base = {name: query[name] for name in ("topic", "status") if name in query}
    sources = [(_answers(db, tenant), dict(base))]
    if tenant == COMPANY_TENANT:
        return sources
    if base.get("status") == AnswerStatus.DRAFT:
        return sources
    overriding = _answers(db, tenant).find({"overrides": {"$ne": None}}, {"overrides": 1, "status": 1})
    company = {**base, "status": base.get("status", {"$in": VISIBLE_COMPANY}),
               "_id": {"$nin": sorted(hidden_company_answers(list(overriding)))}}
    return [*sources, (_answers(db, COMPANY_TENANT), company)]


def find_answers(db: Database, tenant: str, query: dict) -> dict:
    """The list, or with `q` the answers for that question, best first, each with its `score`."""
    page, size = query["page"], query["page_size"]
    sources = _sources(db, tenant, query)
    if query.get("q"):
        return _search(db, tenant, sources, query["q"], page, size)
    total = sum(collection.count_documents(filter_) for collection, filter_ in sources)
    # Each source's first page*size newest, merged: enough for the page, never the whole knowledge base.
    merged = [doc for collection, filter_ in sources
              for doc in collection.find(filter_, UNSHOWN).sort([("updated_at", -1), ("_id", 1)]).limit(page * size)]
    merged.sort(key=lambda d: (-d["updated_at"].timestamp(), d["_id"]))
    return {"items": _viewed(db, tenant, merged[(page - 1) * size:page * size]), "page": page, "page_size": size,
            "total": total}


def _search(db: Database, tenant: str, sources, question: str, page: int, size: int) -> dict:
    words = search.query_words(question, segmenter.cut_for_search)
    spellings = search.expanded(words)
    candidates = [search.Candidate(doc["_id"], doc["field_terms"], doc["title"])
                  for collection, filter_ in sources
                  for doc in collection.find({**filter_, "terms": {"$in": spellings}}, {"field_terms": 1, "title": 1})]
    ranked = search.rank(words, candidates)
    shown = ranked[(page - 1) * size:page * size]
    docs = {doc["_id"]: doc for collection, filter_ in sources
            for doc in collection.find({"_id": {"$in": [r.answer_id for r in shown]}}, UNSHOWN)}
    items = _viewed(db, tenant, [docs[r.answer_id] for r in shown])
    return {"items": [{**item, "score": r.score} for item, r in zip(items, shown, strict=True)], "page": page,
            "page_size": size, "total": len(ranked)}
