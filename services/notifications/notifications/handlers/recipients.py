"""Who can be reached where: customers' opt-outs and channel bindings, staff members' own contact details.

A customer is known here only by a keyed hash of their phone number (`address_key`): an opt-out or a WeChat
binding says "this number", without this service holding a list of numbers. What lists show is masked.
"""
from __future__ import annotations

import hashlib
import hmac
import uuid

from kefulib.masking import mask_phone
from kefulib.problems import NotFound
from kefulib.store import TenantCollection
from kefulib.web import page_of
from pymongo.database import Database

from ..domain.notices import Channel, mask_address
from ..store import BINDINGS, OPT_OUTS, STAFF_CONTACTS
from .common import now

STAFF_SCOPE = "staff"  # a person's own contact details serve every project they work in


def normalise_phone(phone: str) -> str:
    """Mainland numbers as 11 digits: '+86 138-1234-1234' and '13812341234' are the same customer."""
    digits = "".join(ch for ch in phone if ch.isdigit())
    return digits[2:] if digits.startswith("86") and len(digits) == 13 else digits


def address_key(key: str, phone: str) -> str:
    return hmac.new(key.encode(), normalise_phone(phone).encode(), hashlib.sha256).hexdigest()


# --- opt-outs -------------------------------------------------------------------------------------------------

def present_opt_out(doc: dict) -> dict:
    return {"id": doc["_id"], "phone": doc["phone_masked"], "channel": doc["channel"], "reason": doc.get("reason"),
            "created_at": doc["created_at"], "created_by": doc.get("created_by")}


def add_opt_out(db: Database, tenant_id: str, actor: str, key: str, body: dict) -> dict:
    """The customer asked for no more messages on a channel; saying it twice changes nothing."""
    opt_outs = TenantCollection(db[OPT_OUTS], tenant_id)
    match = {"address_key": address_key(key, body["phone"]), "channel": body["channel"]}
    opt_outs.update_one(match, {"$setOnInsert": {"_id": str(uuid.uuid4()),
                                                 "phone_masked": mask_phone(normalise_phone(body["phone"])),
                                                 "reason": body.get("reason"), "created_at": now(),
                                                 "created_by": actor}}, upsert=True)
    return present_opt_out(opt_outs.find_one(match))


def list_opt_outs(db: Database, tenant_id: str, query: dict, key: str) -> dict:
    opt_outs = TenantCollection(db[OPT_OUTS], tenant_id)
    filter_ = {"address_key": address_key(key, query["phone"])} if query.get("phone") else {}
    return page_of(lambda: opt_outs.find(filter_).sort("created_at", -1), opt_outs.count_documents(filter_),
                   query["page"], query["page_size"], dump=present_opt_out)


def remove_opt_out(db: Database, tenant_id: str, opt_out_id: str) -> None:
    if not TenantCollection(db[OPT_OUTS], tenant_id).delete_one({"_id": opt_out_id}).deleted_count:
        raise NotFound("No such opt-out.")


def opted_out_channels(db: Database, tenant_id: str, key_of_address: str) -> set[Channel]:
    found = TenantCollection(db[OPT_OUTS], tenant_id).find({"address_key": key_of_address}, {"channel": 1})
    return {Channel(doc["channel"]) for doc in found}


# --- customer bindings (WeChat openid, e-mail) ----------------------------------------------------------------

def present_binding(doc: dict) -> dict:
    return {"phone": doc["phone_masked"], "wechat_openid": mask_address(Channel.WECHAT, doc.get("wechat_openid")),
            "email": mask_address(Channel.EMAIL, doc.get("email")), "updated_at": doc["updated_at"]}


def put_binding(db: Database, tenant_id: str, actor: str, key: str, body: dict) -> dict:
    """Where else this customer can be told: the official account's openid (from the WeChat integration, when
    the owner binds their number) and an e-mail address. A field sent as null removes it."""
    bindings = TenantCollection(db[BINDINGS], tenant_id)
    match = {"address_key": address_key(key, body["phone"])}
    changes = {name: body[name] for name in ("wechat_openid", "email") if name in body}
    bindings.update_one(match, {"$set": {**changes, "updated_at": now(), "updated_by": actor},
                                "$setOnInsert": {"_id": str(uuid.uuid4()),
                                                 "phone_masked": mask_phone(normalise_phone(body["phone"]))}},
                        upsert=True)
    return present_binding(bindings.find_one(match))


def binding_of(db: Database, tenant_id: str, key_of_address: str) -> dict:
    return TenantCollection(db[BINDINGS], tenant_id).find_one({"address_key": key_of_address}) or {}


# --- staff members' contact details ---------------------------------------------------------------------------

def present_staff_contact(doc: dict | None, staff_id: str) -> dict:
    doc = doc or {}
    return {"staff_id": staff_id, "email": doc.get("email"), "phone": doc.get("phone"),
            "updated_at": doc.get("updated_at")}


def get_staff_contact(db: Database, staff_id: str) -> dict:
    return present_staff_contact(TenantCollection(db[STAFF_CONTACTS], STAFF_SCOPE).find_one({"_id": staff_id}),
                                 staff_id)


def put_staff_contact(db: Database, staff_id: str, body: dict) -> dict:
    """A person's own work e-mail and phone, where escalations reach them beyond the inbox."""
    contacts = TenantCollection(db[STAFF_CONTACTS], STAFF_SCOPE)
    contacts.update_one({"_id": staff_id}, {"$set": {"email": body.get("email"), "phone": body.get("phone"),
                                                     "updated_at": now()}}, upsert=True)
    return get_staff_contact(db, staff_id)


def staff_addresses(db: Database, staff_id: str) -> dict[Channel, str]:
    doc = TenantCollection(db[STAFF_CONTACTS], STAFF_SCOPE).find_one({"_id": staff_id}) or {}
    return {channel: doc[name] for channel, name in ((Channel.EMAIL, "email"), (Channel.SMS, "phone"))
            if doc.get(name)}
