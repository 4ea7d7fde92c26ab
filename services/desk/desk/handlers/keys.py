"""The key register 钥匙登记 (DK-2): keys, the owner's authorisation, sign-outs and returns."""
from __future__ import annotations

import uuid
from datetime import datetime

from kefulib.authn import Principal
from kefulib.domain_errors import refuse_if
from kefulib.masking import mask_phone
from kefulib.problems import Conflict
from kefulib.store import TenantCollection, run_in_transaction
from kefulib.web import page_of
from pymongo.database import Database

from ..domain import keys as rules_of_keys
from ..domain.keys import Authorisation
from ..domain.people import Person
from ..store import KEY_LOANS, KEYS
from .common import get_or_404, now, person, person_doc, rules


def _keys(db: Database, tenant: str) -> TenantCollection:
    return TenantCollection(db[KEYS], tenant)


def view(key: dict, at: datetime, *, listed: bool = False) -> dict:
    """A key as answered: whether it is overdue now; in lists the holder's phone masked."""
    holder, authorisation = key.get("holder"), key.get("authorisation")
    if listed and holder:
        holder = {**holder, "phone": mask_phone(holder.get("phone"))}
    if listed and authorisation:  # the people an owner named: their phones only on the key itself
        authorisation = {**authorisation, "persons": [{**named, "phone": mask_phone(named.get("phone"))}
                                                      for named in authorisation.get("persons", [])]}
    return {**key, "holder": holder, "authorisation": authorisation,
            "overdue": rules_of_keys.is_overdue(key.get("expected_return_at"), at)}


def create_key(db: Database, principal: Principal, body: dict) -> dict:
    with rules():
        rules_of_keys.check_key_definition(body["kind"], body.get("unit_id"))
    doc = {"_id": str(uuid.uuid4()), "kind": body["kind"], "label": body["label"], "unit_id": body.get("unit_id"),
           "hook": body["hook"], "note": body.get("note", ""), "status": "in", "loan_id": None, "holder": None,
           "holder_staff_id": None, "signed_out_at": None, "expected_return_at": None, "overdue_flagged_at": None,
           "authorisation": None, "created_by": principal.actor, "created_at": now()}
    return view(_keys(db, principal.tenant_id).insert_one(doc), doc["created_at"])


def get_key(db: Database, tenant: str, key_id: str) -> dict:
    return view(get_or_404(_keys(db, tenant), key_id, "key"), now())


def list_keys(db: Database, tenant: str, query: dict) -> dict:
    at = now()
    filter_ = {name: query[name] for name in ("kind", "unit_id", "status") if name in query}
    if query.get("overdue") is True:
        filter_["expected_return_at"] = {"$lt": at}
    elif query.get("overdue") is False:
        filter_["$or"] = [{"expected_return_at": None}, {"expected_return_at": {"$gte": at}}]
    keys = _keys(db, tenant)
    return page_of(lambda: keys.find(filter_).sort([("kind", 1), ("label", 1), ("_id", 1)]),
                   keys.count_documents(filter_), query["page"], query["page_size"],
                   dump=lambda k: view(k, at, listed=True))


def record_authorisation(db: Database, principal: Principal, key_id: str, body: dict) -> dict:
    """The owner's written authorisation 授权书 for a unit's key; a new one replaces the old (the trail keeps it)."""
    keys = _keys(db, principal.tenant_id)
    key = get_or_404(keys, key_id, "key")
    at = now()
    with rules():
        rules_of_keys.check_authorisation(key["kind"], [person(p) for p in body["persons"]], body["valid_until"], at)
    authorisation = {"persons": [person_doc(person(p)) for p in body["persons"]], "valid_until": body["valid_until"],
                     "document_ref": body.get("document_ref"), "recorded_by": principal.actor, "recorded_at": at}
    keys.update_one({"_id": key_id}, {"$set": {"authorisation": authorisation}})
    return view(get_or_404(keys, key_id, "key"), at)


def _authorisation_of(key: dict) -> Authorisation | None:
    stored = key.get("authorisation")
    if not stored:
        return None
    return Authorisation(tuple(Person(p["name"], p.get("id_last4"), p.get("phone")) for p in stored["persons"]),
                         stored["valid_until"])


def sign_out(db: Database, principal: Principal, key_id: str, body: dict) -> dict:
    tenant = principal.tenant_id
    keys = _keys(db, tenant)
    key = get_or_404(keys, key_id, "key")
    at = now()
    with rules():
        refuse_if(key["status"] == "handed_over", "key_handed_over",
                  "The key was handed to the owner at move-in; it is no longer the desk's to sign out.")
        loan = rules_of_keys.sign_out(key["kind"], is_out=key["status"] == "out", authorisation=_authorisation_of(key),
                                      holder=person(body["holder"]), staff_id=body.get("staff_id"),
                                      expected_return_at=body["expected_return_at"], now=at)
    loan_id = str(uuid.uuid4())
    holder = person_doc(loan.holder)
    record = {"_id": loan_id, "key_id": key_id, "holder": holder, "holder_staff_id": loan.staff_id,
              "purpose": body.get("purpose", ""), "signed_out_at": at, "signed_out_by": principal.actor,
              "expected_return_at": loan.expected_return_at, "returned_at": None, "returned_by": None,
              "overdue_flagged_at": None}

    def write(session):
        # Guarded by the key's state: of two desks signing the same key out at once, one wins.
        changed = keys.update_one({"_id": key_id, "status": "in"}, {"$set": {
            "status": "out", "loan_id": loan_id, "holder": holder, "holder_staff_id": loan.staff_id,
            "signed_out_at": at, "expected_return_at": loan.expected_return_at, "overdue_flagged_at": None}},
            session=session)
        if not changed.modified_count:
            raise Conflict("The key was signed out a moment ago.", reason_code="key_already_out")
        TenantCollection(db[KEY_LOANS], tenant).insert_one(record, session=session)

    run_in_transaction(db, write)
    return record


def sign_in(db: Database, principal: Principal, key_id: str, body: dict) -> dict:
    """The key is back on its hook: its loan is closed."""
    tenant = principal.tenant_id
    keys = _keys(db, tenant)
    key = get_or_404(keys, key_id, "key")
    if key["status"] != "out":
        raise Conflict("The key is not signed out.", reason_code="key_not_out")
    at = now()

    def write(session):
        changed = keys.update_one({"_id": key_id, "loan_id": key["loan_id"]}, {"$set": {
            "status": "in", "loan_id": None, "holder": None, "holder_staff_id": None, "signed_out_at": None,
            "expected_return_at": None, "overdue_flagged_at": None}}, session=session)
        if not changed.modified_count:
            raise Conflict("The key was returned a moment ago.", reason_code="key_not_out")
        TenantCollection(db[KEY_LOANS], tenant).update_one({"_id": key["loan_id"]}, {"$set": {
            "returned_at": at, "returned_by": principal.actor, "return_note": body.get("note", "")}}, session=session)

    run_in_transaction(db, write)
    return get_or_404(TenantCollection(db[KEY_LOANS], tenant), key["loan_id"], "loan")


def list_loans(db: Database, tenant: str, key_id: str, query: dict) -> dict:
    get_or_404(_keys(db, tenant), key_id, "key")
    loans = TenantCollection(db[KEY_LOANS], tenant)
    filter_ = {"key_id": key_id}
    return page_of(lambda: loans.find(filter_).sort("signed_out_at", -1), loans.count_documents(filter_),
                   query["page"], query["page_size"],
                   dump=lambda loan: {**loan, "holder": {**loan["holder"], "phone": mask_phone(loan["holder"]["phone"])}})
